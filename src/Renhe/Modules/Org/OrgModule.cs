using Renhe.Platform.Signals;
using Renhe.Platform.Jobs;
using Renhe.Platform.Ui.Homes;
using Renhe.Platform.Localization;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Lifecycle;
using Renhe.Modules.Org.Profile;
using Renhe.Modules.Org.Structure;
using Renhe.Platform.Approvals;
using Renhe.Platform.Data;
using Renhe.Platform.Security;
using Renhe.Platform.Ui;

namespace Renhe.Modules.Org;

public static class OrgModule
{
    public static IServiceCollection AddOrg(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPermissions(OrgPermissions.All);
        services.AddModuleStrings<OrgStrings>();
        services.AddSingleton(_ => FieldCipher.FromConfiguration(configuration,
            DatabaseSetup.KeysDirectory(configuration)));
        services.AddScoped<StructureService>();
        services.AddScoped<EmployeeService>();
        services.AddScoped<LifecycleService>();
        services.AddSignalSource<Signals.HrSignalSource>();
        services.AddScoped<ProfileService>();
        services.AddApprovalHandler<ProfileChangeHandler>();
        services.AddHostedService<ProfileApprovalSetup>();
        services.AddScoped<EmployeeSpreadsheetService>();
        services.AddScoped<Demo.DemoOrgSeeder>();
        services.AddJob<LifecycleCloseJob>(LifecycleCloseJob.Name, "Jobs.Org.LifecycleClose", JobSchedule.DailyInEachBranch(new TimeOnly(0, 5)));
        services.AddNavItems(
            new NavItem("Nav.OrgChart", "/org/chart", MudBlazor.Icons.Material.Filled.AccountTree, OrgPermissions.StructureRead, 10),
            new NavItem("Nav.Employees", "/org/employees", MudBlazor.Icons.Material.Filled.People, OrgPermissions.EmployeeRead, 20),
            new NavItem("Nav.EmployeeImport", "/org/import", MudBlazor.Icons.Material.Filled.UploadFile, OrgPermissions.EmployeeImport, 25),
            new NavItem("Nav.MyProfile", "/org/me", MudBlazor.Icons.Material.Filled.Badge, OrgPermissions.ProfileRequest, 30),
            new NavItem("Nav.ChangeRequests", "/org/change-requests", MudBlazor.Icons.Material.Filled.FactCheck, OrgPermissions.ProfileApprove, 40));
        services.AddRoleHome(Roles.Hr, "/org/employees", "Nav.Employees", OrgPermissions.EmployeeRead, MudBlazor.Icons.Material.Filled.People);
        return services;
    }

    /// The organisation's tables, one configuration per entity beside it.
    public static void ConfigureModel(ModelBuilder builder)
    {
        builder.ApplyConfiguration(new BranchConfiguration());
        builder.ApplyConfiguration(new DepartmentConfiguration());
        builder.ApplyConfiguration(new PositionConfiguration());
        builder.ApplyConfiguration(new EmployeeConfiguration());
        builder.ApplyConfiguration(new JobChangeConfiguration());
        builder.ApplyConfiguration(new ChecklistItemConfiguration());
        builder.ApplyConfiguration(new ProfileChangeRequestConfiguration());
    }

    public static void MapOrg(this IEndpointRouteBuilder api)
    {
        var org = api.MapGroup("/org").WithTags("Organisation");
        org.MapStructureApi();
        org.MapEmployeeApi();
        org.MapLifecycleApi();
        org.MapProfileApi();
    }
}
