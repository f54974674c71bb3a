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
    public long TotalFen
    {
        get
        {
            var total = 0L;
            for (var i = 0; i < Lines.Count; i++) total += Lines[i].AmountFen;
            return total;
        }
    }
}

/// The commission kernel: a plan version's rules applied to one person-month. Pure and
/// allocation-light, so a month close for thousands of people is dominated by reading the orders.
/// Each line is rounded half-up to the fen once (away from zero, so a clawback mirrors the line it
/// reverses); the total is the sum of the lines. Lines come in this order: the orders (at the rate
/// of the tier reached plus the add-ons met), the manager override, the cap (on orders and override),
/// the guarantee top-up (to the guarantee, after the cap), then clawbacks and approved adjustments:
/// those settle earlier months and corrections, so neither the cap nor the guarantee applies to them.
public static class CommissionKernel
{
    public static CommissionResult Compute(PlanRules rules, CommissionInput input)
    {
        var lines = new List<CommissionLine>(input.Orders.Count + input.Clawbacks.Count + input.Adjustments.Count + 4);
        var decision = Run(rules, input, lines, out _);
        return new CommissionResult(lines, decision);
    }

    /// What <see cref="Compute"/>'s lines add up to, by the same steps, without making the lines:
    /// for the navigator, which prices several hypothetical months on every look.
    public static long TotalOf(PlanRules rules, CommissionInput input)
    {
        Run(rules, input, null, out var total);
        return total;
    }

    /// The one computation: each line is added to <paramref name="total"/>, and to
    /// <paramref name="lines"/> when there are lines to keep.
    private static TierDecision Run(PlanRules rules, CommissionInput input, List<CommissionLine>? lines, out long total)
    {
        var m = input.Measures;
        List<int>? addOns = null;
        var addOnBp = 0;
        for (var i = 0; i < rules.AddOns.Count; i++)
        {
            if (!PlanRules.Meets(m, rules.AddOns[i].Measure, rules.AddOns[i].Threshold)) continue;
            if (lines is not null) (addOns ??= []).Add(i);
            addOnBp += rules.AddOns[i].RateBp;
        }

        var tier = -1;
        for (var i = 0; i < rules.Tiers.Count; i++)
            if (PlanRules.Meets(m, rules.TierMeasure, rules.Tiers[i].Threshold)) tier = i;

        total = 0;
        if (rules.Application == TierApplication.Marginal)
            tier = Marginal(rules, input, addOnBp, lines, ref total);
        else
        {
            var rate = RateOf(rules, tier) + addOnBp;
            var orders = input.Orders;
            for (var i = 0; i < orders.Count; i++)
            {
                var o = orders[i];
                var amount = Apply(o.BaseFen, rate);
                total += amount;
                lines?.Add(new CommissionLine(LineKind.Order, o.BaseFen, rate, amount, o.OrderId, o.Number, o.CustomerName));
            }
        }

        if (rules.ManagerOverrideBp > 0 && input.TeamNetSalesFen is { } team)
        {
            var amount = Apply(team, rules.ManagerOverrideBp);
            total += amount;
            lines?.Add(new CommissionLine(LineKind.Override, team, rules.ManagerOverrideBp, amount));
        }

        // What the orders and the override earned: what the cap limits and the guarantee tops up.
        if (rules.CapFen is { } cap && total > cap)
        {
            lines?.Add(new CommissionLine(LineKind.Cap, total, 0, cap - total));
            total = cap;
        }
        if (input.GuaranteeApplies && rules.GuaranteeFen > total)
        {
            lines?.Add(new CommissionLine(LineKind.Guarantee, total, 0, rules.GuaranteeFen - total));
            total = rules.GuaranteeFen;
        }

        for (var i = 0; i < input.Clawbacks.Count; i++)
        {
            var c = input.Clawbacks[i];
            var amount = Apply(-c.AmountFen, c.RateBp);
            total += amount;
            lines?.Add(new CommissionLine(LineKind.Clawback, -c.AmountFen, c.RateBp, amount,
                c.OrderId, c.OrderNumber, c.CustomerName, c.AdjustmentId, Band: null, Note: c.OrderMonth.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)));
        }
        for (var i = 0; i < input.Adjustments.Count; i++)
        {
            var a = input.Adjustments[i];
            total += a.AmountFen;
            lines?.Add(new CommissionLine(LineKind.Adjustment, 0, 0, a.AmountFen, SourceId: a.Id, Note: a.Reason));
        }

        return new TierDecision(tier, RateOf(rules, tier), (IReadOnlyList<int>?)addOns ?? [], addOnBp);
    }

    /// Below this magnitude a base times any rate up to 16,384 bp fits a long exactly.
    private const long ExactBase = 1L << 48;

    /// <paramref name="baseFen"/> × <paramref name="rateBp"/> / 10,000, rounded half away from zero to the fen.
    /// In integers for every amount a statement meets (up to ¥2.8 trillion); in decimal beyond.
    public static long Apply(long baseFen, int rateBp)
    {
        if (baseFen > -ExactBase && baseFen < ExactBase && rateBp is >= -(1 << 14) and <= 1 << 14)
        {
            var product = baseFen * rateBp;
            var (fen, rest) = Math.DivRem(product, Rate.Whole);
            if (2 * Math.Abs(rest) >= Rate.Whole) fen += Math.Sign(product);
            return fen;
        }
        return (long)Math.Round(baseFen * (decimal)rateBp / Rate.Whole, MidpointRounding.AwayFromZero);
    }

    private static int RateOf(PlanRules rules, int tier) => tier < 0 ? rules.BaseRateBp : rules.Tiers[tier].RateBp;

    /// The month's orders fill the bands in the order they became effective (their base: what is
    /// left of each after this month's refunds of it; refunds of earlier months' orders are
    /// clawbacks and fill nothing); an order that crosses a band's lower edge is split into one line
    /// per band. A negative base (an order lost, in the navigator's hypothetical month) empties the
    /// bands from the top, each part at the rate it was filled at. Returns the band the filled
    /// amount ends in: an edge met exactly counts as reached.
    private static int Marginal(PlanRules rules, CommissionInput input, int addOnBp, List<CommissionLine>? lines, ref long total)
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
        var orders = InEffectiveOrder(input.Orders);
        var filled = 0L;
        for (var k = 0; k < orders.Count; k++)
        {
            var o = orders[k];
            var left = o.BaseFen;
            if (left == 0)
            {
                var rate = RateOf(rules, BandOf(edges, filled)) + addOnBp;
                lines?.Add(new CommissionLine(LineKind.Order, 0, rate, 0, o.OrderId, o.Number, o.CustomerName, Band: BandOf(edges, filled)));
            }
            while (left > 0)
            {
                var band = BandOf(edges, filled);
                var room = band + 1 < edges.Length ? edges[band + 1] - filled : long.MaxValue;
                var part = Math.Min(left, room);
                var rate = RateOf(rules, band) + addOnBp;
                var amount = Apply(part, rate);
                total += amount;
                lines?.Add(new CommissionLine(LineKind.Order, part, rate, amount, o.OrderId, o.Number, o.CustomerName, Band: band));
                filled += part;
                left -= part;
            }
            while (left < 0)
            {
                // The band the last fen filled lies in, and how much of it is filled.
                var band = BandOf(edges, filled - 1);
                var room = band < 0 ? long.MaxValue : filled - edges[band];
                var part = Math.Max(left, -room);
                var rate = RateOf(rules, band) + addOnBp;
                var amount = Apply(part, rate);
                total += amount;
                lines?.Add(new CommissionLine(LineKind.Order, part, rate, amount, o.OrderId, o.Number, o.CustomerName, Band: band));
                filled += part;
                left -= part;
            }
        }
        return BandOf(edges, filled);
    }

    /// The highest band whose lower edge <paramref name="filled"/> reaches (-1: the base band).
    private static int BandOf(long[] edges, long filled)
    {
        var band = -1;
        while (band + 1 < edges.Length && filled >= edges[band + 1]) band++;
        return band;
    }

    /// The orders by effective time, then number (stable, so the navigator's hypothetical orders
    /// keep the order they were added in); the list itself when already so.
    private static IReadOnlyList<OrderCredit> InEffectiveOrder(IReadOnlyList<OrderCredit> orders)
    {
        for (var i = 1; i < orders.Count; i++)
        {
            if (Compare(orders[i - 1], orders[i]) <= 0) continue;
            var index = new int[orders.Count];
            for (var j = 0; j < index.Length; j++) index[j] = j;
            Array.Sort(index, (a, b) => Compare(orders[a], orders[b]) is var c && c != 0 ? c : a.CompareTo(b));
            var sorted = new OrderCredit[index.Length];
            for (var j = 0; j < index.Length; j++) sorted[j] = orders[index[j]];
            return sorted;
        }
        return orders;

        static int Compare(OrderCredit x, OrderCredit y) =>
            x.EffectiveAt.CompareTo(y.EffectiveAt) is var c && c != 0 ? c : string.CompareOrdinal(x.Number, y.Number);
    }

    private static long CeilDiv(long a, long b) => (a + b - 1) / b;
}
