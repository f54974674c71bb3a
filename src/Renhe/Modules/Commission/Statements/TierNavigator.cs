using Renhe.Modules.Commission.Plans;
using Renhe.Platform.Measures;

namespace Renhe.Modules.Commission.Statements;

/// A goal the navigator points at: the next tiers of the plan's ladder, and the add-ons not yet met.
public enum GoalKind { Tier, AddOn }

/// The least further orders that reach one goal, and what they would add to this month's commission.
/// <see cref="NewOrders"/> come from intent customers already in the conversion base,
/// <see cref="Repurchases"/> from customers of the repurchase base; <see cref="OtherOrders"/> are
/// orders that move no rate (for an amount goal). Unreachable: the pipeline holds too few customers.
public sealed record NavigatorStep(
    GoalKind Kind, int Index, CommissionMeasure Measure, long Threshold, int RateBp,
    bool Reachable, int NewOrders, int Repurchases, int OtherOrders, long GainFen)
{
    public int Orders => NewOrders + Repurchases + OtherOrders;
}

/// One lost order (a cancellation of an average order) would drop this goal, met today, and cost this much.
public sealed record NavigatorRisk(GoalKind Kind, int Index, CommissionMeasure Measure, long Threshold, long LossFen);

public sealed record Navigation(long AverageOrderFen, IReadOnlyList<NavigatorStep> Steps, IReadOnlyList<NavigatorRisk> Risks);

/// 冲档导航: from the person's live measures and the plan, the cheapest way to each next tier and
/// add-on, priced by running the same kernel on the hypothetical month (orders of the person's
/// average value over the trailing 90 days), and the goals one cancellation would lose.
public static class TierNavigator
{
    public static Navigation Navigate(PlanRules rules, CommissionInput input, long averageOrderFen)
    {
        var now = CommissionKernel.TotalOf(rules, input);
        var steps = new List<NavigatorStep>();
        var risks = new List<NavigatorRisk>();

        for (var i = 0; i < rules.Tiers.Count; i++)
        {
            var t = rules.Tiers[i];
            if (PlanRules.Meets(input.Measures, rules.TierMeasure, t.Threshold))
                Risk(GoalKind.Tier, i, rules.TierMeasure, t.Threshold);
            else
                steps.Add(Step(GoalKind.Tier, i, rules.TierMeasure, t.Threshold, t.RateBp));
        }
        for (var i = 0; i < rules.AddOns.Count; i++)
        {
            var a = rules.AddOns[i];
            if (PlanRules.Meets(input.Measures, a.Measure, a.Threshold))
                Risk(GoalKind.AddOn, i, a.Measure, a.Threshold);
            else
                steps.Add(Step(GoalKind.AddOn, i, a.Measure, a.Threshold, a.RateBp));
        }
        return new Navigation(averageOrderFen, steps, risks);

        NavigatorStep Step(GoalKind kind, int index, CommissionMeasure measure, long threshold, int rateBp)
        {
            var (reachable, n, r, o) = Needed(input.Measures, measure, threshold, averageOrderFen);
            var gain = reachable
                ? CommissionKernel.TotalOf(rules, Hypothetical(input, n, r, o, averageOrderFen)) - now
                : 0;
            return new NavigatorStep(kind, index, measure, threshold, rateBp, reachable, n, r, o, gain);
        }

        void Risk(GoalKind kind, int index, CommissionMeasure measure, long threshold)
        {
            var (converted, repurchased) = measure switch
            {
                CommissionMeasure.Conversion => (-1, 0),
                CommissionMeasure.Repurchase => (0, -1),
                _ => (0, 0),
            };
            var lost = input.Measures.With(converted, repurchased, -1, -averageOrderFen);
            if (PlanRules.Meets(lost, measure, threshold)) return;
            var after = CommissionKernel.TotalOf(rules, Hypothetical(input, converted, repurchased, 0, averageOrderFen, lost));
            risks.Add(new NavigatorRisk(kind, index, measure, threshold, now - after));
        }
    }

    /// The least orders that make <paramref name="measure"/> meet <paramref name="threshold"/>:
    /// conversion from intent customers in D not yet converted (at most D − N), repurchase from
    /// customers in B who have not bought again (at most B − R), amounts from orders of average value.
    public static (bool Reachable, int NewOrders, int Repurchases, int OtherOrders) Needed(
        PersonMeasures m, CommissionMeasure measure, long threshold, long averageOrderFen)
    {
        switch (measure)
        {
            case CommissionMeasure.Conversion:
            {
                var k = LeastToRate(m.Conversion, threshold);
                return k is { } n && n <= m.Conversion.Denominator - m.Conversion.Numerator ? (true, (int)n, 0, 0) : (false, 0, 0, 0);
            }
            case CommissionMeasure.Repurchase:
            {
                var k = LeastToRate(m.Repurchase, threshold);
                return k is { } r && r <= m.Repurchase.Denominator - m.Repurchase.Numerator ? (true, 0, (int)r, 0) : (false, 0, 0, 0);
            }
            default:
            {
                var goalFen = measure == CommissionMeasure.NetSales ? threshold
                    : m.TargetFen is > 0 ? (threshold * m.TargetFen.Value + Rate.Whole - 1) / Rate.Whole
                    : -1;
                if (goalFen < 0 || averageOrderFen <= 0) return (false, 0, 0, 0);
                var missing = goalFen - m.NetSalesFen;
                var k = missing <= 0 ? 1 : (missing + averageOrderFen - 1) / averageOrderFen;
                return k <= Platform.Validation.FieldLimits.Count ? (true, 0, 0, (int)k) : (false, 0, 0, 0);
            }
        }
    }

    /// The least k ≥ 1 with (N + k) / D meeting the threshold, D unchanged; null when D is empty.
    private static long? LeastToRate(Rate rate, long thresholdBp)
    {
        if (!rate.IsDefined) return null;
        var need = thresholdBp * rate.Denominator - rate.Numerator * Rate.Whole;
        return need <= 0 ? 1 : (need + Rate.Whole - 1) / Rate.Whole;
    }

    /// The month as it would be with these further orders of average value (or, for a risk, with
    /// one average order lost: a negative order, which the kernel takes off the top of marginal
    /// bands): the kernel's input, so the navigator's price is the plan's own.
    public static CommissionInput Hypothetical(CommissionInput input, int newOrders, int repurchases, int otherOrders, long averageOrderFen, PersonMeasures? measures = null)
    {
        var count = newOrders + repurchases + otherOrders;
        var orders = new List<OrderCredit>(input.Orders.Count + Math.Max(0, count) + 1);
        orders.AddRange(input.Orders);
        if (measures is not null)
            orders.Add(new OrderCredit(Guid.Empty, "", "", DateTimeOffset.MaxValue, -averageOrderFen));
        for (var i = 0; i < count; i++)
            orders.Add(new OrderCredit(Guid.Empty, "", "", DateTimeOffset.MaxValue, averageOrderFen));
        return input with
        {
            Measures = measures ?? input.Measures.With(newOrders, repurchases, count, count * averageOrderFen),
            Orders = orders,
        };
    }
}
