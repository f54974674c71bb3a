using Renhe.Modules.Sales.Customers;
using Renhe.Platform.Data;
using System.Linq.Expressions;
using Renhe.Modules.Org;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Structure;
using Renhe.Platform.Security;

namespace Renhe.Modules.Sales.Orders;

/// Draft → Submitted (in approval) → Effective (finance approved); Returned goes back to the
/// salesperson, Rejected and Withdrawn end it; an effective order may later be Cancelled.
public enum OrderStatus { Draft, Submitted, Returned, Rejected, Withdrawn, Effective, Cancelled }

/// A sales order (订单). Only finance-approved orders are effective: they count for targets and
/// commission and move the customer to ordered or repurchase. Scope follows the salesperson.
public sealed class Order : IDataScoped<Order>, IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// SO-20261123-0001, unique.
    public string Number { get; set; } = "";
    public Guid CustomerId { get; set; }
    public Customer? Customer { get; set; }
    public Guid SalespersonId { get; set; }
    public Employee? Salesperson { get; set; }
    public OrderStatus Status { get; set; } = OrderStatus.Draft;
    /// Sum of the lines at list price.
    public long ListTotalFen { get; set; }
    public long DiscountFen { get; set; }
    /// What the customer pays: list total minus discount.
    public long TotalFen { get; set; }
    public string? Note { get; set; }
    /// The customer had an effective order before this one became effective (复购).
    public bool IsRepurchase { get; set; }
    public Guid? ApprovalRequestId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public DateTimeOffset? EffectiveAt { get; set; }
    public List<OrderLine> Lines { get; set; } = [];
    public Guid Version { get; private set; } = Guid.NewGuid();

    public static Expression<Func<Order, Guid?>> ScopeOwner => o => o.SalespersonId;
    public static Expression<Func<Order, Guid?>> ScopeDepartment => o => o.Salesperson == null ? null : o.Salesperson.DepartmentId;
    public static Expression<Func<Order, Guid?>> ScopeBranch => o => o.Salesperson == null ? null : o.Salesperson.BranchId;
}

public sealed class OrderLine
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrderId { get; set; }
    public Guid ProductId { get; set; }
    /// Copied at submission, so a later price-list change does not rewrite a sold order.
    public string ProductName { get; set; } = "";
    public long UnitPriceFen { get; set; }
    public int Quantity { get; set; }
    public long AmountFen { get; set; }
}

public enum OrderAdjustmentKind { Refund, Cancellation }

/// A refund or cancellation of an effective order: append-only, with its own date and amount, so
/// commission and targets for any past month can be recomputed. Net sales = totals − adjustments.
public sealed class OrderAdjustment
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrderId { get; set; }
    public OrderAdjustmentKind Kind { get; set; }
    public long AmountFen { get; set; }
    public string Reason { get; set; } = "";
    public Guid? ByUserId { get; set; }
    public string? ByName { get; set; }
    public DateTimeOffset At { get; set; }
}
