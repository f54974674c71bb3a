using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Integrations.WeCom;
using Renhe.Platform.Data;

namespace Renhe.Modules.Sales.Customers;

/// Links WeCom customer-contact events to customers. The event itself is archived by the risk
/// module (linked by the customer's external id, which is what this class matches on); here a
/// customer the company does not know yet becomes a lead owned by the employee who added it, with
/// the custody and stage ledgers saying so. Known customers keep their owner whatever the event:
/// ownership moves only through the pool, assignment or an approved transfer, never because a
/// salesperson added someone on WeCom.
public sealed class ContactEventLinker(IDbContextFactory<AppDbContext> dbFactory, ILogger<ContactEventLinker> log)
{
    public const string WeComSource = "企业微信";

    /// Returns the customer the event belongs to, or null when it names no known employee (the
    /// archive keeps and flags such events; a lead needs an owner).
    public async Task<Guid?> LinkAsync(WeComExternalContactEvent e, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(e.ExternalUserId)) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var existing = await db.Customers.Where(c => c.WeComExternalId == e.ExternalUserId).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
        if (existing is not null) return existing;
        if (e.ChangeType != ExternalContactChange.AddExternalContact && e.ChangeType != ExternalContactChange.EditExternalContact)
            return null;
        var employeeId = await db.Employees.Where(x => x.WeComUserId == e.UserId).Select(x => (Guid?)x.Id).FirstOrDefaultAsync(ct);
        if (employeeId is null) return null;

        // The customer came in when the employee added the contact on WeCom.
        var (customer, custody, stage) = Customer.Enter(employeeId, CustodyReason.WeComContact, e.State is null ? null : "state=" + e.State,
            ChangedBy.System, e.CreateTime);
        // WeCom's event carries no name; the salesperson completes it on the customer page.
        customer.Name = e.ExternalUserId.Length > 12 ? WeComSource + " " + e.ExternalUserId[^6..] : WeComSource + " " + e.ExternalUserId;
        customer.WeComExternalId = e.ExternalUserId;
        customer.SourceChannel = WeComSource;
        db.Customers.Add(customer);
        db.CustodyEntries.Add(custody);
        db.StageChanges.Add(stage);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // WeCom pushed the same add twice at once: the unique external id let one in.
            return await db.Customers.AsNoTracking().Where(c => c.WeComExternalId == e.ExternalUserId).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
        }
        log.LogInformation("New lead {Customer} from WeCom contact {External} for employee {Employee}", customer.Id, e.ExternalUserId, employeeId);
        return customer.Id;
    }
}
