using Renhe.Modules.Commission.Plans;
using Renhe.Modules.Commission.Statements;
using Renhe.Platform.Measures;
using Renhe.Tests.Platform.Measures;

namespace Renhe.Tests.Modules.Commission;

/// Person-months built by hand: measures with the given rates, and the month's orders.
internal static class Month
{
    private static readonly DateTimeOffset First = MeasureLedger.At(11, 1, 9);

    private static HashSet<Guid> Ids(long count) => Enumerable.Range(0, (int)count).Select(_ => Guid.NewGuid()).ToHashSet();

    public static PersonMeasures Measures(long n = 0, long d = 0, long r = 0, long b = 0, long net = 0, long? target = null, int orders = 0)
    {
        var baseSet = Ids(d);
        var repurchaseBase = Ids(b);
        return new PersonMeasures(net, orders, new Rate(n, d), new Rate(r, b), target is > 0 ? new Rate(net, target.Value) : default, target,
            baseSet, baseSet.Take((int)n).ToHashSet(), repurchaseBase, repurchaseBase.Take((int)r).ToHashSet());
    }

    /// Orders on successive days of November, in the order given, numbered SO-0001…
    public static List<OrderCredit> Orders(params long[] bases) =>
        bases.Select((fen, i) => new OrderCredit(Guid.NewGuid(), $"SO-{i + 1:0000}", $"客户{i + 1}", First.AddDays(i), fen)).ToList();

    /// The month with these orders; net sales and the order count follow from them unless given.
    public static CommissionInput Input(PersonMeasures m, IReadOnlyList<OrderCredit> orders, long? teamNet = null, bool guarantee = false,
        IReadOnlyList<ClawbackSource>? clawbacks = null, IReadOnlyList<ApprovedAdjustment>? adjustments = null) =>
        new(m, orders, clawbacks ?? [], teamNet, guarantee, adjustments ?? []);

    /// Measures whose net sales and order count are those of <paramref name="orders"/>.
    public static CommissionInput Input(IReadOnlyList<OrderCredit> orders, long n = 0, long d = 0, long r = 0, long b = 0, long? target = null,
        long? teamNet = null, bool guarantee = false, IReadOnlyList<ClawbackSource>? clawbacks = null, IReadOnlyList<ApprovedAdjustment>? adjustments = null) =>
        Input(Measures(n, d, r, b, orders.Sum(o => o.BaseFen), target, orders.Count), orders, teamNet, guarantee, clawbacks, adjustments);

    public static PlanRules Validated(PlanRules rules)
    {
        rules.Validate();
        return rules;
    }
}

/// The plan kernel by worked examples, each figure computed by hand in the comment beside it.
/// The brief's plan (<see cref="PlanRules.Brief"/>): conversion below 20 % → 2 %, from 20 % → 3 %,
/// from 25 % → 4 %; repurchase from 30 % adds 1 %; a manager earns 0.5 % of the team's net sales;
/// probation guarantee ¥1,000.
public sealed class CommissionKernelTests
{
    private static readonly PlanRules Brief = PlanRules.Brief;

    private static CommissionResult Compute(PlanRules rules, CommissionInput input) => CommissionKernel.Compute(rules, input);

    [Theory]
    // N, D, rate, total, tier — on ¥1,000 + ¥500 of orders:
    [InlineData(1999, 10_000, 200, 3_000, -1)] // 19.99 % → 2 %: 100,000 × 2 % + 50,000 × 2 % = 2,000 + 1,000
    [InlineData(2000, 10_000, 300, 4_500, 0)]  // 20.00 % → 3 %: 3,000 + 1,500
    [InlineData(2499, 10_000, 300, 4_500, 0)]  // 24.99 % → 3 %
    [InlineData(2500, 10_000, 400, 6_000, 1)]  // 25.00 % → 4 %: 4,000 + 2,000
    [InlineData(5, 20, 400, 6_000, 1)]         // 5 of 20 is 25 % exactly → 4 %
    [InlineData(4, 20, 300, 4_500, 0)]         // 20 %
    [InlineData(3, 20, 200, 3_000, -1)]        // 15 %
    [InlineData(0, 0, 200, 3_000, -1)]         // no one at intent: "—", the base rate
    public void The_briefs_conversion_tiers_apply_to_the_whole_month(long n, long d, int rateBp, long total, int tier)
    {
        var result = Compute(Brief, Month.Input(Month.Orders(100_000, 50_000), n, d));
        Assert.All(result.Lines, l => Assert.Equal((LineKind.Order, rateBp), (l.Kind, l.RateBp)));
        Assert.Equal(total, result.TotalFen);
        Assert.Equal((tier, rateBp, 0), (result.Decision.TierIndex, result.Decision.TierRateBp, result.Decision.AddOnBp));
    }

    [Theory]
    // repurchase R, B, add-on met, order rate — with conversion 5/20 (4 %) on ¥1,500:
    [InlineData(3, 10, true, 500)]           // 30 % → +1 %: 150,000 × 5 % = 7,500
    [InlineData(9, 29, true, 500)]           // 31.0 %
    [InlineData(2999, 10_000, false, 400)]   // 29.99 %: no add-on, 6,000
    [InlineData(0, 0, false, 400)]           // no customer in the window: "—", no add-on
    public void Repurchase_from_30_percent_adds_one_percent_to_every_order(long r, long b, bool met, int rateBp)
    {
        var result = Compute(Brief, Month.Input(Month.Orders(100_000, 50_000), 5, 20, r, b));
        Assert.All(result.Lines, l => Assert.Equal(rateBp, l.RateBp));
        Assert.Equal(150_000 * rateBp / 10_000, result.TotalFen);
        Assert.Equal(met ? [0] : [], result.Decision.AddOnsMet);
        Assert.Equal((met ? 100 : 0, rateBp), (result.Decision.AddOnBp, result.Decision.OrderRateBp));
    }

    [Theory]
    // base fen, rate bp, line fen: half away from zero, once per line
    [InlineData(12_345, 300, 370)]      // 370.35 → 370
    [InlineData(12_350, 300, 371)]      // 370.50 → 371
    [InlineData(12_349, 300, 370)]      // 370.47 → 370
    [InlineData(50, 100, 1)]            // 0.5 → 1
    [InlineData(49, 100, 0)]            // 0.49 → 0
    [InlineData(150, 100, 2)]           // 1.5 → 2
    [InlineData(1, 5_000, 1)]           // 0.5 → 1
    [InlineData(1, 4_999, 0)]           // 0.4999 → 0
    [InlineData(-50, 100, -1)]          // −0.5 → −1: a clawback mirrors the line it reverses
    [InlineData(-12_350, 300, -371)]
    [InlineData(-12_345, 300, -370)]
    [InlineData(0, 400, 0)]
    [InlineData(12_345, 0, 0)]
    [InlineData(10_000_000_000, 10_000, 10_000_000_000)]   // ¥100,000,000 at 100 %
    [InlineData(900_000_000_000_000, 123, 11_070_000_000_000)] // beyond any order: still exact
    [InlineData(-900_000_000_000_005, 5_000, -450_000_000_000_003)] // −…002.5 → −…003
    public void A_line_is_rounded_half_up_to_the_fen(long baseFen, int rateBp, long expected) =>
        Assert.Equal(expected, CommissionKernel.Apply(baseFen, rateBp));

    [Fact]
    public void The_total_is_the_sum_of_the_rounded_lines()
    {
        // Three orders of ¥123.50 at 3 %: 370.5 → 371 fen each, 1,113 fen; rounding the sum
        // (37,050 × 3 % = 1,111.5) would give 1,112.
        var result = Compute(Brief, Month.Input(Month.Orders(12_350, 12_350, 12_350), 4, 20));
        Assert.Equal([371L, 371L, 371L], result.Lines.Select(l => l.AmountFen));
        Assert.Equal(1_113, result.TotalFen);
    }

    [Fact]
    public void Each_order_line_names_its_order()
    {
        var orders = Month.Orders(100_000, 20_000);
        var result = Compute(Brief, Month.Input(orders, 4, 20));
        Assert.Equal(orders.Select(o => (o.OrderId, o.Number, o.CustomerName, o.BaseFen)),
            result.Lines.Select(l => (l.OrderId!.Value, l.OrderNumber!, l.CustomerName!, l.BaseFen)));
        Assert.Equal([3_000L, 600L], result.Lines.Select(l => l.AmountFen));
    }

    // ---- retroactive against marginal ----

    /// Below ¥1,000 2 %; from ¥1,000 3 %; from ¥2,000 5 %.
    private static PlanRules OnNetSales(TierApplication application) => Month.Validated(new PlanRules
    {
        BaseRateBp = 200, TierMeasure = CommissionMeasure.NetSales, Application = application,
        Tiers = [new PlanTier(100_000, 300), new PlanTier(200_000, 500)],
    });

    [Fact]
    public void Marginal_bands_split_an_order_across_an_edge_in_the_order_they_became_effective()
    {
        var orders = Month.Orders(80_000, 50_000, 70_000); // 2, 3 and 4 November
        orders.Reverse(); // given newest first: the bands still fill from the oldest
        var result = Compute(OnNetSales(TierApplication.Marginal), Month.Input(orders));
        // 80,000 @ 2 % = 1,600; the second order fills the base band (20,000 @ 2 % = 400) and
        // starts the next (30,000 @ 3 % = 900); the third 70,000 @ 3 % = 2,100 ends exactly on
        // ¥2,000, which counts as reached though no fen falls in it. 1,600 + 400 + 900 + 2,100 = 5,000.
        Assert.Equal(
            [("SO-0001", 80_000L, 200, 1_600L, -1), ("SO-0002", 20_000L, 200, 400L, -1), ("SO-0002", 30_000L, 300, 900L, 0), ("SO-0003", 70_000L, 300, 2_100L, 0)],
            result.Lines.Select(l => (l.OrderNumber!, l.BaseFen, l.RateBp, l.AmountFen, l.Band!.Value)));
        Assert.Equal(5_000, result.TotalFen);
        Assert.Equal((1, 500), (result.Decision.TierIndex, result.Decision.TierRateBp));

        // One more ¥100 on the 4th falls wholly in the top band: 10,000 @ 5 % = 500.
        var more = Compute(OnNetSales(TierApplication.Marginal), Month.Input(Month.Orders(80_000, 50_000, 70_000, 10_000)));
        Assert.Equal((10_000L, 500, 500L, 1), more.Lines.Select(l => (l.BaseFen, l.RateBp, l.AmountFen, l.Band!.Value)).Last());
        Assert.Equal(5_500, more.TotalFen);
    }

    [Fact]
    public void Retroactive_tiers_pay_the_whole_month_at_the_rate_reached()
    {
        // ¥2,000 net meets the ¥2,000 tier exactly: 80,000 × 5 % + 50,000 × 5 % + 70,000 × 5 % = 4,000 + 2,500 + 3,500.
        var result = Compute(OnNetSales(TierApplication.Retroactive), Month.Input(Month.Orders(80_000, 50_000, 70_000)));
        Assert.Equal([4_000L, 2_500L, 3_500L], result.Lines.Select(l => l.AmountFen));
        Assert.Equal(10_000, result.TotalFen);
        Assert.Equal(1, result.Decision.TierIndex);
        // One fen short of the edge, the whole month at 3 %: 79,999 × 3 % = 2,399.97 → 2,400; 1,500; 2,100.
        var below = Compute(OnNetSales(TierApplication.Retroactive), Month.Input(Month.Orders(79_999, 50_000, 70_000)));
        Assert.Equal(0, below.Decision.TierIndex);
        Assert.Equal(2_400 + 1_500 + 2_100, below.TotalFen);
    }

    /// Below 80 % of target 2 %; from 80 % 3 %; from 100 % 5 %.
    private static PlanRules OnAttainment(TierApplication application) => Month.Validated(new PlanRules
    {
        BaseRateBp = 200, TierMeasure = CommissionMeasure.Attainment, Application = application,
        Tiers = [new PlanTier(8_000, 300), new PlanTier(10_000, 500)],
    });

    [Fact]
    public void Marginal_bands_on_attainment_are_fractions_of_the_target()
    {
        // Target ¥1,000: edges at 80,000 and 100,000. 60,000 @ 2 % = 1,200; 30,000 → 20,000 @ 2 % = 400
        // and 10,000 @ 3 % = 300; 20,000 → 10,000 @ 3 % = 300 and 10,000 @ 5 % = 500. Total 2,700.
        var result = Compute(OnAttainment(TierApplication.Marginal), Month.Input(Month.Orders(60_000, 30_000, 20_000), target: 100_000));
        Assert.Equal([(60_000L, 1_200L), (20_000L, 400L), (10_000L, 300L), (10_000L, 300L), (10_000L, 500L)],
            result.Lines.Select(l => (l.BaseFen, l.AmountFen)));
        Assert.Equal(2_700, result.TotalFen);
        Assert.Equal(1, result.Decision.TierIndex);
    }

    [Fact]
    public void A_band_edge_on_attainment_is_the_least_whole_fen_that_meets_it()
    {
        // 80 % of ¥999.99 is 79,999.2 fen: 79,999 fen is 79.9992 % (below), 80,000 meets it.
        var result = Compute(OnAttainment(TierApplication.Marginal), Month.Input(Month.Orders(79_999, 2), target: 99_999));
        Assert.Equal([(79_999L, -1), (1L, -1), (1L, 0)], result.Lines.Select(l => (l.BaseFen, l.Band!.Value)));
        Assert.Equal(0, result.Decision.TierIndex);
    }

    [Fact]
    public void Without_a_target_attainment_tiers_are_never_reached()
    {
        // "—" meets nothing: 110,000 × 2 % = 2,200 in both applications.
        foreach (var application in new[] { TierApplication.Marginal, TierApplication.Retroactive })
        {
            var result = Compute(OnAttainment(application), Month.Input(Month.Orders(60_000, 30_000, 20_000)));
            Assert.Equal((2_200L, -1), (result.TotalFen, result.Decision.TierIndex));
        }
    }

    [Fact]
    public void Under_marginal_bands_an_add_on_lifts_every_band_and_a_cancelled_order_fills_nothing()
    {
        var rules = OnNetSales(TierApplication.Marginal) with { AddOns = [new PlanAddOn(CommissionMeasure.Repurchase, 3_000, 100)] };
        // 90,000 @ 3 % = 2,700; 0 (cancelled in the month) @ 3 % = 0; 30,000 → 10,000 @ 3 % = 300 and 20,000 @ 4 % = 800. 3,800.
        var result = Compute(rules, Month.Input(Month.Orders(90_000, 0, 30_000), r: 1, b: 2));
        Assert.Equal([(90_000L, 300, 2_700L), (0L, 300, 0L), (10_000L, 300, 300L), (20_000L, 400, 800L)],
            result.Lines.Select(l => (l.BaseFen, l.RateBp, l.AmountFen)));
        Assert.Equal(3_800, result.TotalFen);
    }

    [Fact]
    public void A_lost_order_under_marginal_bands_empties_them_from_the_top()
    {
        // Now: 91,000 + 10,000 = 101,000: 100,000 @ 2 % + 1,000 @ 3 % = 2,000 + 30 = 2,030.
        // Less one order of ¥100 the month is 91,000 @ 2 % = 1,820: the ¥100 lost takes 1,000 from
        // the 3 % band (30) and 9,000 from the base band (180), 210 in all, and the band reached
        // falls back to the base.
        var rules = OnNetSales(TierApplication.Marginal);
        var now = Month.Input(Month.Orders(91_000, 10_000));
        Assert.Equal(2_030, Compute(rules, now).TotalFen);
        var lost = TierNavigator.Hypothetical(now, 0, 0, 0, 10_000, now.Measures.With(0, 0, -1, -10_000));
        var after = Compute(rules, lost);
        Assert.Equal(Compute(rules, Month.Input(Month.Orders(91_000))).TotalFen, after.TotalFen);
        Assert.Equal(1_820, after.TotalFen);
        Assert.Equal([(-1_000L, 300, -30L), (-9_000L, 200, -180L)], after.Lines.Where(l => l.BaseFen < 0).Select(l => (l.BaseFen, l.RateBp, l.AmountFen)));
        Assert.Equal(-1, after.Decision.TierIndex);
    }

    // ---- override, guarantee, cap ----

    [Theory]
    // team net sales, override line (null: none): 0.5 %
    [InlineData(1_000_000L, 5_000L)]   // ¥10,000 × 0.5 % = ¥50
    [InlineData(12_345L, 62L)]         // 61.725 → 62
    [InlineData(0L, 0L)]
    [InlineData(null, null)]           // not a manager: no line
    public void A_manager_earns_the_override_on_the_teams_net_sales(long? teamNet, long? line)
    {
        var result = Compute(Brief, Month.Input(Month.Orders(100_000), 0, 0, teamNet: teamNet));
        var lines = result.Lines.Where(l => l.Kind == LineKind.Override).ToList();
        if (line is null) Assert.Empty(lines);
        else Assert.Equal((teamNet!.Value, 50, line.Value), (lines[0].BaseFen, lines[0].RateBp, lines[0].AmountFen));
        Assert.Equal(2_000 + (line ?? 0), result.TotalFen);
    }

    [Fact]
    public void A_plan_without_an_override_pays_none_to_a_manager()
    {
        var result = Compute(Brief with { ManagerOverrideBp = 0 }, Month.Input(Month.Orders(100_000), teamNet: 1_000_000));
        Assert.DoesNotContain(result.Lines, l => l.Kind == LineKind.Override);
    }

    [Theory]
    // order fen, conversion N/D, guarantee applies, guarantee line (0: none), total
    [InlineData(100_000, 0, 0, true, 98_000, 100_000)]      // 2,000 earned; topped up by 98,000 to ¥1,000
    [InlineData(3_000_000, 5, 20, true, 0, 120_000)]        // 3,000,000 × 4 % = 120,000 is above ¥1,000: no top-up
    [InlineData(2_500_000, 5, 20, true, 0, 100_000)]        // exactly ¥1,000 earned: no line
    [InlineData(100_000, 0, 0, false, 0, 2_000)]            // not in probation (or past its months)
    public void The_probation_guarantee_tops_up_to_its_amount(long fen, long n, long d, bool applies, long topUp, long total)
    {
        var result = Compute(Brief, Month.Input(Month.Orders(fen), n, d, guarantee: applies));
        var line = result.Lines.SingleOrDefault(l => l.Kind == LineKind.Guarantee);
        Assert.Equal(topUp, line?.AmountFen ?? 0);
        if (line is not null) Assert.Equal(fen * 200 / 10_000, line.BaseFen);
        Assert.Equal(total, result.TotalFen);
    }

    [Fact]
    public void A_cap_limits_orders_and_override_and_a_guarantee_tops_up_after_it()
    {
        var capped = Brief with { CapFen = 5_000, GuaranteeFen = 0, GuaranteeMonths = 0 };
        capped.Validate();
        // 200,000 × 4 % = 8,000 → capped at 5,000 by a line of −3,000.
        var result = Compute(capped, Month.Input(Month.Orders(200_000), 5, 20));
        Assert.Equal((LineKind.Cap, 8_000L, -3_000L), (result.Lines[^1].Kind, result.Lines[^1].BaseFen, result.Lines[^1].AmountFen));
        Assert.Equal(5_000, result.TotalFen);
        // 100,000 × 2 % = 2,000 + override 1,000,000 × 0.5 % = 5,000 = 7,000 → −2,000.
        var manager = Compute(capped, Month.Input(Month.Orders(100_000), teamNet: 1_000_000));
        Assert.Equal((-2_000L, 5_000L), (manager.Lines.Single(l => l.Kind == LineKind.Cap).AmountFen, manager.TotalFen));
        // Under the cap: no line.
        Assert.DoesNotContain(Compute(capped, Month.Input(Month.Orders(100_000))).Lines, l => l.Kind == LineKind.Cap);

        var both = Brief with { CapFen = 150_000 };
        both.Validate();
        // 5,000,000 × 4 % = 200,000 → 150,000, above the guarantee; 2,000 → topped up to 100,000.
        Assert.Equal(150_000, Compute(both, Month.Input(Month.Orders(5_000_000), 5, 20, guarantee: true)).TotalFen);
        Assert.Equal(100_000, Compute(both, Month.Input(Month.Orders(100_000), guarantee: true)).TotalFen);
    }

    // ---- refunds, clawbacks, adjustments ----

    [Fact]
    public void A_partial_refund_within_the_month_lowers_the_orders_base()
    {
        // ¥1,000 on 3 November, ¥300 refunded on the 20th: the month's net is 70,000 and so is the
        // order's base. The customer came straight to an order: conversion 1/1 → 4 %: 70,000 × 4 % = 2,800.
        var l = new MeasureLedger();
        var order = l.Order(MeasureLedger.Customer(), 100_000, MeasureLedger.At(11, 3));
        l.Refund(order, 30_000, MeasureLedger.At(11, 20));
        var m = l.Measure();
        var credit = new OrderCredit(order.Id, order.Number, "王总", order.EffectiveAt, order.TotalFen - 30_000);
        var result = Compute(Brief, Month.Input(m, [credit]));
        Assert.Equal(m.NetSalesFen, result.Lines.Sum(x => x.BaseFen));
        Assert.Equal((70_000L, 400, 2_800L), (result.Lines[0].BaseFen, result.Lines[0].RateBp, result.Lines[0].AmountFen));
    }

    [Fact]
    public void A_refund_of_a_closed_months_order_is_clawed_back_at_that_months_rate()
    {
        var adjustment = Guid.NewGuid();
        var order = Guid.NewGuid();
        var line = Guid.NewGuid();
        // October paid the order at 4 %; ¥300 refunded in November: −30,000 × 4 % = −1,200,
        // whatever November's own rate (3 % here: 100,000 × 3 % = 3,000).
        var claw = new ClawbackSource(adjustment, order, "SO-20261015-0003", "赵总", 30_000, 400, new DateOnly(2026, 10, 1), line);
        var result = Compute(Brief, Month.Input(Month.Orders(100_000), 4, 20, clawbacks: [claw]));
        var c = result.Lines.Single(l => l.Kind == LineKind.Clawback);
        Assert.Equal((-30_000L, 400, -1_200L, order, "SO-20261015-0003", "赵总", adjustment, "2026-10"),
            (c.BaseFen, c.RateBp, c.AmountFen, c.OrderId!.Value, c.OrderNumber!, c.CustomerName!, c.SourceId!.Value, c.Note!));
        Assert.Equal(3_000 - 1_200, result.TotalFen);
    }

    [Fact]
    public void A_whole_clawback_mirrors_the_rounding_of_the_line_it_reverses()
    {
        // Paid: 12,350 × 3 % = 370.5 → 371. Cancelled later: −12,350 × 3 % = −370.5 → −371.
        var paid = Compute(Brief, Month.Input(Month.Orders(12_350), 4, 20)).TotalFen;
        var claw = new ClawbackSource(Guid.NewGuid(), Guid.NewGuid(), "SO-1", "", 12_350, 300, new DateOnly(2026, 10, 1), null);
        var next = Compute(Brief, Month.Input([], clawbacks: [claw]));
        Assert.Equal((371L, -371L), (paid, next.TotalFen));
    }

    [Fact]
    public void Clawbacks_and_approved_adjustments_come_after_the_cap_and_the_guarantee()
    {
        var claw = new ClawbackSource(Guid.NewGuid(), Guid.NewGuid(), "SO-1", "", 50_000, 400, new DateOnly(2026, 10, 1), null);
        var bonus = new ApprovedAdjustment(Guid.NewGuid(), 50_000, "进步奖励");
        // Probation: 100,000 × 2 % = 2,000, topped up by 98,000; then −50,000 × 4 % = −2,000 and +50,000.
        var result = Compute(Brief, Month.Input(Month.Orders(100_000), guarantee: true, clawbacks: [claw], adjustments: [bonus]));
        Assert.Equal([LineKind.Order, LineKind.Guarantee, LineKind.Clawback, LineKind.Adjustment], result.Lines.Select(l => l.Kind));
        Assert.Equal([2_000L, 98_000L, -2_000L, 50_000L], result.Lines.Select(l => l.AmountFen));
        var adjustment = result.Lines[^1];
        Assert.Equal((bonus.Id, "进步奖励", 0L, 0), (adjustment.SourceId!.Value, adjustment.Note!, adjustment.BaseFen, adjustment.RateBp));
        Assert.Equal(148_000, result.TotalFen);
    }

    [Fact]
    public void A_month_without_orders_earns_nothing_but_its_guarantee()
    {
        Assert.Equal(0, Compute(Brief, Month.Input([])).TotalFen);
        Assert.Empty(Compute(Brief, Month.Input([])).Lines);
        Assert.Equal(100_000, Compute(Brief, Month.Input([], guarantee: true)).TotalFen);
    }
}
