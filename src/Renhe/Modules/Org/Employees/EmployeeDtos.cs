using System.ComponentModel.DataAnnotations;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Org.Employees;

/// The full record as the caller may see it: identifiers masked, salary grade only with org.employee.salary.
public sealed record EmployeeView(
    Guid Id, string EmployeeNumber, string Name, Gender Gender, DateOnly? BirthDate,
    Guid BranchId, string BranchName, Guid DepartmentId, string DepartmentName, Guid? PositionId, string? PositionName,
    Guid? ManagerId, string? ManagerName, string? SalaryGrade,
    DateOnly HireDate, DateOnly? ProbationEnd, ContractType ContractType, DateOnly? ContractStart, DateOnly? ContractEnd,
    EmploymentStatus Status, string? WorkPhone, string? WeComUserId,
    string? PersonalPhoneMasked, string? IdCardNumberMasked, string? BankAccountMasked,
    string? EmergencyContactName, string? EmergencyContactPhoneMasked,
    DateOnly? LastWorkingDay, LeaveType? LeaveType, string? LeaveReason, Guid Version,
    bool CanReveal, bool CanManage);

public sealed record JobSnapshot(Guid Id, DateOnly EffectiveDate, JobChangeKind Kind, string BranchName, string DepartmentName,
    string? PositionName, string? ManagerName, string? SalaryGrade, EmploymentStatus Status, string? Note, bool Pending);

public sealed record ImportError(int Row, string Field, string Message);

public sealed record ImportResult(int Imported, int Skipped, IReadOnlyList<ImportError> Errors);

/// Create or edit an employee. On edit, a null identifier (phone, ID, bank account, emergency
/// contact phone) keeps what is stored and an empty string clears it; job fields change only through
/// job changes.
public sealed class EmployeeInput
{
    [Required, MaxLength(20)] public string EmployeeNumber { get; set; } = "";
    [Required, MaxLength(50), Display(Name = "Field.personName")] public string Name { get; set; } = "";
    public Gender Gender { get; set; }
    [DateWindow(DateKind.Birth)] public DateOnly? BirthDate { get; set; }
    [Required] public Guid? BranchId { get; set; }
    [Required] public Guid? DepartmentId { get; set; }
    public Guid? PositionId { get; set; }
    public Guid? ManagerId { get; set; }
    [MaxLength(20)] public string? SalaryGrade { get; set; }
    [Required, DateWindow(DateKind.Employment)] public DateOnly? HireDate { get; set; }
    [DateWindow(DateKind.Employment)] public DateOnly? ProbationEnd { get; set; }
    public ContractType ContractType { get; set; }
    [DateWindow(DateKind.Employment)] public DateOnly? ContractStart { get; set; }
    [DateWindow(DateKind.ContractEnd)] public DateOnly? ContractEnd { get; set; }
    public EmploymentStatus? Status { get; set; }
    [MaxLength(20)] public string? WorkPhone { get; set; }
    [MaxLength(64)] public string? WeComUserId { get; set; }
    [MaxLength(20)] public string? PersonalPhone { get; set; }
    [MaxLength(18)] public string? IdCardNumber { get; set; }
    [MaxLength(25)] public string? BankAccount { get; set; }
    [MaxLength(50)] public string? EmergencyContactName { get; set; }
    [MaxLength(20)] public string? EmergencyContactPhone { get; set; }
    /// The version read before editing; required on update.
    public Guid? Version { get; set; }
}

public sealed class JobChangeInput
{
    [Required, DateWindow(DateKind.Employment)] public DateOnly? EffectiveDate { get; set; }
    [Required] public JobChangeKind? Kind { get; set; }
    public Guid? BranchId { get; set; }
    public Guid? DepartmentId { get; set; }
    public Guid? PositionId { get; set; }
    public Guid? ManagerId { get; set; }
    [MaxLength(20)] public string? SalaryGrade { get; set; }
    [MaxLength(FieldLimits.Reason), MultilineText] public string? Note { get; set; }
}

public sealed class RevealInput
{
    [Required] public RevealField? Field { get; set; }
}

public enum RevealField { PersonalPhone, IdCardNumber, BankAccount, EmergencyContactPhone }

/// What every colleague may see: the directory card.
public sealed record DirectoryEntry(Guid Id, string EmployeeNumber, string Name, string DepartmentName, string BranchName,
    string? PositionName, string? WorkPhone, string? WeComUserId);

public sealed record EmployeeDto(Guid Id, string EmployeeNumber, string Name, Guid BranchId, string BranchName,
    Guid DepartmentId, string DepartmentName, string? Position, DateOnly HireDate, EmploymentStatus Status, string? WorkPhone,
    string? ManagerName);

/// What the employee list (and its export) is narrowed to: a name or number, a branch, a
/// department with the departments below it, a status, and hire dates from and to (inclusive).
public sealed record EmployeeFilter(string? Search = null, Guid? BranchId = null, Guid? DepartmentId = null,
    EmploymentStatus? Status = null, DateOnly? HiredFrom = null, DateOnly? HiredTo = null);

/// The list's query string, as the page's address and the export's carry it.
public sealed record EmployeeQuery(
    [property: MaxLength(FieldLimits.Search)] string? Search, Guid? BranchId, Guid? DepartmentId, EmploymentStatus? Status,
    [property: DateWindow(DateKind.Employment)] DateOnly? HiredFrom, [property: DateWindow(DateKind.Employment)] DateOnly? HiredTo)
{
    public EmployeeFilter ToFilter() =>
        new(string.IsNullOrWhiteSpace(Search) ? null : Search.Trim(), BranchId, DepartmentId, Status, HiredFrom, HiredTo);
}
