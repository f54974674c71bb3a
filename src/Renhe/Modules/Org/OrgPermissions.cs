using Renhe.Platform.Security;
using static Renhe.Platform.Security.Roles;

namespace Renhe.Modules.Org;

public static class OrgPermissions
{
    public const string StructureRead = "org.structure.read";
    public const string DepartmentManage = "org.department.manage";
    public const string EmployeeRead = "org.employee.read";

    public static readonly PermissionDefinition[] All =
    [
        new(StructureRead, false, Roles.Everyone(DataScope.All)),
        new(DepartmentManage, false, (Administrator, DataScope.All), (Hr, DataScope.All)),
        new(EmployeeRead, false,
            (Administrator, DataScope.All), (Owner, DataScope.All), (Hr, DataScope.All), (Auditor, DataScope.All),
            (Finance, DataScope.All), (SalesManager, DataScope.Team), (CsSupervisor, DataScope.Team),
            (Salesperson, DataScope.Self), (CsAgent, DataScope.Self)),
    ];
}
