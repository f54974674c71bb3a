using System.ComponentModel.DataAnnotations;
using Renhe.Modules.Sales.Targets;
using Renhe.Platform.Audit;
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
        commission.MapGet("/team/export", async ([MaxLength(10)] string? month, StatementService svc, CancellationToken ct) =>
                TypedResults.File(await svc.ExportTeamAsync(month is null ? null : TargetEndpoints.ParseMonth(month), ct), AuditEndpoints.XlsxContentType,
                    $"commission-team-{month ?? "current"}.xlsx"))
            .RequirePermission(CommissionPermissions.StatementRead)
            .WithSummary("The team's month within the caller's scope as Excel: one row a person; audited.");
        commission.MapGet("/statements/{employeeId:guid}/customers", async (Guid employeeId, [MaxLength(10)] string? month, StatementService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.CustomersAsync(employeeId, month is null ? null : TargetEndpoints.ParseMonth(month), ct)))
            .RequirePermission(CommissionPermissions.StatementRead)
            .WithSummary("The customers behind a person-month's rates within the caller's scope: conversion's base D and converted N, repurchase's base B and repurchased R; 404 for anyone else.");
        commission.MapGet("/statements/{employeeId:guid}/history", async (Guid employeeId, [Range(1, 24)] int? months, StatementService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.HistoryAsync(employeeId, months ?? 6, ct)))
            .RequirePermission(CommissionPermissions.StatementRead)
            .WithSummary("A person's commission for each of the last months (default 6, this one included): closed ones as stored, open ones estimated.");
    }
}
