using Renhe.Modules.Sales.Customers;
using System.ComponentModel.DataAnnotations;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Sales.FollowUps;

/// Log a follow-up. <see cref="At"/> defaults to now; <see cref="Stage"/>, when set, also moves the customer.
public sealed class FollowUpInput
{
    [Required, Display(Name = "Sales.FollowUp.Field.Customer")] public Guid? CustomerId { get; set; }
    [Required, Display(Name = "Sales.FollowUp.Field.Kind")] public FollowUpKind? Kind { get; set; }
    [DateWindow(DateKind.Activity), Display(Name = "Sales.FollowUp.Field.At")] public DateTimeOffset? At { get; set; }
    [Range(0, 24 * 60), Display(Name = "Sales.FollowUp.Field.Duration")] public int DurationMinutes { get; set; }
    [Required, MaxLength(FieldLimits.Note), MultilineText, Display(Name = "Sales.FollowUp.Field.Notes")] public string Notes { get; set; } = "";
    [MaxLength(FieldLimits.Note), MultilineText, Display(Name = "Sales.FollowUp.Field.Objections")] public string? Objections { get; set; }
    [MaxLength(FieldLimits.Reason), MultilineText, Display(Name = "Sales.FollowUp.Field.NextStep")] public string? NextStep { get; set; }
    [DateWindow(DateKind.Plan), Display(Name = "Sales.FollowUp.Field.NextDate")] public DateOnly? NextDate { get; set; }
    public CustomerStage? Stage { get; set; }
    /// Required when <see cref="Stage"/> is 流失 (Lost), as on the customer page.
    [MaxLength(Customer.LostReasonMax)] public string? LostReason { get; set; }
}

public sealed record FollowUpFilter(Guid? EmployeeId = null, Guid? CustomerId = null, FollowUpKind? Kind = null, DateOnly? From = null,
    DateOnly? To = null, bool NotOwnOnly = false, int Page = 1, int PageSize = 50);

public sealed record FollowUpAttachment(Guid Id, string FileName, string ContentType, long Size);

public sealed record FollowUpCommentItem(Guid Id, string Text, string? ByName, DateTimeOffset At, IReadOnlyList<FollowUpAttachment> Attachments);

public sealed record FollowUpItem(Guid Id, Guid CustomerId, string CustomerName, Guid EmployeeId, string EmployeeName, FollowUpKind Kind,
    DateTimeOffset At, int DurationMinutes, string Notes, string? Objections, string? NextStep, DateOnly? NextDate,
    CustomerStage? StageFrom, CustomerStage? StageTo, bool OwnCustomer, DateTimeOffset CreatedAt, IReadOnlyList<FollowUpCommentItem> Comments);

public sealed record FollowUpPage(IReadOnlyList<FollowUpItem> Items, int Total, bool CanComment);

/// What the quick entry page needs about the customer.
public sealed record FollowUpCustomer(Guid Id, string Name, string? Company, CustomerStage Stage, bool OwnCustomer, bool CanChangeStage,
    IReadOnlyList<CustomerStage> StageChoices);

/// An upload on its way into the store (from a form post or the page's file picker).
public sealed record UploadedFile(string FileName, byte[] Content);

/// One line of the customer's story: custody, stage, follow-up, comment or order, newest first.
public sealed record CustomerActivity(DateTimeOffset At, string Kind, string? ByName, CustomerTimelineEntry? Ledger,
    FollowUpItem? FollowUp, FollowUpCommentItem? Comment, CustomerOrderLine? Order);

public sealed record CustomerOrderLine(Guid Id, string Number, long TotalFen, Orders.OrderStatus Status, DateTimeOffset? EffectiveAt,
    string? SalespersonName);
