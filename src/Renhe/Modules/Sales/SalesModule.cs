using Renhe.Platform.Approvals;
using Renhe.Modules.Sales.Customers;
using Renhe.Platform.Security;
using Renhe.Platform.Ui;
using Renhe.Modules.Sales.Targets;
using Renhe.Modules.Sales.FollowUps;

namespace Renhe.Modules.Sales;

public static class SalesModule
{
    public static IServiceCollection AddSales(this IServiceCollection services)
    {
        services.AddPermissions(SalesPermissions.All);
        services.AddModuleStrings<SalesStrings>();
        services.AddScoped<ContactEventLinker>();
        services.AddScoped<CustomerService>();
        services.AddScoped<Demo.DemoCustomerSeeder>();
        services.AddScoped<Demo.DemoSalesActivitySeeder>();
        services.AddScoped<Demo.DemoPendingOrdersSeeder>();
        services.AddScoped<Orders.ProductService>();
        services.AddScoped<Orders.DiscountLimitService>();
        services.AddScoped<Orders.OrderService>();
        services.AddScoped<Orders.DemoProductSeeder>();
        services.AddApprovalHandler<Orders.OrderApprovalHandler>();
        services.AddScoped<Targets.TargetService>();
        services.AddScoped<Targets.TodayService>();
        services.AddScoped<Targets.TeamDashboardService>();
        services.AddScoped<Targets.DemoTargetSeeder>();
        services.AddCustomerOwnership();
        services.AddScoped<FollowUps.FollowUpService>();
        services.AddNavItems(
            new NavItem("Nav.Today", "/sales/today", MudBlazor.Icons.Material.Filled.Today, SalesPermissions.TaskRead, 5),
            new NavItem("Nav.Customers", "/sales/customers", MudBlazor.Icons.Material.Filled.Contacts, SalesPermissions.CustomerRead, 49),
            new NavItem("Nav.Pool", "/sales/pool", MudBlazor.Icons.Material.Filled.Waves, SalesPermissions.PoolClaim, 50),
            new NavItem("Nav.TeamDashboard", "/sales/team", MudBlazor.Icons.Material.Filled.Leaderboard, SalesPermissions.TargetManage, 51),
            new NavItem("Nav.Orders", "/sales/orders", MudBlazor.Icons.Material.Filled.ReceiptLong, SalesPermissions.OrderRead, 53),
            new NavItem("Nav.Products", "/sales/products", MudBlazor.Icons.Material.Filled.Inventory2, SalesPermissions.OrderRead, 54),
            new NavItem("Nav.Targets", "/sales/targets", MudBlazor.Icons.Material.Filled.Flag, SalesPermissions.TargetManage, 55),
            new NavItem("Nav.FollowUps", "/sales/follow-ups", MudBlazor.Icons.Material.Filled.Forum, SalesPermissions.FollowUpRead, 52));
        return services;
    }

    public static void MapSales(this IEndpointRouteBuilder api)
    {
        api.MapSalesApi();
        Orders.OrderEndpoints.MapOrdersApi(api);
        api.MapTargetsApi();
        api.MapCustomerOwnershipApi();
        api.MapFollowUpApi();
    }
}
