using Renhe.Platform.Signals;

namespace Renhe.Modules.Risk.Rules;

/// One kind of signal of one person, in the order the evaluator met them (time order).
public sealed class SignalSeries
{
    private readonly List<Signal> items = [];

    public IReadOnlyList<Signal> Items => items;

    public void Add(Signal signal) => items.Add(signal);

    /// Index of the first signal strictly after <paramref name="at"/>.
    private int After(DateTimeOffset at)
    {
        int lo = 0, hi = items.Count;
        var ticks = at.UtcTicks;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (items[mid].At.UtcTicks <= ticks) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// Signals in (<paramref name="from"/>, <paramref name="to"/>].
    public (int Start, int End) Range(DateTimeOffset from, DateTimeOffset to) => (After(from), After(to));

    public int Count(DateTimeOffset from, DateTimeOffset to)
    {
        var (start, end) = Range(from, to);
        return end - start;
    }

    public long Sum(DateTimeOffset from, DateTimeOffset to)
    {
        var (start, end) = Range(from, to);
        long sum = 0;
        for (var i = start; i < end; i++) sum += items[i].Value;
        return sum;
    }

    public IEnumerable<Signal> In(DateTimeOffset from, DateTimeOffset to)
    {
        var (start, end) = Range(from, to);
        for (var i = start; i < end; i++) yield return items[i];
    }

    /// The latest signal at or before <paramref name="at"/>.
    public Signal? Latest(DateTimeOffset at)
    {
        var end = After(at);
        return end == 0 ? null : items[end - 1];
    }
}

/// Everything the evaluator remembers about one person: their signals by kind (and by kind and
/// category), whether they hold customers, their last follow-up day, and where each rule's last
/// alert window ended.
public sealed class PersonSignals(PersonProfile profile, int ruleCount)
{
    private static readonly SignalSeries Empty = new();
    // Keyed by kind and category (null: all of the kind) as a tuple, so looking up allocates nothing.
    private readonly Dictionary<(string Kind, string? Category), SignalSeries> byKind = [];

    public PersonProfile Profile { get; } = profile;

    /// Per rule (by its index in the evaluator): the end of its last alert's window for this person.
    public DateTimeOffset?[] LastWindowEnd { get; } = new DateTimeOffset?[ruleCount];

    public long CustomersHeld { get; private set; }
    public DateOnly? HoldingSince { get; private set; }
    public DateOnly? LastOwnFollowUpDay { get; private set; }
    public DateTimeOffset? ResignationAt { get; private set; }
    public DateOnly? LastWorkingDay { get; private set; }
    public DateOnly? ProbationEnd { get; private set; }

    public SignalSeries Series(string kind) => byKind.GetValueOrDefault((kind, null)) ?? Empty;

    public SignalSeries Series(string kind, string category) => byKind.GetValueOrDefault((kind, category)) ?? Empty;

    public void Add(Signal signal)
    {
        Get((signal.Kind, null)).Add(signal);
        if (signal.Category is { } category) Get((signal.Kind, category)).Add(signal);
        switch (signal.Kind)
        {
            case SignalKinds.CustodyChange:
                CustomersHeld = Math.Max(0, CustomersHeld + signal.Value);
                if (CustomersHeld == 0) HoldingSince = null;
                else HoldingSince ??= DayOf(signal.At);
                break;
            case SignalKinds.FollowUpOwn:
                var day = DayOf(signal.At);
                if (LastOwnFollowUpDay is not { } last || day > last) LastOwnFollowUpDay = day;
                break;
            case SignalKinds.Resignation:
                ResignationAt ??= signal.At;
                break;
            case SignalKinds.LastWorkingDay:
                LastWorkingDay = DateOnly.FromDayNumber((int)signal.Value);
                break;
            case SignalKinds.Probation:
                ProbationEnd = DateOnly.FromDayNumber((int)signal.Value);
                break;
        }
    }

    public DateOnly DayOf(DateTimeOffset at) => Platform.Time.BranchCalendar.DayOf(at, Profile.Zone);

    /// Leaving: a resignation has been recorded, or the last working day is at most 30 days away;
    /// until the last working day has passed.
    public bool IsLeaving(DateTimeOffset at)
    {
        var day = DayOf(at);
        if (LastWorkingDay is { } last && day > last) return false;
        if (ResignationAt is { } resigned && resigned <= at) return true;
        return LastWorkingDay is { } lwd && day >= lwd.AddDays(-LeavingLeadDays);
    }

    public const int LeavingLeadDays = 30;

    public bool OnProbation(DateTimeOffset at) => ProbationEnd is { } end && DayOf(at) <= end;

    private SignalSeries Get((string Kind, string? Category) key)
    {
        if (!byKind.TryGetValue(key, out var series)) byKind[key] = series = new SignalSeries();
        return series;
    }
}
