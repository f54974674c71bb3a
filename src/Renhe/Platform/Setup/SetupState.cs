using Microsoft.EntityFrameworkCore;
using Renhe.Platform.Data;

namespace Renhe.Platform.Setup;

/// Whether the installation still needs its first administrator. Outside demo mode Renhe ships
/// without any account or password; the first visit creates the administrator.
public sealed class SetupState(IServiceScopeFactory scopes)
{
    private volatile bool _done;

    public async Task<bool> NeedsSetupAsync(CancellationToken ct)
    {
        if (_done) return false;
        await using var scope = scopes.CreateAsyncScope();
        var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await factory.CreateDbContextAsync(ct);
        _done = await db.Users.AnyAsync(ct);
        return !_done;
    }

    public void MarkDone() => _done = true;
}

public static class SetupRedirect
{
    private static readonly string[] OpenPaths = ["/setup", "/_framework", "/_content", "/_blazor", "/health", "/openapi", "/api-docs", "/css", "/favicon", "/culture"];

    /// Until the first administrator exists, pages lead to /setup and the API answers 503.
    public static IApplicationBuilder UseSetupRedirect(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (OpenPaths.Any(p => path.StartsWithSegments(p)) || Path.HasExtension(path.Value)
                || !await context.RequestServices.GetRequiredService<SetupState>().NeedsSetupAsync(context.RequestAborted))
            {
                await next(context);
                return;
            }
            if (path.StartsWithSegments("/api"))
            {
                var problems = context.RequestServices.GetRequiredService<Problems.Problems>();
                var l = context.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Localization.Strings>>();
                await TypedResults.Problem(problems.Create(StatusCodes.Status503ServiceUnavailable, l["Error.NotInitialised"])).ExecuteAsync(context);
                return;
            }
            context.Response.Redirect("/setup");
        });
}
