namespace Renhe.Modules.Risk.Archive;

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
