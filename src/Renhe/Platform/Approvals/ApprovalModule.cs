using Renhe.Platform.Ui.Homes;
using Renhe.Platform.Ui;

namespace Renhe.Platform.Approvals;

public static class ApprovalModule
{
    public static IServiceCollection AddApprovals(this IServiceCollection services)
    {
        services.AddScoped<ApprovalService>();
        services.AddScoped<ApprovalFlowService>();
        services.AddNavItems(
            new NavItem("Nav.Approvals", "/platform/approvals", MudBlazor.Icons.Material.Filled.Approval, PlatformPermissions.ApprovalAct, 5)
            {
                Badge = (sp, user, ct) => sp.GetRequiredService<ApprovalService>().CountAwaitingAsync(user, ct),
            },
            new NavItem("Nav.ApprovalFlows", "/platform/approval-flows", MudBlazor.Icons.Material.Filled.AltRoute, PlatformPermissions.ApprovalFlowManage, 930));
        services.AddRoleHome(Security.Roles.Finance, "/platform/approvals", "Nav.Approvals", PlatformPermissions.ApprovalAct, MudBlazor.Icons.Material.Filled.Approval);
        return services;
    }

    /// How a module plugs a request type into the engine.
    public static IServiceCollection AddApprovalHandler<THandler>(this IServiceCollection services) where THandler : class, IApprovalHandler =>
        services.AddScoped<IApprovalHandler, THandler>();

    /// Default flows, written once per type.
    public static Task SeedApprovalsAsync(this IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<ApprovalFlowService>().SeedDefaultsAsync(ApprovalFlowService.Defaults, ct);
}
