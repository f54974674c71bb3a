using Renhe.Platform.Data;

namespace Renhe.Platform.Approvals;

public enum ApprovalStatus { Pending, Approved, Rejected, Returned, Withdrawn }

public enum ApprovalTaskStatus { Open, Done, Delegated, Cancelled }

public enum ApprovalActionKind { Submitted, Approved, Rejected, Returned, Delegated, Withdrawn, Resubmitted, Skipped }

/// A step as it was resolved when the request was submitted: the flow's definition plus the
/// employees who may act on it. A step nobody can act on keeps its reason for being skipped.
public sealed class ResolvedStep
{
    public string Name { get; set; } = "";
    public ApproverKind Kind { get; set; }
    public List<Guid> ApproverEmployeeIds { get; set; } = [];
    /// Resource key saying why the step was skipped (no manager, only the requester), or null.
    public string? SkipReason { get; set; }
}

/// One request going through its flow: an order, a leave, an export.
///
/// Who may do what: the requester sees it, withdraws it while it is open and resubmits it when it
/// was returned; the holders of the current step's open tasks approve, reject, return or delegate
/// (any one of them suffices, 或签); people who acted on it earlier still see it; holders of
/// platform.approval-flow.manage see every request. Nobody else learns it exists (404). Every
/// action is an <see cref="ApprovalAction"/>, which the database keeps append-only.
public sealed class ApprovalRequest : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string RequestType { get; set; } = "";
    /// The thing being approved (the order's id); the handler knows what it is.
    public Guid SubjectId { get; set; }
    public string Title { get; set; } = "";
    public Guid RequesterEmployeeId { get; set; }
    public Guid RequesterUserId { get; set; }
    public decimal? Amount { get; set; }
    public Guid DepartmentId { get; set; }
    public ApprovalStatus Status { get; set; }
    /// Index into <see cref="Steps"/> of the step waiting for a decision.
    public int CurrentStep { get; set; }
    /// The flow's applicable steps, resolved at submission (and again at resubmission).
    public List<ResolvedStep> Steps { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }

    /// Every action changes it: of two people acting at once, the second is told (409).
    public Guid Version { get; private set; } = Guid.NewGuid();
}

/// "This employee may act on this step": what the inbox lists, so it is one indexed query.
public sealed class ApprovalTask
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid RequestId { get; set; }
    public int StepIndex { get; set; }
    public Guid ApproverEmployeeId { get; set; }
    public ApprovalTaskStatus Status { get; set; }
    /// Set when someone delegated their task to this employee.
    public Guid? DelegatedFromEmployeeId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
}

/// One thing that happened to a request, with who and when. Append-only: corrections are new
/// actions, and database triggers refuse UPDATE and DELETE.
public sealed class ApprovalAction
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid RequestId { get; set; }
    public int StepIndex { get; set; }
    public ApprovalActionKind Kind { get; set; }
    /// Null for the system (a skipped step).
    public Guid? ByUserId { get; set; }
    public string? ByName { get; set; }
    public string? Comment { get; set; }
    public Guid? DelegateToEmployeeId { get; set; }
    public DateTimeOffset At { get; set; }
}
