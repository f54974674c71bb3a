using Renhe.Modules.Risk.Demo;
using Renhe.Platform.Approvals;
using Renhe.Platform.Data;

namespace Renhe.Platform.Setup;

public static class Startup
{
    /// What runs before the first request: migrations (unless switched off), permission defaults,
    /// and in demo mode the demo company.
    public static async Task InitialiseAsync(this WebApplication app, CancellationToken ct = default)
    {
        if (app.Configuration.GetValue("Database:MigrateOnStart", true))
            await DatabaseSetup.MigrateAsync(app.Services, ct);
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PermissionSeeder>().SeedAsync(ct);
        var demo = app.Configuration.GetValue<bool>("Demo:Enabled");
        if (demo) await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(ct);
        await scope.ServiceProvider.SeedApprovalsAsync(demo, ct);
        if (demo)
        {
            // Six months of the salespeople's chats, calls and contact events (Demo:Chats=false skips them).
            if (app.Configuration.GetValue("Demo:Chats", true))
                await scope.ServiceProvider.GetRequiredService<DemoChatSeeder>().SeedAsync(ct);
        }
    }
}
