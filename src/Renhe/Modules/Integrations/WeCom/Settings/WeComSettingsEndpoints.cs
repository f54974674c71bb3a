using Renhe.Modules.Integrations.WeCom.Api;
using Renhe.Platform.Security;

namespace Renhe.Modules.Integrations.WeCom.Settings;

public static class WeComSettingsEndpoints
{
    /// The WeCom app settings, under /api/integrations/wecom/settings.
    public static void MapWeComSettings(this IEndpointRouteBuilder integrations)
    {
        var settings = integrations.MapGroup("/wecom/settings");
        settings.MapGet("", async (WeComSettingsService svc, CancellationToken ct) => TypedResults.Ok(await svc.GetAsync(ct)))
            .RequirePermission(IntegrationsPermissions.WeComManage)
            .WithSummary("The corp id and agent id, whether a secret is stored (never the secret) and whether WeCom is configured.");
        settings.MapPut("", async (WeComSettingsInput input, WeComSettingsService svc, CancellationToken ct) => TypedResults.Ok(await svc.SaveAsync(input, ct)))
            .RequirePermission(IntegrationsPermissions.WeComManage)
            .WithSummary("Save corp id, agent id and (optionally) a new secret, encrypted at rest; 409 when another administrator saved first.");
        settings.MapPost("/check", async (WeComSettingsService svc, WeComClient client, CancellationToken ct) => TypedResults.Ok(await svc.CheckAsync(client, ct)))
            .RequirePermission(IntegrationsPermissions.WeComManage)
            .WithSummary("Try the stored settings against WeCom: a token and the department list, or WeCom's errcode with what to do.");
    }
}
