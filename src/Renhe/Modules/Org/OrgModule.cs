using Renhe.Platform.Security;
using Renhe.Platform.Ui;

namespace Renhe.Modules.Org;

public static class OrgModule
{
    public static IServiceCollection AddOrg(this IServiceCollection services)
    {
        services.AddPermissions(OrgPermissions.All);
        services.AddScoped<OrgService>();
        services.AddScoped<EmployeeExport>();
        services.AddNavItems(
            new NavItem("Nav.Employees", "/org/employees", MudBlazor.Icons.Material.Filled.People, OrgPermissions.EmployeeRead, 20));
        return services;
    }

    public static void MapOrg(this IEndpointRouteBuilder api) => api.MapOrgApi();
}
