using CsCheck;
using Renhe.Platform.Measures;
using Renhe.Platform.Time;

namespace Renhe.Tests.Platform.Measures;

/// Records of a company in the books' zone (Shanghai, UTC+8), written as the ledgers hold them:
/// every order whoever it is credited to, its refunds and cancellations, and the times customers
/// stood at 意向 with <see cref="Me"/>. <see cref="Facts"/> hands the kernel what
/// <see cref="MeasureFactsLoader"/> would: my orders, the adjustments on them, my spells and the
/// first order of every customer those name.
public sealed class MeasureLedger
{
    public static readonly TimeZoneInfo Zone = BranchCalendar.Zone(null);

    public Guid Me { get; } = Guid.NewGuid();
    public Guid Other { get; } = Guid.NewGuid();
    public List<OrderFact> Orders { get; } = [];
    public List<AdjustmentFact> Adjustments { get; } = [];
    public List<IntentSpell> Spells { get; } = [];

    /// A local time in the books' zone (2026 unless given).
    public static DateTimeOffset At(int month, int day, int hour = 10, int minute = 0, int year = 2026) =>
        new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.FromHours(8)).ToUniversalTime();

    /// November 2026: [1 Nov 00:00, 1 Dec 00:00) Shanghai.
    public static MeasurePeriod November(int? conversionWindowDays = null, int repurchaseWindowDays = 180) =>
        MeasurePeriod.Month(new DateOnly(2026, 11, 1), Zone, conversionWindowDays, repurchaseWindowDays);

    public static Guid Customer() => Guid.NewGuid();

    public OrderFact Order(Guid customer, long fen, DateTimeOffset at, bool mine = true)
    {
        var order = new OrderFact(Guid.NewGuid(), $"SO-{Orders.Count + 1:0000}", customer, mine ? Me : Other, fen, at);
        Orders.Add(order);
        return order;
    }

    public void Refund(OrderFact order, long fen, DateTimeOffset at) =>
        Adjustments.Add(new AdjustmentFact(Guid.NewGuid(), order.Id, order.Number, order.CustomerId, order.EffectiveAt, false, fen, at));

    /// Cancels what is left of the order, as the order service does.
    public void Cancel(OrderFact order, DateTimeOffset at)
    {
        var left = order.TotalFen - Adjustments.Where(a => a.OrderId == order.Id).Sum(a => a.AmountFen);
        Adjustments.Add(new AdjustmentFact(Guid.NewGuid(), order.Id, order.Number, order.CustomerId, order.EffectiveAt, true, left, at));
    }

    public void Intent(Guid customer, DateTimeOffset from, DateTimeOffset? to = null) => Spells.Add(new IntentSpell(customer, from, to));

    public PersonFacts Facts()
    {
        var mine = Orders.Where(o => o.SalespersonId == Me).ToList();
        var mineIds = mine.Select(o => o.Id).ToHashSet();
        var named = mine.Select(o => o.CustomerId).Concat(Spells.Select(s => s.CustomerId)).ToHashSet();
        var firsts = Orders.Where(o => named.Contains(o.CustomerId))
            .GroupBy(o => o.CustomerId)
            .ToDictionary(g => g.Key, g => g.OrderBy(o => o.EffectiveAt).ThenBy(o => o.Id).Select(o => new FirstOrder(o.Id, o.SalespersonId, o.EffectiveAt)).First());
        return new PersonFacts(Me, mine, Adjustments.Where(a => mineIds.Contains(a.OrderId)).ToList(), Spells.ToList(), firsts);
    }

    public PersonMeasures Measure(MeasurePeriod? period = null, long? targetFen = null) =>
        MeasureKernel.Compute(Facts(), period ?? November(), targetFen);
}

/// The one definition of net sales, conversion, repurchase and attainment, by worked examples in
/// November 2026 (Shanghai), each against the rule of <see cref="MeasureKernel"/>'s class comment.
public sealed class MeasureKernelTests
{
    private static DateTimeOffset At(int month, int day, int hour = 10, int minute = 0) => MeasureLedger.At(month, day, hour, minute);

    /// Expected: net sales (fen), orders counted, N, D, R, B.
    public sealed record Example(string Name, Action<MeasureLedger> Write, long Net, int Orders, int N, int D, int R, int B, int? ConversionWindowDays = null)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Example> Examples => new()
    {
        // ---- net sales ----
        new Example("an order in the month counts whole", l => l.Order(MeasureLedger.Customer(), 100_000, At(11, 5)),
            Net: 100_000, Orders: 1, N: 1, D: 1, R: 0, B: 0),
        // October's ¥800 order counted in October; its ¥300 refund on 10 November lowers November: 500 − 300 = ¥200.
        new Example("a refund in the month of an older order lowers this month", l =>
            {
                var old = l.Order(MeasureLedger.Customer(), 80_000, At(10, 20));
                l.Refund(old, 30_000, At(11, 10));
                l.Order(MeasureLedger.Customer(), 50_000, At(11, 12));
            },
            Net: 20_000, Orders: 1, N: 1, D: 1, R: 0, B: 1),
        // ¥600 on 3 November, cancelled on the 20th: +600 − 600 = 0, and the order does not count.
        new Example("a cancellation in the order's own month nets to nothing", l =>
            {
                var o = l.Order(MeasureLedger.Customer(), 60_000, At(11, 3));
                l.Cancel(o, At(11, 20));
            },
            Net: 0, Orders: 0, N: 0, D: 1, R: 0, B: 0),
        // A ¥100 refund, then the cancellation takes the ¥500 left: 600 − 100 − 500 = 0.
        new Example("a partial refund then a cancellation in the month nets to nothing", l =>
            {
                var o = l.Order(MeasureLedger.Customer(), 60_000, At(11, 3));
                l.Refund(o, 10_000, At(11, 5));
                l.Cancel(o, At(11, 20));
            },
            Net: 0, Orders: 0, N: 0, D: 1, R: 0, B: 0),
        new Example("a partial refund in the month lowers the month and keeps the order", l =>
            {
                var o = l.Order(MeasureLedger.Customer(), 100_000, At(11, 3));
                l.Refund(o, 30_000, At(11, 25));
            },
            Net: 70_000, Orders: 1, N: 1, D: 1, R: 0, B: 0),
        // A refund at 1 December 00:00 and a cancellation on 2 December are December's business (clawbacks).
        new Example("adjustments from the period's end on are ignored", l =>
            {
                var o = l.Order(MeasureLedger.Customer(), 60_000, At(11, 3));
                l.Refund(o, 20_000, At(12, 1, 0));
                l.Cancel(o, At(12, 2));
            },
            Net: 60_000, Orders: 1, N: 1, D: 1, R: 0, B: 0),
        // 1 Nov 00:00 is in; 31 Oct 23:59 and 1 Dec 00:00 are out (the customers of the outside
        // orders are not new in November either: one ordered before, one orders after).
        new Example("the month is [1 Nov 00:00, 1 Dec 00:00) in the books' zone", l =>
            {
                l.Order(MeasureLedger.Customer(), 1_000, At(11, 1, 0));
                l.Order(MeasureLedger.Customer(), 2_000, At(10, 31, 23, 59));
                l.Order(MeasureLedger.Customer(), 4_000, At(12, 1, 0));
            },
            Net: 1_000, Orders: 1, N: 1, D: 1, R: 0, B: 1),

        // ---- conversion ----
        new Example("at intent in the window without an order: in D, not N", l =>
                l.Intent(MeasureLedger.Customer(), At(10, 15), At(11, 3)),
            Net: 0, Orders: 0, N: 0, D: 1, R: 0, B: 0),
        new Example("a spell that ended as the window began, or begins at its end, is not in D", l =>
            {
                l.Intent(MeasureLedger.Customer(), At(10, 1), At(11, 1, 0));
                l.Intent(MeasureLedger.Customer(), At(12, 1, 0));
            },
            Net: 0, Orders: 0, N: 0, D: 0, R: 0, B: 0),
        new Example("at intent, then the first order with the person: in D and N", l =>
            {
                var c = MeasureLedger.Customer();
                l.Intent(c, At(10, 20), At(11, 10));
                l.Order(c, 50_000, At(11, 10));
            },
            Net: 50_000, Orders: 1, N: 1, D: 1, R: 0, B: 0),
        new Example("straight from 获取 to an order counts in both", l => l.Order(MeasureLedger.Customer(), 50_000, At(11, 12)),
            Net: 50_000, Orders: 1, N: 1, D: 1, R: 0, B: 0),
        // Ordered in September (within 180 days: in B), lost, at intent again in November and
        // ordering again: not new, so not in D; a repurchase.
        new Example("a first order before the window keeps the customer out of D", l =>
            {
                var c = MeasureLedger.Customer();
                l.Order(c, 30_000, At(9, 1));
                l.Intent(c, At(11, 2), At(11, 8));
                l.Order(c, 40_000, At(11, 8));
            },
            Net: 40_000, Orders: 1, N: 0, D: 0, R: 1, B: 1),
        new Example("at intent with the person, first order credited to someone else: in D, not N", l =>
            {
                var c = MeasureLedger.Customer();
                l.Intent(c, At(11, 1), At(11, 15));
                l.Order(c, 90_000, At(11, 20), mine: false);
            },
            Net: 0, Orders: 0, N: 0, D: 1, R: 0, B: 0),
        new Example("someone else's customer never at intent with the person is not in D", l =>
            {
                var c = MeasureLedger.Customer();
                l.Order(c, 90_000, At(11, 20), mine: false);
                l.Order(c, 10_000, At(11, 25));
            },
            Net: 10_000, Orders: 1, N: 0, D: 0, R: 0, B: 0),
        new Example("first order cancelled before the end: in D, not N", l =>
            {
                var c = MeasureLedger.Customer();
                l.Intent(c, At(11, 2), At(11, 10));
                l.Cancel(l.Order(c, 50_000, At(11, 10)), At(11, 25));
            },
            Net: 0, Orders: 0, N: 0, D: 1, R: 0, B: 0),
        new Example("first order cancelled after the end: still N for November", l =>
            {
                var c = MeasureLedger.Customer();
                l.Intent(c, At(11, 2), At(11, 10));
                l.Cancel(l.Order(c, 50_000, At(11, 10)), At(12, 3));
            },
            Net: 50_000, Orders: 1, N: 1, D: 1, R: 0, B: 0),
        // Trailing 90 days: the window is [2 Sep, 1 Dec). A first order on 10 Sep and a spell that
        // ended on 5 Sep are in it; a first order on 30 Aug keeps its customer out. Net sales stay November's.
        new Example("a trailing 90-day window", l =>
            {
                l.Order(MeasureLedger.Customer(), 20_000, At(9, 10));
                l.Intent(MeasureLedger.Customer(), At(8, 1), At(9, 5));
                var before = MeasureLedger.Customer();
                l.Order(before, 20_000, At(8, 30));
                l.Intent(before, At(10, 1), At(10, 5));
                l.Order(MeasureLedger.Customer(), 30_000, At(11, 30));
            },
            Net: 30_000, Orders: 1, N: 2, D: 3, R: 0, B: 2, ConversionWindowDays: 90),
        new Example("the window's first day is in, the day before is out", l =>
            {
                l.Order(MeasureLedger.Customer(), 20_000, At(9, 2, 0));
                l.Order(MeasureLedger.Customer(), 20_000, At(9, 1, 23, 59));
            },
            Net: 0, Orders: 0, N: 1, D: 1, R: 0, B: 2, ConversionWindowDays: 90),

        // ---- repurchase (B: first order in [5 May, 1 Nov); R: another order of mine in November) ----
        new Example("a first order 180 days before the month is in B, 181 days is not", l =>
            {
                var inB = MeasureLedger.Customer();
                l.Order(inB, 10_000, At(5, 5, 0));
                l.Order(inB, 10_000, At(11, 2));
                var outB = MeasureLedger.Customer();
                l.Order(outB, 10_000, At(5, 4, 23, 59));
                l.Order(outB, 10_000, At(11, 2));
            },
            Net: 20_000, Orders: 2, N: 0, D: 0, R: 1, B: 1),
        new Example("a repeat credited to someone else is not R; a cancelled repeat is not R", l =>
            {
                var a = MeasureLedger.Customer();
                l.Order(a, 10_000, At(8, 1));
                l.Order(a, 10_000, At(11, 2), mine: false);
                var b = MeasureLedger.Customer();
                l.Order(b, 10_000, At(8, 1));
                l.Cancel(l.Order(b, 25_000, At(11, 2)), At(11, 9));
            },
            Net: 0, Orders: 0, N: 0, D: 0, R: 0, B: 2),
        new Example("a repeat cancelled after the month still counts as R", l =>
            {
                var a = MeasureLedger.Customer();
                l.Order(a, 10_000, At(8, 1));
                l.Cancel(l.Order(a, 25_000, At(11, 2)), At(12, 9));
            },
            Net: 25_000, Orders: 1, N: 0, D: 0, R: 1, B: 1),
        new Example("two repeats of one customer are one R", l =>
            {
                var a = MeasureLedger.Customer();
                l.Order(a, 10_000, At(8, 1));
                l.Order(a, 5_000, At(11, 2));
                l.Order(a, 5_000, At(11, 20));
            },
            Net: 10_000, Orders: 2, N: 0, D: 0, R: 1, B: 1),
        new Example("a cancelled first order, or one credited to someone else, is not in B", l =>
            {
                var a = MeasureLedger.Customer();
                l.Cancel(l.Order(a, 10_000, At(8, 1)), At(8, 3));
                l.Order(a, 7_000, At(11, 2));
                var b = MeasureLedger.Customer();
                l.Order(b, 10_000, At(8, 1), mine: false);
                l.Order(b, 3_000, At(11, 2));
            },
            Net: 10_000, Orders: 2, N: 0, D: 0, R: 0, B: 0),
        new Example("a customer whose first order is in the month is new, not a repurchase", l =>
            {
                var a = MeasureLedger.Customer();
                l.Order(a, 10_000, At(11, 2));
                l.Order(a, 10_000, At(11, 22));
            },
            Net: 20_000, Orders: 2, N: 1, D: 1, R: 0, B: 0),
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void Measures_follow_the_definitions(Example e)
    {
        var ledger = new MeasureLedger();
        e.Write(ledger);
        var m = ledger.Measure(MeasureLedger.November(e.ConversionWindowDays));
        Assert.Equal((e.Net, e.Orders, e.N, e.D, e.R, e.B),
            (m.NetSalesFen, m.Orders, (int)m.Conversion.Numerator, (int)m.Conversion.Denominator, (int)m.Repurchase.Numerator, (int)m.Repurchase.Denominator));
        Assert.Equal((m.Converted.Count, m.ConversionBase.Count, m.Repurchased.Count, m.RepurchaseBase.Count), (e.N, e.D, e.R, e.B));
    }

    [Fact]
    public void The_period_is_the_calendar_month_in_the_books_zone_and_the_windows_are_whole_days()
    {
        var p = MeasureLedger.November(90);
        Assert.Equal(new DateTimeOffset(2026, 10, 31, 16, 0, 0, TimeSpan.Zero), p.Start);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 16, 0, 0, TimeSpan.Zero), p.End);
        Assert.Equal(new DateTimeOffset(2026, 9, 1, 16, 0, 0, TimeSpan.Zero), p.ConversionFrom); // 2 Sep 00:00 local
        Assert.Equal(new DateTimeOffset(2026, 5, 4, 16, 0, 0, TimeSpan.Zero), p.RepurchaseFrom);  // 5 May 00:00 local
        Assert.Equal(p.RepurchaseFrom, p.FactsFrom);
        Assert.Equal(p.Start, MeasureLedger.November().ConversionFrom);
    }

    [Fact]
    public void The_customer_sets_name_who_is_counted()
    {
        var l = new MeasureLedger();
        var intentOnly = MeasureLedger.Customer();
        var converted = MeasureLedger.Customer();
        l.Intent(intentOnly, At(11, 2));
        l.Intent(converted, At(11, 2), At(11, 9));
        l.Order(converted, 50_000, At(11, 9));
        var m = l.Measure();
        Assert.Equal(new[] { converted, intentOnly }.Order(), m.ConversionBase.Order());
        Assert.Equal(converted, Assert.Single(m.Converted));
    }

    [Theory]
    // net, target, defined, percent, ToString
    [InlineData(150_000L, 200_000L, true, "75.0", "75.0 % (150000/200000)")]
    [InlineData(250_000L, 200_000L, true, "125.0", "125.0 % (250000/200000)")]
    [InlineData(-30_000L, 200_000L, true, "-15.0", "-15.0 % (-30000/200000)")]
    [InlineData(150_000L, null, false, null, "—")]
    [InlineData(150_000L, 0L, false, null, "—")]
    public void Attainment_is_net_sales_over_the_published_target_and_undefined_without_one(long net, long? target, bool defined, string? percent, string text)
    {
        var l = new MeasureLedger();
        if (net >= 0) l.Order(MeasureLedger.Customer(), net, At(11, 5));
        else l.Refund(l.Order(MeasureLedger.Customer(), -net, At(10, 5)), -net, At(11, 5));
        var m = l.Measure(targetFen: target);
        Assert.Equal(net, m.NetSalesFen);
        Assert.Equal(defined, m.Attainment.IsDefined);
        Assert.Equal(percent, m.Attainment.Percent?.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(text, m.Attainment.ToString());
        Assert.Equal(target, m.TargetFen);
        if (!defined) Assert.False(m.Attainment.Meets(1));
    }

    [Theory]
    // numerator, denominator, threshold bp, meets
    [InlineData(1999, 10_000, 2000, false)] // 19.99 %
    [InlineData(2000, 10_000, 2000, true)]  // 20.00 %
    [InlineData(2499, 10_000, 2500, false)] // 24.99 %
    [InlineData(2500, 10_000, 2500, true)]  // 25.00 %
    [InlineData(5, 20, 2500, true)]         // 5 of 20 is exactly 25 %
    [InlineData(4, 20, 2500, false)]
    [InlineData(4, 20, 2000, true)]
    [InlineData(1, 3, 3333, true)]          // 33.33…% meets 33.33 %
    [InlineData(1, 3, 3334, false)]
    [InlineData(0, 5, 1, false)]
    [InlineData(5, 5, 10_000, true)]
    [InlineData(0, 0, 0, false)]            // an empty denominator meets nothing, not even 0 %
    [InlineData(0, 0, 2500, false)]
    public void Rates_compare_exactly(long n, long d, long thresholdBp, bool meets) =>
        Assert.Equal(meets, new Rate(n, d).Meets(thresholdBp));

    [Theory]
    // numerator, denominator, percent shown, text
    [InlineData(5, 20, "25.0", "25.0 % (5/20)")]
    [InlineData(1, 3, "33.3", "33.3 % (1/3)")]
    [InlineData(2, 3, "66.7", "66.7 % (2/3)")]
    [InlineData(1, 16, "6.3", "6.3 % (1/16)")]        // 6.25 → 6.3: half up
    [InlineData(1, 1600, "0.1", "0.1 % (1/1600)")]    // 0.0625 → 0.1
    [InlineData(1, 2001, "0.0", "0.0 % (1/2001)")]    // 0.04998 → 0.0
    [InlineData(-1, 16, "-6.3", "-6.3 % (-1/16)")]    // half away from zero
    [InlineData(0, 7, "0.0", "0.0 % (0/7)")]
    [InlineData(1999, 10_000, "20.0", "20.0 % (1999/10000)")] // shown rounded; compared exactly (below 20 %)
    public void Percent_is_rounded_half_up_to_one_decimal_for_display(long n, long d, string percent, string text)
    {
        var rate = new Rate(n, d);
        Assert.Equal(percent, rate.Percent!.Value.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(text, rate.ToString());
    }

    [Fact]
    public void An_empty_denominator_is_shown_as_a_dash_with_no_percent()
    {
        Assert.Null(new Rate(0, 0).Percent);
        Assert.Equal("—", new Rate(0, 0).ToString());
        Assert.False(new Rate(0, 0).IsDefined);
    }

    [Theory]
    [InlineData(2500, "25")]
    [InlineData(50, "0.5")]
    [InlineData(1234, "12.34")]
    [InlineData(10_000, "100")]
    [InlineData(0, "0")]
    public void Basis_points_are_shown_as_percentages(long bp, string text) => Assert.Equal(text, Rate.PercentOf(bp));

    [Fact]
    public void With_adds_hypothetical_orders_to_the_rates_and_recomputes_attainment()
    {
        var l = new MeasureLedger();
        var c = MeasureLedger.Customer();
        l.Intent(c, At(11, 1));
        l.Intent(MeasureLedger.Customer(), At(11, 1));
        l.Order(MeasureLedger.Customer(), 100_000, At(11, 3));
        var m = l.Measure(targetFen: 400_000);
        var more = m.With(moreConverted: 1, moreRepurchased: 0, moreOrders: 2, moreNetFen: 100_000);
        Assert.Equal((2L, 3L), (more.Conversion.Numerator, more.Conversion.Denominator));
        Assert.Equal((200_000L, 3), (more.NetSalesFen, more.Orders));
        Assert.Equal(new Rate(200_000, 400_000), more.Attainment);
        Assert.False(l.Measure().With(0, 0, 1, 5).Attainment.IsDefined);
    }

    // ---- intent spells from the stage and custody ledgers ----

    // Fixed ids: the theory's rows are made when tests are discovered, perhaps in another process.
    private static readonly Guid Me = new("00000000-0000-0000-0000-00000000000a"), Someone = new("00000000-0000-0000-0000-00000000000b"),
        C = new("00000000-0000-0000-0000-00000000000c");

    private static (Guid, bool, DateTimeOffset) Stage(bool toIntent, int day) => (C, toIntent, At(11, day));

    private static (Guid, Guid?, DateTimeOffset) Custody(Guid? to, int day) => (C, to, At(11, day));

    private static List<IntentSpell> Spells(IEnumerable<(Guid, bool, DateTimeOffset)> stages, IEnumerable<(Guid, Guid?, DateTimeOffset)> custody) =>
        MeasureKernel.IntentSpells(Me, stages, custody);

    public static TheoryData<string, (Guid, bool, DateTimeOffset)[], (Guid, Guid?, DateTimeOffset)[], (int From, int? To)[]> Interleavings => new()
    {
        // Entered to me on the 1st (获取), 意向 on the 3rd, transferred away on the 8th.
        { "at intent, then transferred away", [Stage(false, 1), Stage(true, 3)], [Custody(Me, 1), Custody(Someone, 8)], [(3, 8)] },
        // Someone's customer at 意向 since the 2nd, transferred to me on the 5th, orders (下单) on the 9th.
        { "transferred in while at intent", [Stage(false, 1), Stage(true, 2), Stage(false, 9)], [Custody(Someone, 1), Custody(Me, 5)], [(5, 9)] },
        // 意向 on the 2nd, 流失 on the 6th, 意向 again on the 10th and still.
        { "back to intent", [Stage(false, 1), Stage(true, 2), Stage(false, 6), Stage(true, 10)], [Custody(Me, 1)], [(2, 6), (10, 0)] },
        // Released to the pool on the 4th, claimed back on the 7th: two spells.
        { "to the pool and claimed back", [Stage(true, 2)], [Custody(Me, 1), Custody(null, 4), Custody(Me, 7)], [(2, 4), (7, 0)] },
        // Transferred away on the 4th and back to me on the 12th, at intent all along.
        { "away and back while at intent", [Stage(true, 2)], [Custody(Me, 1), Custody(Someone, 4), Custody(Me, 12)], [(2, 4), (12, 0)] },
        // At intent and transferred away the same instant: no spell of no length.
        { "intent and away at the same instant", [Stage(true, 3)], [Custody(Me, 1), Custody(Someone, 3)], [] },
        // Given to me the instant it reached intent: the spell starts then.
        { "intent and given at the same instant", [Stage(true, 3)], [Custody(Someone, 1), Custody(Me, 3)], [(3, 0)] },
        { "never held by me", [Stage(true, 3)], [Custody(Someone, 1)], [] },
        { "held but never at intent", [Stage(false, 1)], [Custody(Me, 1)], [] },
    };

    [Theory]
    [MemberData(nameof(Interleavings))]
    public void Intent_spells_open_when_both_hold_and_close_when_either_stops(
        string because, (Guid, bool, DateTimeOffset)[] stages, (Guid, Guid?, DateTimeOffset)[] custody, (int From, int? To)[] expected)
    {
        var want = expected.Select(e => new IntentSpell(C, At(11, e.From), e.To is 0 or null ? null : At(11, e.To.Value))).ToList();
        var got = Spells(stages, custody);
        Assert.True(want.SequenceEqual(got), $"{because}: {string.Join("; ", got)}");
        // The ledgers may come in any order.
        Assert.True(want.SequenceEqual(Spells(stages.Reverse(), custody.Reverse())), because + " (reversed)");
    }

    [Fact]
    public void A_spell_from_the_ledgers_puts_the_customer_in_D_for_the_months_it_touches()
    {
        var l = new MeasureLedger();
        l.Spells.AddRange(MeasureKernel.IntentSpells(l.Me,
            [(C, false, At(9, 1)), (C, true, At(10, 20))],
            [(C, Someone, At(9, 1)), (C, l.Me, At(10, 25)), (C, Someone, At(11, 2))]));
        var october = MeasurePeriod.Month(new DateOnly(2026, 10, 1), MeasureLedger.Zone);
        var december = MeasurePeriod.Month(new DateOnly(2026, 12, 1), MeasureLedger.Zone);
        Assert.Equal(1, MeasureKernel.Compute(l.Facts(), october, null).Conversion.Denominator);
        Assert.Equal(1, l.Measure().Conversion.Denominator);
        Assert.Equal(0, MeasureKernel.Compute(l.Facts(), december, null).Conversion.Denominator);
    }

    // ---- laws over random ledgers ----

    /// A random ledger over June 2026 – January 2027: up to 12 customers, each with orders by me or
    /// someone else, refunds and cancellations some days after, and spells at intent with me.
    private static readonly Gen<MeasureLedger> Ledgers =
        Gen.Select(
            Gen.Select(Gen.Int[0, 240], Gen.Int[0, 23], Gen.Bool, Gen.Long[1, 500_000], Gen.Int[0, 3], Gen.Int[0, 60]).Array[0, 4],
            Gen.Select(Gen.Int[0, 240], Gen.Int[0, 90], Gen.Bool).Array[0, 2])
        .Array[0, 12]
        .Select(customers =>
        {
            var l = new MeasureLedger();
            var origin = At(6, 1, 0);
            foreach (var (orders, spells) in customers)
            {
                var c = MeasureLedger.Customer();
                foreach (var (day, hour, mine, fen, adjust, after) in orders)
                {
                    var o = l.Order(c, fen, origin.AddDays(day).AddHours(hour), mine);
                    var at = o.EffectiveAt.AddDays(after).AddHours(1);
                    if (adjust == 1) l.Refund(o, Math.Max(1, fen / 3), at);
                    else if (adjust == 2) l.Cancel(o, at);
                    else if (adjust == 3) { l.Refund(o, Math.Max(1, fen / 4), at); l.Cancel(o, at.AddDays(2)); }
                }
                foreach (var (day, length, open) in spells)
                    l.Intent(c, origin.AddDays(day), open ? null : origin.AddDays(day + length + 1));
            }
            return l;
        });

    [Fact]
    public void Converted_are_within_the_base_and_repurchasers_within_theirs()
    {
        Gen.Select(Ledgers, Gen.Int[7, 12], Gen.OneOf(Gen.Const((int?)null), Gen.Int[1, 200].Select(d => (int?)d)), Gen.Int[1, 400])
            .Sample((l, month, conversionDays, repurchaseDays) =>
            {
                var period = MeasurePeriod.Month(new DateOnly(2026, month, 1), MeasureLedger.Zone, conversionDays, repurchaseDays);
                var m = MeasureKernel.Compute(l.Facts(), period, null);
                Assert.True(m.Converted.IsSubsetOf(m.ConversionBase));
                Assert.True(m.Repurchased.IsSubsetOf(m.RepurchaseBase));
                Assert.InRange(m.Conversion.Numerator, 0, m.Conversion.Denominator);
                Assert.InRange(m.Repurchase.Numerator, 0, m.Repurchase.Denominator);
                Assert.True(m.Repurchased.Count <= m.Orders, "every repurchaser has a counted order");
            });
    }

    [Fact]
    public void Net_sales_of_two_adjacent_periods_add_up_to_their_union_and_to_the_days()
    {
        Gen.Select(Ledgers, Gen.Int[0, 200], Gen.Int[0, 60], Gen.Int[0, 60]).Sample((l, start, first, second) =>
        {
            var facts = l.Facts();
            var a = At(6, 1, 0).AddDays(start);
            var b = a.AddDays(first).AddHours(7);
            var c = b.AddDays(second).AddMinutes(30);
            var union = MeasureKernel.Net(facts, a, c).NetSalesFen;
            Assert.Equal(union, MeasureKernel.Net(facts, a, b).NetSalesFen + MeasureKernel.Net(facts, b, c).NetSalesFen);
            Assert.Equal(union, MeasureKernel.NetByDay(facts, a, c, MeasureLedger.Zone).Values.Sum());
        });
    }

    [Fact]
    public void A_month_measures_the_same_whatever_is_recorded_after_it_ends()
    {
        Gen.Select(Ledgers, Gen.Int[7, 12], Gen.Int[0, 40], Gen.Long[1, 100_000]).Sample((l, month, daysAfter, fen) =>
        {
            var period = MeasurePeriod.Month(new DateOnly(2026, month, 1), MeasureLedger.Zone, 90);
            var before = MeasureKernel.Compute(l.Facts(), period, 300_000);
            var later = period.End.AddDays(daysAfter);
            foreach (var o in l.Orders.Where(o => o.SalespersonId == l.Me).ToList())
                if (l.Adjustments.All(x => x.OrderId != o.Id)) l.Cancel(o, later);
            l.Order(MeasureLedger.Customer(), fen, later);
            var after = MeasureKernel.Compute(l.Facts(), period, 300_000);
            Assert.Equal((before.NetSalesFen, before.Orders, before.Conversion, before.Repurchase, before.Attainment),
                (after.NetSalesFen, after.Orders, after.Conversion, after.Repurchase, after.Attainment));
            Assert.Equal(before.ConversionBase.Order(), after.ConversionBase.Order());
        });
    }
}
