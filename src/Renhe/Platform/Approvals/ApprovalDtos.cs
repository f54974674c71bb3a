using System.ComponentModel.DataAnnotations;
using Renhe.Platform.Validation;

namespace Renhe.Platform.Approvals;

/// A request in one of the approvals centre's lists. WaitingSince: for a pending request, when the
/// last thing happened to it (submitted, the previous step approved, delegated), so when it has
/// been waiting at its current step since; null once it is closed.
public sealed record ApprovalListItem(
    Guid Id, string RequestType, string TypeName, string Title, string RequesterName, decimal? Amount,
    ApprovalStatus Status, string? CurrentStepName, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt,
    DateTimeOffset? WaitingSince, Guid Version);

/// The approvals centre's three lists, which its Excel export follows.
public enum ApprovalTab { Inbox, Mine, Handled }

public enum StepState { Done, Current, Waiting, Skipped }

public sealed record ApprovalStepView(int Index, string Name, ApproverKind Kind, IReadOnlyList<string> ApproverNames, string? SkipReason, StepState State);

public sealed record ApprovalActionView(int StepIndex, ApprovalActionKind Kind, string? ByName, string? Comment, string? DelegateToName, DateTimeOffset At);

public sealed record ApprovalDetail(
    Guid Id, string RequestType, string TypeName, Guid SubjectId, string? SubjectLink, string Title,
    Guid RequesterEmployeeId, string RequesterName, string DepartmentName, decimal? Amount, ApprovalStatus Status,
    int CurrentStep, IReadOnlyList<ApprovalStepView> Steps, IReadOnlyList<ApprovalActionView> Actions,
    DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt, Guid Version,
    bool CanAct, bool CanWithdraw, bool CanResubmit);

/// The body of every action: the version the caller saw, a comment (required to reject or
/// return), and for delegation the employee who takes over.
public sealed class ApprovalActionInput
{
    [Required] public Guid? Version { get; set; }
    [StringLength(500)] public string? Comment { get; set; }
    public Guid? DelegateTo { get; set; }
}

/// Approving several requests at once: each item is its own decision with the version the
/// approver saw; the optional comment goes on every one of them.
public sealed class ApprovalBatchInput
{
    [Required, MinLength(1), MaxLength(FieldLimits.BatchItems)] public List<ApprovalBatchItem>? Items { get; set; }
    [StringLength(500)] public string? Comment { get; set; }
}

public sealed class ApprovalBatchItem
{
    [Required] public Guid? Id { get; set; }
    [Required] public Guid? Version { get; set; }
}

/// What a batch did: the requests approved, and each one that was not with the reason in words.
/// Title is null when the caller may not see the request (it may not exist at all).
public sealed record ApprovalBatchResult(int Approved, IReadOnlyList<Guid> ApprovedIds, IReadOnlyList<ApprovalBatchFailure> Failed);

public sealed record ApprovalBatchFailure(Guid Id, string? Title, string Reason);

public sealed record ApprovalFlowSummary(string RequestType, string TypeName, string Name, bool Enabled, int StepCount, bool HasHandler, DateTimeOffset UpdatedAt);

public sealed record ApprovalFlowDto(string RequestType, string TypeName, string Name, bool Enabled, IReadOnlyList<ApprovalStepDto> Steps, Guid Version);

public sealed record ApprovalStepDto(string Name, ApproverKind Kind, int Levels, string? Role, Guid? EmployeeId, decimal? AmountAbove, IReadOnlyList<Guid> DepartmentIds);

public sealed class ApprovalFlowInput
{
    [Required, StringLength(100)] public string? Name { get; set; }
    public bool Enabled { get; set; } = true;
    [Required, MaxLength(20)] public List<ApprovalStepInput>? Steps { get; set; }
    /// The version read; required when the flow exists already.
    public Guid? Version { get; set; }
}

public sealed class ApprovalStepInput
{
    [Required, StringLength(50)] public string? Name { get; set; }
    [Required] public ApproverKind? Kind { get; set; }
    // The flow service tells the step and the allowed 1–5 in words; this only stops absurd numbers.
    [Range(-100, 100)] public int? Levels { get; set; }
    [StringLength(100)] public string? Role { get; set; }
    public Guid? EmployeeId { get; set; }
    [Yuan(MinFen = -FieldLimits.AmountFen)] public decimal? AmountAbove { get; set; }
    [MaxLength(FieldLimits.BatchItems)] public List<Guid>? DepartmentIds { get; set; }
}

/// Someone an approver can delegate to, or a flow can name.
public sealed record ApprovalPerson(Guid Id, string Name, string DepartmentName);
