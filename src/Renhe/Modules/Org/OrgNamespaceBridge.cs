// Transitional. Sales, restructured in parallel, still reaches the organisation's types through
// their old namespace: `using Renhe.Modules.Org;`, `@using Renhe.Modules.Org.Pages` (for
// EmployeePicker) and the fully qualified Renhe.Modules.Org.DirectoryEntry and EmployeeDto. The
// aliases below (and their twins in tests/Renhe.Tests/Modules/Org/OrgNamespaceBridge.cs) keep it
// compiling without touching it. Once Sales imports Renhe.Modules.Org.Employees and
// Renhe.Modules.Org.Structure (and .Employees.Pages): delete both bridge files, move DirectoryEntry
// and EmployeeDto into Employees/EmployeeDtos.cs, drop the @namespace line of
// Employees/Pages/EmployeePicker.razor and import Renhe.Modules.Org.Employees.Pages where
// Renhe.Modules.Org.Pages was imported.
global using Branch = Renhe.Modules.Org.Structure.Branch;
global using Department = Renhe.Modules.Org.Structure.Department;
global using StructureService = Renhe.Modules.Org.Structure.StructureService;
global using Employee = Renhe.Modules.Org.Employees.Employee;
global using EmployeeService = Renhe.Modules.Org.Employees.EmployeeService;
global using EmploymentStatus = Renhe.Modules.Org.Employees.EmploymentStatus;
global using PersonalData = Renhe.Modules.Org.Employees.PersonalData;

namespace Renhe.Modules.Org;

// Employees aggregate records, here only while Sales names them by their old full names.

/// What every colleague may see: the directory card.
public sealed record DirectoryEntry(Guid Id, string EmployeeNumber, string Name, string DepartmentName, string BranchName,
    string? PositionName, string? WorkPhone, string? WeComUserId);

public sealed record EmployeeDto(Guid Id, string EmployeeNumber, string Name, Guid BranchId, string BranchName,
    Guid DepartmentId, string DepartmentName, string? Position, DateOnly HireDate, EmploymentStatus Status, string? WorkPhone,
    string? ManagerName);
