using System.Linq.Expressions;
using Renhe.Modules.Org;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Structure;
using Renhe.Platform.Audit;
using Renhe.Platform.Data;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;

namespace Renhe.Modules.Sales.Customers;

/// Where a customer stands: 获取 → 意向 → 下单 → 复购, or lost.
public enum CustomerStage { Lead, Intent, Ordered, Repurchase, Lost }

/// Who made a change recorded in a customer's ledgers: the signed-in account, or nobody (the
/// system: assignment rules, the pool-return job, WeCom events).
public readonly record struct ChangedBy(Guid? UserId, string? Name)
{
    public static readonly ChangedBy System = new(null, null);
}

/// A customer: a company asset, never a salesperson's. It exists only when entered in Renhe (by
/// hand, import or a WeCom contact event) and is unique by phone (through the blind index, the
/// number itself is encrypted) and by WeCom external id. No owner means it is in the public pool
/// (公海). Scope follows the owner: their own customers for a salesperson, the owner's department
/// for a manager.
///
/// Stage and custody are guarded: they change only through <see cref="MoveStage"/>,
/// <see cref="RecordEffectiveOrder"/> and <see cref="ChangeCustody"/>, which apply the one rule
/// table and return the ledger row (<see cref="StageChange"/>, <see cref="CustodyEntry"/>) the
/// caller stores with the change. The database refuses updates to both ledgers.
public sealed class Customer : IDataScoped<Customer>, IVersioned
{
    public const int LostReasonMax = 500;

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
    public CustomerStage Stage { get; private set; } = CustomerStage.Lead;
    /// Why the customer was lost (required when the stage moves to Lost); kept when it moves on.
    public string? LostReason { get; private set; }

    public Guid? OwnerId { get; private set; }
    public Employee? Owner { get; set; }
    /// When the current owner got it (assignment, claim or transfer).
    public DateTimeOffset? AssignedAt { get; private set; }
    public DateTimeOffset? LastFollowUpAt { get; set; }

    public DateTimeOffset CreatedAt { get; private set; }
    /// Soft delete (administrators only): the row and its history stay for audit and evidence.
    public DateTimeOffset? DeletedAt { get; set; }

    /// Optimistic concurrency: of two simultaneous saves the second is told the record changed.
    public Guid Version { get; private set; } = Guid.NewGuid();

    /// The customer's data is incomplete (资料不全): the company could not reach them without the
    /// salesperson (no phone and no WeCom contact), or does not know where they are or where they
    /// came from (no region, no source channel). The form requires only a name, so such a record is
    /// possible; an order on one is what a diverted sale booked to a made-up customer looks like.
    /// Read as the record stands now (edits are audited, not kept as a ledger).
    public static readonly Expression<Func<Customer, bool>> Incomplete =
        c => (c.PhoneCipher == null && c.WeComExternalId == null) || c.Region == null || c.SourceChannel == null;

    public static Expression<Func<Customer, Guid?>> ScopeOwner => c => c.OwnerId;
    public static Expression<Func<Customer, Guid?>> ScopeDepartment => c => c.Owner == null ? null : c.Owner.DepartmentId;
    public static Expression<Func<Customer, Guid?>> ScopeBranch => c => c.Owner == null ? null : c.Owner.BranchId;

    /// A new customer at 获取 (lead), held by <paramref name="ownerId"/> or, without one, in the pool.
    /// Its first custody and stage rows come with it.
    public static (Customer Customer, CustodyEntry Custody, StageChange Stage) Enter(
        Guid? ownerId, CustodyReason reason, string? note, ChangedBy by, DateTimeOffset at)
    {
        var customer = new Customer { CreatedAt = at, OwnerId = ownerId, AssignedAt = ownerId is null ? null : at };
        var custody = new CustodyEntry
        {
            CustomerId = customer.Id, ToEmployeeId = ownerId, Reason = reason, Note = note, ByUserId = by.UserId, ByName = by.Name, At = at,
        };
        var stage = new StageChange { CustomerId = customer.Id, ToStage = CustomerStage.Lead, ByUserId = by.UserId, ByName = by.Name, At = at };
        return (customer, custody, stage);
    }

    // ---- stage ----

    /// The one stage table for moves made by people (the customer page, the API, a follow-up):
    /// the message key of why <paramref name="from"/> → <paramref name="to"/> is refused, or null.
    /// 下单 and 复购 come only from effective orders (finance approved), never from a salesperson's
    /// word; a customer who has ordered does not become a lead again (lost is still possible);
    /// 流失 always needs its reason, because why customers are lost is what the team learns from.
    public static string? StageRefusal(CustomerStage from, CustomerStage to, string? lostReason) => (from, to) switch
    {
        _ when from == to => "Sales.StageUnchanged",
        (_, CustomerStage.Ordered or CustomerStage.Repurchase) => "Sales.Stage.ByOrderOnly",
        (CustomerStage.Ordered or CustomerStage.Repurchase, CustomerStage.Lead or CustomerStage.Intent) => "Sales.Stage.BackFromOrdered",
        (_, CustomerStage.Lost) when string.IsNullOrWhiteSpace(lostReason) => "Sales.LostReasonRequired",
        _ => null,
    };

    /// The stages a person may move a customer at <paramref name="from"/> to (流失 with its reason).
    public static IReadOnlyList<CustomerStage> StageChoices(CustomerStage from) =>
        Enum.GetValues<CustomerStage>().Where(to => StageRefusal(from, to, "—") is null).ToList();

    /// Refuses, naming the field, a move a person may not make from the customer's stage now.
    public void EnsureCanMoveStage(CustomerStage to, string? lostReason)
    {
        if (StageRefusal(Stage, to, lostReason) is { } refusal)
            throw new DomainException(refusal) { Field = refusal == "Sales.LostReasonRequired" ? "lostReason" : "stage" };
        if (lostReason?.Trim() is { Length: > LostReasonMax })
            throw new DomainException("Validation.MaxLength", "lostReason", LostReasonMax) { Field = "lostReason" };
    }

    /// A person moves the customer to another stage.
    public StageChange MoveStage(CustomerStage to, string? lostReason, ChangedBy by, DateTimeOffset at)
    {
        EnsureCanMoveStage(to, lostReason);
        var reason = string.IsNullOrWhiteSpace(lostReason) ? null : lostReason.Trim();
        var change = new StageChange { CustomerId = Id, FromStage = Stage, ToStage = to, ByUserId = by.UserId, ByName = by.Name, At = at };
        Stage = to;
        if (to == CustomerStage.Lost) LostReason = reason;
        return change;
    }

    /// An order of this customer became effective: the first makes the customer 下单, a later one
    /// 复购; a lost customer who orders comes back. Never moves a customer backwards. Null when the
    /// stage stays (the customer already stands there or further).
    public StageChange? RecordEffectiveOrder(bool repurchase, ChangedBy by, DateTimeOffset at)
    {
        var to = repurchase ? CustomerStage.Repurchase : CustomerStage.Ordered;
        if (OrderRank(to) <= OrderRank(Stage)) return null;
        var change = new StageChange { CustomerId = Id, FromStage = Stage, ToStage = to, ByUserId = by.UserId, ByName = by.Name, At = at };
        Stage = to;
        return change;
    }

    /// How far along the order path a stage is; lost ranks lowest, so an order brings the customer back.
    private static int OrderRank(CustomerStage stage) => stage switch
    {
        CustomerStage.Lost => -1,
        CustomerStage.Lead => 0,
        CustomerStage.Intent => 1,
        CustomerStage.Ordered => 2,
        _ => 3,
    };

    // ---- custody ----

    /// Gives the customer to <paramref name="to"/>, or to the pool when null. A claim takes only a
    /// pool customer; a release or a pool return only a held one; nobody is given what they hold.
    public CustodyEntry ChangeCustody(Guid? to, CustodyReason reason, string? note, ChangedBy by, DateTimeOffset at)
    {
        if (reason == CustodyReason.Claimed && OwnerId is not null)
            throw new DomainException("Sales.AlreadyClaimed") { StatusCode = StatusCodes.Status409Conflict };
        if (to is null && OwnerId is null)
            throw new DomainException("Sales.AlreadyInPool") { StatusCode = StatusCodes.Status409Conflict };
        if (to is not null && to == OwnerId)
            throw new DomainException("Sales.Custody.AlreadyHolds") { StatusCode = StatusCodes.Status409Conflict };
        if (reason is CustodyReason.Released or CustodyReason.PoolReturn && to is not null)
            throw new ArgumentException("A release or pool return gives the customer to the pool.", nameof(to));
        var entry = new CustodyEntry
        {
            CustomerId = Id, FromEmployeeId = OwnerId, ToEmployeeId = to, Reason = reason, Note = note,
            ByUserId = by.UserId, ByName = by.Name, At = at,
        };
        OwnerId = to;
        AssignedAt = to is null ? null : at;
        return entry;
    }
}
