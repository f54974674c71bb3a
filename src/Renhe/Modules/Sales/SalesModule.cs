using Renhe.Platform.Security;
using Renhe.Platform.Ui;
using Renhe.Modules.Sales.FollowUps;

namespace Renhe.Modules.Sales;

public static class SalesModule
{
    public static IServiceCollection AddSales(this IServiceCollection services)
    {
        services.AddPermissions(SalesPermissions.All);
        services.AddScoped<ContactEventLinker>();
        services.AddScoped<CustomerService>();
        services.AddScoped<Demo.DemoCustomerSeeder>();
        services.AddScoped<FollowUps.FollowUpService>();
        services.AddNavItems(
            new NavItem("Nav.Customers", "/sales/customers", MudBlazor.Icons.Material.Filled.Contacts, SalesPermissions.CustomerRead, 50),
            new NavItem("Nav.Pool", "/sales/pool", MudBlazor.Icons.Material.Filled.Waves, SalesPermissions.PoolClaim, 51),
            new NavItem("Nav.FollowUps", "/sales/follow-ups", MudBlazor.Icons.Material.Filled.Forum, SalesPermissions.FollowUpRead, 52));
        return services;
    }

    public static void MapSales(this IEndpointRouteBuilder api)
    {
        api.MapSalesApi();
        api.MapFollowUpApi();
    }
}
