using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Renhe.Platform.Jobs;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Platform.Jobs;

/// The scheduler against a real database: two schedulers stand for two instances sharing it. Each
/// test uses jobs of its own (unique names), so the suites of both databases run side by side.
public abstract class JobSchedulerApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 30, 0, TimeSpan.Zero);
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_instances_running_the_same_pass_run_each_occurrence_once()
    {
        var job = Define(JobSchedule.Every(TimeSpan.FromHours(1)), catchUp: true);
        await SinceAsync(job, Now.AddHours(-6));
        var a = Scheduler("instance-a", job);
        var b = Scheduler("instance-b", job);

        await Task.WhenAll(a.RunDueAsync(Now, Ct), b.RunDueAsync(Now, Ct), a.RunDueAsync(Now, Ct), b.RunDueAsync(Now, Ct));

        // 04:00 … 09:00 UTC: six hours, each run once, by whichever instance claimed it.
        Assert.Equal(6, TestJob.Runs(job.Name).Count);
        Assert.Equal(6, TestJob.Runs(job.Name).Distinct().Count());
        await using var db = Factory.OpenDb();
        var runs = await db.JobRuns.AsNoTracking().Where(r => r.JobName == job.Name).ToListAsync(Ct);
        Assert.Equal(6, runs.Count);
        Assert.All(runs, r => Assert.Equal((JobRunStatus.Succeeded, 1), (r.Status, r.Attempt)));
        Assert.All(runs, r => Assert.Contains(r.Instance, new[] { "instance-a", "instance-b" }));
    }

    [Fact]
    public async Task Missed_days_are_caught_up_oldest_first_where_the_job_says_so_and_only_the_latest_otherwise()
    {
        var catchingUp = Define(JobSchedule.DailyInCompany(new TimeOnly(0, 5)), catchUp: true);
        var latestOnly = Define(JobSchedule.DailyInCompany(new TimeOnly(0, 5)), catchUp: false);
        // Down since the evening of 3 December (Shanghai): the 4th … 7th were missed.
        var downSince = new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
        await SinceAsync(catchingUp, downSince);
        await SinceAsync(latestOnly, downSince);

        await Scheduler("instance-a", catchingUp, latestOnly).RunDueAsync(Now, Ct);

        Assert.Equal(["2026-12-04", "2026-12-05", "2026-12-06", "2026-12-07"], TestJob.Runs(catchingUp.Name));
        Assert.Equal(["2026-12-07"], TestJob.Runs(latestOnly.Name));
    }

    [Fact]
    public async Task A_job_seen_for_the_first_time_starts_with_its_next_occurrence()
    {
        var job = Define(JobSchedule.Every(TimeSpan.FromHours(1)), catchUp: true);
        var scheduler = Scheduler("instance-a", job);
        await scheduler.RunDueAsync(Now, Ct);
        Assert.Empty(TestJob.Runs(job.Name));
        await scheduler.RunDueAsync(Now.AddMinutes(31), Ct);
        Assert.Equal(["2026-12-07T10:00:00Z"], TestJob.Runs(job.Name));
    }

    [Fact]
    public async Task A_failure_is_retried_after_growing_pauses_and_shown_until_attempts_run_out()
    {
        var job = Define(JobSchedule.Every(TimeSpan.FromHours(1)), catchUp: false, maxAttempts: 3);
        TestJob.FailuresLeft[job.Name] = 99;
        await SinceAsync(job, Now.AddMinutes(-45));
        var scheduler = Scheduler("instance-a", job);

        await scheduler.RunDueAsync(Now, Ct);
        var first = await RunAsync(job);
        Assert.Equal((JobRunStatus.Failed, 1), (first.Status, first.Attempt));
        AssertAbout(Now.AddMinutes(1), first.RetryAt); // a minute after the failure
        Assert.Contains("planned failure", first.Error);

        await scheduler.RunDueAsync(Now.AddSeconds(30), Ct); // the pause is not over
        Assert.Equal(1, (await RunAsync(job)).Attempt);
        var secondAt = first.RetryAt!.Value;
        await scheduler.RunDueAsync(secondAt, Ct);
        var second = await RunAsync(job);
        Assert.Equal((JobRunStatus.Failed, 2), (second.Status, second.Attempt));
        AssertAbout(secondAt.AddMinutes(5), second.RetryAt); // then five minutes

        await scheduler.RunDueAsync(second.RetryAt!.Value, Ct);
        var third = await RunAsync(job);
        Assert.Equal((JobRunStatus.Failed, 3, (DateTimeOffset?)null), (third.Status, third.Attempt, third.RetryAt));
        await scheduler.RunDueAsync(Now.AddMinutes(29), Ct); // no attempt left: nothing more
        Assert.Equal(3, TestJob.Runs(job.Name).Count);
        Assert.Equal(3, (await RunAsync(job)).Attempt);

        // The administrator hears of it, once, with the way to the jobs page.
        var admin = await Factory.ClientForAsync("admin");
        var notices = await admin.GetFromJsonAsync<List<Renhe.Platform.Notifications.NotificationItem>>("/api/platform/notifications", Http.Json, Ct);
        var notice = Assert.Single(notices!, n => n.Args.Contains(job.Name));
        Assert.Equal(($"定时任务 {job.Name} 连续 3 次失败，已停止自动重试。", "/platform/jobs"), (notice.Text, notice.Link));
    }

    private static void AssertAbout(DateTimeOffset expected, DateTimeOffset? actual) =>
        Assert.InRange(actual!.Value, expected, expected.AddSeconds(10));

    [Fact]
    public async Task A_run_whose_instance_died_is_taken_over_when_its_lease_runs_out()
    {
        var job = Define(JobSchedule.Every(TimeSpan.FromHours(1)), catchUp: false);
        await SinceAsync(job, Now.AddMinutes(-45));
        // Instance A claimed 09:00 and died: its run is Running with a lease that ran out at 09:02.
        await using (var db = Factory.OpenDb())
        {
            var dead = new JobRun { JobName = job.Name, Occurrence = "2026-12-07T09:00:00Z", DueAt = Now.AddMinutes(-30) };
            dead.Begin(Now.AddMinutes(-30), JobScheduler.Lease, "instance-a");
            db.JobRuns.Add(dead);
            await db.SaveChangesAsync(Ct);
        }
        var b = Scheduler("instance-b", job);
        await b.RunDueAsync(Now.AddMinutes(-29), Ct); // the lease still holds: B leaves it
        Assert.Empty(TestJob.Runs(job.Name));

        await b.RunDueAsync(Now, Ct);
        Assert.Equal(["2026-12-07T09:00:00Z"], TestJob.Runs(job.Name));
        var run = await RunAsync(job);
        Assert.Equal((JobRunStatus.Succeeded, 2, "instance-b"), (run.Status, run.Attempt, run.Instance));
    }

    [Fact]
    public async Task The_administrator_sees_every_modules_jobs_in_words_and_starts_one_which_is_audited()
    {
        var admin = await Factory.ClientForAsync("admin");
        var jobs = await admin.GetFromJsonAsync<List<JobDto>>("/api/platform/jobs", Http.Json, Ct);
        Assert.NotNull(jobs);
        Assert.Equal(["commission.close-reminder", "integrations.wecom-messages", "org.lifecycle-close", "risk.archive-digest", "risk.archive-retention", "risk.evaluate", "sales.inheritance", "sales.pool-return", "sales.today-notice", "sales.wecom-handover"], jobs.Select(j => j.Name));
        var digest = jobs.Single(j => j.Name == "risk.archive-digest");
        Assert.Equal(("沟通存档每日签名", "每天 00:05（总部时间）", true), (digest.Title, digest.Schedule, digest.CatchUp));
        Assert.Equal("每小时", jobs.Single(j => j.Name == "sales.pool-return").Schedule);
        Assert.NotNull(digest.NextDueAt);

        var started = await admin.PostAsync("/api/platform/jobs/org.lifecycle-close/run", null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var location = started.Headers.Location!.ToString();
        JobRunDto? run = null;
        for (var i = 0; i < 100 && run?.Status is null or JobRunStatus.Running; i++)
        {
            await Task.Delay(100, Ct);
            run = await admin.GetFromJsonAsync<JobRunDto>(location, Http.Json, Ct);
        }
        Assert.Equal(JobRunStatus.Succeeded, run!.Status);
        Assert.Equal("admin", run.TriggeredBy);
        Assert.EndsWith("人的变动生效", run.Result);

        var history = await admin.GetFromJsonAsync<List<JobRunDto>>("/api/platform/jobs/org.lifecycle-close/runs", Http.Json, Ct);
        Assert.Contains(history!, r => r.Id == run.Id);
        await using var db = Factory.OpenDb();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == "platform.job-run" && a.EntityKey == run.Id.ToString() && a.UserName == "admin", Ct));
    }

    [Fact]
    public async Task Others_may_neither_see_nor_start_jobs_and_an_unknown_job_is_not_found()
    {
        foreach (var user in new[] { "auditor", "hr", "owner", "zhangsan" })
        {
            var client = await Factory.ClientForAsync(user);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/platform/jobs", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/api/platform/jobs/sales.pool-return/run", null, Ct)).StatusCode);
        }
        var anonymous = Factory.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/platform/jobs", Ct)).StatusCode);
        var admin = await Factory.ClientForAsync("admin");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/platform/jobs/no.such-job/run", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/platform/jobs/no.such-job/runs", Ct)).StatusCode);
    }

    private static JobDefinition Define(JobSchedule schedule, bool catchUp, int maxAttempts = 3) =>
        new($"test.{Guid.NewGuid():N}", "Jobs.Result.Done", schedule, typeof(TestJob), catchUp, maxAttempts);

    private JobScheduler Scheduler(string instance, params JobDefinition[] jobs) =>
        new(jobs, Factory.Services.GetRequiredService<IServiceScopeFactory>(), TimeProvider.System,
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Jobs:InstanceName"] = instance }).Build(),
            Factory.Services.GetRequiredService<IHostApplicationLifetime>(), Factory.Services.GetRequiredService<ILogger<JobScheduler>>());

    private async Task SinceAsync(JobDefinition job, DateTimeOffset since)
    {
        await using var db = Factory.OpenDb();
        db.JobStates.Add(new JobState { JobName = job.Name, Since = since });
        await db.SaveChangesAsync(Ct);
    }

    private async Task<JobRun> RunAsync(JobDefinition job)
    {
        await using var db = Factory.OpenDb();
        return await db.JobRuns.AsNoTracking().SingleAsync(r => r.JobName == job.Name, Ct);
    }

    /// Records each occurrence it runs, and fails while told to.
    private sealed class TestJob : IJob
    {
        private static readonly ConcurrentDictionary<string, ConcurrentQueue<string>> Seen = new();
        public static readonly ConcurrentDictionary<string, int> FailuresLeft = new();

        public static List<string> Runs(string job) => Seen.TryGetValue(job, out var q) ? q.ToList() : [];

        public Task<JobResult> RunAsync(JobContext context, CancellationToken ct)
        {
            Seen.GetOrAdd(context.JobName, _ => new()).Enqueue(context.Occurrence.Key);
            if (FailuresLeft.TryGetValue(context.JobName, out var left) && left > 0)
            {
                FailuresLeft[context.JobName] = left - 1;
                throw new InvalidOperationException("planned failure");
            }
            return Task.FromResult(JobResult.Done);
        }
    }
}

[Trait("Category", "Integration")]
public sealed class SqliteJobSchedulerApiTests(SqliteRenheFactory factory)
    : JobSchedulerApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresJobSchedulerApiTests(PostgresRenheFactory factory)
    : JobSchedulerApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
