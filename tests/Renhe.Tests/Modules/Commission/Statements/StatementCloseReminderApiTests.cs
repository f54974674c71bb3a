using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Renhe.Modules.Commission.Statements;
using Renhe.Platform.Jobs;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Commission.Statements;

/// 月结提醒 (commission.close-reminder) under the real scheduler: daily at 09:00 company time, it
/// tells whoever may close a month (finance) that last month is still open: once per month, however
/// often it runs, and not at all once the month is closed.
public abstract class StatementCloseReminderApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // 7 December 2026, 17:30 in Shanghai: the 09:00 run (01:00 UTC) is due, November has ended.
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 30, 0, TimeSpan.Zero);
    private static readonly DateOnly November = new(2026, 11, 1);

    private JobScheduler Scheduler() =>
        new(Factory.Services.GetServices<JobDefinition>().Where(j => j.Name == CommissionMonthReminderJob.Name), Factory.Services.GetRequiredService<IServiceScopeFactory>(),
            TimeProvider.System,
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Jobs:InstanceName"] = "reminder-test" }).Build(),
            Factory.Services.GetRequiredService<IHostApplicationLifetime>(), Factory.Services.GetRequiredService<ILogger<JobScheduler>>());

    private async Task<List<(string User, string Link)>> NoticesAsync()
    {
        await using var db = Factory.OpenDb();
        return (await db.Notifications.Where(n => n.TextKey == CommissionMonthReminderJob.NoticeKey)
                .Join(db.Users, n => n.RecipientUserId, u => u.Id, (n, u) => new { u.UserName, n.Link }).ToListAsync(Ct))
            .Select(x => (x.UserName!, x.Link!)).ToList();
    }

    [Fact]
    public async Task The_reminder_runs_at_nine_and_tells_finance_once_that_last_month_is_open()
    {
        await using (var db = Factory.OpenDb())
        {
            db.JobStates.Add(new JobState { JobName = CommissionMonthReminderJob.Name, Since = new DateTimeOffset(2026, 12, 6, 16, 0, 0, TimeSpan.Zero) });
            await db.SaveChangesAsync(Ct);
        }

        await Scheduler().RunDueAsync(Now, Ct);
        await Scheduler().RunDueAsync(Now.AddMinutes(5), Ct);

        await using (var db = Factory.OpenDb())
        {
            var run = await db.JobRuns.SingleAsync(r => r.JobName == CommissionMonthReminderJob.Name, Ct);
            Assert.Equal(("2026-12-07", JobRunStatus.Succeeded, new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero)), (run.Occurrence, run.Status, run.DueAt));
        }
        Assert.Equal([("finance", "/commission/months?month=2026-11")], await NoticesAsync());

        // The next morning's run, still open: nobody hears of it twice.
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var job = scope.ServiceProvider.GetRequiredService<CommissionMonthReminderJob>();
            var result = await job.RunAsync(new JobContext(CommissionMonthReminderJob.Name, new JobOccurrence("2026-12-08", Now.AddDays(1)), Now.AddDays(1), null), Ct);
            Assert.Equal(0, result.Count);
        }
        Assert.Single(await NoticesAsync());
    }

    [Fact]
    public async Task Once_last_month_is_closed_nobody_is_reminded()
    {
        await using (var db = Factory.OpenDb())
        {
            var month = November.AddMonths(-1);
            db.CommissionMonths.Add(new CommissionMonth { Month = month, ClosedAt = Now, ClosedByName = "test" });
            await db.SaveChangesAsync(Ct);
        }
        await using var scope = Factory.Services.CreateAsyncScope();
        var job = scope.ServiceProvider.GetRequiredService<CommissionMonthReminderJob>();
        // 9 November: October, closed above.
        var at = new DateTimeOffset(2026, 11, 9, 1, 0, 0, TimeSpan.Zero);
        var result = await job.RunAsync(new JobContext(CommissionMonthReminderJob.Name, new JobOccurrence("2026-11-09", at), at, null), Ct);
        Assert.Equal(0, result.Count);
        Assert.DoesNotContain(await NoticesAsync(), n => n.Link.EndsWith("2026-10", StringComparison.Ordinal));
    }
}

[Trait("Category", "Integration")]
public sealed class SqliteStatementCloseReminderApiTests(SqliteRenheFactory factory)
    : StatementCloseReminderApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresStatementCloseReminderApiTests(PostgresRenheFactory factory)
    : StatementCloseReminderApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
