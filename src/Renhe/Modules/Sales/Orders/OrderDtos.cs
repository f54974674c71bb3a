using System.ComponentModel.DataAnnotations;
using Renhe.Platform.Approvals;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Sales.Orders;

public sealed record ProductView(Guid Id, string Code, string Name, string Unit, long PriceFen, bool TrackStock, int Stock, bool Active, Guid Version);

/// Create or edit a product. The price is in yuan (at most two decimals), stored in fen.
public sealed class ProductInput
{
    [Required, MaxLength(50)] public string? Code { get; set; }
    [Required, MaxLength(200), Display(Name = "Field.productName")] public string? Name { get; set; }
    [Required, MaxLength(20)] public string? Unit { get; set; }
    [Required, Yuan(MaxFen = FieldLimits.UnitPriceFen)] public decimal? Price { get; set; }
    public bool TrackStock { get; set; }
    [Range(0, FieldLimits.Quantity)] public int Stock { get; set; }
    public bool Active { get; set; } = true;
    public Guid? Version { get; set; }
}

public sealed record OrderListItem(Guid Id, string Number, Guid CustomerId, string CustomerName, Guid SalespersonId, string SalespersonName,
    OrderStatus Status, long TotalFen, long NetFen, int LineCount, bool IsRepurchase, DateTimeOffset CreatedAt, DateTimeOffset? SubmittedAt, DateTimeOffset? EffectiveAt);

public sealed record OrderLineView(Guid Id, Guid ProductId, string ProductName, long UnitPriceFen, int Quantity, long AmountFen);

public sealed record OrderAdjustmentView(Guid Id, OrderAdjustmentKind Kind, long AmountFen, string Reason, string? ByName, DateTimeOffset At);

public sealed record OrderView(Guid Id, string Number, Guid CustomerId, string CustomerName, string? CustomerCompany,
    Guid SalespersonId, string SalespersonName, OrderStatus Status, long ListTotalFen, long DiscountFen, long TotalFen, long AdjustedFen, long NetFen,
    string? Note, bool IsRepurchase, DateTimeOffset CreatedAt, DateTimeOffset? SubmittedAt, DateTimeOffset? EffectiveAt,
    IReadOnlyList<OrderLineView> Lines, IReadOnlyList<OrderAdjustmentView> Adjustments,
    Guid? ApprovalRequestId, ApprovalStatus? ApprovalStatus, IReadOnlyList<ApprovalStepView> ApprovalSteps, IReadOnlyList<ApprovalActionView> ApprovalActions,
    Guid Version, bool CanEdit, bool CanWithdraw, bool CanRefund);

/// What an approver decides on, shown inside the approval dialog: the customer (CustomerLink only
/// when the viewer may open the customer), the lines, the list total, the discount in money and as
/// a percentage of the list total, the amount to approve, and — when the order carries a discount —
/// the salesperson's discount limit today (percent and what it allows on this order).
public sealed record OrderApprovalView(Guid OrderId, string Number, OrderStatus Status, Guid CustomerId, string CustomerName, string? CustomerCompany,
    string? CustomerLink, string SalespersonName, IReadOnlyList<OrderLineView> Lines, long ListTotalFen, long DiscountFen, decimal DiscountPercent,
    long TotalFen, decimal? LimitPercent, long? LimitFen, string? Note);

/// A customer an order may be written for, with what is missing for submission.
public sealed record OrderCustomer(Guid Id, string Name, string? Company, bool HasContact, string? Region);

/// A draft: customer, lines (product and quantity: the price comes from the price list), the
/// discount in yuan and a note. On edit the version read is required.
public sealed class OrderInput
{
    [Required] public Guid? CustomerId { get; set; }
    [MaxLength(FieldLimits.OrderLines)] public List<OrderLineInput>? Lines { get; set; }
    [Yuan] public decimal? Discount { get; set; }
    [MaxLength(1000), MultilineText] public string? Note { get; set; }
    public Guid? Version { get; set; }
}

public sealed class OrderLineInput
{
    [Required] public Guid? ProductId { get; set; }
    [Range(1, FieldLimits.Quantity)] public int Quantity { get; set; }
}

public sealed class OrderVersionInput
{
    [Required] public Guid? Version { get; set; }
}

/// A refund (amount in yuan, up to what is left of the order) or a cancellation (the whole rest).
public sealed class OrderAdjustmentInput
{
    [Required] public Guid? Version { get; set; }
    [Yuan] public decimal? Amount { get; set; }
    [Required, MaxLength(FieldLimits.Reason), MultilineText] public string? Reason { get; set; }
}

public sealed record DiscountLimitView(Guid Id, string? Role, Guid? EmployeeId, string? EmployeeName, decimal MaxPercent, Guid Version);

/// A role's limit (Role set) or one person's override (EmployeeId set).
public sealed class DiscountLimitInput
{
    [MaxLength(100)] public string? Role { get; set; }
    public Guid? EmployeeId { get; set; }
    [Required, Percent] public decimal? MaxPercent { get; set; }
}
