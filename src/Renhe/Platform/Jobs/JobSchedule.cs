using System.Globalization;
using Renhe.Platform.Time;

namespace Renhe.Platform.Jobs;

/// One occurrence of a job: when it was due, for which branch (daily jobs in each branch's zone),
/// and the key that makes it unique among the job's runs. The key is what lets every instance agree
/// that an occurrence has run: the first to store a run under it owns it.
public sealed record JobOccurrence(string Key, DateTimeOffset DueAt, Guid? BranchId = null, DateOnly? Day = null);

/// A branch as the scheduler needs it: its id and its zone.
public sealed record ScheduleBranch(Guid Id, TimeZoneInfo Zone);

/// When a job is due. Occurrences are derived from the clock alone (never from when an instance
/// started), so every instance computes the same keys for the same moment.
public abstract record JobSchedule
{
    /// Every <paramref name="period"/>, at multiples of it counted from midnight UTC, 1 January 1970
    /// (hourly runs fall on the hour, every 15 minutes on the quarter hour).
    public static JobSchedule Every(TimeSpan period) => new EverySchedule(period);

    /// Once a day at a local time in each branch's zone: one occurrence per branch and day.
    public static JobSchedule DailyInEachBranch(TimeOnly at) => new DailySchedule(at, PerBranch: true);

    /// Once a day at a local time in the company's zone (the head office's, where the books are kept).
    public static JobSchedule DailyInCompany(TimeOnly at) => new DailySchedule(at, PerBranch: false);

    /// The occurrences due in (<paramref name="after"/>, <paramref name="until"/>], oldest first.
    /// <paramref name="branches"/> lists every branch, head office first.
    public abstract IEnumerable<JobOccurrence> Between(DateTimeOffset after, DateTimeOffset until, IReadOnlyList<ScheduleBranch> branches);

    /// The first occurrence after <paramref name="after"/> (per branch for daily jobs: the earliest).
    public JobOccurrence? Next(DateTimeOffset after, IReadOnlyList<ScheduleBranch> branches) =>
        Between(after, after + MaxPeriod, branches).FirstOrDefault();

    /// The longest gap between two occurrences, used to look one period ahead.
    protected abstract TimeSpan MaxPeriod { get; }

    /// The schedule in the reader's words: "每小时", "每天 00:05（各分公司当地时间）".
    public abstract string Describe(Microsoft.Extensions.Localization.IStringLocalizer l);

    private sealed record EverySchedule(TimeSpan Period) : JobSchedule
    {
        protected override TimeSpan MaxPeriod => Period;

        public override string Describe(Microsoft.Extensions.Localization.IStringLocalizer l) =>
            Period == TimeSpan.FromHours(1) ? l["Jobs.Schedule.Hourly"]
            : Period.TotalHours >= 1 && Period.TotalHours % 1 == 0 ? l["Jobs.Schedule.EveryHours", (int)Period.TotalHours]
            : Period.TotalMinutes >= 1 && Period.TotalMinutes % 1 == 0 ? l["Jobs.Schedule.EveryMinutes", (int)Period.TotalMinutes]
            : l["Jobs.Schedule.EverySeconds", (int)Period.TotalSeconds];

        public override IEnumerable<JobOccurrence> Between(DateTimeOffset after, DateTimeOffset until, IReadOnlyList<ScheduleBranch> branches)
        {
            if (Period <= TimeSpan.Zero) throw new InvalidOperationException("A job's period must be positive.");
            var ticks = Period.Ticks;
            var epoch = DateTimeOffset.UnixEpoch.UtcTicks;
            var first = epoch + ((after.UtcTicks - epoch) / ticks + 1) * ticks;
            for (var t = first; t <= until.UtcTicks; t += ticks)
            {
                var at = new DateTimeOffset(t, TimeSpan.Zero);
                yield return new JobOccurrence(at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), at);
            }
        }
    }

    private sealed record DailySchedule(TimeOnly At, bool PerBranch) : JobSchedule
    {
        // A day and a few hours: daylight-saving changes make a local day 23 or 25 hours long.
        protected override TimeSpan MaxPeriod => TimeSpan.FromHours(27);

        public override string Describe(Microsoft.Extensions.Localization.IStringLocalizer l) =>
            l[PerBranch ? "Jobs.Schedule.DailyEachBranch" : "Jobs.Schedule.DailyCompany", At.ToString("HH:mm", CultureInfo.InvariantCulture)];

        public override IEnumerable<JobOccurrence> Between(DateTimeOffset after, DateTimeOffset until, IReadOnlyList<ScheduleBranch> branches)
        {
            var zones = PerBranch ? branches : branches.Take(1).DefaultIfEmpty(new ScheduleBranch(Guid.Empty, BranchCalendar.Zone(null)));
            var all = new List<JobOccurrence>();
            foreach (var branch in zones)
            {
                // From the day before `after` (its local time may still lie ahead in UTC terms) to the day of `until`.
                for (var day = BranchCalendar.DayOf(after, branch.Zone).AddDays(-1); day <= BranchCalendar.DayOf(until, branch.Zone); day = day.AddDays(1))
                {
                    var due = LocalInstant(day, At, branch.Zone);
                    if (due <= after || due > until) continue;
                    var dayKey = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                    all.Add(PerBranch
                        ? new JobOccurrence($"{dayKey}@{branch.Id:N}", due, branch.Id, day)
                        : new JobOccurrence(dayKey, due, null, day));
                }
            }
            return all.OrderBy(o => o.DueAt).ThenBy(o => o.Key, StringComparer.Ordinal);
        }

        /// The instant a local time falls on; a time skipped by a daylight-saving change runs at
        /// the first local time that exists after it.
        private static DateTimeOffset LocalInstant(DateOnly day, TimeOnly at, TimeZoneInfo zone)
        {
            var local = day.ToDateTime(at, DateTimeKind.Unspecified);
            while (zone.IsInvalidTime(local)) local = local.AddMinutes(15);
            return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
        }
    }
}
