using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Integrations.WeCom;
using Renhe.Modules.Sales.WeComHandovers;
using Renhe.Platform.Data;

namespace Renhe.Modules.Sales.Customers;

/// Links WeCom customer-contact events to customers. The event itself is archived by the risk
/// module (linked by the customer's external id, which is what this class matches on); here a
/// customer the company does not know yet becomes a lead owned by the employee who added it, with
/// the custody and stage ledgers saying so. Known customers keep their owner whatever the event:
/// ownership moves only through the pool, assignment or an approved transfer, never because a
/// salesperson added someone on WeCom.
public sealed class ContactEventLinker
{
    public const string WeComSource = "企业微信";

    /// The customer the event belongs to, or null when it names no known employee (the archive
    /// keeps and flags such events; a lead needs an owner). Works on the caller's context and
    /// transaction, so the lead is stored together with the archived event or not at all.
    public async Task<LinkedCustomer?> LinkAsync(AppDbContext db, WeComExternalContactEvent e, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(e.ExternalUserId)) return null;
        var existing = await db.Customers.Where(c => c.WeComExternalId == e.ExternalUserId).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
        // A failed handover (transfer_fail) settles the handover it belongs to; the event is archived as any other.
        if (existing is not null && e.ChangeType == ExternalContactChange.TransferFail) await WeComHandoverOutbox.SettleTransferFailAsync(db, e, ct);
        if (existing is not null) return new LinkedCustomer(existing.Value, IsNew: false);
        // A half add (the customer added an employee who lets customers in without verifying) is a
        // contact all the same: the employee is already talking to the customer.
        if (e.ChangeType is not (ExternalContactChange.AddExternalContact or ExternalContactChange.AddHalfExternalContact
            or ExternalContactChange.EditExternalContact))
            return null;
        return await LinkContactAsync(db, new WeComContactLead(e.ExternalUserId, e.UserId, null, e.State, e.CreateTime), ct);
    }

    /// The customer a WeCom contact belongs to, or a new lead owned by the member who added it (the
    /// callback's events and the directory's customer import both come here, so the rules exist
    /// once): known external ids keep their customer and owner; a member linked to no employee
    /// brings in nothing (null). Works on the caller's context and transaction.
    public async Task<LinkedCustomer?> LinkContactAsync(AppDbContext db, WeComContactLead e, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(e.ExternalUserId)) return null;
        var existing = await db.Customers.Where(c => c.WeComExternalId == e.ExternalUserId).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
        if (existing is not null) return new LinkedCustomer(existing.Value, IsNew: false);
        var employeeId = await db.Employees.Where(x => x.WeComUserId == e.UserId).Select(x => (Guid?)x.Id).FirstOrDefaultAsync(ct);
        if (employeeId is null) return null;

        // The customer came in when the employee added the contact on WeCom.
        var (customer, custody, stage) = Customer.Enter(employeeId, CustodyReason.WeComContact, e.State is null ? null : "state=" + e.State,
            ChangedBy.System, e.AddedAt);
        // WeCom's event carries no name (the import does); the salesperson completes it on the customer page.
        customer.Name = !string.IsNullOrWhiteSpace(e.Name) ? e.Name.Trim()[..Math.Min(e.Name.Trim().Length, 100)]
            : e.ExternalUserId.Length > 12 ? WeComSource + " " + e.ExternalUserId[^6..] : WeComSource + " " + e.ExternalUserId;
        customer.WeComExternalId = e.ExternalUserId;
        customer.SourceChannel = WeComSource;
        db.Customers.Add(customer);
        db.CustodyEntries.Add(custody);
        db.StageChanges.Add(stage);
        try
        {
            // Inside the caller's transaction EF saves behind a savepoint, so a failure here leaves
            // the transaction usable.
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Someone bound the same external id to a customer meanwhile (WeCom's own pushes queue
            // behind the archive's lock): that customer is the one. Any other failure goes up and
            // takes the archived event with it.
            foreach (var entry in db.ChangeTracker.Entries().Where(x => x.Entity == customer || x.Entity == custody || x.Entity == stage).ToList())
                entry.State = EntityState.Detached;
            var winner = await db.Customers.AsNoTracking().Where(c => c.WeComExternalId == e.ExternalUserId).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
            if (winner is null) throw;
            return new LinkedCustomer(winner.Value, IsNew: false);
        }
        return new LinkedCustomer(customer.Id, IsNew: true);
    }
}

/// A WeCom contact as a member added it: from a contact event (no name) or from the directory's import.
public sealed record WeComContactLead(string ExternalUserId, string UserId, string? Name, string? State, DateTimeOffset AddedAt);

/// The customer a contact event belongs to; IsNew when the event brought it in as a lead.
public sealed record LinkedCustomer(Guid Id, bool IsNew);
