using System.ComponentModel.DataAnnotations;
using Renhe.Modules.Sales.Targets;
using Renhe.Platform.Security;

namespace Renhe.Modules.Commission.Statements;

public static class StatementEndpoints
{
    public static void MapStatements(this IEndpointRouteBuilder api)
    {
        var commission = api.MapGroup("/commission").WithTags("Commission");

        commission.MapGet("/statements/mine", async ([MaxLength(10)] string? month, StatementService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.ForPersonAsync(null, month is null ? null : TargetEndpoints.ParseMonth(month), ct)))
            .RequirePermission(CommissionPermissions.StatementRead)
            .WithSummary("The caller's statement for a month (yyyy-MM, default this month): live and estimated with the navigator while the month is open, the stored one once closed.");
        commission.MapGet("/statements/{employeeId:guid}", async (Guid employeeId, [MaxLength(10)] string? month, StatementService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.ForPersonAsync(employeeId, month is null ? null : TargetEndpoints.ParseMonth(month), ct)))
            .RequirePermission(CommissionPermissions.StatementRead)
            .WithSummary("A person's statement within the caller's scope; 404 for anyone else.");
        commission.MapGet("/team", async ([MaxLength(10)] string? month, StatementService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.TeamAsync(month is null ? null : TargetEndpoints.ParseMonth(month), ct)))
            .RequirePermission(CommissionPermissions.StatementRead)
            .WithSummary("Everyone's month within the caller's scope: measures, tier, commission and each person's next step.");
    }
}
