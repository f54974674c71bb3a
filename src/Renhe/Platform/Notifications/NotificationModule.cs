using Renhe.Platform.Security;
using Renhe.Platform.Ui;

namespace Renhe.Platform.Notifications;

/// Notifications are one's own: reading and marking them needs only platform.account.self, which
/// every role holds; the service filters by the signed-in user, never by scope.
public static class NotificationModule
{
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddScoped<NotificationService>();
        services.AddNavItems(
            new NavItem("Nav.Notifications", "/platform/notifications", MudBlazor.Icons.Material.Filled.Notifications, PlatformPermissions.AccountSelf, 4)
            {
                Badge = (sp, user, ct) => sp.GetRequiredService<NotificationService>().CountUnreadAsync(user, ct),
            });
        return services;
    }

    public static void MapNotifications(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/platform/notifications").WithTags("Notifications").RequirePermission(PlatformPermissions.AccountSelf);
        group.MapGet("", async (bool? unreadOnly, NotificationService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.MineAsync(unreadOnly ?? false, ct)))
            .WithSummary("The caller's notifications, newest first (at most 100), in the caller's language.");
        group.MapGet("/count", async (NotificationService svc, HttpContext http, CancellationToken ct) =>
            TypedResults.Ok(new { unread = await svc.CountUnreadAsync(http.User, ct) }));
        group.MapPost("/{id:guid}/read", async (Guid id, NotificationService svc, CancellationToken ct) =>
        {
            await svc.MarkReadAsync(id, ct);
            return TypedResults.NoContent();
        });
        group.MapPost("/read-all", async (NotificationService svc, CancellationToken ct) =>
            TypedResults.Ok(new { marked = await svc.MarkAllReadAsync(ct) }));
    }
}
