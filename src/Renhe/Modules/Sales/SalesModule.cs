using Renhe.Modules.Sales.Customers;
using Renhe.Platform.Security;
using Renhe.Platform.Ui;

namespace Renhe.Modules.Sales;

public static class SalesModule
{
    public static IServiceCollection AddSales(this IServiceCollection services)
    {
        services.AddPermissions(SalesPermissions.All);
        services.AddScoped<ContactEventLinker>();
        services.AddScoped<CustomerService>();
        services.AddScoped<Demo.DemoCustomerSeeder>();
        services.AddCustomerOwnership();
        services.AddNavItems(
            new NavItem("Nav.Customers", "/sales/customers", MudBlazor.Icons.Material.Filled.Contacts, SalesPermissions.CustomerRead, 50),
            new NavItem("Nav.Pool", "/sales/pool", MudBlazor.Icons.Material.Filled.Waves, SalesPermissions.PoolClaim, 51));
        return services;
    }

    public static void MapSales(this IEndpointRouteBuilder api)
    {
        api.MapSalesApi();
        api.MapCustomerOwnershipApi();
    }
}
