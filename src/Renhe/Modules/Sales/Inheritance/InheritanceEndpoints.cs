using Renhe.Platform.Security;

namespace Renhe.Modules.Sales.Inheritance;

public static class InheritanceEndpoints
{
    /// 离职继承 plans under /api/sales/inheritance-plans.
    public static void MapInheritance(this IEndpointRouteBuilder api)
    {
        var plans = api.MapGroup("/sales/inheritance-plans").WithTags("Sales");
        plans.MapGet("/", async (bool? all, InheritanceService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.ListAsync(openOnly: all != true, ct)))
            .RequirePermission(SalesPermissions.InheritanceManage);
        plans.MapGet("/{id:guid}", async (Guid id, InheritanceService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.GetAsync(id, ct)))
            .RequirePermission(SalesPermissions.InheritanceManage);
        plans.MapPut("/{id:guid}/receivers", async (Guid id, InheritanceAssignInput input, InheritanceService svc, CancellationToken ct) =>
            {
                await svc.AssignAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequirePermission(SalesPermissions.InheritanceManage);
    }
}
