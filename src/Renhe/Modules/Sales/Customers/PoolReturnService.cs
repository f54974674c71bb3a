using Microsoft.EntityFrameworkCore;
using Renhe.Platform.Data;

namespace Renhe.Modules.Sales.Customers;

/// The one rule of 自动回公海, read by the hourly return below and by the day's task list, which
/// warns the owner before it applies.
public static class PoolReturnRule
{
    /// Only customers still being won (获取, 意向) go back by themselves. One who has ordered stays
    /// with the person serving them, whose repurchase it is to win; a lost one stays with the
    /// person who lost it, with the reason. Either can still be released to the pool by hand.
    public static bool Applies(CustomerStage stage) => stage is CustomerStage.Lead or CustomerStage.Intent;

    /// When the count started: the later of the last follow-up and the assignment to the current
    /// owner (its entry, for a customer never assigned).
    public static DateTimeOffset CountFrom(DateTimeOffset? lastFollowUpAt, DateTimeOffset? assignedAt, DateTimeOffset createdAt)
    {
        var held = assignedAt ?? createdAt;
        return lastFollowUpAt > held ? lastFollowUpAt.Value : held;
    }
}

/// 自动回公海: a customer nobody has followed up for Sales:Pool:ReturnAfterDays days (default 30),
/// counted from the later of its last follow-up and its assignment to the current owner, goes back
/// to the public pool. The system does it (no account): a custody entry PoolReturn from the owner
/// to nobody. Which customers it concerns and from when it counts is <see cref="PoolReturnRule"/>.
/// Safe to run on several instances at once: each return is saved against the customer's version,
/// so a customer another instance (or its owner) just changed is left alone.
public sealed class PoolReturnService(IDbContextFactory<AppDbContext> dbFactory, IConfiguration configuration,
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
                db.CustodyEntries.Add(customer.ChangeCustody(null, CustodyReason.PoolReturn, $"{ReturnAfterDays} 天未跟进", ChangedBy.System, now));
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

    /// Owned, not deleted, still being won, and <see cref="PoolReturnRule.CountFrom"/> at or before
    /// the cutoff (exactly N days is due), written out so both databases can index it.
    private static IQueryable<Customer> Due(IQueryable<Customer> customers, DateTimeOffset cutoff) =>
        customers.Where(c => c.OwnerId != null && c.DeletedAt == null && (c.Stage == CustomerStage.Lead || c.Stage == CustomerStage.Intent)
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
