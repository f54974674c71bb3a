using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Sales.Customers;
using Renhe.Platform.Audit;
using Renhe.Platform.Data;

namespace Renhe.Platform.Signals;

/// What the audit log says a person did as a user: opened a customer's details, revealed a
/// customer's phone number, requested an export (of anything). An entry counts for the employee its
/// account is linked to (<see cref="Security.AppUser.EmployeeId"/>); entries of accounts without an
/// employee (integrations, the first administrator) and of the system count for nobody. One query.
public sealed class AuditSignalSource : ISignalSource
{
    public IReadOnlyList<string> Kinds { get; } = [SignalKinds.CustomerView, SignalKinds.PhoneReveal, SignalKinds.ExportRequest];

    public async Task<IReadOnlyList<Signal>> LoadAsync(AppDbContext db, DateTimeOffset from, DateTimeOffset to,
        IReadOnlySet<Guid>? people, CancellationToken ct)
    {
        var ids = people?.ToList();
        // An export that disclosed people's data is one overall entry plus one per person disclosed
        // (SubjectEmployeeId set, pointing at the overall one): the request is the overall entry.
        var entries = db.AuditEntries.AsNoTracking()
            .Where(a => a.At >= from && a.At < to && a.UserId != null)
            .Where(a => (a.Action == AuditAction.Read && (a.Entity == CustomerService.ViewAuditSubject || a.Entity == CustomerService.PhoneRevealAuditSubject))
                        || (a.Action == AuditAction.Export && a.SubjectEmployeeId == null))
            .Join(db.Users.Where(u => u.EmployeeId != null), a => a.UserId, u => u.Id, (a, u) => new { a.Id, a.At, a.Action, a.Entity, EmployeeId = u.EmployeeId!.Value });
        if (ids is not null) entries = entries.Where(x => EF.Parameter(ids).Contains(x.EmployeeId));
        var signals = new List<Signal>();
        foreach (var e in await entries.ToListAsync(ct))
        {
            var kind = e.Action == AuditAction.Export ? SignalKinds.ExportRequest
                : e.Entity == CustomerService.ViewAuditSubject ? SignalKinds.CustomerView
                : SignalKinds.PhoneReveal;
            signals.Add(new Signal(kind, e.EmployeeId, e.At, new SignalRef(SignalRecordTypes.Audit, e.Id.ToString("D", CultureInfo.InvariantCulture))));
        }
        return signals;
    }
}
