using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Commission.Adjustments;
using Renhe.Modules.Commission.Disputes;
using Renhe.Modules.Commission.Plans;
using Renhe.Modules.Commission.Statements;
using Renhe.Platform.Localization;
using Renhe.Platform.Security;
using Renhe.Platform.Ui;

namespace Renhe.Modules.Commission;

/// Commission (提成): plans with tiers on measured rates (Plans), each person's monthly statement,
/// its close and the payable ledger payroll reads (Statements), manual adjustments (Adjustments)
/// and disputes (Disputes). Measures come from the platform's measures kernel.
public static class CommissionModule
{
    public static IServiceCollection AddCommission(this IServiceCollection services)
    {
        services.AddPermissions(CommissionPermissions.All);
        services.AddModuleStrings<CommissionStrings>();

        services.AddScoped<StatementText>();
        services.AddScoped<StatementService>();
        services.AddScoped<Sales.Targets.ITodayNavigator, CommissionTodayNavigator>();

        services.AddScoped<Demo.DemoCommissionSeeder>();
        services.AddScoped<Demo.DemoCommissionMonthSeeder>();

        services.AddNavItems(
            new NavItem("Nav.Commission.Panel", "/commission/panel", MudBlazor.Icons.Material.Filled.EmojiEvents, CommissionPermissions.StatementRead, 7),
            // Whoever reads plans reads more than their own statement (managers, finance, the owner).
            new NavItem("Nav.Commission.Team", "/commission/team", MudBlazor.Icons.Material.Filled.Groups, CommissionPermissions.PlanRead, 7));
        return services;
    }

    public static void MapCommission(this IEndpointRouteBuilder api)
    {
        api.MapStatements();
    }

    /// The module's tables, each configured beside its entity; applied once by AppDbContext.
    public static void ConfigureModel(ModelBuilder builder)
    {
        builder.ApplyConfiguration(new CommissionPlanConfiguration());
        builder.ApplyConfiguration(new CommissionPlanVersionConfiguration());
        builder.ApplyConfiguration(new PlanAcknowledgementConfiguration());
        builder.ApplyConfiguration(new CommissionStatementConfiguration());
        builder.ApplyConfiguration(new CommissionStatementLineConfiguration());
        builder.ApplyConfiguration(new CommissionMonthConfiguration());
        builder.ApplyConfiguration(new CommissionPayableConfiguration());
        builder.ApplyConfiguration(new CommissionAdjustmentConfiguration());
        builder.ApplyConfiguration(new CommissionDisputeConfiguration());
    }
}
