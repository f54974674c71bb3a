using System.ComponentModel.DataAnnotations;
using Renhe.Platform.Formatting;
using Renhe.Platform.Audit;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Sales.Targets;

public static class TargetEndpoints
{
    public static void MapTargets(this IEndpointRouteBuilder api)
    {
        var sales = api.MapGroup("/sales").WithTags("Sales");

        sales.MapGet("/targets", async (Guid departmentId, [MaxLength(10)] string month, [Range(3, 6)] int? historyMonths, [Yuan] decimal? amountYuan, TargetService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.GetAsync(departmentId, ParseMonth(month), historyMonths ?? TargetService.DefaultHistoryMonths,
                    amountYuan is { } y ? MoneyFormat.ToFen(y) : null, ct)))
            .RequirePermission(SalesPermissions.TargetRead)
            .WithSummary("A department's target for a month (yyyy-MM) with each person's proposal next to the saved plan. "
                         + "amountYuan proposes a split of that amount without saving; historyMonths is 3 or 6.");
        sales.MapPut("/targets", async (TargetInput input, TargetService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.SaveAsync(input, publish: false, ct)))
            .RequirePermission(SalesPermissions.TargetManage)
            .WithSummary("Save a draft target; plans left out or figures left null are filled from the proposal. 409 once published.");
        sales.MapPost("/targets/publish", async (TargetInput input, TargetService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.SaveAsync(input, publish: true, ct)))
            .RequirePermission(SalesPermissions.TargetManage)
            .WithSummary("Save and publish: daily tasks follow the published plans. Publishing again overwrites and bumps the revision.");

        sales.MapGet("/month", async ([MaxLength(10)] string month, SalesMonthService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.ForCurrentUserAsync(ParseMonth(month), ct)))
            .RequirePermission(SalesPermissions.TargetRead)
            .WithSummary("The month's net sales of everyone the caller reads against the published targets: day by day and per team.");

        sales.MapGet("/targets/export", async (Guid departmentId, [MaxLength(10)] string month, TargetService svc, CancellationToken ct) =>
                TypedResults.File(await svc.ExportAsync(departmentId, ParseMonth(month), ct), AuditEndpoints.XlsxContentType, $"targets-{month}.xlsx"))
            .RequirePermission(SalesPermissions.TargetRead)
            .WithSummary("A department's plan for a month (yyyy-MM): each person's target, achieved and progress, as Excel; audited.");
        sales.MapGet("/tasks/today", async (Guid? employeeId, TodayService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.ForCurrentUserAsync(employeeId, ct)))
            .RequirePermission(SalesPermissions.TaskRead)
            .WithSummary("Today's tasks and progress: the caller's own, or a colleague's within the caller's scope.");

        sales.MapGet("/team-dashboard", async (Guid departmentId, [MaxLength(10)] string month, TeamDashboardService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.ForCurrentUserAsync(departmentId, ParseMonth(month), ct)))
            .RequirePermission(SalesPermissions.TargetRead)
            .WithSummary("Each person's month against their plan, follow-ups today and this week, and the team's funnel.");
        sales.MapGet("/team-dashboard/export", async (Guid departmentId, [MaxLength(10)] string month, TeamDashboardService svc, CancellationToken ct) =>
                TypedResults.File(await svc.ExportAsync(departmentId, ParseMonth(month), ct), AuditEndpoints.XlsxContentType,
                    $"team-dashboard-{month}.xlsx"))
            .RequirePermission(SalesPermissions.TargetRead)
            .WithSummary("The dashboard table as Excel; audited.");
    }

    /// "2026-11" (or a full date in the month).
    public static DateOnly ParseMonth(string? month)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        if (DateOnly.TryParseExact(month, "yyyy-MM", inv, System.Globalization.DateTimeStyles.None, out var m)
            || DateOnly.TryParseExact(month, "yyyy-MM-dd", inv, System.Globalization.DateTimeStyles.None, out m))
        {
            var first = new DateOnly(m.Year, m.Month, 1);
            // Reports reach a few months around it (history, next month): far from DateOnly's ends.
            if (first < DateWindows.ReportFrom || first > DateWindows.ReportTo)
                throw new DomainException("Validation.DateWindow", "month", DateWindows.ReportFrom.ToString("yyyy-MM"), DateWindows.ReportTo.ToString("yyyy-MM")) { Field = "month" };
            return first;
        }
        throw new DomainException("Sales.Target.BadMonth") { Field = "month" };
    }
}
