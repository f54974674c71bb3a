using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Commission.Adjustments;
using Renhe.Modules.Commission.Disputes;
using Renhe.Modules.Commission.Plans;
using Renhe.Modules.Commission.Statements;
using Renhe.Platform.Approvals;
using Renhe.Platform.Jobs;
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
        services.AddScoped<StatementCloseService>();
        services.AddScoped<PayableService>();
        services.AddJob<CommissionMonthReminderJob>(CommissionMonthReminderJob.Name, "Jobs.Commission.CloseReminder",
            JobSchedule.DailyInCompany(new TimeOnly(9, 0)));

        services.AddScoped<AdjustmentService>();
        services.AddApprovalHandler<CommissionAdjustmentHandler>();
        services.AddScoped<DisputeService>();
        services.AddApprovalHandler<CommissionDisputeHandler>();
        services.AddScoped<PlanText>();
        services.AddScoped<PlanService>();
        services.AddScoped<PlanSimulator>();
        services.AddApprovalHandler<PlanPublishHandler>();
        services.AddScoped<Sales.Targets.ITodayNavigator, CommissionTodayNavigator>();

        services.AddScoped<Demo.DemoCommissionSeeder>();
        services.AddScoped<Demo.DemoCommissionMonthSeeder>();
        services.AddScoped<Demo.DemoCommissionHistorySeeder>();

        services.AddNavItems(
            new NavItem("Nav.Commission.Panel", "/commission/panel", MudBlazor.Icons.Material.Filled.EmojiEvents, CommissionPermissions.StatementRead, 7),
            // Whoever reads plans reads more than their own statement (managers, finance, the owner).
            new NavItem("Nav.Commission.Team", "/commission/team", MudBlazor.Icons.Material.Filled.Groups, CommissionPermissions.PlanRead, 7),
            new NavItem("Nav.Commission.Months", "/commission/months", MudBlazor.Icons.Material.Filled.RequestQuote, CommissionPermissions.PayableRead, 8),
            new NavItem("Nav.Commission.Adjustments", "/commission/adjustments", MudBlazor.Icons.Material.Filled.Tune, CommissionPermissions.AdjustmentRequest, 60),
            new NavItem("Nav.Commission.Disputes", "/commission/disputes", MudBlazor.Icons.Material.Filled.Gavel, CommissionPermissions.StatementRead, 61),
            new NavItem("Nav.Commission.Plans", "/commission/plans", MudBlazor.Icons.Material.Filled.Percent, CommissionPermissions.PlanRead, 58));
        return services;
    }

    public static void MapCommission(this IEndpointRouteBuilder api)
    {
        api.MapStatements();
        api.MapStatementClose();
        api.MapAdjustments();
        api.MapDisputes();
        api.MapPlans();
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
