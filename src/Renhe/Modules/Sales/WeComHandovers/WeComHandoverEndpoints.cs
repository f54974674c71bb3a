using Renhe.Platform.Security;

namespace Renhe.Modules.Sales.WeComHandovers;

/// Routes about WeCom handovers (客户转接): the customers WeCom did not hand over.
public static class WeComHandoverEndpoints
{
    public static void MapWeComHandovers(this IEndpointRouteBuilder api)
    {
        var sales = api.MapGroup("/sales").WithTags("Sales");
        sales.MapGet("/wecom-handovers/failed", async (Guid? originId, WeComHandoverService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.ListFailedAsync(originId, ct)))
            .RequirePermission(SalesPermissions.CustomerRead)
            .WithSummary("Customers WeCom did not hand over (refused, receiver at its limit, WeCom error) within the caller's customer scope, "
                + "newest first; originId narrows to one inheritance plan or transfer.");
    }
}
