using Renhe.Platform.Data;
using System.Linq.Expressions;
using Renhe.Platform.Audit;
using Renhe.Platform.Security;

namespace Renhe.Modules.Org.Employees;

public enum EmploymentStatus { Candidate, Probation, Active, Leaving, Left }

public enum Gender { Unspecified, Male, Female }

public enum ContractType { None, FixedTerm, OpenEnded, Internship, PartTime, LabourService }

public enum LeaveType { Resignation, Termination, ContractEnd }

/// A person employed by the company.
///
/// Who may see what: org.employee.read (with its data scope) shows the record; colleagues outside
/// that scope see only the directory card (name, department, position, work contacts) through
/// org.directory.read. Personal identifiers are stored encrypted (<see cref="FieldCipher"/>) and
/// shown masked; org.employee.reveal shows them in clear and every reveal is audited. The salary
/// grade is shown only with org.employee.salary. Changes go through org.employee.manage; job
/// changes (department, position, manager, grade) are effective-dated in <see cref="JobChange"/>.
public sealed class Employee : IDataScoped<Employee>, IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string EmployeeNumber { get; set; } = "";
    public string Name { get; set; } = "";
    public Gender Gender { get; set; }
    public DateOnly? BirthDate { get; set; }

    public Guid BranchId { get; set; }
    public Guid DepartmentId { get; set; }
    public Guid? PositionId { get; set; }
    public Guid? ManagerId { get; set; }
    [AuditRedacted] public string? SalaryGrade { get; set; }

    public DateOnly HireDate { get; set; }
    public DateOnly? ProbationEnd { get; set; }
    public ContractType ContractType { get; set; }
    public DateOnly? ContractStart { get; set; }
    public DateOnly? ContractEnd { get; set; }
    public EmploymentStatus Status { get; set; } = EmploymentStatus.Active;

    public string? WorkPhone { get; set; }
    public string? WeComUserId { get; set; }

    /// Encrypted ("v1:…"); never plaintext in the database.
    [AuditRedacted] public string? PersonalPhoneCipher { get; set; }
    [AuditRedacted] public string? IdCardNumberCipher { get; set; }
    /// Blind index of the normalised ID number: uniqueness without decryption.
    [AuditRedacted] public string? IdCardNumberIndex { get; set; }
    [AuditRedacted] public string? BankAccountCipher { get; set; }

    public string? EmergencyContactName { get; set; }
    /// Encrypted like the personal phone: a private number (often a relative's) is personal data too.
    [AuditRedacted] public string? EmergencyContactPhoneCipher { get; set; }

    public DateOnly? LastWorkingDay { get; set; }
    public LeaveType? LeaveType { get; set; }
    public string? LeaveReason { get; set; }

    /// Optimistic concurrency: the second of two simultaneous saves is told the record changed.
    public Guid Version { get; private set; } = Guid.NewGuid();

    public static Expression<Func<Employee, Guid?>> ScopeOwner => e => e.Id;
    public static Expression<Func<Employee, Guid?>> ScopeDepartment => e => e.DepartmentId;
    public static Expression<Func<Employee, Guid?>> ScopeBranch => e => e.BranchId;
}
