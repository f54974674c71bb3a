using CsCheck;
using Renhe.Modules.Commission.Plans;
using Renhe.Modules.Commission.Statements;
using Renhe.Platform.Measures;

namespace Renhe.Tests.Modules.Commission;

/// 冲档导航: the least further orders to each next goal, priced by the plan kernel itself, and the
/// goals one cancellation would lose.
public sealed class TierNavigatorTests
{
    private static readonly PlanRules Brief = PlanRules.Brief;

    [Fact]
    public void Two_more_customers_reach_25_percent_conversion()
    {
        // 3 of 20 at intent converted (15 %, 2 %), repurchase 2 of 10; three orders of ¥500: 150,000 × 2 % = 3,000.
        var input = Month.Input(Month.Orders(50_000, 50_000, 50_000), n: 3, d: 20, r: 2, b: 10);
        var nav = TierNavigator.Navigate(Brief, input, 50_000);

        Assert.Equal(
        [
            // 20 %: 4 of 20, one more order: 200,000 × 3 % = 6,000, 3,000 more.
            (GoalKind.Tier, 0, CommissionMeasure.Conversion, 2_000L, true, 1, 0, 0, 3_000L),
            // 25 %: 5 of 20, 再完成2个客户: 250,000 × 4 % = 10,000, 7,000 more.
            (GoalKind.Tier, 1, CommissionMeasure.Conversion, 2_500L, true, 2, 0, 0, 7_000L),
            // repurchase 30 %: 3 of 10, one more repurchase: 200,000 × (2 + 1) % = 6,000, 3,000 more.
            (GoalKind.AddOn, 0, CommissionMeasure.Repurchase, 3_000L, true, 0, 1, 0, 3_000L),
        ], nav.Steps.Select(s => (s.Kind, s.Index, s.Measure, s.Threshold, s.Reachable, s.NewOrders, s.Repurchases, s.OtherOrders, s.GainFen)));
        Assert.Equal(2, nav.Steps[1].Orders);
        Assert.Empty(nav.Risks);
        Assert.Equal(50_000, nav.AverageOrderFen);
    }

    [Fact]
    public void One_cancellation_that_drops_a_met_goal_is_a_risk()
    {
        // 5 of 20 (25 %), repurchase 3 of 10 (30 %): five orders of ¥500 at 5 %: 12,500.
        var input = Month.Input(Month.Orders(50_000, 50_000, 50_000, 50_000, 50_000), n: 5, d: 20, r: 3, b: 10);
        var nav = TierNavigator.Navigate(Brief, input, 50_000);

        Assert.Empty(nav.Steps);
        // 20 %: 4 of 20 still meets it, no risk. 25 %: 4 of 20 does not: the month at 3 % + 1 %,
        // 5 × 2,000 − 50,000 × 4 % = 8,000, 4,500 less. Repurchase 2 of 10: the month at 4 %, also
        // 8,000, 4,500 less.
        Assert.Equal(
            [(GoalKind.Tier, 1, CommissionMeasure.Conversion, 2_500L, 4_500L), (GoalKind.AddOn, 0, CommissionMeasure.Repurchase, 3_000L, 4_500L)],
            nav.Risks.Select(r => (r.Kind, r.Index, r.Measure, r.Threshold, r.LossFen)));
    }

    [Fact]
    public void A_goal_met_with_room_to_spare_is_no_risk()
    {
        // 6 of 20 (30 %): one loss leaves 25 %.
        var nav = TierNavigator.Navigate(Brief, Month.Input(Month.Orders(50_000), n: 6, d: 20), 50_000);
        Assert.Empty(nav.Risks);
        Assert.Equal([(GoalKind.AddOn, 0)], nav.Steps.Select(s => (s.Kind, s.Index)));
    }

    [Fact]
    public void Empty_denominators_make_the_rate_goals_unreachable()
    {
        var nav = TierNavigator.Navigate(Brief, Month.Input(Month.Orders(50_000)), 50_000);
        Assert.All(nav.Steps, s => Assert.Equal((false, 0, 0L), (s.Reachable, s.Orders, s.GainFen)));
        Assert.Equal(3, nav.Steps.Count);
    }

    [Fact]
    public void Amount_goals_need_orders_of_the_average_value()
    {
        var rules = Month.Validated(new PlanRules
        {
            BaseRateBp = 200, TierMeasure = CommissionMeasure.Attainment,
            Tiers = [new PlanTier(8_000, 300), new PlanTier(10_000, 500)],
        });
        // Target ¥1,000, net ¥700 at 2 %: 1,400. 80 % needs 10,000 more: one order of ¥200, the
        // month at 90 % and 3 %: 2,100 + 600 = 2,700, 1,300 more. 100 % needs 30,000: two orders,
        // 110 % at 5 %: 3,500 + 1,000 + 1,000 = 5,500, 4,100 more.
        var input = Month.Input(Month.Orders(70_000), target: 100_000);
        var nav = TierNavigator.Navigate(rules, input, 20_000);
        Assert.Equal([(0, 1, 1_300L), (1, 2, 4_100L)], nav.Steps.Select(s => (s.Index, s.OtherOrders, s.GainFen)));
        // An average of ¥70 needs ceil(10,000 / 7,000) = 2 and ceil(30,000 / 7,000) = 5 orders.
        Assert.Equal([2, 5], TierNavigator.Navigate(rules, input, 7_000).Steps.Select(s => s.OtherOrders));
        // No target, or no average: unreachable.
        Assert.All(TierNavigator.Navigate(rules, Month.Input(Month.Orders(70_000)), 30_000).Steps, s => Assert.False(s.Reachable));
        Assert.All(TierNavigator.Navigate(rules, input, 0).Steps, s => Assert.False(s.Reachable));
    }

    [Fact]
    public void Under_marginal_bands_a_risk_costs_what_the_lost_fens_earned()
    {
        var rules = Month.Validated(new PlanRules
        {
            BaseRateBp = 200, TierMeasure = CommissionMeasure.NetSales, Application = TierApplication.Marginal,
            Tiers = [new PlanTier(100_000, 300), new PlanTier(200_000, 500)],
        });
        // 101,000: 100,000 @ 2 % + 1,000 @ 3 % = 2,030. Losing ¥100 leaves 91,000 @ 2 % = 1,820: 210 less,
        // not the ¥100 at the top rate (300).
        var input = Month.Input(Month.Orders(91_000, 10_000));
        var nav = TierNavigator.Navigate(rules, input, 10_000);
        Assert.Equal((0, 210L), (nav.Risks.Single().Index, nav.Risks.Single().LossFen));
        // ¥2,000 needs 99,000 more: ten orders of ¥100; 99,000 @ 3 % + 1,000 @ 5 % = 2,970 + 50 more.
        var step = nav.Steps.Single();
        Assert.Equal((1, 10, 3_020L), (step.Index, step.OtherOrders, step.GainFen));
    }

    // ---- laws over random months and plans ----

    private static Gen<long> ThresholdFor(CommissionMeasure m) => m switch
    {
        CommissionMeasure.NetSales => Gen.Long[1, 3_000_000],
        CommissionMeasure.Attainment => Gen.Long[1, 30_000],
        _ => Gen.Long[1, 10_000],
    };

    private static readonly Gen<PlanRules> Plans =
        from measure in Gen.Enum<CommissionMeasure>()
        from thresholds in ThresholdFor(measure).Array[1, 3]
        from rates in Gen.Int[0, 1_000].Array[3]
        from marginal in Gen.Bool
        from baseRate in Gen.Int[0, 1_000]
        from addOnMeasures in Gen.Enum<CommissionMeasure>().Array[0, 2]
        from addOnRate in Gen.Int[0, 300]
        from addOnThreshold in Gen.Long[1, 10_000]
        from overrideBp in Gen.Int[0, 100]
        from cap in Gen.OneOf(Gen.Const((long?)null), Gen.Long[1, 50_000].Select(c => (long?)c))
        select Month.Validated(new PlanRules
        {
            BaseRateBp = baseRate,
            TierMeasure = measure,
            Tiers = thresholds.Distinct().Order().Select((t, i) => new PlanTier(t, rates[i])).ToList(),
            Application = marginal && measure is CommissionMeasure.NetSales or CommissionMeasure.Attainment ? TierApplication.Marginal : TierApplication.Retroactive,
            AddOns = addOnMeasures.Select(m => new PlanAddOn(m, m == CommissionMeasure.NetSales ? addOnThreshold * 100 : addOnThreshold, addOnRate)).ToList(),
            ManagerOverrideBp = overrideBp,
            CapFen = cap,
        });

    private static readonly Gen<(CommissionInput Input, long Average)> Months =
        from d in Gen.Int[0, 40]
        from n in Gen.Int[0, 40]
        from b in Gen.Int[0, 40]
        from r in Gen.Int[0, 40]
        from bases in Gen.Long[0, 300_000].Array[0, 12]
        from olderRefunds in Gen.OneOf(Gen.Const(0L), Gen.Long[1, 50_000])
        from target in Gen.OneOf(Gen.Const((long?)null), Gen.Long[1, 1_000_000].Select(t => (long?)t))
        from teamNet in Gen.OneOf(Gen.Const((long?)null), Gen.Long[0, 1_000_000].Select(t => (long?)t))
        from guarantee in Gen.Bool
        from average in Gen.Long[1, 200_000]
        let orders = Month.Orders(bases)
        select (Month.Input(Month.Measures(Math.Min(n, d), d, Math.Min(r, b), b, bases.Sum() - olderRefunds, target, bases.Length), orders,
            teamNet, guarantee), average);

    private static bool Meets(CommissionInput input, NavigatorStep s) => PlanRules.Meets(input.Measures, s.Measure, s.Threshold);

    [Fact]
    public void Each_step_is_the_least_number_of_orders_that_reaches_its_goal_and_is_priced_by_the_kernel()
    {
        Gen.Select(Plans, Months).Sample((rules, month) =>
        {
            var (input, average) = month;
            var nav = TierNavigator.Navigate(rules, input, average);
            var now = CommissionKernel.Compute(rules, input).TotalFen;
            foreach (var s in nav.Steps)
            {
                Assert.False(Meets(input, s), "a step is for a goal not met yet");
                if (!s.Reachable)
                {
                    // Even every intent customer (every repurchase-base customer) ordering would not do.
                    var all = TierNavigator.Hypothetical(input, (int)(input.Measures.Conversion.Denominator - input.Measures.Conversion.Numerator),
                        (int)(input.Measures.Repurchase.Denominator - input.Measures.Repurchase.Numerator), 0, average);
                    if (s.Measure is CommissionMeasure.Conversion or CommissionMeasure.Repurchase) Assert.False(Meets(all, s));
                    else
                    {
                        // An amount: no target to measure attainment on, or more orders than anyone plans.
                        var goal = s.Measure == CommissionMeasure.NetSales ? s.Threshold
                            : input.Measures.TargetFen is { } t ? (s.Threshold * t + 9_999) / 10_000 : (long?)null;
                        Assert.True(goal is null || goal - input.Measures.NetSalesFen > Renhe.Platform.Validation.FieldLimits.Count * average, $"{s.Measure} unreachable");
                    }
                    continue;
                }
                var enough = TierNavigator.Hypothetical(input, s.NewOrders, s.Repurchases, s.OtherOrders, average);
                Assert.True(Meets(enough, s), $"{s.Orders} orders reach {s.Measure} {s.Threshold}");
                Assert.Equal(1, (s.NewOrders > 0 ? 1 : 0) + (s.Repurchases > 0 ? 1 : 0) + (s.OtherOrders > 0 ? 1 : 0));
                var oneFewer = TierNavigator.Hypothetical(input, Math.Max(0, s.NewOrders - 1), Math.Max(0, s.Repurchases - 1), Math.Max(0, s.OtherOrders - 1), average);
                Assert.False(Meets(oneFewer, s), $"{s.Orders - 1} orders do not reach {s.Measure} {s.Threshold}");
                Assert.Equal(CommissionKernel.Compute(rules, enough).TotalFen - now, s.GainFen);
            }
        });
    }

    [Fact]
    public void A_risk_appears_exactly_when_one_lost_order_drops_a_met_goal()
    {
        Gen.Select(Plans, Months).Sample((rules, month) =>
        {
            var (input, average) = month;
            var nav = TierNavigator.Navigate(rules, input, average);
            var now = CommissionKernel.Compute(rules, input).TotalFen;
            var goals = rules.Tiers.Select((t, i) => (Kind: GoalKind.Tier, Index: i, Measure: rules.TierMeasure, t.Threshold))
                .Concat(rules.AddOns.Select((a, i) => (Kind: GoalKind.AddOn, Index: i, a.Measure, a.Threshold)));
            foreach (var g in goals)
            {
                var met = PlanRules.Meets(input.Measures, g.Measure, g.Threshold);
                var step = nav.Steps.Any(s => (s.Kind, s.Index) == (g.Kind, g.Index));
                var risk = nav.Risks.SingleOrDefault(r => (r.Kind, r.Index) == (g.Kind, g.Index));
                Assert.NotEqual(met, step);
                if (!met)
                {
                    Assert.Null(risk);
                    continue;
                }
                var (converted, repurchased) = g.Measure switch
                {
                    CommissionMeasure.Conversion => (-1, 0),
                    CommissionMeasure.Repurchase => (0, -1),
                    _ => (0, 0),
                };
                var lost = input.Measures.With(converted, repurchased, -1, -average);
                Assert.Equal(!PlanRules.Meets(lost, g.Measure, g.Threshold), risk is not null);
                if (risk is not null)
                    Assert.Equal(now - CommissionKernel.Compute(rules, TierNavigator.Hypothetical(input, 0, 0, 0, average, lost)).TotalFen, risk.LossFen);
            }
        });
    }

    /// Under marginal bands a lost order takes its fens off the top: the month afterwards is paid
    /// as the month whose newest orders are that much smaller (to half a fen of rounding per line).
    [Fact]
    public void Under_marginal_bands_a_lost_order_costs_the_newest_fens()
    {
        Gen.Select(Plans.Where(p => p.Application == TierApplication.Marginal).Select(p => p with { AddOns = [], CapFen = null }), Months)
            .Where(t => t.Item2.Input.Orders.Sum(o => o.BaseFen) >= t.Item2.Average)
            .Sample((rules, month) =>
            {
                var (input, average) = month;
                var lost = input.Measures.With(0, 0, -1, -average);
                var hypothetical = CommissionKernel.Compute(rules, TierNavigator.Hypothetical(input, 0, 0, 0, average, lost));
                var left = average;
                var truncated = new List<OrderCredit>();
                foreach (var o in input.Orders.AsEnumerable().Reverse())
                {
                    var take = Math.Min(left, o.BaseFen);
                    left -= take;
                    truncated.Insert(0, o with { BaseFen = o.BaseFen - take });
                }
                var model = CommissionKernel.Compute(rules, input with { Measures = lost, Orders = truncated });
                // Both are the same exact amount, each line rounded by at most half a fen.
                var slack = (hypothetical.Lines.Count + model.Lines.Count + 1) / 2;
                Assert.InRange(hypothetical.TotalFen - model.TotalFen, -slack, slack);
                Assert.Equal(model.Decision.TierIndex, hypothetical.Decision.TierIndex);
            });
    }
}
