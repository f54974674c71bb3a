using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Renhe.Platform.Data;

namespace Renhe.Platform.Operations;

/// Whether the database answers a real query. The query reads the database's own catalogue, not
/// Renhe's tables, so that a database which answers but lacks the schema is reported by the
/// migrations check instead of here; on SQLite it still reads the file (an opened connection
/// alone would not notice a file that is not a database).
public sealed class DatabaseHealthCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(ct);
            var sql = db.Database.IsSqlite() ? "SELECT count(*) AS \"Value\" FROM sqlite_master" : "SELECT CAST(1 AS bigint) AS \"Value\"";
            await db.Database.SqlQueryRaw<long>(sql).ToListAsync(ct);
            return HealthCheckResult.Healthy("The database answers.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"The database does not answer: {ex.Message}", ex);
        }
    }
}
