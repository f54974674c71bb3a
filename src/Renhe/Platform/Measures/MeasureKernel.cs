namespace Renhe.Platform.Measures;

/// One person's measures for one period: the one definition commission, analytics, training and
/// alerts all read. The customer sets behind each rate are kept so a page can list them and the
/// navigator can pick its candidates from them.
public sealed record PersonMeasures(
    long NetSalesFen,
    int Orders,
    Rate Conversion,
    Rate Repurchase,
    Rate Attainment,
    long? TargetFen,
    IReadOnlySet<Guid> ConversionBase,
    IReadOnlySet<Guid> Converted,
    IReadOnlySet<Guid> RepurchaseBase,
    IReadOnlySet<Guid> Repurchased)
{
    public static readonly IReadOnlySet<Guid> None = new HashSet<Guid>();

    /// The measures had <paramref name="moreOrders"/> more orders worth <paramref name="moreNetFen"/>
    /// together, of which <paramref name="moreConverted"/> came from customers of the conversion
    /// base and <paramref name="moreRepurchased"/> from the repurchase base (negative: fewer): what
    /// the navigator asks the plan about.
    public PersonMeasures With(int moreConverted, int moreRepurchased, int moreOrders, long moreNetFen)
    {
        var net = NetSalesFen + moreNetFen;
        return this with
        {
            NetSalesFen = net,
            Orders = Orders + moreOrders,
            Conversion = Conversion with { Numerator = Conversion.Numerator + moreConverted },
            Repurchase = Repurchase with { Numerator = Repurchase.Numerator + moreRepurchased },
            Attainment = TargetFen is > 0 ? new Rate(net, TargetFen.Value) : Attainment,
        };
    }
}

/// The measures kernel: pure, no database. Definitions (PRODUCT.md §4, ADR 0016):
/// <list type="bullet">
/// <item><b>Net sales</b>: orders credited to the person that became effective in the period, minus
/// refunds and cancellations recorded in the period on any of their orders (a cancellation takes
/// the order's remaining amount, so an order cancelled in its own month nets to nothing).</item>
/// <item><b>Conversion (转化率)</b> N ÷ D. D: customers with no effective order before the conversion
/// window who stood at 意向 with the person at some time in it, or whose first effective order,
/// credited to the person, became effective in it. N: those of D whose first effective order,
/// credited to the person, became effective in the window and was not cancelled before the period ended.</item>
/// <item><b>Repurchase (复购率)</b> R ÷ B. B: customers whose first effective order, credited to the
/// person and not cancelled, lies in the window before the period. R: those of B with another order,
/// credited to the person, effective in the period and not cancelled.</item>
/// <item><b>Attainment</b>: net sales ÷ the person's published target for the month.</item>
/// </list>
/// Only records dated before the period's end count, so a closed month measures the same whenever
/// it is measured again: a later cancellation is the next month's business (a clawback).
public static class MeasureKernel
{
    public static PersonMeasures Compute(PersonFacts facts, MeasurePeriod period, long? targetFen)
    {
        var cancelled = new HashSet<Guid>();
        long net = 0;
        foreach (var a in facts.Adjustments)
        {
            if (a.At >= period.End) continue;
            if (a.IsCancellation) cancelled.Add(a.OrderId);
            if (a.At >= period.Start) net -= a.AmountFen;
        }

        var orders = 0;
        foreach (var o in facts.Orders)
        {
            if (o.EffectiveAt < period.Start || o.EffectiveAt >= period.End) continue;
            net += o.TotalFen;
            if (!cancelled.Contains(o.Id)) orders++;
        }

        var person = facts.PersonId;
        bool FirstIsMineIn(FirstOrder f, DateTimeOffset from, DateTimeOffset to) =>
            f.SalespersonId == person && f.At >= from && f.At < to;

        // Conversion over [ConversionFrom, End).
        var conversionBase = new HashSet<Guid>();
        var converted = new HashSet<Guid>();
        void Consider(Guid customer)
        {
            var first = facts.FirstOrders.GetValueOrDefault(customer);
            if (first is not null && first.At < period.ConversionFrom) return;
            conversionBase.Add(customer);
            if (first is not null && FirstIsMineIn(first, period.ConversionFrom, period.End) && !cancelled.Contains(first.OrderId))
                converted.Add(customer);
        }
        foreach (var s in facts.IntentSpells)
            if (s.From < period.End && (s.To is null || s.To > period.ConversionFrom)) Consider(s.CustomerId);
        foreach (var (customer, first) in facts.FirstOrders)
            if (FirstIsMineIn(first, period.ConversionFrom, period.End)) Consider(customer);

        // Repurchase: first orders in [RepurchaseFrom, Start), repeat orders in [Start, End).
        var repurchaseBase = new HashSet<Guid>();
        foreach (var (customer, first) in facts.FirstOrders)
            if (FirstIsMineIn(first, period.RepurchaseFrom, period.Start) && !cancelled.Contains(first.OrderId))
                repurchaseBase.Add(customer);
        var repurchased = new HashSet<Guid>();
        foreach (var o in facts.Orders)
        {
            if (o.EffectiveAt < period.Start || o.EffectiveAt >= period.End || cancelled.Contains(o.Id)) continue;
            if (repurchaseBase.Contains(o.CustomerId) && facts.FirstOrders[o.CustomerId].OrderId != o.Id)
                repurchased.Add(o.CustomerId);
        }

        return new PersonMeasures(
            net, orders,
            new Rate(converted.Count, conversionBase.Count),
            new Rate(repurchased.Count, repurchaseBase.Count),
            targetFen is > 0 ? new Rate(net, targetFen.Value) : default,
            targetFen,
            conversionBase, converted, repurchaseBase, repurchased);
    }

    /// Cycle time (转化周期): for each customer the person converted, the days from the start of its
    /// first time at 意向 with the person to its first effective order; customers who ordered
    /// without standing at 意向 with the person have no cycle.
    public static List<double> CycleDays(PersonFacts facts, PersonMeasures measures)
    {
        var cycles = new List<double>(measures.Converted.Count);
        foreach (var customer in measures.Converted)
        {
            DateTimeOffset? intent = null;
            foreach (var s in facts.IntentSpells)
                if (s.CustomerId == customer && (intent is null || s.From < intent)) intent = s.From;
            if (intent is { } from && facts.FirstOrders[customer].At >= from)
                cycles.Add((facts.FirstOrders[customer].At - from).TotalDays);
        }
        return cycles;
    }

    /// Net sales per day of <paramref name="zone"/> over the period: the same orders and adjustments
    /// as <see cref="Compute"/>, dated instead of summed.
    public static Dictionary<DateOnly, long> NetByDay(PersonFacts facts, DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone) =>
        facts.Orders.Where(o => o.EffectiveAt >= from && o.EffectiveAt < to).Select(o => (At: o.EffectiveAt, Fen: o.TotalFen))
            .Concat(facts.Adjustments.Where(a => a.At >= from && a.At < to).Select(a => (a.At, Fen: -a.AmountFen)))
            .GroupBy(x => Time.BranchCalendar.DayOf(x.At, zone))
            .ToDictionary(g => g.Key, g => g.Sum(x => x.Fen));

    /// The period [from, to) measured on its own (no look-back windows): for net sales over any range.
    /// Only net sales and orders are measured (the same sums as <see cref="Compute"/>); the rates are
    /// left undefined, sparing the customer sets a team's net sales does not need.
    public static PersonMeasures Net(PersonFacts facts, DateTimeOffset from, DateTimeOffset to)
    {
        HashSet<Guid>? cancelled = null;
        long net = 0;
        foreach (var a in facts.Adjustments)
        {
            if (a.At >= to) continue;
            if (a.IsCancellation) (cancelled ??= []).Add(a.OrderId);
            if (a.At >= from) net -= a.AmountFen;
        }
        var orders = 0;
        foreach (var o in facts.Orders)
        {
            if (o.EffectiveAt < from || o.EffectiveAt >= to) continue;
            net += o.TotalFen;
            if (cancelled is null || !cancelled.Contains(o.Id)) orders++;
        }
        return new PersonMeasures(net, orders, default, default, default, null,
            PersonMeasures.None, PersonMeasures.None, PersonMeasures.None, PersonMeasures.None);
    }

    /// The times each customer stood at 意向 while <paramref name="person"/> held it, from the stage
    /// ledger and the custody ledger of those customers (both in any order). A spell opens when the
    /// second of the two conditions starts to hold and closes when either stops.
    public static List<IntentSpell> IntentSpells(
        Guid person,
        IEnumerable<(Guid CustomerId, bool ToIntent, DateTimeOffset At)> stageChanges,
        IEnumerable<(Guid CustomerId, Guid? ToPerson, DateTimeOffset At)> custodyChanges)
    {
        var events = stageChanges.Select(s => (s.CustomerId, s.At, Order: 0, Stage: (bool?)s.ToIntent, Holder: (bool?)null))
            .Concat(custodyChanges.Select(c => (c.CustomerId, c.At, Order: 1, Stage: (bool?)null, Holder: (bool?)(c.ToPerson == person))))
            .GroupBy(e => e.CustomerId);
        var spells = new List<IntentSpell>();
        foreach (var customer in events)
        {
            bool atIntent = false, mine = false;
            DateTimeOffset? open = null;
            foreach (var e in customer.OrderBy(e => e.At).ThenBy(e => e.Order))
            {
                if (e.Stage is { } intent) atIntent = intent;
                if (e.Holder is { } held) mine = held;
                if (atIntent && mine) open ??= e.At;
                else if (open is { } from)
                {
                    if (e.At > from) spells.Add(new IntentSpell(customer.Key, from, e.At));
                    open = null;
                }
            }
            if (open is { } still) spells.Add(new IntentSpell(customer.Key, still, null));
        }
        return spells;
    }
}
