using CsCheck;
using Renhe.Platform.Jobs;

namespace Renhe.Tests.Platform.Jobs;

/// When jobs are due: computed from the clock alone, so every instance names the same occurrences.
[Trait("Category", "Unit")]
public sealed class JobScheduleTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly Guid HeadOffice = Guid.Parse("00000000-0000-7000-8000-000000000001");
    private static readonly Guid Branch2 = Guid.Parse("00000000-0000-7000-8000-000000000002");

    private static DateTimeOffset Utc(string s) => DateTimeOffset.Parse(s + "Z", System.Globalization.CultureInfo.InvariantCulture);

    public static TheoryData<string, string, string, string[]> Cases => new()
    {
        // every hour: on the hour, after excluded, until included
        { "every-1h", "2026-12-07T08:00:00", "2026-12-07T11:00:00", ["2026-12-07T09:00:00Z", "2026-12-07T10:00:00Z", "2026-12-07T11:00:00Z"] },
        { "every-1h", "2026-12-07T08:59:59", "2026-12-07T09:00:00", ["2026-12-07T09:00:00Z"] },
        { "every-1h", "2026-12-07T09:00:00", "2026-12-07T09:59:59", [] },
        // every 15 minutes: on the quarter hour
        { "every-15m", "2026-12-07T08:50:00", "2026-12-07T09:20:00", ["2026-12-07T09:00:00Z", "2026-12-07T09:15:00Z"] },
        // 00:05 in Shanghai is 16:05 UTC the day before
        { "company-0005", "2026-12-06T12:00:00", "2026-12-08T12:00:00", ["2026-12-07", "2026-12-08"] },
        { "company-0005", "2026-12-06T16:05:00", "2026-12-07T16:04:59", [] },
        // each branch: Shanghai's 00:05 comes before New York's, each once a day
        { "branches-0005", "2026-12-06T12:00:00", "2026-12-07T12:00:00",
            ["2026-12-07@00000000000070008000000000000001", "2026-12-07@00000000000070008000000000000002"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Occurrences_between_two_moments(string schedule, string after, string until, string[] expected)
    {
        var branches = new[] { new ScheduleBranch(HeadOffice, Shanghai), new ScheduleBranch(Branch2, NewYork) };
        var keys = Schedule(schedule).Between(Utc(after), Utc(until), branches).Select(o => o.Key).ToArray();
        Assert.Equal(expected, keys);
    }

    [Fact]
    public void A_daily_time_a_clock_change_skips_runs_at_the_first_time_that_exists()
    {
        // 8 March 2026: New York's clocks jump from 02:00 to 03:00; 02:30 does not exist that day.
        var schedule = JobSchedule.DailyInEachBranch(new TimeOnly(2, 30));
        var branches = new[] { new ScheduleBranch(Branch2, NewYork) };
        var occurrence = Assert.Single(schedule.Between(Utc("2026-03-08T00:00:00"), Utc("2026-03-09T00:00:00"), branches));
        Assert.Equal(Utc("2026-03-08T07:00:00"), occurrence.DueAt); // 03:00 EDT
        Assert.Equal(new DateOnly(2026, 3, 8), occurrence.Day);
        Assert.Equal(Branch2, occurrence.BranchId);
    }

    [Fact]
    public void Without_a_branch_the_company_day_is_the_default_zone()
    {
        var occurrence = Assert.Single(JobSchedule.DailyInCompany(new TimeOnly(0, 5)).Between(Utc("2026-12-06T12:00:00"), Utc("2026-12-07T12:00:00"), []));
        Assert.Equal(Utc("2026-12-06T16:05:00"), occurrence.DueAt);
    }

    [Fact]
    public void The_next_occurrence_is_the_first_one_after_a_moment()
    {
        var branches = new[] { new ScheduleBranch(HeadOffice, Shanghai) };
        Assert.Equal(Utc("2026-12-07T10:00:00"), JobSchedule.Every(TimeSpan.FromHours(1)).Next(Utc("2026-12-07T09:00:00"), branches)!.DueAt);
        Assert.Equal(Utc("2026-12-07T16:05:00"), JobSchedule.DailyInCompany(new TimeOnly(0, 5)).Next(Utc("2026-12-06T16:05:00"), branches)!.DueAt);
    }

    /// Splitting a window anywhere changes nothing: two instances that look at adjacent windows (or one
    /// that looks twice) see each occurrence exactly once.
    [Fact]
    public void Adjacent_windows_see_each_occurrence_once()
    {
        var branches = new[] { new ScheduleBranch(HeadOffice, Shanghai), new ScheduleBranch(Branch2, NewYork) };
        var start = Utc("2026-01-01T00:00:00");
        var schedules = new[] { "every-1h", "every-15m", "company-0005", "branches-0005" };
        Gen.Select(Gen.Int[0, 3], Gen.Long[0, 60L * 24 * 300], Gen.Long[0, 60L * 24 * 10], Gen.Long[0, 60L * 24 * 10])
            .Sample((which, a, b, c) =>
            {
                var schedule = Schedule(schedules[which]);
                var t0 = start.AddMinutes(a);
                var t1 = t0.AddMinutes(b);
                var t2 = t1.AddMinutes(c);
                var whole = schedule.Between(t0, t2, branches).Select(o => o.Key).ToList();
                var parts = schedule.Between(t0, t1, branches).Concat(schedule.Between(t1, t2, branches)).Select(o => o.Key).ToList();
                return whole.SequenceEqual(parts) && whole.Distinct().Count() == whole.Count;
            }, iter: 300);
    }

    [Fact]
    public void Periodic_occurrences_are_one_period_apart_inside_the_window()
    {
        Gen.Select(Gen.Int[1, 24 * 60], Gen.Long[0, 60L * 24 * 365], Gen.Long[0, 60L * 24 * 3])
            .Sample((minutes, a, length) =>
            {
                var period = TimeSpan.FromMinutes(minutes);
                var after = Utc("2026-01-01T00:00:00").AddMinutes(a).AddSeconds(a % 60);
                var until = after.AddMinutes(length);
                var due = JobSchedule.Every(period).Between(after, until, []).Select(o => o.DueAt).ToList();
                var expected = (until - DateTimeOffset.UnixEpoch).Ticks / period.Ticks - (after - DateTimeOffset.UnixEpoch).Ticks / period.Ticks;
                return due.Count == expected
                       && due.All(d => d > after && d <= until && (d - DateTimeOffset.UnixEpoch).Ticks % period.Ticks == 0)
                       && due.Zip(due.Skip(1)).All(p => p.Second - p.First == period);
            }, iter: 300);
    }

    private static JobSchedule Schedule(string name) => name switch
    {
        "every-1h" => JobSchedule.Every(TimeSpan.FromHours(1)),
        "every-15m" => JobSchedule.Every(TimeSpan.FromMinutes(15)),
        "company-0005" => JobSchedule.DailyInCompany(new TimeOnly(0, 5)),
        "branches-0005" => JobSchedule.DailyInEachBranch(new TimeOnly(0, 5)),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
