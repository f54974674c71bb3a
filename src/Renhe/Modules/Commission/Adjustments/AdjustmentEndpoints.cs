using System.ComponentModel.DataAnnotations;
using Renhe.Modules.Sales.Targets;
using Renhe.Platform.Security;

namespace Renhe.Modules.Commission.Adjustments;

public static class AdjustmentEndpoints
{
    public static void MapAdjustments(this IEndpointRouteBuilder api)
    {
        var commission = api.MapGroup("/commission").WithTags("Commission");
        commission.MapPost("/adjustments", async (AdjustmentInput input, AdjustmentService svc, CancellationToken ct) =>
            {
                var id = await svc.RequestAsync(input, ct);
                return TypedResults.Created($"/api/commission/adjustments/{id}", new { id });
            }).RequirePermission(CommissionPermissions.AdjustmentRequest)
            .WithSummary("Ask for a manual adjustment of a person's commission in an open month; it becomes a statement line only once finance approves.");
        commission.MapGet("/adjustments", async ([MaxLength(10)] string? month, AdjustmentService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.ListAsync(month is null ? null : TargetEndpoints.ParseMonth(month), ct)))
            .RequirePermission(CommissionPermissions.StatementRead)
            .WithSummary("Adjustments of the people whose statements the caller reads, newest first.");
        // Under the approvals centre's permission: the approver may hold no commission permission.
        commission.MapGet("/adjustment-approvals/{requestId:guid}", async (Guid requestId, AdjustmentService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.ForApprovalAsync(requestId, ct)))
            .RequirePermission(Renhe.Platform.PlatformPermissions.ApprovalAct)
            .WithSummary("The adjustment behind an approval request, as its approver sees it.");
    }
}
