using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Sales.Customers;
using Renhe.Modules.Sales.Orders;
using Renhe.Platform.Data;

namespace Renhe.Platform.Measures;

/// Reads what <see cref="MeasureKernel"/> needs for many people at once, a handful of queries
/// whatever their number, so a month close for thousands of people costs the same few round trips.
public static class MeasureFactsLoader
{
    /// Facts for each of <paramref name="people"/> over [<paramref name="from"/>, <paramref name="to"/>):
    /// <paramref name="from"/> is the earliest window start of the periods they will measure
    /// (<see cref="MeasurePeriod.FactsFrom"/>), <paramref name="to"/> the latest period end.
    /// Without <paramref name="withFunnel"/> only orders and adjustments are read: enough for net sales.
    /// Every list goes to the database as one array parameter (EF.Parameter), not EF Core 10's
    /// default of one parameter per element: a month close names hundreds of thousands of
    /// customers, past SQLite's limit of 32,766 variables ("too many SQL variables").
    public static async Task<Dictionary<Guid, PersonFacts>> LoadAsync(
        AppDbContext db, IReadOnlyCollection<Guid> people, DateTimeOffset from, DateTimeOffset to, CancellationToken ct, bool withFunnel = true)
    {
        var ids = people.Distinct().ToList();
        var orders = await db.Orders.AsNoTracking().Where(OrderFact.Counts)
            .Where(o => EF.Parameter(ids).Contains(o.SalespersonId) && o.EffectiveAt >= from && o.EffectiveAt < to)
            .Select(o => new OrderFact(o.Id, o.Number, o.CustomerId, o.SalespersonId, o.TotalFen, o.EffectiveAt!.Value))
            .ToListAsync(ct);

        // Every adjustment follows its order's effective date, so one date filter finds both the
        // window's orders' adjustments and the period's adjustments of older orders.
        var adjustments = await db.OrderAdjustments.AsNoTracking()
            .Where(a => a.At >= from && a.At < to)
            .Join(db.Orders.Where(o => EF.Parameter(ids).Contains(o.SalespersonId)), a => a.OrderId, o => o.Id, (a, o) => new
            {
                o.SalespersonId,
                Fact = new AdjustmentFact(a.Id, a.OrderId, o.Number, o.CustomerId, o.EffectiveAt!.Value, a.Kind == OrderAdjustmentKind.Cancellation, a.AmountFen, a.At),
            })
            .ToListAsync(ct);

        if (!withFunnel)
        {
            var byPerson = adjustments.ToLookup(a => a.SalespersonId, a => a.Fact);
            var ordersOf = orders.ToLookup(o => o.SalespersonId);
            return ids.ToDictionary(id => id, id => PersonFacts.Empty(id) with { Orders = ordersOf[id].ToList(), Adjustments = byPerson[id].ToList() });
        }

        // Only customers that reached 意向 before the end can have an intent spell, so customers a
        // person held that never did need no ledgers: their first orders matter only when credited
        // to the person inside the window, and those are among the person's orders read above.
        // One read of the custody ledger of those customers gives both who held them and when.
        var intentBeforeEnd = db.StageChanges.Where(s => s.At < to && s.ToStage == CustomerStage.Intent).Select(s => s.CustomerId);
        var heldByThem = db.CustodyEntries
            .Where(c => c.At < to && c.ToEmployeeId != null && EF.Parameter(ids).Contains(c.ToEmployeeId.Value))
            .Select(c => c.CustomerId);
        var custody = await db.CustodyEntries.AsNoTracking()
            .Where(c => c.At < to && heldByThem.Contains(c.CustomerId) && intentBeforeEnd.Contains(c.CustomerId))
            .Select(c => new { c.CustomerId, c.ToEmployeeId, c.At })
            .ToListAsync(ct);
        var measured = ids.ToHashSet();
        var held = custody.Where(c => c.ToEmployeeId is { } holder && measured.Contains(holder))
            .Select(c => (Person: c.ToEmployeeId!.Value, c.CustomerId)).Distinct().ToList();
        var heldCustomers = custody.Select(c => c.CustomerId).Distinct().ToList();
        var stages = await db.StageChanges.AsNoTracking()
            .Where(s => s.At < to && EF.Parameter(heldCustomers).Contains(s.CustomerId))
            .Select(s => new { s.CustomerId, ToIntent = s.ToStage == CustomerStage.Intent, s.At })
            .ToListAsync(ct);

        // First orders of every customer named so far, whoever they were credited to. The orders
        // read above are not read again: only older ones and other people's.
        var named = orders.Select(o => o.CustomerId).Concat(heldCustomers).Distinct().ToList();
        var others = await db.Orders.AsNoTracking().Where(OrderFact.Counts)
            .Where(o => o.EffectiveAt < to && EF.Parameter(named).Contains(o.CustomerId)
                        && !(o.EffectiveAt >= from && EF.Parameter(ids).Contains(o.SalespersonId)))
            .Select(o => new { o.CustomerId, o.Id, o.SalespersonId, At = o.EffectiveAt!.Value })
            .ToListAsync(ct);
        var firstOrders = new Dictionary<Guid, FirstOrder>(named.Count);
        void Offer(Guid customer, Guid id, Guid salesperson, DateTimeOffset at)
        {
            if (!firstOrders.TryGetValue(customer, out var first) || (at, id).CompareTo((first.At, first.OrderId)) < 0)
                firstOrders[customer] = new FirstOrder(id, salesperson, at);
        }
        foreach (var o in orders) Offer(o.CustomerId, o.Id, o.SalespersonId, o.EffectiveAt);
        foreach (var o in others) Offer(o.CustomerId, o.Id, o.SalespersonId, o.At);

        var ordersBy = orders.ToLookup(o => o.SalespersonId);
        var adjustmentsBy = adjustments.ToLookup(a => a.SalespersonId, a => a.Fact);
        var heldBy = held.ToLookup(h => h.Person, h => h.CustomerId);
        var stagesBy = stages.ToLookup(s => s.CustomerId);
        var custodyBy = custody.ToLookup(c => c.CustomerId);
        var result = new Dictionary<Guid, PersonFacts>(ids.Count);
        foreach (var person in ids)
        {
            var mine = heldBy[person].ToList();
            var spells = MeasureKernel.IntentSpells(person,
                mine.SelectMany(c => stagesBy[c]).Select(s => (s.CustomerId, s.ToIntent, s.At)),
                mine.SelectMany(c => custodyBy[c]).Select(c => (c.CustomerId, c.ToEmployeeId, c.At)));
            var personOrders = ordersBy[person].ToList();
            var customers = personOrders.Select(o => o.CustomerId).Concat(mine).Distinct();
            var firsts = new Dictionary<Guid, FirstOrder>();
            foreach (var c in customers)
                if (firstOrders.TryGetValue(c, out var f)) firsts[c] = f;
            result[person] = new PersonFacts(person, personOrders, adjustmentsBy[person].ToList(), spells, firsts);
        }
        return result;
    }
}
