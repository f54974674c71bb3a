using System.ComponentModel.DataAnnotations;
using Renhe.Platform.Time;
using Renhe.Platform.Audit;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Risk.Monitoring;

public static class MonitoringNoticeEndpoints
{
    /// The monitoring notice (ADR 0009), under /api/risk/monitoring-notice.
    public static void MapMonitoringNoticeApi(this IEndpointRouteBuilder risk)
    {
        var notice = risk.MapGroup("/monitoring-notice");

        notice.MapGet("", async (MonitoringNoticeService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.MineAsync(ct) ?? throw new DomainException("Risk.Notice.None") { StatusCode = StatusCodes.Status404NotFound }))
            .RequirePermission(RiskPermissions.MonitoringNoticeAcknowledge)
            .WithSummary("The monitoring notice in force and whether the caller has acknowledged it; 404 when none is published.");
        notice.MapGet("/versions", async (MonitoringNoticeService svc, CancellationToken ct) => TypedResults.Ok(await svc.VersionsAsync(ct)))
            .RequirePermission(RiskPermissions.MonitoringNoticeAcknowledge)
            .WithSummary("Every published version, newest first: what each acknowledgement refers to.");
        notice.MapPost("", async (PublishNoticeInput input, MonitoringNoticeService svc, CancellationToken ct) =>
            {
                var published = await svc.PublishAsync(input, ct);
                return TypedResults.Created("/api/risk/monitoring-notice/versions", published);
            })
            .RequirePermission(RiskPermissions.MonitoringNoticeManage)
            .WithSummary("Publish a new version (title and text); 409 when basedOnVersion is no longer the newest or another publication won.");
        notice.MapPost("/acknowledge", async (AcknowledgeInput input, MonitoringNoticeService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.AcknowledgeAsync(input?.Version, ct)))
            .RequirePermission(RiskPermissions.MonitoringNoticeAcknowledge)
            .WithSummary("The caller acknowledges the version in force (idempotent); 404 without an employee record.");
        notice.MapGet("/acknowledgements", async (bool? pending, [MaxLength(FieldLimits.Search)] string? search, MonitoringNoticeService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.StatusAsync(pending ?? false, search, ct)))
            .RequirePermission(RiskPermissions.MonitoringNoticeStatus)
            .WithSummary("Who has and has not acknowledged the version in force, within the caller's data scope, with counts.");
        notice.MapGet("/acknowledgements/export", async (bool? pending, MonitoringNoticeService svc, BranchCalendar calendar, CurrentUser user, CancellationToken ct) =>
                TypedResults.File(await svc.ExportStatusAsync(pending ?? false, await calendar.ViewerZoneAsync(user, ct), ct),
                    AuditEndpoints.XlsxContentType, $"monitoring-notice-acknowledgements-{DateTime.UtcNow:yyyyMMdd}.xlsx"))
            .RequirePermission(RiskPermissions.MonitoringNoticeStatus)
            .WithSummary("The acknowledgement status as an Excel workbook; audited.");
    }
}
