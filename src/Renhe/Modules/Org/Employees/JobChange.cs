namespace Renhe.Modules.Org.Employees;

public enum JobChangeKind { Hire, Transfer, Promotion, ManagerChange, SalaryGradeChange, Regularisation, Leave }

/// One effective-dated step in an employee's job history: a full snapshot of where they work from
/// <see cref="EffectiveDate"/> on. The record at any date is the latest snapshot on or before it.
/// Append-only: a mistake is corrected by a later entry, never by editing this one.
public sealed class JobChange
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EmployeeId { get; set; }
    public DateOnly EffectiveDate { get; set; }
    public JobChangeKind Kind { get; set; }
    public Guid BranchId { get; set; }
    public Guid DepartmentId { get; set; }
    public Guid? PositionId { get; set; }
    public Guid? ManagerId { get; set; }
    [Renhe.Platform.Audit.AuditRedacted] public string? SalaryGrade { get; set; }
    public EmploymentStatus Status { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public Guid? RecordedBy { get; set; }
}
