namespace Renhe.Modules.Org.Lifecycle;

/// Runs the daily lifecycle step every quarter of an hour, so a branch's midnight is never missed by much.
public sealed class OrgDailyJob(IServiceScopeFactory scopes, ILogger<OrgDailyJob> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(15));
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<LifecycleService>().CloseDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "The daily organisation step failed; it will run again in 15 minutes");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
