using Renhe.Platform.Data;

namespace Renhe.Platform.Approvals;

/// Who approves a step, relative to the person asking.
public enum ApproverKind
{
    /// The requester's own manager (Employee.ManagerId).
    DirectManager,
    /// The manager <see cref="ApprovalStep.Levels"/> levels up the chain (1 = direct manager).
    ManagerLevelsUp,
    /// Employees whose account holds <see cref="ApprovalStep.Role"/>, those in the requester's branch first.
    RoleInScope,
    /// One named employee.
    NamedPerson,
}

/// One step of a flow as an administrator defines it. Conditions decide at submission whether the
/// step applies at all; a step without conditions always applies.
public sealed class ApprovalStep
{
    public string Name { get; set; } = "";
    public ApproverKind Kind { get; set; }
    /// For <see cref="ApproverKind.ManagerLevelsUp"/>: 1–5.
    public int Levels { get; set; } = 1;
    /// For <see cref="ApproverKind.RoleInScope"/>: a role name (key) such as "finance".
    public string? Role { get; set; }
    /// For <see cref="ApproverKind.NamedPerson"/>.
    public Guid? EmployeeId { get; set; }
    /// Applies only when the request's amount is strictly above this.
    public decimal? AmountAbove { get; set; }
    /// Applies only when the requester's department is one of these or below one of them.
    public List<Guid> DepartmentIds { get; set; } = [];
}

/// How requests of one type are approved: ordered steps. Administrators edit flows
/// (platform.approval-flow.manage); a request copies the resolved steps when it is submitted, so
/// editing a flow never changes requests already under way.
public sealed class ApprovalFlow : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// "sales.order", "hr.leave": the key handlers register under. Unique.
    public string RequestType { get; set; } = "";
    public string Name { get; set; } = "";
    /// A disabled flow refuses new submissions; requests under way continue.
    public bool Enabled { get; set; } = true;
    public List<ApprovalStep> Steps { get; set; } = [];
    public DateTimeOffset UpdatedAt { get; set; }

    /// Two administrators editing one flow: the second is told.
    public Guid Version { get; private set; } = Guid.NewGuid();
}
