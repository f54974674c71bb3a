using Microsoft.EntityFrameworkCore;
using Renhe.Platform.Data;
using Renhe.Platform.Jobs;

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
/// The scheduler runs it once across instances; a manual run at the same time is still safe: each
/// return is saved against the customer's version, so a customer just changed is left alone.
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

/// The pool return as a scheduled job, hourly (it is a daily rule; running often only means a
/// customer returns within the hour it falls due). Missed hours are not caught up one by one: a run
/// returns everything due by then.
public sealed class PoolReturnJob(PoolReturnService pool) : IJob
{
    public const string Name = "sales.pool-return";

    public async Task<JobResult> RunAsync(JobContext context, CancellationToken ct) =>
        new("Jobs.Result.PoolReturned", await pool.ReturnDueAsync(context.Now, ct));
}
