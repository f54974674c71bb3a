using Renhe.Platform.Security;
using static Renhe.Platform.Security.Roles;

namespace Renhe.Modules.Org;

public static class OrgPermissions
{
    /// Branches, departments, positions and the org chart: everyone sees the shape of the company.
    public const string StructureRead = "org.structure.read";
    public const string StructureManage = "org.structure.manage";
    /// Colleagues' names, department, position and work contacts: the company directory.
    public const string DirectoryRead = "org.directory.read";
    /// The employee record (personal identifiers masked, salary grade hidden), within the data scope.
    public const string EmployeeRead = "org.employee.read";
    public const string EmployeeSalary = "org.employee.salary";
    /// Show ID card number, personal phone, bank account and emergency contact phone in clear; every use is audited.
    public const string EmployeeReveal = "org.employee.reveal";
    public const string EmployeeManage = "org.employee.manage";
    public const string EmployeeImport = "org.employee.import";
    public const string EmployeeExport = "org.employee.export";
    /// Ask HR to change one's own personal data.
    public const string ProfileRequest = "org.profile.request";
    /// The record of everyone's change requests (资料变更记录) and, in 审批中心, their subject. Who
    /// decides is the org.profile-change approval flow's business (HR by default).
    public const string ProfileApprove = "org.profile.approve";

    public static readonly PermissionDefinition[] All =
    [
        new(StructureRead, false, Roles.Everyone(DataScope.All)),
        new(StructureManage, false, (Administrator, DataScope.All), (Hr, DataScope.All)),
        new(DirectoryRead, false, Roles.Everyone(DataScope.All)),
        new(EmployeeRead, false,
            (Administrator, DataScope.All), (Owner, DataScope.All), (Hr, DataScope.All), (Auditor, DataScope.All),
            (Finance, DataScope.All), (SalesManager, DataScope.Team), (CsSupervisor, DataScope.Team),
            (Salesperson, DataScope.Self), (CsAgent, DataScope.Self)),
        new(EmployeeSalary, false, (Owner, DataScope.All), (Hr, DataScope.All), (Finance, DataScope.All),
            (SalesManager, DataScope.Self), (Salesperson, DataScope.Self), (CsSupervisor, DataScope.Self), (CsAgent, DataScope.Self),
            (Auditor, DataScope.Self), (Administrator, DataScope.Self)),
        new(EmployeeReveal, false, [(Hr, DataScope.All), .. Roles.Seeded.Where(r => r != Hr).Select(r => (r, DataScope.Self))]),
        new(EmployeeManage, false, (Hr, DataScope.All)),
        new(EmployeeImport, false, (Hr, DataScope.All)),
        // Taking people's data out of the application needs a second factor (PRODUCT §11).
        new(EmployeeExport, true, (Hr, DataScope.All), (Owner, DataScope.All), (SalesManager, DataScope.Team), (CsSupervisor, DataScope.Team)),
        new(ProfileRequest, false, Roles.Everyone(DataScope.Self)),
        new(ProfileApprove, false, (Hr, DataScope.All)),
    ];
}
