using System.Linq.Expressions;
using Renhe.Platform.Security;

namespace Renhe.Modules.Org;

public enum EmploymentStatus { Candidate, Probation, Active, Leaving, Left }

/// A person employed by the company. Who may read a record is decided by org.employee.read and
/// its data scope: an employee is "owned" by themself, belongs to their department and branch.
public sealed class Employee : IDataScoped<Employee>
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string EmployeeNumber { get; set; } = "";
    public string Name { get; set; } = "";
    public Guid BranchId { get; set; }
    public Guid DepartmentId { get; set; }
    public string? Position { get; set; }
    public Guid? ManagerId { get; set; }
    public DateOnly HireDate { get; set; }
    public EmploymentStatus Status { get; set; } = EmploymentStatus.Active;
    public string? WorkPhone { get; set; }

    public static Expression<Func<Employee, Guid?>> ScopeOwner => e => e.Id;
    public static Expression<Func<Employee, Guid?>> ScopeDepartment => e => e.DepartmentId;
    public static Expression<Func<Employee, Guid?>> ScopeBranch => e => e.BranchId;
}
