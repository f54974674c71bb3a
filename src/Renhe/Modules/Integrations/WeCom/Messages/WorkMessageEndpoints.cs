using Renhe.Platform.Audit;
using Renhe.Platform;
using Renhe.Platform.Security;

namespace Renhe.Modules.Integrations.WeCom.Messages;

public static class WorkMessageEndpoints
{
    public static void MapWorkMessages(this IEndpointRouteBuilder integrations)
    {
        // One's own switches: every role may set its own, nobody anyone else's.
        var mine = integrations.MapGroup("/wecom/message-preferences").RequirePermission(PlatformPermissions.AccountSelf);
        mine.MapGet("", async (WorkMessageService svc, CancellationToken ct) => TypedResults.Ok(await svc.MineAsync(ct)))
            .WithSummary("The caller's work-message switches per kind, and whether WeCom and their WeCom account are there at all.");
        mine.MapPut("", async (WorkMessagePreferenceInput input, WorkMessageService svc, CancellationToken ct) => TypedResults.Ok(await svc.SetAsync(input, ct)))
            .WithSummary("Turn one kind of work message on or off for the caller, from now on; the bell is not affected.");

        var log = integrations.MapGroup("/wecom/messages").RequirePermission(IntegrationsPermissions.WeComManage);
        log.MapGet("/status", async (WorkMessageService svc, CancellationToken ct) => TypedResults.Ok(await svc.StatusAsync(ct)))
            .WithSummary("Whether work messages can go out (WeCom configured, Renhe:PublicUrl set) and how many wait or failed.");
        log.MapGet("", async ([AsParameters] WorkMessageQuery q, WorkMessageService svc, CancellationToken ct) => TypedResults.Ok(await svc.ListAsync(q, ct)))
            .WithSummary("The send log, newest first, filtered by state, kind, person and days.");
        log.MapGet("/export", async ([AsParameters] WorkMessageQuery q, WorkMessageService svc, CancellationToken ct) =>
                TypedResults.File(await svc.ExportAsync(q, ct), AuditEndpoints.XlsxContentType, $"wecom-messages-{DateTime.UtcNow:yyyyMMdd}.xlsx"))
            .WithSummary("The filtered send log as Excel; audited.");
        log.MapPost("/{id:guid}/retry", async (Guid id, WorkMessageService svc, CancellationToken ct) =>
            {
                await svc.RetryAsync(id, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Send a failed message again on the next pass, with a fresh round of tries.");
    }
}
