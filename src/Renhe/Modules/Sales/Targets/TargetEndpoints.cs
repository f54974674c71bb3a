using Renhe.Platform.Formatting;
using Renhe.Platform.Audit;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;

namespace Renhe.Modules.Sales.Targets;

public static class TargetEndpoints
{
    public static void MapTargets(this IEndpointRouteBuilder api)
    {
        var sales = api.MapGroup("/sales").WithTags("Sales");

        sales.MapGet("/targets", async (Guid departmentId, string month, int? historyMonths, decimal? amountYuan, TargetService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.GetAsync(departmentId, ParseMonth(month), historyMonths ?? TargetService.DefaultHistoryMonths,
                    amountYuan is { } y ? MoneyFormat.ToFen(y) : null, ct)))
            .RequirePermission(SalesPermissions.TargetManage)
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

        sales.MapGet("/tasks/today", async (Guid? employeeId, TodayService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.ForCurrentUserAsync(employeeId, ct)))
            .RequirePermission(SalesPermissions.TaskRead)
            .WithSummary("Today's tasks and progress: the caller's own, or a colleague's within the caller's scope.");

        sales.MapGet("/team-dashboard", async (Guid departmentId, string month, TeamDashboardService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.ForCurrentUserAsync(departmentId, ParseMonth(month), ct)))
            .RequirePermission(SalesPermissions.TargetManage)
            .WithSummary("Each person's month against their plan, follow-ups today and this week, and the team's funnel.");
        sales.MapGet("/team-dashboard/export", async (Guid departmentId, string month, TeamDashboardService svc, CancellationToken ct) =>
                TypedResults.File(await svc.ExportAsync(departmentId, ParseMonth(month), ct), AuditEndpoints.XlsxContentType,
                    $"team-dashboard-{month}.xlsx"))
            .RequirePermission(SalesPermissions.TargetManage)
            .WithSummary("The dashboard table as Excel; audited.");
    }

    /// "2026-11" (or a full date in the month).
    public static DateOnly ParseMonth(string? month)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        if (DateOnly.TryParseExact(month, "yyyy-MM", inv, System.Globalization.DateTimeStyles.None, out var m)
            || DateOnly.TryParseExact(month, "yyyy-MM-dd", inv, System.Globalization.DateTimeStyles.None, out m))
            return new DateOnly(m.Year, m.Month, 1);
        throw new DomainException("Sales.Target.BadMonth") { Field = "month" };
    }
}
