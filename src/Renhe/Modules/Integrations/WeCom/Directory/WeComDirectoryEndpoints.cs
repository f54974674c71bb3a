using Renhe.Platform.Security;

namespace Renhe.Modules.Integrations.WeCom.Directory;

public static class WeComDirectoryEndpoints
{
    /// The WeCom directory under /api/integrations/wecom/directory (integrations.wecom.manage).
    public static void MapWeComDirectory(this IEndpointRouteBuilder integrations)
    {
        var directory = integrations.MapGroup("/wecom/directory");

        directory.MapGet("", async (WeComDirectoryService svc, CancellationToken ct) => TypedResults.Ok(await svc.GetAsync(ct)))
            .RequirePermission(IntegrationsPermissions.WeComManage)
            .WithSummary("The stored directory snapshot (also when WeCom is not configured: configured=false), the last sync and import, "
                         + "unmatched members and employees, ambiguous matches and customers several members follow.");
        directory.MapGet("/employees", async (WeComDirectoryService svc, CancellationToken ct) => TypedResults.Ok(await svc.LinkableEmployeesAsync(ct)))
            .RequirePermission(IntegrationsPermissions.WeComManage)
            .WithSummary("Employees a member may be linked to by hand: employed and carrying no WeCom user id.");
        directory.MapGet("/runs/{id:guid}", async (Guid id, WeComDirectoryService svc, CancellationToken ct) => TypedResults.Ok(await svc.GetRunAsync(id, ct)))
            .RequirePermission(IntegrationsPermissions.WeComManage)
            .WithSummary("A sync or import run: its progress while it runs, then its summary or WeCom's error.");
        directory.MapPost("/sync", async (DirectorySyncService svc, DirectorySyncLauncher launcher, CurrentUser user, CancellationToken ct) =>
            {
                var id = await launcher.StartAsync(svc, DirectorySyncKind.Directory, user.UserName, ct);
                return TypedResults.Accepted($"/api/integrations/wecom/directory/runs/{id}", new { id });
            })
            .RequirePermission(IntegrationsPermissions.WeComManage)
            .WithSummary("Read WeCom's departments and members and link employees (mobile, then employee number = user id; never a hand link; "
                         + "never creates or deletes employees). 202 with the run; 409 when WeCom is not configured or a run is under way.");
        directory.MapPost("/customer-import", async (DirectorySyncService svc, DirectorySyncLauncher launcher, CurrentUser user, CancellationToken ct) =>
            {
                var id = await launcher.StartAsync(svc, DirectorySyncKind.Customers, user.UserName, ct);
                return TypedResults.Accepted($"/api/integrations/wecom/directory/runs/{id}", new { id });
            })
            .RequirePermission(IntegrationsPermissions.WeComManage)
            .WithSummary("Import the linked members' external contacts: unknown ones become leads owned by the member, known ones are counted, "
                         + "contacts several members follow are reported. 202 with the run; 409 when not configured or a run is under way.");
        directory.MapPost("/members/{id:guid}/link", async (Guid id, MemberLinkInput input, WeComDirectoryService svc, CancellationToken ct) =>
            {
                await svc.LinkAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequirePermission(IntegrationsPermissions.WeComManage)
            .WithSummary("Link a member to an employee by hand (kept by later syncs); 409 when either is linked elsewhere or the version is stale.");
        directory.MapPost("/members/{id:guid}/unlink", async (Guid id, MemberUnlinkInput input, WeComDirectoryService svc, CancellationToken ct) =>
            {
                await svc.UnlinkAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequirePermission(IntegrationsPermissions.WeComManage)
            .WithSummary("Unlink a member by hand: the employee loses the user id and later syncs leave it unlinked.");
    }
}
