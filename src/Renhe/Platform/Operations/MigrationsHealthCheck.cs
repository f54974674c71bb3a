using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Renhe.Platform.Data;

namespace Renhe.Platform.Operations;

/// Whether every migration this version of Renhe ships is applied. An instance on a database that
/// is behind (started with Database:MigrateOnStart=false before `migrate` ran, or a newer version
/// rolled out before its migration) would fail on the first query that touches a new column.
/// Once everything is applied the answer is remembered briefly: migrations are never taken back,
/// and a probe every few seconds need not read the history each time.
public sealed class MigrationsHealthCheck(IServiceScopeFactory scopes, TimeProvider clock) : IHealthCheck
{
    private static readonly TimeSpan RememberUpToDate = TimeSpan.FromSeconds(30);
    private DateTimeOffset _upToDateUntil = DateTimeOffset.MinValue;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        const string upToDate = "Every migration is applied.";
        if (clock.GetUtcNow() < _upToDateUntil) return HealthCheckResult.Healthy(upToDate);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(ct);
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            if (pending.Count == 0)
            {
                _upToDateUntil = clock.GetUtcNow() + RememberUpToDate;
                return HealthCheckResult.Healthy(upToDate);
            }
            return HealthCheckResult.Unhealthy(
                $"{pending.Count} migration(s) not applied: {string.Join(", ", pending)}. Run `migrate`, or start with Database:MigrateOnStart=true.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"The migration history cannot be read: {ex.Message}", ex);
        }
    }
}
