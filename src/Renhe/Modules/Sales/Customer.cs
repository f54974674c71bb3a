using Renhe.Platform.Data;
using System.Linq.Expressions;
using Renhe.Modules.Org;
using Renhe.Platform.Audit;
using Renhe.Platform.Security;

namespace Renhe.Modules.Sales;

/// Where a customer stands: 获取 → 意向 → 下单 → 复购, or lost.
public enum CustomerStage { Lead, Intent, Ordered, Repurchase, Lost }

/// A customer: a company asset, never a salesperson's. It exists only when entered in Renhe (by
/// hand, import or a WeCom contact event) and is unique by phone (through the blind index, the
/// number itself is encrypted) and by WeCom external id. No owner means it is in the public pool
/// (公海). Ownership changes only through <see cref="CustodyEntry"/> rows, which are never
/// changed; stage changes through <see cref="StageChange"/>. Scope follows the owner: their own
/// customers for a salesperson, the owner's department for a manager.
public sealed class Customer : IDataScoped<Customer>, IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string Name { get; set; } = "";
    public string? Company { get; set; }
    /// Encrypted ("v1:…") mobile or landline; shown masked, revealed with an audited read.
    [AuditRedacted] public string? PhoneCipher { get; set; }
    /// Blind index of the normalised phone: uniqueness and lookup without decryption.
    [AuditRedacted] public string? PhoneIndex { get; set; }
    /// 138****5678, kept so lists never decrypt.
    public string? PhoneMasked { get; set; }
    /// WeCom's external user id (wm…/wo…), the key contact events and chats link by.
    public string? WeComExternalId { get; set; }
    public string? Region { get; set; }
    public string? Industry { get; set; }
    /// Where the customer came from (官网, 转介绍, 展会, 企业微信…).
    public string? SourceChannel { get; set; }
    public List<string> Tags { get; set; } = [];
    public CustomerStage Stage { get; set; } = CustomerStage.Lead;
    /// Why the customer was lost (required when the stage moves to Lost); kept when it moves on.
    public string? LostReason { get; set; }

    public Guid? OwnerId { get; set; }
    public Employee? Owner { get; set; }
    /// When the current owner got it (assignment, claim or transfer).
    public DateTimeOffset? AssignedAt { get; set; }
    public DateTimeOffset? LastFollowUpAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    /// Soft delete (administrators only): the row and its history stay for audit and evidence.
    public DateTimeOffset? DeletedAt { get; set; }

    /// Optimistic concurrency: of two simultaneous saves the second is told the record changed.
    public Guid Version { get; private set; } = Guid.NewGuid();

    public static Expression<Func<Customer, Guid?>> ScopeOwner => c => c.OwnerId;
    public static Expression<Func<Customer, Guid?>> ScopeDepartment => c => c.Owner == null ? null : c.Owner.DepartmentId;
    public static Expression<Func<Customer, Guid?>> ScopeBranch => c => c.Owner == null ? null : c.Owner.BranchId;
}

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

/// One stage change with its date and who made it. Append-only.
public sealed class StageChange
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CustomerId { get; set; }
    public CustomerStage? FromStage { get; set; }
    public CustomerStage ToStage { get; set; }
    public Guid? ByUserId { get; set; }
    public string? ByName { get; set; }
    public DateTimeOffset At { get; set; }
}
