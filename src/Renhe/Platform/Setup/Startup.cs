using Renhe.Modules.Risk.Demo;
using Renhe.Modules.Risk.Lexicon;
using Renhe.Modules.Sales.Demo;
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
        await DataProtectionKeyImport.ImportAsync(app.Services, DatabaseSetup.KeysDirectory(app.Configuration), ct);
        // Every signal kind has exactly one source: a module registered twice or left out fails here, not in a rule.
        Signals.SignalLoader.EnsureOneSourcePerKind(app.Services.GetServices<Signals.ISignalSource>().ToList());
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PermissionSeeder>().SeedAsync(ct);
        // The sensitive-word lexicon (seeded from DefaultLexicon on a new installation) and the
        // scanner compiled from it, before anything is archived.
        await scope.ServiceProvider.GetRequiredService<LexiconScanner>().InitialiseAsync(
            scope.ServiceProvider.GetRequiredService<TimeProvider>(), ct);
        // The default alert rules, once in the life of an installation.
        await scope.ServiceProvider.GetRequiredService<Modules.Risk.Rules.RuleService>().SeedDefaultsAsync(ct);
        var demo = app.Configuration.GetValue<bool>("Demo:Enabled");
        if (demo) await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(ct);
        await scope.ServiceProvider.SeedApprovalsAsync(ct);
        if (demo)
        {
            // The monitoring notice, acknowledged by most staff (ADR 0009).
            await scope.ServiceProvider.GetRequiredService<DemoNoticeSeeder>().SeedAsync(ct);
            // The WeCom directory as a sync stored it (no WeCom call): everyone linked, two members unmatched.
            await scope.ServiceProvider.GetRequiredService<Modules.Integrations.Demo.DemoWeComDirectorySeeder>().SeedAsync(ct);
            await SalesDemo.SeedAsync(scope.ServiceProvider, app.Configuration, ct);
            // The brief's commission plan for 销售部, then its closed months, adjustments and disputes.
            await Modules.Commission.Demo.CommissionDemo.SeedAsync(scope.ServiceProvider, app.Configuration, ct);
            // Six months of the salespeople's chats, calls and contact events (Demo:Chats=false skips them).
            if (app.Configuration.GetValue("Demo:Chats", true))
                await scope.ServiceProvider.GetRequiredService<DemoChatSeeder>().SeedAsync(ct);
            // The alerts the default rules raise on that history, one dismissed, a case opened from
            // 小李's (its legal hold keeps her archive): with the sales history only, like the
            // commission months (Demo:SalesActivity=false is for tests that start from empty ledgers).
            if (app.Configuration.GetValue("Demo:SalesActivity", true))
                await scope.ServiceProvider.GetRequiredService<DemoRiskSeeder>().SeedAsync(ct);
        }
    }
}
