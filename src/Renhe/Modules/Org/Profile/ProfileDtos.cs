using System.ComponentModel.DataAnnotations;

namespace Renhe.Modules.Org.Profile;

/// A request in a list (one's own, or HR's record of everyone's): the new value masked, the
/// status as its approval has it, and the approval to open.
public sealed record ProfileChangeDto(Guid Id, Guid EmployeeId, string EmployeeName, ProfileField Field, string NewValueMasked,
    string? Comment, RequestStatus Status, DateTimeOffset RequestedAt, DateTimeOffset? DecidedAt, string? DecisionReason,
    Guid? ApprovalRequestId);

/// What the approver sees in the approval dialog: who asks to change what, from what (while the
/// request is open; afterwards the record holds the new value) to what, masked.
public sealed record ProfileChangeView(Guid Id, Guid? ApprovalRequestId, Guid EmployeeId, string EmployeeNumber, string EmployeeName,
    ProfileField Field, string? CurrentMasked, string NewMasked, bool Masked, string? Comment, RequestStatus Status,
    DateTimeOffset RequestedAt, DateTimeOffset? DecidedAt, string? DecisionReason,
    /// The viewer may show the values in clear (org.employee.reveal for this employee); every reveal is audited.
    bool CanReveal,
    /// The viewer may open the employee record (org.employee.read for this employee).
    bool CanOpenEmployee);

public sealed record ProfileChangeCreated(Guid Id, Guid ApprovalRequestId);

public sealed class ProfileChangeInput
{
    [Required] public ProfileField? Field { get; set; }
    [Required, MaxLength(50)] public string NewValue { get; set; } = "";
    [MaxLength(500)] public string? Comment { get; set; }
}

/// Which value of a request to show in clear: the record's value now, or the one asked for.
public enum ProfileValue { Current, New }

public sealed class ProfileRevealInput
{
    [Required] public ProfileValue? Value { get; set; }
}
