using Renhe.Modules.Commission.Plans;
using Renhe.Platform.Measures;

namespace Renhe.Modules.Commission.Statements;

public enum LineKind { Order, Clawback, Override, Cap, Guarantee, Adjustment }

/// An order effective in the month, credited to the person; <see cref="BaseFen"/> is its total less
/// what was refunded or cancelled of it within the month (later refunds are clawbacks elsewhere).
public sealed record OrderCredit(Guid OrderId, string Number, string CustomerName, DateTimeOffset EffectiveAt, long BaseFen);

/// A refund or cancellation recorded this month on an order of an earlier month: clawed back at the
/// rate the earlier statement applied to that order.
public sealed record ClawbackSource(Guid AdjustmentId, Guid OrderId, string OrderNumber, string CustomerName, long AmountFen, int RateBp, DateOnly OrderMonth, Guid? SourceLineId);

/// An approved adjustment (a manager's request or an accepted dispute) booked in this month.
public sealed record ApprovedAdjustment(Guid Id, long AmountFen, string Reason);

public sealed record CommissionInput(
    PersonMeasures Measures,
    IReadOnlyList<OrderCredit> Orders,
    IReadOnlyList<ClawbackSource> Clawbacks,
    long? TeamNetSalesFen,
    bool GuaranteeApplies,
    IReadOnlyList<ApprovedAdjustment> Adjustments);

/// One explained line of a statement. <see cref="Band"/>: under a marginal plan, the tier band
/// (-1 for the base band) this part of the order fell in.
public sealed record CommissionLine(
    LineKind Kind, long BaseFen, int RateBp, long AmountFen,
    Guid? OrderId = null, string? OrderNumber = null, string? CustomerName = null, Guid? SourceId = null, string? Note = null, int? Band = null);

/// Which tier was reached (-1: the base rate) and which add-ons were met, for the explanation.
public sealed record TierDecision(int TierIndex, int TierRateBp, IReadOnlyList<int> AddOnsMet, int AddOnBp)
{
    public int OrderRateBp => TierRateBp + AddOnBp;
}

public sealed record CommissionResult(IReadOnlyList<CommissionLine> Lines, TierDecision Decision)
{
    public long TotalFen => Lines.Sum(l => l.AmountFen);
}

/// The commission kernel: a plan version's rules applied to one person-month. Pure and
/// allocation-light, so a month close for thousands of people is dominated by reading the orders.
/// Each line is rounded half-up to the fen once (away from zero, so a clawback mirrors the line it
/// reverses); the total is the sum of the lines.
public static class CommissionKernel
{
    public static CommissionResult Compute(PlanRules rules, CommissionInput input)
    {
        var m = input.Measures;
        var addOns = new List<int>();
        var addOnBp = 0;
        for (var i = 0; i < rules.AddOns.Count; i++)
        {
            if (!PlanRules.Meets(m, rules.AddOns[i].Measure, rules.AddOns[i].Threshold)) continue;
            addOns.Add(i);
            addOnBp += rules.AddOns[i].RateBp;
        }

        var tier = -1;
        for (var i = 0; i < rules.Tiers.Count; i++)
            if (PlanRules.Meets(m, rules.TierMeasure, rules.Tiers[i].Threshold)) tier = i;

        var lines = new List<CommissionLine>(input.Orders.Count + input.Clawbacks.Count + 4);
        if (rules.Application == TierApplication.Marginal)
            tier = Marginal(rules, input, addOnBp, lines);
        else
        {
            var rate = RateOf(rules, tier) + addOnBp;
            foreach (var o in input.Orders)
                lines.Add(new CommissionLine(LineKind.Order, o.BaseFen, rate, Apply(o.BaseFen, rate), o.OrderId, o.Number, o.CustomerName));
        }

        if (rules.ManagerOverrideBp > 0 && input.TeamNetSalesFen is { } team)
            lines.Add(new CommissionLine(LineKind.Override, team, rules.ManagerOverrideBp, Apply(team, rules.ManagerOverrideBp)));

        var earned = 0L;
        foreach (var l in lines) earned += l.AmountFen;
        if (rules.CapFen is { } cap && earned > cap)
        {
            lines.Add(new CommissionLine(LineKind.Cap, earned, 0, cap - earned));
            earned = cap;
        }
        if (input.GuaranteeApplies && rules.GuaranteeFen > earned)
            lines.Add(new CommissionLine(LineKind.Guarantee, earned, 0, rules.GuaranteeFen - earned));

        foreach (var c in input.Clawbacks)
            lines.Add(new CommissionLine(LineKind.Clawback, -c.AmountFen, c.RateBp, Apply(-c.AmountFen, c.RateBp),
                c.OrderId, c.OrderNumber, c.CustomerName, c.AdjustmentId, Band: null, Note: c.OrderMonth.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)));
        foreach (var a in input.Adjustments)
            lines.Add(new CommissionLine(LineKind.Adjustment, 0, 0, a.AmountFen, SourceId: a.Id, Note: a.Reason));

        return new CommissionResult(lines, new TierDecision(tier, RateOf(rules, tier), addOns, addOnBp));
    }

    /// <paramref name="baseFen"/> × <paramref name="rateBp"/> / 10,000, rounded half away from zero to the fen.
    public static long Apply(long baseFen, int rateBp) =>
        (long)Math.Round(baseFen * (decimal)rateBp / Rate.Whole, MidpointRounding.AwayFromZero);

    private static int RateOf(PlanRules rules, int tier) => tier < 0 ? rules.BaseRateBp : rules.Tiers[tier].RateBp;

    /// Net sales fill the bands in the order the orders became effective; an order that crosses a
    /// band's lower edge is split into one line per band. Returns the highest band reached.
    private static int Marginal(PlanRules rules, CommissionInput input, int addOnBp, List<CommissionLine> lines)
    {
        var edges = new long[rules.Tiers.Count];
        var target = input.Measures.TargetFen;
        for (var i = 0; i < edges.Length; i++)
        {
            var t = rules.Tiers[i].Threshold;
            edges[i] = rules.TierMeasure == CommissionMeasure.Attainment
                ? target is > 0 ? CeilDiv(t * target.Value, Rate.Whole) : long.MaxValue
                : t;
        }
        var filled = 0L;
        var reached = -1;
        foreach (var o in input.Orders.OrderBy(o => o.EffectiveAt).ThenBy(o => o.Number, StringComparer.Ordinal))
        {
            if (o.BaseFen <= 0)
            {
                var rate = RateOf(rules, reached) + addOnBp;
                lines.Add(new CommissionLine(LineKind.Order, o.BaseFen, rate, Apply(o.BaseFen, rate), o.OrderId, o.Number, o.CustomerName, Band: reached));
                continue;
            }
            var left = o.BaseFen;
            while (left > 0)
            {
                var band = -1;
                while (band + 1 < edges.Length && filled >= edges[band + 1]) band++;
                var room = band + 1 < edges.Length ? edges[band + 1] - filled : long.MaxValue;
                var part = Math.Min(left, room);
                var rate = RateOf(rules, band) + addOnBp;
                lines.Add(new CommissionLine(LineKind.Order, part, rate, Apply(part, rate), o.OrderId, o.Number, o.CustomerName, Band: band));
                filled += part;
                left -= part;
                if (band > reached) reached = band;
            }
        }
        // A band edge met exactly by the last order counts as reached.
        while (reached + 1 < edges.Length && filled >= edges[reached + 1]) reached++;
        return reached;
    }

    private static long CeilDiv(long a, long b) => (a + b - 1) / b;
}
