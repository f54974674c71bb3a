using Renhe.Platform.Signals;
using Renhe.Platform.Jobs;
using Renhe.Platform.Localization;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Sales.Customers;
using Renhe.Modules.Sales.FollowUps;
using Renhe.Modules.Sales.Inheritance;
using Renhe.Modules.Org.Lifecycle;
using Renhe.Modules.Sales.Orders;
using Renhe.Modules.Sales.Targets;
using Renhe.Modules.Sales.WeComHandovers;
using Renhe.Platform.Approvals;
using Renhe.Platform.Security;
using Renhe.Platform.Ui;
using Renhe.Platform.Ui.Homes;

namespace Renhe.Modules.Sales;

/// Sales: customers as company assets (Customers), the contacts with them (FollowUps), what they
/// buy (Orders) and the month's targets turned into each day's work (Targets).
public static class SalesModule
{
    public static IServiceCollection AddSales(this IServiceCollection services)
    {
        services.AddPermissions(SalesPermissions.All);
        services.AddModuleStrings<SalesStrings>();

        services.AddScoped<CustomerService>();
        services.AddSignalSource<Signals.SalesSignalSource>();
        services.AddSignalSource<Signals.MeasureSignalSource>();
        services.AddScoped<ContactEventLinker>();
        services.AddScoped<AssignmentService>();
        services.AddScoped<PoolReturnService>();
        services.AddScoped<CustomerTransferService>();
        services.AddScoped<CustomerImportService>();
        services.AddScoped<DuplicateProbes>();
        services.AddScoped<CustomerExportService>();
        services.AddApprovalHandler<CustomerTransferHandler>();
        services.AddApprovalHandler<CustomerExportHandler>();
        services.AddScoped<WeComHandoverService>();
        services.AddScoped<WeComHandoverSender>();
        services.AddJob<WeComHandoverJob>(WeComHandoverJob.Name, "Jobs.Sales.WeComHandover", JobSchedule.Every(TimeSpan.FromMinutes(1)));
        services.AddJob<PoolReturnJob>(PoolReturnJob.Name, "Jobs.Sales.PoolReturn", JobSchedule.Every(TimeSpan.FromHours(1)));

        services.AddScoped<InheritanceService>();
        services.AddScoped<IOffboardingContributor, SalesOffboardingContributor>();
        services.AddJob<InheritanceJob>(InheritanceJob.Name, "Jobs.Sales.Inheritance", JobSchedule.DailyInEachBranch(new TimeOnly(0, 10)));

        services.AddScoped<FollowUpService>();

        services.AddScoped<ProductService>();
        services.AddScoped<DiscountLimitService>();
        services.AddScoped<OrderService>();
        services.AddApprovalHandler<OrderApprovalHandler>();

        services.AddScoped<TargetService>();
        services.AddScoped<TodayService>();
        services.AddJob<TodayNoticeJob>(TodayNoticeJob.Name, "Jobs.Sales.TodayNotice", JobSchedule.DailyInEachBranch(new TimeOnly(8, 30)));
        services.AddScoped<TeamDashboardService>();
        services.AddScoped<SalesMonthService>();

        services.AddScoped<Demo.DemoCustomerSeeder>();
        services.AddScoped<Demo.DemoSalesActivitySeeder>();
        services.AddScoped<Demo.DemoPendingOrdersSeeder>();
        services.AddScoped<Demo.DemoProductSeeder>();
        services.AddScoped<Demo.DemoTargetSeeder>();
        services.AddScoped<Demo.DemoInheritanceSeeder>();

        services.AddNavItems(
            new NavItem("Nav.Today", "/sales/today", MudBlazor.Icons.Material.Filled.Today, SalesPermissions.TaskRead, 5),
            new NavItem("Nav.SalesMonth", "/sales/month", MudBlazor.Icons.Material.Filled.Insights, SalesPermissions.TargetRead, 6),
            new NavItem("Nav.Customers", "/sales/customers", MudBlazor.Icons.Material.Filled.Contacts, SalesPermissions.CustomerRead, 49)
            {
                TitleFor = access => SalesPermissions.CustomersTitleKey(access, "Nav.Customers", "Nav.CustomersAll"),
            },
            new NavItem("Nav.Pool", "/sales/pool", MudBlazor.Icons.Material.Filled.Waves, SalesPermissions.PoolClaim, 50),
            new NavItem("Nav.TeamDashboard", "/sales/team", MudBlazor.Icons.Material.Filled.Leaderboard, SalesPermissions.TargetRead, 51),
            new NavItem("Nav.FollowUps", "/sales/follow-ups", MudBlazor.Icons.Material.Filled.Forum, SalesPermissions.FollowUpRead, 52),
            new NavItem("Nav.Orders", "/sales/orders", MudBlazor.Icons.Material.Filled.ReceiptLong, SalesPermissions.OrderRead, 53),
            new NavItem("Nav.Products", "/sales/products", MudBlazor.Icons.Material.Filled.Inventory2, SalesPermissions.OrderRead, 54),
            new NavItem("Nav.Targets", "/sales/targets", MudBlazor.Icons.Material.Filled.Flag, SalesPermissions.TargetRead, 55),
            new NavItem("Nav.AssignmentRules", "/sales/assignment-rules", MudBlazor.Icons.Material.Filled.AltRoute, SalesPermissions.AssignmentManage, 56),
            new NavItem("Nav.Inheritance", "/sales/inheritance", MudBlazor.Icons.Material.Filled.PersonRemove, SalesPermissions.InheritanceManage, 57));
        services.AddRoleHome(Roles.Salesperson, "/sales/today", "Nav.Today", SalesPermissions.TaskRead, MudBlazor.Icons.Material.Filled.Today);
        services.AddRoleHome(Roles.SalesManager, "/sales/team", "Nav.TeamDashboard", SalesPermissions.TargetRead, MudBlazor.Icons.Material.Filled.Leaderboard);
        services.AddRoleHome(Roles.Owner, "/sales/month", "Nav.SalesMonth", SalesPermissions.TargetRead, MudBlazor.Icons.Material.Filled.Insights);
        return services;
    }

    public static void MapSales(this IEndpointRouteBuilder api)
    {
        api.MapCustomers();
        api.MapWeComHandovers();
        api.MapFollowUps();
        api.MapOrders();
        api.MapTargets();
        api.MapInheritance();
    }

    /// The module's tables, each configured beside its entity; applied once by AppDbContext.
    public static void ConfigureModel(ModelBuilder builder)
    {
        builder.ApplyConfiguration(new CustomerConfiguration());
        builder.ApplyConfiguration(new CustodyEntryConfiguration());
        builder.ApplyConfiguration(new StageChangeConfiguration());
        builder.ApplyConfiguration(new AssignmentRuleConfiguration());
        builder.ApplyConfiguration(new CustomerTransferConfiguration());
        builder.ApplyConfiguration(new CustomerExportConfiguration());
        builder.ApplyConfiguration(new WeComHandoverConfiguration());
        builder.ApplyConfiguration(new InheritancePlanConfiguration());
        builder.ApplyConfiguration(new InheritanceLineConfiguration());
        builder.ApplyConfiguration(new FollowUpConfiguration());
        builder.ApplyConfiguration(new FollowUpCommentConfiguration());
        builder.ApplyConfiguration(new ProductConfiguration());
        builder.ApplyConfiguration(new OrderConfiguration());
        builder.ApplyConfiguration(new OrderLineConfiguration());
        builder.ApplyConfiguration(new OrderAdjustmentConfiguration());
        builder.ApplyConfiguration(new DiscountLimitConfiguration());
        builder.ApplyConfiguration(new SalesTargetConfiguration());
        builder.ApplyConfiguration(new SalesPlanConfiguration());
        builder.ApplyConfiguration(new DailyTaskListConfiguration());
        builder.ApplyConfiguration(new DailyTaskConfiguration());
    }
}
