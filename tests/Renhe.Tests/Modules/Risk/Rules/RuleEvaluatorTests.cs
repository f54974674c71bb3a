using CsCheck;
using Renhe.Modules.Risk.Rules;
using Renhe.Modules.Risk.Scanning;
using Renhe.Platform.Formatting;
using Renhe.Platform.Signals;
using Renhe.Platform.Time;

namespace Renhe.Tests.Modules.Risk.Rules;

/// The evaluator's templates with worked examples, and the law that makes online and history
/// agree: cutting the timeline into passes anywhere gives the alerts of one run.
public class RuleEvaluatorTests
{
    private static readonly TimeZoneInfo Shanghai = BranchCalendar.Zone("Asia/Shanghai");
    private static readonly TimeZoneInfo NewYork = BranchCalendar.Zone("America/New_York");
    private static readonly Guid Li = Guid.Parse("00000000-0000-0000-0000-0000000000a1");
    private static readonly Guid Wang = Guid.Parse("00000000-0000-0000-0000-0000000000a2");
    private static readonly Guid Branch = Guid.Parse("00000000-0000-0000-0000-0000000000b1");
    private static readonly Guid Sales = Guid.Parse("00000000-0000-0000-0000-0000000000d1");
    private static readonly Guid Service = Guid.Parse("00000000-0000-0000-0000-0000000000d2");

    /// Monday 2026-11-02 00:00 in Shanghai.
    private static readonly DateTimeOffset Monday = new(2026, 11, 2, 0, 0, 0, TimeSpan.FromHours(8));

    private static PersonProfile Person(Guid id, TimeZoneInfo? zone = null, Guid? department = null) =>
        new(id, Branch, department ?? Sales, null, zone ?? Shanghai, PersonProfile.Weekend);

    private static RuleDefinition Rule(RuleTemplate template, RuleSettings settings, RiskSeverity severity = RiskSeverity.Medium,
        RuleScope? scope = null) =>
        new(Guid.Parse("00000000-0000-0000-0000-00000000000" + ((int)template % 10)), 1, template.ToString(), template, severity, settings,
            scope ?? RuleScope.Everywhere);

    private static int seq;

    private static Signal S(string kind, Guid who, DateTimeOffset at, long value = 1, long of = 0, string? category = null) =>
        new(kind, who, at, new SignalRef("test", (++seq).ToString("D6")), value, of, category);

    private static List<RaisedAlert> Run(RuleDefinition rule, IEnumerable<Signal> signals, DateTimeOffset? to = null, params PersonProfile[] people)
    {
        var list = signals.ToList();
        list.Sort(SignalLoader.Compare);
        var profiles = (people.Length == 0 ? [Person(Li), Person(Wang)] : people).ToDictionary(p => p.EmployeeId);
        var end = to ?? (list.Count == 0 ? Monday.AddDays(30) : list[^1].At.AddTicks(1));
        return new RuleEvaluator([rule], profiles).Run(list, Monday.AddDays(-200), end, Monday.AddDays(-200));
    }

    public static TheoryData<int, int, int> NonOwnedCases => new()
    {
        // follow-ups on others' customers, spread over days, threshold → alerts
        { 5, 1, 0 },   // exactly 5 in 5 days is not "more than 5"
        { 6, 1, 1 },   // the 6th within 7 days raises
        { 6, 2, 0 },   // 6 spread over 12 days: never more than 5 within 7 days... (every 2 days → 4 in a window)
        { 12, 0, 1 },  // 12 on one day: one alert, not two (one per window)
    };

    [Theory]
    [MemberData(nameof(NonOwnedCases))]
    public void More_than_five_follow_ups_on_others_customers_within_seven_days(int count, int everyDays, int expected)
    {
        var signals = Enumerable.Range(0, count).Select(i => S(SignalKinds.FollowUpOther, Li, Monday.AddDays(i * everyDays).AddHours(10 + i % 5)));
        var alerts = Run(Rule(RuleTemplate.NonOwnedFollowUps, new RuleSettings { WindowDays = 7, Threshold = 5 }), signals);
        Assert.Equal(expected, alerts.Count);
        if (expected == 1)
        {
            Assert.Equal(6, alerts[0].Facts.Observed);
            Assert.Equal(5, alerts[0].Facts.Threshold);
            Assert.Equal(6, alerts[0].Records.Count);
            Assert.Equal(alerts[0].WindowEnd.AddDays(-7), alerts[0].WindowStart);
        }
    }

    [Fact]
    public void A_second_alert_needs_a_window_that_starts_after_the_first_ended()
    {
        var rule = Rule(RuleTemplate.NonOwnedFollowUps, new RuleSettings { WindowDays = 7, Threshold = 5 });
        // Six on Monday (alert), six more on Wednesday (same window: nothing), six on the Monday after next (new alert).
        var signals = Enumerable.Range(0, 6).Select(i => S(SignalKinds.FollowUpOther, Li, Monday.AddHours(9 + i)))
            .Concat(Enumerable.Range(0, 6).Select(i => S(SignalKinds.FollowUpOther, Li, Monday.AddDays(2).AddHours(9 + i))))
            .Concat(Enumerable.Range(0, 6).Select(i => S(SignalKinds.FollowUpOther, Li, Monday.AddDays(14).AddHours(9 + i))));
        var alerts = Run(rule, signals);
        Assert.Equal(2, alerts.Count);
        Assert.True(alerts[1].WindowStart >= alerts[0].WindowEnd);
    }

    [Fact]
    public void Leaving_lowers_the_threshold_and_the_explanation_says_so()
    {
        var rule = Rule(RuleTemplate.NonOwnedFollowUps, new RuleSettings { WindowDays = 7, Threshold = 5, LeavingFactor = 0.6m });
        var four = Enumerable.Range(0, 4).Select(i => S(SignalKinds.FollowUpOther, Li, Monday.AddDays(1).AddHours(9 + i))).ToList();
        Assert.Empty(Run(rule, four));
        var resigned = four.Append(S(SignalKinds.Resignation, Li, Monday)).ToList();
        var alert = Assert.Single(Run(rule, resigned));
        Assert.True(alert.Facts.Leaving);
        Assert.Equal(3m, alert.Facts.Threshold);
        Assert.Equal(0.6m, alert.Facts.LeavingFactor);
    }

    [Fact]
    public void Thirty_days_before_a_last_working_day_counts_as_leaving_and_can_raise_severity()
    {
        var rule = Rule(RuleTemplate.RecallsAndDeletions,
            new RuleSettings { WindowDays = 7, Factor = 3, BaselineDays = 90, MinCount = 3, LeavingRaisesSeverity = true });
        var lastDay = DateOnly.FromDateTime(Monday.Date).AddDays(40);
        List<Signal> Recalls(DateTimeOffset at) => Enumerable.Range(0, 3).Select(i => S(SignalKinds.MessageRecall, Li, at.AddHours(10 + i))).ToList();
        var early = Recalls(Monday).Append(S(SignalKinds.LastWorkingDay, Li, Monday.AddDays(-20), lastDay.DayNumber)).ToList();
        Assert.Equal(RiskSeverity.Medium, Assert.Single(Run(rule, early)).Severity);   // 40 days before: not yet leaving
        var close = Recalls(Monday.AddDays(14)).Append(S(SignalKinds.LastWorkingDay, Li, Monday.AddDays(-20), lastDay.DayNumber)).ToList();
        var alert = Assert.Single(Run(rule, close));                                   // 26 days before: leaving
        Assert.Equal(RiskSeverity.High, alert.Severity);
        Assert.True(alert.Facts.SeverityRaised);
    }

    public static TheoryData<string, int, int[], int> AbsenceCases => new()
    {
        // name, customers held since day (relative to Monday), own follow-up days, alerts in the first 2 weeks
        { "Mon-Wed silent: one alert for the whole silence, not one every 3 days", 0, [], 1 },
        { "a follow-up on Tuesday resets the count: Wed-Fri is the first 3", 0, [1], 1 },
        { "follow-ups every other working day", 0, [0, 2, 4, 7, 9, 11], 0 },
        { "Thu, Fri, (weekend), Mon: rest days do not count and do not break", 0, [0, 1, 2, 9, 10, 11], 1 },
        { "holds customers only from Thursday of week 2", 10, [], 0 },
        { "silent, a follow-up, silent again: two alerts", 0, [5 + 2], 2 },
    };

    [Theory]
    [MemberData(nameof(AbsenceCases))]
    public void Three_consecutive_working_days_without_following_an_own_customer(string name, int holdingFrom, int[] followUpDays, int expected)
    {
        var rule = Rule(RuleTemplate.NoFollowUpDays, new RuleSettings { Threshold = 3 });
        var signals = followUpDays.Select(d => S(SignalKinds.FollowUpOwn, Li, Monday.AddDays(d).AddHours(15)))
            .Append(S(SignalKinds.CustodyChange, Li, Monday.AddDays(holdingFrom).AddHours(9))).ToList();
        var alerts = Run(rule, signals, Monday.AddDays(14), Person(Li));
        Assert.True(expected == alerts.Count, $"{name}: {alerts.Count} alerts");
    }

    [Fact]
    public void Working_days_end_at_midnight_in_the_persons_own_zone()
    {
        var rule = Rule(RuleTemplate.NoFollowUpDays, new RuleSettings { Threshold = 3 });
        // Holding since Monday 09:00 +08; no follow-ups. In Shanghai Mon, Tue, Wed end at Wed 24:00 +08 = Wed 16:00 UTC.
        // In New York it is still Sunday evening (a rest day), so Mon, Tue, Wed there end at Thu 05:00 UTC.
        var holding = S(SignalKinds.CustodyChange, Li, Monday.AddHours(9));
        var shanghai = Assert.Single(Run(rule, [holding], Monday.AddDays(3).AddMinutes(1), Person(Li)));
        Assert.Equal(new DateTimeOffset(2026, 11, 4, 16, 0, 0, TimeSpan.Zero), shanghai.RaisedAt);
        // The same person in New York: Wednesday there ends at Thu 05:00 UTC, after "to": nothing yet.
        Assert.Empty(Run(rule, [holding], new DateTimeOffset(2026, 11, 5, 4, 59, 0, TimeSpan.Zero), Person(Li, NewYork)));
        var newYork = Assert.Single(Run(rule, [holding], new DateTimeOffset(2026, 11, 5, 5, 1, 0, TimeSpan.Zero), Person(Li, NewYork)));
        Assert.Equal(new DateTimeOffset(2026, 11, 5, 5, 0, 0, TimeSpan.Zero), newYork.RaisedAt);
    }

    [Fact]
    public void A_branch_with_other_rest_days_counts_its_own_working_days()
    {
        var rule = Rule(RuleTemplate.NoFollowUpDays, new RuleSettings { Threshold = 3 });
        var sixDayWeek = new PersonProfile(Li, Branch, Sales, null, Shanghai, new HashSet<DayOfWeek> { DayOfWeek.Sunday });
        // Follow-up on Thursday; Friday, Saturday (a working day here), Monday: alert at Monday's end, not Tuesday's.
        var signals = new[]
        {
            S(SignalKinds.CustodyChange, Li, Monday.AddDays(3).AddHours(8)), S(SignalKinds.FollowUpOwn, Li, Monday.AddDays(3).AddHours(10)),
        };
        var alert = Assert.Single(Run(rule, signals, Monday.AddDays(11), sixDayWeek));
        Assert.Equal(BranchCalendar.StartUtc(DateOnly.FromDateTime(Monday.Date).AddDays(8), Shanghai), alert.RaisedAt);
        var weekend = Assert.Single(Run(rule, signals, Monday.AddDays(11), Person(Li)));
        Assert.Equal(BranchCalendar.StartUtc(DateOnly.FromDateTime(Monday.Date).AddDays(9), Shanghai), weekend.RaisedAt);
    }

    public static TheoryData<long[], long, bool, bool> LargeOrderCases => new()
    {
        // earlier orders (yuan), the new order, customer incomplete, alert?
        { [1000, 2000, 3000], 6000, true, true },     // median 2000 × 3 = 6000: at the threshold
        { [1000, 2000, 3000], 5999, true, false },
        { [1000, 2000, 3000], 9000, false, false },   // complete customer data
        { [1000, 2000], 9000, true, false },          // fewer than 3 earlier orders: no baseline
        { [1000, 2000, 3000, 4000], 7500, true, true }, // median 2500
    };

    [Theory]
    [MemberData(nameof(LargeOrderCases))]
    public void An_order_three_times_the_persons_median_with_incomplete_customer_data(long[] earlierYuan, long orderYuan, bool incomplete, bool expected)
    {
        var rule = Rule(RuleTemplate.LargeOrder, new RuleSettings { Factor = 3, BaselineDays = 180, MinCount = 3, RequireIncomplete = true });
        var signals = earlierYuan.Select((y, i) => S(SignalKinds.OrderEffective, Li, Monday.AddDays(-30 + i), MoneyFormat.ToFen(y)))
            .Append(S(SignalKinds.OrderEffective, Li, Monday, MoneyFormat.ToFen(orderYuan), category: incomplete ? SignalKinds.IncompleteCustomer : null)).ToList();
        var alerts = Run(rule, signals);
        Assert.Equal(expected, alerts.Count == 1);
        if (expected) Assert.Equal(MoneyFormat.ToFen(orderYuan), alerts[0].Facts.Observed);
    }

    [Fact]
    public void Keyword_hits_count_only_the_rules_categories()
    {
        var rule = Rule(RuleTemplate.KeywordHits, new RuleSettings
        {
            WindowDays = 7, Threshold = 2, Categories = [LexiconCategories.PrivateDeal, LexiconCategories.PersonalPayment],
        });
        var abuse = Enumerable.Range(0, 5).Select(i => S(SignalKinds.KeywordHit, Li, Monday.AddHours(i), category: LexiconCategories.Abuse));
        Assert.Empty(Run(rule, abuse));
        var diversion = new[]
        {
            S(SignalKinds.KeywordHit, Li, Monday.AddHours(1), category: LexiconCategories.PrivateDeal),
            S(SignalKinds.KeywordHit, Li, Monday.AddDays(6).AddHours(1), category: LexiconCategories.PersonalPayment),
        };
        var alert = Assert.Single(Run(rule, diversion));
        Assert.Equal(2, alert.Records.Count);
        Assert.Empty(Run(rule, [diversion[0], S(SignalKinds.KeywordHit, Li, Monday.AddDays(8), category: LexiconCategories.PrivateDeal)]));
    }

    [Theory]
    [InlineData(0, 3, true)]    // no history: 3 reaches the minimum
    [InlineData(0, 2, false)]
    [InlineData(26, 5, false)]  // 26 in 91 days = 2 per week: 5 < 3 × 2
    [InlineData(26, 6, true)]
    public void Recalls_and_deletions_above_the_persons_own_baseline(int inBaseline, int inWindow, bool expected)
    {
        var rule = Rule(RuleTemplate.RecallsAndDeletions, new RuleSettings { WindowDays = 7, Factor = 3, BaselineDays = 91, MinCount = 3 });
        var signals = Enumerable.Range(0, inBaseline).Select(i => S(SignalKinds.MessageRecall, Li, Monday.AddDays(-90 + i * 3)))
            .Concat(Enumerable.Range(0, inWindow).Select(i => S(SignalKinds.CustomerDeleted, Li, Monday.AddDays(7).AddHours(i),
                category: SignalKinds.ByEmployee)));
        var alerts = Run(rule, signals);
        Assert.True(expected == alerts.Any(a => a.RaisedAt >= Monday.AddDays(7)), string.Join("; ", alerts.Select(a => $"{a.RaisedAt:MM-dd HH} {a.Facts.Observed}/{a.Facts.Threshold}/{a.Facts.Baseline}")));
    }

    [Theory]
    [InlineData(2, 10, 12, 30, true)]    // 20 % against 40 %: halved
    [InlineData(3, 10, 12, 30, false)]   // 30 % > 20 %
    [InlineData(0, 4, 12, 30, false)]    // base below 5 customers
    public void Conversion_dropping_against_the_persons_own_trailing_rate(long n, long d, long bn, long bd, bool expected)
    {
        var rule = Rule(RuleTemplate.ConversionDrop, new RuleSettings { WindowDays = 28, Threshold = 50, MinCount = 5 });
        Signal[] signals =
        [
            S(SignalKinds.Conversion, Li, Monday, n, d), S(SignalKinds.ConversionBaseline, Li, Monday, bn, bd),
            S(SignalKinds.Repurchase, Li, Monday, 0, 0),
        ];
        var alerts = Run(rule, signals);
        Assert.Equal(expected, alerts.Count == 1);
        if (expected) Assert.Equal((20m, 40m, 20m), (alerts[0].Facts.Observed, alerts[0].Facts.Baseline!.Value, alerts[0].Facts.Threshold));
    }

    [Theory]
    [InlineData(9, 10, 1, 10, true)]     // the seed's 家居 case: 90 % against 10 %
    [InlineData(9, 10, 3, 10, false)]    // repurchase 30 %
    [InlineData(7, 10, 1, 10, false)]    // conversion 70 %
    [InlineData(4, 4, 0, 10, false)]     // conversion base of 4
    public void High_new_customer_conversion_while_repurchase_collapses(long n, long d, long r, long b, bool expected)
    {
        var rule = Rule(RuleTemplate.HighConversionLowRepurchase, new RuleSettings { WindowDays = 28, Threshold = 80, Factor = 20, MinCount = 5 });
        Signal[] signals = [S(SignalKinds.Conversion, Li, Monday, n, d), S(SignalKinds.Repurchase, Li, Monday, r, b)];
        Assert.Equal(expected, Run(rule, signals).Count == 1);
    }

    [Fact]
    public void Views_and_exports_spike_only_counts_while_leaving()
    {
        var rule = Rule(RuleTemplate.AccessSpike, new RuleSettings { WindowDays = 7, Factor = 3, BaselineDays = 90, MinCount = 10, RequireLeaving = true });
        var views = Enumerable.Range(0, 12).Select(i => S(SignalKinds.CustomerView, Li, Monday.AddHours(i))).Append(
            S(SignalKinds.ExportRequest, Li, Monday.AddHours(13))).ToList();
        Assert.Empty(Run(rule, views));
        var alert = Assert.Single(Run(rule, views.Append(S(SignalKinds.Resignation, Li, Monday.AddDays(-2)))));
        Assert.Equal(10, alert.Facts.Observed);
    }

    [Fact]
    public void Scope_limits_a_rule_to_its_departments()
    {
        var rule = Rule(RuleTemplate.NonOwnedFollowUps, new RuleSettings { WindowDays = 7, Threshold = 0 }, scope: new RuleScope { Departments = [Service] });
        var signals = new[] { S(SignalKinds.FollowUpOther, Li, Monday), S(SignalKinds.FollowUpOther, Wang, Monday) };
        var alert = Assert.Single(Run(rule, signals, null, Person(Li), Person(Wang, department: Service)));
        Assert.Equal(Wang, alert.EmployeeId);
    }

    [Fact]
    public void A_custom_expression_reads_the_signals_of_its_window()
    {
        var rule = Rule(RuleTemplate.Custom, new RuleSettings { WindowDays = 7, BaselineDays = 28, Expression = "followUpsOther >= 2 && hits_private_deal > 0" });
        var signals = new[]
        {
            S(SignalKinds.FollowUpOther, Li, Monday), S(SignalKinds.FollowUpOther, Li, Monday.AddDays(1)),
            S(SignalKinds.KeywordHit, Li, Monday.AddDays(2), category: LexiconCategories.PrivateDeal),
            S(SignalKinds.FollowUpOther, Wang, Monday), S(SignalKinds.FollowUpOther, Wang, Monday.AddDays(1)),
        };
        var alert = Assert.Single(Run(rule, signals));
        Assert.Equal(Li, alert.EmployeeId);
        Assert.Equal(2, alert.Facts.Variables!["followUpsOther"]);
        Assert.Equal(1, alert.Facts.Variables["hits_private_deal"]);
    }

    /// The law behind "replay = online": cutting the timeline into passes at any points, each pass
    /// warming up on what came before and keeping only what it decided, gives one run's alerts.
    [Fact]
    public void Passes_cut_anywhere_give_the_alerts_of_one_run()
    {
        var kinds = new[] { SignalKinds.FollowUpOther, SignalKinds.FollowUpOwn, SignalKinds.KeywordHit, SignalKinds.MessageRecall, SignalKinds.CustodyChange };
        var rules = DefaultRules.All.Select((d, i) => new RuleDefinition(Guid.CreateVersion7(), 1, d.Code, d.Template, d.Severity, d.Settings, RuleScope.Everywhere))
            .Append(new RuleDefinition(Guid.CreateVersion7(), 1, "custom", RuleTemplate.Custom, RiskSeverity.Low,
                new RuleSettings { WindowDays = 3, Expression = "recalls + followUpsOther >= 3" }, RuleScope.Everywhere)).ToList();
        var people = new[] { Person(Li), Person(Wang, NewYork) }.ToDictionary(p => p.EmployeeId);
        var start = Monday.AddDays(-40);
        var end = Monday.AddDays(40);
        var gen =
            from signals in Gen.Select(Gen.Int[0, kinds.Length - 1], Gen.Bool, Gen.Int[0, 80 * 24 * 60 - 1], Gen.Int[0, 1])
                .Select((k, who, minute, cat) => new Signal(kinds[k], who ? Li : Wang, start.AddMinutes(minute),
                    new SignalRef("t", $"{k}-{minute}-{who}"), kinds[k] == SignalKinds.CustodyChange ? 1 : 1, 0,
                    kinds[k] == SignalKinds.KeywordHit ? (cat == 0 ? LexiconCategories.PrivateDeal : LexiconCategories.Abuse) : null))
                .List[0, 150]
            from cuts in Gen.Int[1, 80 * 24 - 1].List[0, 6]
            select (signals, cuts);
        gen.Sample(t =>
        {
            var (signals, cutHours) = t;
            signals.Sort(SignalLoader.Compare);
            var whole = new RuleEvaluator(rules, people).Run(signals, start, end, start);
            var points = cutHours.Distinct().Order().Select(h => start.AddHours(h)).Prepend(start).Append(end).ToList();
            var passes = new List<RaisedAlert>();
            for (var i = 0; i + 1 < points.Count; i++)
            {
                // Each pass: a fresh evaluator, the whole history up to its end, keeping what it decides.
                var upTo = signals.Where(s => s.At < points[i + 1]).ToList();
                passes.AddRange(new RuleEvaluator(rules, people).Run(upTo, start, points[i + 1], points[i]));
            }
            Assert.Equal(Describe(whole), Describe(passes));
        }, iter: 60);
    }

    private static string Describe(IEnumerable<RaisedAlert> alerts) =>
        string.Join("\n", alerts.Select(a => RuleJson.Write(a with { Records = a.Records.ToList() })));
}
