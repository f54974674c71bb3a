using Microsoft.EntityFrameworkCore;
using Renhe.Platform.Data;

namespace Renhe.Modules.Sales.Customers;

/// A customer its owner has not followed up about to come back (the daily task list shows these).
public sealed record AboutToReturn(Guid CustomerId, string Name, string? Company, DateTimeOffset Since, DateTimeOffset ReturnsAt);

/// 自动回公海: a customer nobody has followed up for Sales:Pool:ReturnAfterDays days (default 30),
/// counted from the later of its last follow-up and its assignment to the current owner, goes back
/// to the public pool. The system does it (no account): a custody entry PoolReturn from the owner
/// to nobody. Safe to run on several instances at once: each return is saved against the
/// customer's version, so a customer another instance (or its owner) just changed is left alone.
public sealed class PoolReturnService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, IConfiguration configuration,
    ILogger<PoolReturnService> log)
{
    public int ReturnAfterDays => Math.Max(1, configuration.GetValue("Sales:Pool:ReturnAfterDays", 30));

    /// Returns every customer due at <paramref name="now"/>; the number returned.
    public async Task<int> ReturnDueAsync(DateTimeOffset now, CancellationToken ct)
    {
        var cutoff = now.AddDays(-ReturnAfterDays);
        var returned = 0;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var due = await Due(db.Customers, cutoff).OrderBy(c => c.Id).Take(200).ToListAsync(ct);
            if (due.Count == 0) return returned;
            var changed = 0;
            foreach (var customer in due)
            {
                db.CustodyEntries.Add(new CustodyEntry
                {
                    CustomerId = customer.Id, FromEmployeeId = customer.OwnerId, Reason = CustodyReason.PoolReturn,
                    Note = $"{ReturnAfterDays} 天未跟进", At = now,
                });
                customer.OwnerId = null;
                customer.AssignedAt = null;
                customer.Version = Guid.NewGuid();
                try
                {
                    await db.SaveChangesAsync(ct);
                    returned++;
                    changed++;
                }
                catch (DbUpdateConcurrencyException)
                {
                    // Changed meanwhile (claimed, followed up, returned by another instance): the next pass decides again.
                    db.ChangeTracker.Clear();
                    log.LogInformation("Customer {Id} changed while returning it to the pool; left for the next pass", customer.Id);
                }
            }
            if (changed == 0) return returned;
        }
    }

    /// Customers held by <paramref name="employeeId"/> that return to the pool within
    /// <paramref name="withinDays"/> days unless followed up, soonest first.
    public async Task<IReadOnlyList<AboutToReturn>> CustomersAboutToReturnAsync(Guid employeeId, int withinDays, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var cutoff = now.AddDays(withinDays - ReturnAfterDays);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await Due(db.Customers.AsNoTracking().Where(c => c.OwnerId == employeeId), cutoff)
            .Select(c => new { c.Id, c.Name, c.Company, c.LastFollowUpAt, c.AssignedAt, c.CreatedAt })
            .ToListAsync(ct);
        return rows.Select(r =>
            {
                var since = Max(r.LastFollowUpAt, r.AssignedAt) ?? r.CreatedAt;
                return new AboutToReturn(r.Id, r.Name, r.Company, since, since.AddDays(ReturnAfterDays));
            })
            .OrderBy(r => r.ReturnsAt).ToList();
    }

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    /// Owned and not deleted, with neither a follow-up nor the assignment after the cutoff:
    /// max(LastFollowUpAt, AssignedAt) at or before the cutoff (exactly N days is due), written so both databases can index it.
    private static IQueryable<Customer> Due(IQueryable<Customer> customers, DateTimeOffset cutoff) =>
        customers.Where(c => c.OwnerId != null && c.DeletedAt == null
                             && (c.LastFollowUpAt == null || c.LastFollowUpAt <= cutoff)
                             && (c.AssignedAt == null ? c.CreatedAt <= cutoff : c.AssignedAt <= cutoff));
}

/// Runs the pool return hourly (it is a daily rule; running often only means a customer returns
/// within the hour it falls due, and a restart never skips a day). There is no lease in Platform
/// yet: several instances may run it at once, which is safe (see <see cref="PoolReturnService"/>). Off in the Testing environment,
/// where tests call the service with the moment they need, unless Sales:Jobs:Enabled says so.
public sealed class PoolReturnJob(IServiceScopeFactory scopes, IConfiguration configuration, IHostEnvironment environment,
    TimeProvider clock, ILogger<PoolReturnJob> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Sales:Jobs:Enabled", !environment.IsEnvironment("Testing"))) return;
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
        // The first pass an hour after start, not at start: a restart loop or a short demo session
        // does not sweep customers the moment the program comes up, and a day-long rule loses nothing.
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var count = await scope.ServiceProvider.GetRequiredService<PoolReturnService>().ReturnDueAsync(clock.GetUtcNow(), stoppingToken);
                if (count > 0) log.LogInformation("{Count} customers returned to the pool for want of follow-up", count);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "Returning customers to the pool failed; it will run again in an hour");
            }
        }
    }
}
