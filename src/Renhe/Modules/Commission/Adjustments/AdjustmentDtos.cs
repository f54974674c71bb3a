using System.ComponentModel.DataAnnotations;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Commission.Adjustments;

/// A request to pay a person more (or less) in a month, for a reason finance will read.
public sealed class AdjustmentInput
{
    [Required] public Guid? EmployeeId { get; set; }
    /// yyyy-MM: the month it should count in (this month or an earlier one still open).
    [Required, MaxLength(10)] public string? Month { get; set; }
    /// Yuan; negative to pay less. Never zero.
    [Required, Yuan(MinFen = -FieldLimits.AmountFen)] public decimal? Amount { get; set; }
    [Required, MaxLength(FieldLimits.Reason), MultilineText] public string? Reason { get; set; }
}

public sealed record AdjustmentListItem(
    Guid Id, Guid EmployeeId, string EmployeeName, DateOnly Month, long AmountFen, string Reason, AdjustmentStatus Status,
    string? RequestedByName, DateTimeOffset CreatedAt, DateTimeOffset? DecidedAt, Guid? DisputeId, Guid? ApprovalRequestId);
