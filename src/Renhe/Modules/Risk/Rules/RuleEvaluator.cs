using Renhe.Platform.Signals;
using Renhe.Platform.Time;

namespace Renhe.Modules.Risk.Rules;

/// The numbers behind an alert, kept so the alert explains itself in any language: what was
/// observed, the person's own baseline, the threshold applied (after any leaving adjustment) and
/// the one the rule sets, the window. Rates are percentages with their base in <see cref="Of"/>.
public sealed record AlertFacts
{
    public RuleTemplate Template { get; init; }
    public decimal Observed { get; init; }
    public long? Of { get; init; }
    public decimal? Baseline { get; init; }
    public long? BaselineOf { get; init; }
    public decimal Threshold { get; init; }
    public decimal RuleThreshold { get; init; }
    /// A second condition (repurchase for high conversion with low repurchase).
    public decimal? Second { get; init; }
    public long? SecondOf { get; init; }
    public decimal? SecondThreshold { get; init; }
    public int WindowDays { get; init; }
    public int BaselineDays { get; init; }
    public bool Leaving { get; init; }
    public decimal LeavingFactor { get; init; } = 1;
    public bool SeverityRaised { get; init; }
    public string? Expression { get; init; }
    public SortedDictionary<string, double>? Variables { get; init; }
}

/// An alert as the evaluator raises it, before anyone has seen it.
public sealed record RaisedAlert(
    Guid RuleId,
    int RuleVersion,
    Guid EmployeeId,
    DateTimeOffset RaisedAt,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    RiskSeverity Severity,
    AlertFacts Facts,
    IReadOnlyList<SignalRef> Records);

/// The one evaluator for the online pass and for history (replay, backtest). It reads signals in
/// their total order (<see cref="SignalLoader"/>) and the end of each day in each person's zone,
/// and raises an alert when a rule's condition holds. Its decisions depend only on the signals at
/// or before the moment it looks, never on when it runs, so replaying history gives exactly the
/// alerts the online passes raised.
///
/// One alert per rule, person and window: a rule does not raise again for a person until a window
/// that starts where the last alert's window ended.
public sealed class RuleEvaluator
{
    /// How many underlying records an alert links to (the most recent).
    public const int MaxRecords = 50;

    private static readonly string[] RecallKinds = [SignalKinds.MessageRecall, SignalKinds.CustomerDeleted];
    private static readonly string[] AccessKinds = [SignalKinds.CustomerView, SignalKinds.PhoneReveal, SignalKinds.ExportRequest];

    private readonly IReadOnlyList<RuleDefinition> rules;
    private readonly IReadOnlyDictionary<Guid, PersonProfile> people;
    private readonly Dictionary<string, List<int>> rulesByTrigger = new(StringComparer.Ordinal);
    private readonly List<int> dayEndRules = [];
    private readonly RuleExpression?[] expressions;
    /// One slot array per custom rule, reused: evaluating an expression allocates nothing.
    private readonly double[]?[] buffers;
    private readonly Dictionary<Guid, PersonSignals> state = [];

    public RuleEvaluator(IReadOnlyList<RuleDefinition> rules, IReadOnlyDictionary<Guid, PersonProfile> people)
    {
        this.rules = rules;
        this.people = people;
        expressions = new RuleExpression?[rules.Count];
        buffers = new double[]?[rules.Count];
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            if (rule.Template == RuleTemplate.Custom)
            {
                expressions[i] = RuleExpression.Compile(rule.Settings.Expression ?? "");
                buffers[i] = new double[expressions[i]!.Variables.Count];
            }
            if (rule.AtDayEnd) dayEndRules.Add(i);
            foreach (var kind in rule.Triggers)
            {
                if (!rulesByTrigger.TryGetValue(kind, out var list)) rulesByTrigger[kind] = list = [];
                list.Add(i);
            }
        }
    }

    /// Feeds <paramref name="signals"/> (sorted) and the day ends in [<paramref name="from"/>,
    /// <paramref name="to"/>); returns the alerts raised at or after <paramref name="emitFrom"/>
    /// (earlier ones are still decided, so that "one per window" holds across runs).
    public List<RaisedAlert> Run(IEnumerable<Signal> signals, DateTimeOffset from, DateTimeOffset to, DateTimeOffset emitFrom)
    {
        var raised = new List<RaisedAlert>();
        var dayEnds = new DayEndClock(people.Values, from, to);
        foreach (var signal in signals)
        {
            if (signal.At >= to) break;
            if (signal.At < from) continue;
            while (dayEnds.NextAt is { } end && end <= signal.At) AtDayEnd(dayEnds.Take(), emitFrom, raised);
            if (!people.TryGetValue(signal.EmployeeId, out var profile)) continue;
            var person = Person(profile);
            person.Add(signal);
            if (!rulesByTrigger.TryGetValue(signal.Kind, out var triggered)) continue;
            foreach (var index in triggered)
            {
                var rule = rules[index];
                if (!rule.Scope.Covers(profile)) continue;
                if (Look(index, rule, person, signal) is { } alert) Keep(index, person, alert, emitFrom, raised);
            }
        }
        while (dayEnds.NextAt is { } end && end < to) AtDayEnd(dayEnds.Take(), emitFrom, raised);
        return raised;
    }

    private PersonSignals Person(PersonProfile profile)
    {
        if (!state.TryGetValue(profile.EmployeeId, out var person))
            state[profile.EmployeeId] = person = new PersonSignals(profile, rules.Count);
        return person;
    }

    private static void Keep(int index, PersonSignals person, RaisedAlert alert, DateTimeOffset emitFrom, List<RaisedAlert> raised)
    {
        if (person.LastWindowEnd[index] is { } lastEnd && alert.WindowStart < lastEnd) return;
        person.LastWindowEnd[index] = alert.WindowEnd;
        if (alert.RaisedAt >= emitFrom) raised.Add(alert);
    }

    private void AtDayEnd((DateTimeOffset At, TimeZoneInfo Zone, DateOnly Day) end, DateTimeOffset emitFrom, List<RaisedAlert> raised)
    {
        if (dayEndRules.Count == 0) return;
        foreach (var profile in people.Values)
        {
            if (profile.Zone.Id != end.Zone.Id) continue;
            var person = Person(profile);
            foreach (var index in dayEndRules)
            {
                var rule = rules[index];
                if (!rule.Scope.Covers(profile)) continue;
                // One alert per silence: after an alert, only a follow-up starts a new count.
                if (person.LastWindowEnd[index] is { } lastEnd
                    && !(person.LastOwnFollowUpDay is { } followed && followed > person.DayOf(lastEnd.AddTicks(-1)))) continue;
                if (NoFollowUpDays(rule, person, end.Day, end.At) is { } alert) Keep(index, person, alert, emitFrom, raised);
            }
        }
    }

    private RaisedAlert? Look(int index, RuleDefinition rule, PersonSignals person, Signal signal)
    {
        var s = rule.Settings;
        var at = signal.At;
        // Every window a signal opens here starts WindowDays before it: one that would overlap the
        // last alert's window is not looked at (Keep would drop it), which spares the counting.
        if (person.LastWindowEnd[index] is { } lastEnd && at.AddDays(-s.WindowDays) < lastEnd) return null;
        var leaving = person.IsLeaving(at);
        var factor = leaving ? s.LeavingFactor : 1m;
        var window = new EvaluationWindow(at, s.WindowDays, s.BaselineDays);
        switch (rule.Template)
        {
            case RuleTemplate.NonOwnedFollowUps:
            {
                var series = person.Series(SignalKinds.FollowUpOther);
                var count = series.Count(window.Start, at);
                var threshold = s.Threshold * factor;
                if (count <= threshold) return null;
                return Alert(rule, person, at, window.Start, at, leaving, Facts(rule, count, null, threshold, leaving),
                    series.In(window.Start, at));
            }
            case RuleTemplate.KeywordHits:
            {
                var threshold = Math.Max(1, s.Threshold * factor);
                var count = 0;
                if (s.Categories.Count == 0) count = person.Series(SignalKinds.KeywordHit).Count(window.Start, at);
                else
                    foreach (var c in s.Categories) count += person.Series(SignalKinds.KeywordHit, c).Count(window.Start, at);
                if (count < threshold) return null;
                var hits = s.Categories.Count == 0
                    ? person.Series(SignalKinds.KeywordHit).In(window.Start, at).ToList()
                    : s.Categories.SelectMany(c => person.Series(SignalKinds.KeywordHit, c).In(window.Start, at)).ToList();
                return Alert(rule, person, at, window.Start, at, leaving, Facts(rule, hits.Count, null, threshold, leaving), hits);
            }
            case RuleTemplate.LargeOrder:
            {
                if (s.RequireIncomplete && signal.Category != SignalKinds.IncompleteCustomer) return null;
                var earlier = person.Series(SignalKinds.OrderEffective).In(at.AddDays(-s.BaselineDays), at)
                    .Where(o => o != signal).Select(o => o.Value).ToList();
                if (earlier.Count < Math.Max(1, s.MinCount)) return null;
                var median = Median(earlier);
                var threshold = s.Factor * factor * median;
                if (signal.Value < threshold) return null;
                return Alert(rule, person, at, at.AddDays(-s.WindowDays), at, leaving,
                    Facts(rule, signal.Value, median, decimal.Round(threshold), leaving) with { RuleThreshold = s.Factor, BaselineOf = earlier.Count },
                    [signal]);
            }
            case RuleTemplate.RecallsAndDeletions:
                return Spike(rule, person, window, leaving, factor, RecallKinds);
            case RuleTemplate.AccessSpike:
                if (s.RequireLeaving && !leaving) return null;
                return Spike(rule, person, window, leaving, factor, AccessKinds);
            case RuleTemplate.ConversionDrop:
            {
                if (person.Series(SignalKinds.Conversion).Latest(at) is not { At: var cAt } now || cAt != at) return null;
                if (person.Series(SignalKinds.ConversionBaseline).Latest(at) is not { } before || before.At != at) return null;
                if (now.Of < s.MinCount || before.Of < s.MinCount) return null;
                var current = Percent(now);
                var trailing = Percent(before);
                var threshold = trailing * (1 - s.Threshold * factor / 100m);
                if (trailing <= 0 || current > threshold) return null;
                return Alert(rule, person, at, at.AddDays(-s.WindowDays), at, leaving,
                    Facts(rule, current, trailing, decimal.Round(threshold, 1), leaving) with { Of = now.Of, BaselineOf = before.Of },
                    [now, before]);
            }
            case RuleTemplate.HighConversionLowRepurchase:
            {
                if (person.Series(SignalKinds.Conversion).Latest(at) is not { } conversion || conversion.At != at) return null;
                var repurchase = signal;
                if (conversion.Of < s.MinCount || repurchase.Of < s.MinCount) return null;
                var c = Percent(conversion);
                var r = Percent(repurchase);
                if (c < s.Threshold || r > s.Factor) return null;
                return Alert(rule, person, at, at.AddDays(-s.WindowDays), at, leaving,
                    Facts(rule, c, null, s.Threshold, leaving) with
                    {
                        Of = conversion.Of, Second = r, SecondOf = repurchase.Of, SecondThreshold = s.Factor,
                    },
                    [conversion, repurchase]);
            }
            case RuleTemplate.Custom:
            {
                var expression = expressions[index]!;
                var values = buffers[index]!;
                for (var i = 0; i < values.Length; i++) values[i] = expression.Variables[i].Read(person, window);
                if (!expression.Evaluate(values)) return null;
                var variables = new SortedDictionary<string, double>(StringComparer.Ordinal);
                for (var i = 0; i < values.Length; i++) variables[expression.Variables[i].Name] = values[i];
                var records = expression.Triggers.SelectMany(k => person.Series(k).In(window.Start, at)).ToList();
                return Alert(rule, person, at, window.Start, at, leaving,
                    Facts(rule, 0, null, 0, leaving) with { Expression = expression.Text, Variables = variables }, records);
            }
            default:
                return null;
        }
    }

    private RaisedAlert? Spike(RuleDefinition rule, PersonSignals person, EvaluationWindow window, bool leaving, decimal factor, string[] kinds)
    {
        var s = rule.Settings;
        int count = 0, before = 0;
        foreach (var k in kinds)
        {
            var series = person.Series(k);
            count += series.Count(window.Start, window.At);
            before += series.Count(window.BaselineStart, window.Start);
        }
        var baseline = s.BaselineDays <= 0 ? 0m : decimal.Round((decimal)before * s.WindowDays / s.BaselineDays, 2);
        var threshold = Math.Max(s.MinCount * factor, s.Factor * factor * baseline);
        if (count < threshold || count == 0) return null;
        var records = kinds.SelectMany(k => person.Series(k).In(window.Start, window.At)).OrderBy(x => x.At).ToList();
        return Alert(rule, person, window.At, window.Start, window.At, leaving,
            Facts(rule, count, baseline, decimal.Round(threshold, 2), leaving) with { RuleThreshold = s.MinCount }, records);
    }

    /// N consecutive working days (the person's branch zone and rest days) without a follow-up on
    /// an owned customer, while holding customers, looked at as each day ends.
    private RaisedAlert? NoFollowUpDays(RuleDefinition rule, PersonSignals person, DateOnly day, DateTimeOffset dayEnd)
    {
        var profile = person.Profile;
        if (person.CustomersHeld <= 0 || person.HoldingSince is not { } since || !profile.IsWorkingDay(day)) return null;
        var leaving = person.IsLeaving(dayEnd);
        var needed = (int)Math.Ceiling(Math.Max(1, rule.Settings.Threshold * (leaving ? rule.Settings.LeavingFactor : 1)));
        var start = day;
        var counted = 0;
        for (var d = day; counted < needed; d = d.AddDays(-1))
        {
            if (d < since || (person.LastOwnFollowUpDay is { } last && d <= last)) return null;
            if (profile.IsWorkingDay(d))
            {
                counted++;
                start = d;
            }
        }
        var windowStart = BranchCalendar.StartUtc(start, profile.Zone);
        var lastFollowUp = person.Series(SignalKinds.FollowUpOwn).Latest(dayEnd);
        return Alert(rule, person, dayEnd, windowStart, dayEnd, leaving,
            Facts(rule, counted, null, needed, leaving) with { WindowDays = day.DayNumber - start.DayNumber + 1 },
            lastFollowUp is { } f ? [f] : []);
    }

    private static AlertFacts Facts(RuleDefinition rule, decimal observed, decimal? baseline, decimal threshold, bool leaving) => new()
    {
        Template = rule.Template,
        Observed = observed,
        Baseline = baseline,
        Threshold = threshold,
        RuleThreshold = rule.Settings.Threshold,
        WindowDays = rule.Settings.WindowDays,
        BaselineDays = rule.Settings.BaselineDays,
        Leaving = leaving,
        LeavingFactor = leaving ? rule.Settings.LeavingFactor : 1,
        SeverityRaised = leaving && rule.Settings.LeavingRaisesSeverity && rule.Severity < RiskSeverity.High,
    };

    private static RaisedAlert Alert(RuleDefinition rule, PersonSignals person, DateTimeOffset at, DateTimeOffset windowStart,
        DateTimeOffset windowEnd, bool leaving, AlertFacts facts, IEnumerable<Signal> records)
    {
        var severity = facts.SeverityRaised ? rule.Severity + 1 : rule.Severity;
        var refs = records.OrderByDescending(r => r.At).Take(MaxRecords).OrderBy(r => r.At).Select(r => r.Record).Distinct().ToList();
        return new RaisedAlert(rule.Id, rule.Version, person.Profile.EmployeeId, at, windowStart, windowEnd, severity, facts, refs);
    }

    private static decimal Percent(Signal measure) => decimal.Round(measure.Value * 100m / measure.Of, 1, MidpointRounding.AwayFromZero);

    private static decimal Median(List<long> values)
    {
        values.Sort();
        var mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2m;
    }

    /// The ends of days in every zone people live in, in time order.
    private sealed class DayEndClock
    {
        private readonly PriorityQueue<(DateTimeOffset At, TimeZoneInfo Zone, DateOnly Day), DateTimeOffset> queue = new();
        private readonly DateTimeOffset to;

        public DayEndClock(IEnumerable<PersonProfile> people, DateTimeOffset from, DateTimeOffset to)
        {
            this.to = to;
            foreach (var zone in people.Select(p => p.Zone).DistinctBy(z => z.Id))
            {
                var day = BranchCalendar.DayOf(from, zone);
                // The first day whose end is at or after from.
                while (BranchCalendar.StartUtc(day.AddDays(1), zone) < from) day = day.AddDays(1);
                Enqueue(zone, day);
            }
        }

        public DateTimeOffset? NextAt => queue.TryPeek(out var next, out _) ? next.At : null;

        public (DateTimeOffset At, TimeZoneInfo Zone, DateOnly Day) Take()
        {
            var next = queue.Dequeue();
            Enqueue(next.Zone, next.Day.AddDays(1));
            return next;
        }

        private void Enqueue(TimeZoneInfo zone, DateOnly day)
        {
            var end = BranchCalendar.StartUtc(day.AddDays(1), zone);
            if (end <= to) queue.Enqueue((end, zone, day), end);
        }
    }
}
