namespace Renhe.Modules.Sales.Customers;

/// Why custody changed.
public enum CustodyReason
{
    /// Entered by hand or imported with an owner.
    Created,
    /// Given by an assignment rule.
    Assigned,
    /// Taken from the public pool.
    Claimed,
    /// Given back to the pool by its owner.
    Released,
    /// Returned to the pool for want of follow-up.
    PoolReturn,
    /// Moved to another person through an approved transfer.
    Transferred,
    /// The owner left the company.
    OwnerLeft,
    /// Created from a WeCom contact event (the employee added the customer).
    WeComContact,
    /// The customer refused an in-service handover on WeCom and went back to the employee who had it.
    TransferRefused,
}

/// One change of who holds a customer. Append-only (the custody ledger): the question "who owned
/// this customer on 3 March" is answered from these rows, never from the current owner.
public sealed class CustodyEntry
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CustomerId { get; set; }
    /// Null: from the pool (or from nowhere, on creation).
    public Guid? FromEmployeeId { get; set; }
    /// Null: to the pool.
    public Guid? ToEmployeeId { get; set; }
    public CustodyReason Reason { get; set; }
    public string? Note { get; set; }
    /// The account that made the change; null for the system (rules, jobs, WeCom events).
    public Guid? ByUserId { get; set; }
    public string? ByName { get; set; }
    public DateTimeOffset At { get; set; }
}
