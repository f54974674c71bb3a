using System.ComponentModel.DataAnnotations;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Commission.Disputes;

/// A salesperson's dispute of their closed statement (or one line of it).
public sealed class DisputeInput
{
    [Required] public Guid? StatementId { get; set; }
    public Guid? LineId { get; set; }
    [Required, EnumDataType(typeof(DisputeReason))] public DisputeReason? Reason { get; set; }
    [Required, MaxLength(FieldLimits.Note), MultilineText] public string? Text { get; set; }
    /// What the salesperson believes they are owed, in yuan, if they can say.
    [Yuan] public decimal? Claimed { get; set; }
}

/// The handler's proposal before approving or rejecting the dispute's approval step: the amount to
/// accept (the claimed amount or less) and their words, kept with the dispute.
public sealed class DisputeProposalInput
{
    [Required] public Guid? Version { get; set; }
    [Yuan] public decimal? Amount { get; set; }
    [Required, MaxLength(FieldLimits.Note), MultilineText] public string? Response { get; set; }
}

public sealed record DisputeView(
    Guid Id, Guid StatementId, Guid? LineId, string? LineText, Guid EmployeeId, string EmployeeName, DateOnly Month,
    DisputeReason Reason, string Text, long? ClaimedFen, bool HasAttachment, string? AttachmentName,
    DisputeStatus Status, string? Response, long? AcceptedFen, string? DecidedByName, DateTimeOffset CreatedAt, DateTimeOffset? DecidedAt,
    Guid? ApprovalRequestId, Guid? AdjustmentId, Guid Version);

public sealed record DisputableLine(Guid Id, Statements.LineKind Kind, string? OrderNumber, string? CustomerName, long AmountFen);

/// A closed statement of the caller's that may still be disputed, up to <see cref="LastDay"/> (company calendar).
public sealed record DisputableStatement(Guid Id, DateOnly Month, long TotalFen, DateOnly LastDay, IReadOnlyList<DisputableLine> Lines);
