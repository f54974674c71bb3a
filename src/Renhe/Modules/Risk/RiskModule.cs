using Renhe.Modules.Integrations.WeCom;
using Renhe.Modules.Risk.Archive;
using Renhe.Modules.Risk.Lexicon;
using Renhe.Modules.Risk.Monitoring;
using Renhe.Modules.Risk.Scanning;
using Renhe.Platform.Data;
using Renhe.Platform.Security;
using Renhe.Platform.Ui;

namespace Renhe.Modules.Risk;

public static class RiskModule
{
    public static IServiceCollection AddRisk(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPermissions(RiskPermissions.All);
        services.AddModuleStrings<RiskStrings>();
        services.AddSingleton(_ => DigestKey.FromConfiguration(configuration,
            configuration["DataProtection:KeysDir"] ?? Path.Combine(DatabaseSetup.DataDirectory(configuration), "keys")));
        // The scanner comes from the lexicon table (LexiconScanner.Current), not from code.
        services.AddSingleton<LexiconScanner>();
        services.AddHostedService<LexiconRefreshJob>();
        services.AddScoped<LexiconService>();
        services.AddScoped<ArchiveService>();
        services.AddScoped<ArchiveImport>();
        services.AddScoped<ArchiveOverviewService>();
        services.AddScoped<ArchiveIntegrityService>();
        services.AddScoped<RetentionService>();
        services.AddScoped<Demo.DemoChatSeeder>();
        services.AddScoped<ArchiveSearchService>();
        services.AddScoped<MonitoringNoticeService>();
        services.AddScoped<Demo.DemoNoticeSeeder>();
        services.AddNavItems(
            new NavItem("Nav.Archive", "/risk/archive", MudBlazor.Icons.Material.Filled.Inventory2, RiskPermissions.ArchiveVerify, 58),
            new NavItem("Nav.ArchiveSearch", "/risk/archive/search", MudBlazor.Icons.Material.Filled.ManageSearch, RiskPermissions.ArchiveSearch, 60),
            new NavItem("Nav.Lexicon", "/risk/lexicon", MudBlazor.Icons.Material.Filled.Spellcheck, RiskPermissions.LexiconManage, 61),
            new NavItem("Nav.MonitoringNotice", "/risk/monitoring-notice", MudBlazor.Icons.Material.Filled.Policy, RiskPermissions.MonitoringNoticeStatus, 65));
        // Employees read and acknowledge the monitoring notice before anything else (ADR 0009).
        services.AddLayoutGate<Monitoring.Pages.MonitoringNoticeGate>();
        services.AddHostedService<ArchiveDailyJob>();
        return services;
    }

    public static void MapRisk(this IEndpointRouteBuilder api)
    {
        api.MapRiskApi();
        api.MapMonitoringNoticeApi();
        api.MapWeComCallback();
    }
}

/// Signs the day's chain head and purges expired records, checked hourly. Off in the Testing
/// environment (tests call the services with the "now" they need) unless Risk:Jobs:Enabled says so.
/// With several instances both steps are safe to run twice: one digest per day (primary key) and
/// purges serialised by the archive's head lock.
public sealed class ArchiveDailyJob(IServiceScopeFactory scopes, IConfiguration configuration, IHostEnvironment environment,
    TimeProvider clock, ILogger<ArchiveDailyJob> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Risk:Jobs:Enabled", !environment.IsEnvironment("Testing"))) return;
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ArchiveIntegrityService>().SignDailyDigestAsync(stoppingToken);
                await scope.ServiceProvider.GetRequiredService<RetentionService>().PurgeExpiredAsync(clock.GetUtcNow(), stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "The archive's daily step failed; it will run again in an hour");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
