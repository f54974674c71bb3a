using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Sales.Customers;
using Renhe.Platform.Data;
using Renhe.Platform.Measures;
using Renhe.Platform.Signals;

namespace Renhe.Modules.Sales.Signals;

/// What the sales ledgers say a person did: follow-ups (on their own customers or on others'),
/// orders credited to them becoming effective, and customers they gained or lost. Three queries,
/// whatever the range; every list goes to the database as one array parameter.
public sealed class SalesSignalSource : ISignalSource
{
    public IReadOnlyList<string> Kinds { get; } =
        [SignalKinds.FollowUpOwn, SignalKinds.FollowUpOther, SignalKinds.OrderEffective, SignalKinds.CustodyChange];

    public async Task<IReadOnlyList<Signal>> LoadAsync(AppDbContext db, DateTimeOffset from, DateTimeOffset to,
        IReadOnlySet<Guid>? people, CancellationToken ct)
    {
        var ids = people?.ToList();
        var signals = new List<Signal>();

        // OwnCustomer is what the follow-up service recorded when it was logged: whether the author
        // held the customer then, which a later transfer does not change.
        var followUps = db.FollowUps.AsNoTracking().Where(f => f.At >= from && f.At < to);
        if (ids is not null) followUps = followUps.Where(f => EF.Parameter(ids).Contains(f.EmployeeId));
        foreach (var f in await followUps.Select(f => new { f.Id, f.EmployeeId, f.At, f.OwnCustomer }).ToListAsync(ct))
            signals.Add(new Signal(f.OwnCustomer ? SignalKinds.FollowUpOwn : SignalKinds.FollowUpOther, f.EmployeeId, f.At,
                new SignalRef(SignalRecordTypes.FollowUp, Key(f.Id))));

        // The orders net sales counts, at the instant they became effective, for their full amount:
        // a later refund or cancellation is its own event and does not unmake this one.
        var orders = db.Orders.AsNoTracking().Where(OrderFact.Counts).Where(o => o.EffectiveAt >= from && o.EffectiveAt < to);
        if (ids is not null) orders = orders.Where(o => EF.Parameter(ids).Contains(o.SalespersonId));
        var effective = await orders.Select(o => new { o.Id, o.CustomerId, o.SalespersonId, At = o.EffectiveAt!.Value, o.TotalFen }).ToListAsync(ct);
        var customers = effective.Select(o => o.CustomerId).Distinct().ToList();
        var incomplete = customers.Count == 0
            ? []
            : (await db.Customers.AsNoTracking().Where(Customer.Incomplete).Where(c => EF.Parameter(customers).Contains(c.Id))
                .Select(c => c.Id).ToListAsync(ct)).ToHashSet();
        foreach (var o in effective)
            signals.Add(new Signal(SignalKinds.OrderEffective, o.SalespersonId, o.At, new SignalRef(SignalRecordTypes.Order, Key(o.Id)),
                Value: o.TotalFen, Category: incomplete.Contains(o.CustomerId) ? SignalKinds.IncompleteCustomer : null));

        // One custody entry is a loss for the one who had the customer and a gain for the one who got it.
        var custody = db.CustodyEntries.AsNoTracking().Where(c => c.At >= from && c.At < to && (c.FromEmployeeId != null || c.ToEmployeeId != null));
        if (ids is not null)
            custody = custody.Where(c => (c.FromEmployeeId != null && EF.Parameter(ids).Contains(c.FromEmployeeId.Value))
                                         || (c.ToEmployeeId != null && EF.Parameter(ids).Contains(c.ToEmployeeId.Value)));
        foreach (var c in await custody.Select(c => new { c.Id, c.FromEmployeeId, c.ToEmployeeId, c.At }).ToListAsync(ct))
        {
            var record = new SignalRef(SignalRecordTypes.Custody, Key(c.Id));
            if (c.FromEmployeeId is { } lost && (people is null || people.Contains(lost)))
                signals.Add(new Signal(SignalKinds.CustodyChange, lost, c.At, record, Value: -1));
            if (c.ToEmployeeId is { } gained && (people is null || people.Contains(gained)))
                signals.Add(new Signal(SignalKinds.CustodyChange, gained, c.At, record, Value: 1));
        }
        return signals;
    }

    private static string Key(Guid id) => id.ToString("D", CultureInfo.InvariantCulture);
}
