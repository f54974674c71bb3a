using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Integrations.WeCom;
using Renhe.Modules.Org;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Sales.Customers;
using Renhe.Platform.Data;

namespace Renhe.Modules.Sales.WeComHandovers;

/// What other use cases call on the caller's context and in the caller's save: queue handovers
/// when custody moves in Renhe (the inheritance executor, the transfer approval), settle one when
/// WeCom says the customer refused (the job, the transfer_fail callback).
public static class WeComHandoverOutbox
{
    /// Queues one row per customer for WeCom's handover from <paramref name="fromEmployeeId"/> to
    /// <paramref name="toEmployeeId"/>. Adds the rows to <paramref name="db"/> without saving: they
    /// are stored with the custody change or not at all. Never calls WeCom.
    public static async Task<IReadOnlyList<WeComHandover>> QueueAsync(AppDbContext db, HandoverKind kind, IReadOnlyCollection<Guid> customerIds,
        Guid fromEmployeeId, Guid toEmployeeId, Guid originId, DateTimeOffset now, string? message = null, CancellationToken ct = default)
    {
        if (customerIds.Count == 0 || fromEmployeeId == toEmployeeId) return [];
        var userIds = await db.Employees.Where(e => e.Id == fromEmployeeId || e.Id == toEmployeeId)
            .Select(e => new { e.Id, e.WeComUserId }).ToDictionaryAsync(e => e.Id, e => e.WeComUserId, ct);
        var externals = await db.Customers.Where(c => customerIds.Contains(c.Id))
            .Select(c => new { c.Id, c.WeComExternalId }).ToDictionaryAsync(c => c.Id, c => c.WeComExternalId, ct);
        var rows = new List<WeComHandover>();
        foreach (var id in customerIds.Distinct().Where(externals.ContainsKey))
        {
            var row = WeComHandover.Queue(kind, id, externals[id], fromEmployeeId, userIds.GetValueOrDefault(fromEmployeeId), toEmployeeId,
                userIds.GetValueOrDefault(toEmployeeId), originId, message, now);
            db.WeComHandovers.Add(row);
            rows.Add(row);
        }
        return rows;
    }

    /// After an in-service handover was refused by the customer, the customer goes back to the
    /// employee who had it, so Renhe and WeCom agree on who serves them — unless the customer was
    /// moved again since (that later move stands) or the former owner is no longer working here.
    /// A resigned handover leaves custody with the heir: there is nobody to go back to.
    public static async Task ReturnIfRefusedAsync(AppDbContext db, WeComHandover row, DateTimeOffset now, CancellationToken ct)
    {
        if (row.Kind != HandoverKind.InService || row.State != HandoverState.Refused || row.ReturnedToOwner) return;
        var customer = await db.Customers.SingleOrDefaultAsync(c => c.Id == row.CustomerId && c.DeletedAt == null, ct);
        if (customer is null || customer.OwnerId != row.ToEmployeeId) return;
        if (await db.CustodyEntries.AnyAsync(e => e.CustomerId == row.CustomerId && e.At > row.QueuedAt, ct)) return;
        var formerWorks = await db.Employees.AnyAsync(e => e.Id == row.FromEmployeeId
            && (e.Status == EmploymentStatus.Active || e.Status == EmploymentStatus.Probation), ct);
        if (!formerWorks) return;
        db.CustodyEntries.Add(customer.ChangeCustody(row.FromEmployeeId, CustodyReason.TransferRefused, "企业微信：客户拒绝转接", ChangedBy.System, now));
        row.MarkReturnedToOwner();
    }

    /// WeCom's transfer_fail event (the receiver could not take the customer over): settles the
    /// open handover of that customer to that receiver and, for a refusal, gives the customer back.
    /// Runs in the callback's transaction and saves; a retried event finds nothing open and does nothing.
    public static async Task<bool> SettleTransferFailAsync(AppDbContext db, WeComExternalContactEvent e, CancellationToken ct)
    {
        if (e.ChangeType != ExternalContactChange.TransferFail) return false;
        var rows = await db.WeComHandovers.Where(h => h.ExternalUserId == e.ExternalUserId && h.TakeoverUserId == e.UserId
            && (h.State == HandoverState.Sent || h.State == HandoverState.Waiting)).ToListAsync(ct);
        var settled = false;
        foreach (var row in rows)
        {
            if (!row.RecordTransferFail(e.FailReason, e.CreateTime)) continue;
            settled = true;
            await ReturnIfRefusedAsync(db, row, e.CreateTime, ct);
        }
        if (settled) await db.SaveChangesAsync(ct);
        return settled;
    }
}
