using Renhe.Platform.Audit;
using Renhe.Platform.Security;
using Renhe.Platform.Time;

namespace Renhe.Platform.Approvals;

internal static class ApprovalEndpoints
{
    public static void MapApprovals(this IEndpointRouteBuilder api)
    {
        var requests = api.MapGroup("/platform/approvals").WithTags("Approvals").RequirePermission(PlatformPermissions.ApprovalAct);
        requests.MapGet("/inbox", async (ApprovalService svc, CancellationToken ct) => TypedResults.Ok(await svc.InboxAsync(ct)));
        requests.MapGet("/mine", async (ApprovalService svc, CancellationToken ct) => TypedResults.Ok(await svc.MineAsync(ct)));
        requests.MapGet("/handled", async (ApprovalService svc, CancellationToken ct) => TypedResults.Ok(await svc.HandledAsync(ct)));
        requests.MapGet("/count", async (ApprovalService svc, HttpContext http, CancellationToken ct) =>
            TypedResults.Ok(new { awaiting = await svc.CountAwaitingAsync(http.User, ct) }));
        requests.MapGet("/export", async (ApprovalTab? tab, ApprovalService svc, BranchCalendar calendar, CurrentUser user, CancellationToken ct) =>
                TypedResults.File(await svc.ExportAsync(tab ?? ApprovalTab.Inbox, await calendar.ViewerZoneAsync(user, ct), ct),
                    AuditEndpoints.XlsxContentType, $"approvals-{(tab ?? ApprovalTab.Inbox).ToString().ToLowerInvariant()}-{DateTime.UtcNow:yyyyMMdd}.xlsx"))
            .WithSummary("One tab of the approvals centre (Inbox, Mine, Handled) as Excel, as the caller sees it; audited.");
        requests.MapPost("/batch-approve", async (ApprovalBatchInput input, ApprovalService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.ApproveManyAsync(input, ct)))
            .WithSummary("Approve several requests of one type, each with the version seen and one optional comment; "
                         + "answers how many were approved and why each of the others was not.");
        requests.MapGet("/people", async (ApprovalService svc, CancellationToken ct) => TypedResults.Ok(await svc.PeopleAsync(ct)));
        requests.MapGet("/{id:guid}", async (Guid id, ApprovalService svc, CancellationToken ct) => TypedResults.Ok(await svc.GetAsync(id, ct)));
        requests.MapPost("/{id:guid}/approve", async (Guid id, ApprovalActionInput input, ApprovalService svc, CancellationToken ct) =>
            await ThenDetailAsync(svc, id, svc.ApproveAsync(id, input, ct), ct));
        requests.MapPost("/{id:guid}/reject", async (Guid id, ApprovalActionInput input, ApprovalService svc, CancellationToken ct) =>
            await ThenDetailAsync(svc, id, svc.RejectAsync(id, input, ct), ct));
        requests.MapPost("/{id:guid}/return", async (Guid id, ApprovalActionInput input, ApprovalService svc, CancellationToken ct) =>
            await ThenDetailAsync(svc, id, svc.ReturnAsync(id, input, ct), ct));
        requests.MapPost("/{id:guid}/delegate", async (Guid id, ApprovalActionInput input, ApprovalService svc, CancellationToken ct) =>
            await ThenDetailAsync(svc, id, svc.DelegateAsync(id, input, ct), ct));
        requests.MapPost("/{id:guid}/withdraw", async (Guid id, ApprovalActionInput input, ApprovalService svc, CancellationToken ct) =>
            await ThenDetailAsync(svc, id, svc.WithdrawAsync(id, input, ct), ct));
        requests.MapPost("/{id:guid}/resubmit", async (Guid id, ApprovalActionInput input, ApprovalService svc, CancellationToken ct) =>
            await ThenDetailAsync(svc, id, svc.ResubmitAsync(id, input, ct), ct));

        var flows = api.MapGroup("/platform/approval-flows").WithTags("Approvals").RequirePermission(PlatformPermissions.ApprovalFlowManage);
        flows.MapGet("", async (ApprovalFlowService svc, CancellationToken ct) => TypedResults.Ok(await svc.ListAsync(ct)));
        flows.MapGet("/{requestType}", async (string requestType, ApprovalFlowService svc, CancellationToken ct) =>
            TypedResults.Ok(await svc.GetAsync(requestType, ct)));
        flows.MapPut("/{requestType}", async (string requestType, ApprovalFlowInput input, ApprovalFlowService svc, CancellationToken ct) =>
            TypedResults.Ok(new { version = await svc.SaveAsync(requestType, input, ct) }));
    }

    /// An action answers with the request as it now stands (its new version included), or 404
    /// when the caller no longer sees it — which cannot happen after acting on it.
    private static async Task<IResult> ThenDetailAsync(ApprovalService svc, Guid id, Task action, CancellationToken ct)
    {
        await action;
        return TypedResults.Ok(await svc.GetAsync(id, ct));
    }
}
