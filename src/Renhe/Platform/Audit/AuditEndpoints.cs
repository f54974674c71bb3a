using Renhe.Platform.Time;
using System.ComponentModel.DataAnnotations;
using Renhe.Platform.Security;
using Renhe.Platform.Validation;

namespace Renhe.Platform.Audit;

public sealed record RecordReadRequest(
    [property: Required, MaxLength(100)] string Subject,
    [property: MaxLength(200)] string? Key,
    [property: MaxLength(2000)] string? Detail);

public static class AuditEndpoints
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static void MapAudit(this IEndpointRouteBuilder api)
    {
        var audit = api.MapGroup("/platform/audit-entries").WithTags("Audit");
        audit.MapGet("", async ([AsParameters] AuditFilterQuery q, AuditQuery query, CancellationToken ct) =>
                TypedResults.Ok(await query.PageAsync(q.ToFilter(), q.Page ?? 0, Math.Clamp(q.PageSize ?? 50, 1, 500), ct)))
            .RequirePermission(PlatformPermissions.AuditRead);
        audit.MapGet("/export", async ([AsParameters] AuditFilterQuery q, AuditExport export, BranchCalendar calendar, CurrentUser user, CancellationToken ct) =>
            {
                var bytes = await export.ExportAsync(q.ToFilter(), await calendar.ViewerZoneAsync(user, ct), ct);
                return TypedResults.File(bytes, XlsxContentType, $"audit-{DateTime.UtcNow:yyyyMMdd-HHmm}.xlsx");
            })
            .RequirePermission(PlatformPermissions.AuditExport);
        audit.MapPost("/reads", async (RecordReadRequest request, AuditService service, CancellationToken ct) =>
            {
                await service.RecordReadAsync(request.Subject, request.Key, request.Detail, ct);
                return TypedResults.NoContent();
            })
            .RequirePermission(PlatformPermissions.AuditRecord)
            .WithSummary("Record a sensitive read made by an integration (who read what, and why).");

        api.MapGet("/me/data-access", async ([Range(1, 100_000)] int? page, [Range(1, FieldLimits.PageSize)] int? pageSize, DataAccessQuery query, CancellationToken ct) =>
                TypedResults.Ok(await query.MineAsync(page ?? 1, pageSize ?? 20, ct)))
            .WithTags("Audit")
            .RequirePermission(PlatformPermissions.AccountSelf)
            .WithSummary("Who viewed or exported the caller's own records (searches of their messages, reveals, exports), newest first.");
    }

    // Head office time until branches carry their own zone into the audit view.

    public sealed record AuditFilterQuery([property: MaxLength(100)] string? Entity, [property: MaxLength(200)] string? EntityKey,
        [property: MaxLength(64)] string? UserName, AuditAction? Action,
        [property: DateWindow(DateKind.Report)] DateTimeOffset? From, [property: DateWindow(DateKind.Report)] DateTimeOffset? To,
        [property: Range(1, 100_000)] int? Page, [property: Range(1, FieldLimits.PageSize)] int? PageSize)
    {
        public AuditFilter ToFilter() => new(Entity, EntityKey, UserName, Action, From, To);
    }
}
