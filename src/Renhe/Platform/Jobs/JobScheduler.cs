using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Renhe.Platform.Audit;
using Renhe.Platform.Data;
using Renhe.Platform.Time;

namespace Renhe.Platform.Jobs;

/// Runs every module's jobs, each occurrence once across all instances (ADR 0015). Each pass looks
/// at the clock, works out which occurrences are due, and claims each by storing its run: the
/// database's unique key on (job, occurrence) lets one instance win and the others skip it, on
/// SQLite as on PostgreSQL. A claimed run holds a lease it renews while working; if its instance
/// dies, the lease runs out and another instance starts it again. Failures are retried with growing
/// pauses up to the job's attempts, and every run stays on the jobs page.
public sealed class JobScheduler(IEnumerable<JobDefinition> definitions, IServiceScopeFactory scopes, TimeProvider clock,
    IConfiguration configuration, IHostApplicationLifetime lifetime, ILogger<JobScheduler> log)
{
    public static readonly ActivitySource Activity = new("Renhe.Jobs");
    private static readonly Meter Meter = new("Renhe.Jobs");
    private static readonly Counter<long> Runs = Meter.CreateCounter<long>("renhe.jobs.runs", description: "Job attempts by job and outcome");
    private static readonly Histogram<double> Durations = Meter.CreateHistogram<double>("renhe.jobs.duration", "s", "How long job attempts take");

    /// How long a run may go without renewing its lease before another instance takes it over.
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    public IReadOnlyList<JobDefinition> Jobs { get; } = definitions.OrderBy(d => d.Name, StringComparer.Ordinal).ToList();

    /// Host name and process id, or Jobs:InstanceName: which instance ran an attempt.
    public string Instance { get; } = configuration["Jobs:InstanceName"] is { Length: > 0 } name
        ? name[..Math.Min(name.Length, 128)]
        : $"{Environment.MachineName}:{Environment.ProcessId}";

    public JobDefinition? Find(string name) => Jobs.FirstOrDefault(j => j.Name == name);

    /// One pass: every job's due occurrences, retries and take-overs at <paramref name="now"/>.
    /// Jobs run side by side; the occurrences of one job one after another, oldest first.
    public async Task RunDueAsync(DateTimeOffset now, CancellationToken ct)
    {
        var branches = await BranchesAsync(ct);
        await Task.WhenAll(Jobs.Select(job => RunDueAsync(job, now, branches, ct)));
    }

    /// The loop's pass: like <see cref="RunDueAsync(DateTimeOffset, CancellationToken)"/>, but a job
    /// still busy from an earlier pass on this instance is left to finish, and no job waits for
    /// another (a long purge does not hold back the hourly pool return).
    public async Task StartDueAsync(DateTimeOffset now, CancellationToken ct)
    {
        var branches = await BranchesAsync(ct);
        foreach (var job in Jobs)
        {
            if (!_busy.TryAdd(job.Name, 0)) continue;
            _ = Task.Run(async () =>
            {
                try { await RunDueAsync(job, now, branches, ct); }
                finally { _busy.TryRemove(job.Name, out _); }
            }, CancellationToken.None);
        }
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _busy = new();

    /// At most this many missed occurrences of one job are caught up in one pass (the oldest wait
    /// for the next pass): a frequent job down for weeks does not flood one pass.
    private const int MaxOccurrencesPerPass = 500;

    private async Task RunDueAsync(JobDefinition job, DateTimeOffset now, IReadOnlyList<ScheduleBranch> branches, CancellationToken ct)
    {
        try
        {
            var since = await SinceAsync(job, now, ct);
            var windowStart = Max(since, now - JobDefinition.CatchUpWindow);
            var due = job.Schedule.Between(windowStart, now, branches).ToList();
            // A job that does not catch up runs only the latest occurrence (per branch).
            if (!job.CatchUp) due = due.GroupBy(o => o.BranchId).Select(g => g.Last()).OrderBy(o => o.DueAt).ToList();

            List<JobRun> known;
            await using (var scope = scopes.CreateAsyncScope())
            await using (var db = await Db(scope).CreateDbContextAsync(ct))
            {
                var firstDue = due.Count > 0 ? due[0].DueAt : DateTimeOffset.MaxValue;
                known = await db.JobRuns.AsNoTracking()
                    .Where(r => r.JobName == job.Name
                                && (r.DueAt >= firstDue || r.Status == JobRunStatus.Running || r.Status == JobRunStatus.Failed && r.RetryAt != null))
                    .ToListAsync(ct);
            }
            var claimed = known.Select(r => r.Occurrence).ToHashSet(StringComparer.Ordinal);
            foreach (var occurrence in due.Where(o => !claimed.Contains(o.Key)).Take(MaxOccurrencesPerPass))
            {
                ct.ThrowIfCancellationRequested();
                if (await ClaimAsync(job, occurrence, now, null, ct) is { } run) await ExecuteAsync(job, run, occurrence, ct);
            }
            foreach (var stale in known.Where(r => r.IsDueAgain(now)).OrderBy(r => r.DueAt))
            {
                ct.ThrowIfCancellationRequested();
                if (await TakeOverAsync(stale.Id, now, ct) is { } run)
                    await ExecuteAsync(job, run, new JobOccurrence(run.Occurrence, run.DueAt, run.BranchId, DayOf(run.Occurrence)), ct);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The database was unreachable or similar: the next pass tries again.
            log.LogError(ex, "Scheduling job {Job} failed; the next pass tries again", job.Name);
        }
    }

    /// A person starts a job now (for every branch). Audited; returns the run, which proceeds in
    /// the background on this instance (another takes it over if this one stops).
    public async Task<Guid> TriggerAsync(JobDefinition job, Guid userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var occurrence = new JobOccurrence($"manual:{Guid.CreateVersion7():N}", now);
        var run = await ClaimAsync(job, occurrence, now, userId, ct)
                  ?? throw new InvalidOperationException("A new manual occurrence cannot be taken.");
        await using (var scope = scopes.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AuditService>()
                .RecordAsync(AuditAction.Insert, "platform.job-run", run.Id.ToString(), job.Name, ct);
        }
        _ = Task.Run(() => ExecuteAsync(job, run, occurrence, lifetime.ApplicationStopping), CancellationToken.None);
        return run.Id;
    }

    private async Task<JobRun?> ClaimAsync(JobDefinition job, JobOccurrence occurrence, DateTimeOffset now, Guid? userId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var db = await Db(scope).CreateDbContextAsync(ct);
        var run = new JobRun
        {
            JobName = job.Name, Occurrence = occurrence.Key, DueAt = occurrence.DueAt, BranchId = occurrence.BranchId,
            TriggeredByUserId = userId,
        };
        run.Begin(now, Lease, Instance);
        db.JobRuns.Add(run);
        try
        {
            await db.SaveChangesAsync(ct);
            return run;
        }
        catch (DbUpdateException)
        {
            // Another instance stored this occurrence first: it is theirs.
            return null;
        }
    }

    private async Task<JobRun?> TakeOverAsync(Guid runId, DateTimeOffset now, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var db = await Db(scope).CreateDbContextAsync(ct);
        var run = await db.JobRuns.SingleOrDefaultAsync(r => r.Id == runId, ct);
        if (run is null || !run.IsDueAgain(now)) return null;
        var wasRunning = run.Status == JobRunStatus.Running;
        run.Begin(now, Lease, Instance);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return null;
        }
        if (wasRunning) log.LogWarning("Job {Job} {Occurrence}: its instance stopped renewing the lease; attempt {Attempt} starts here",
            run.JobName, run.Occurrence, run.Attempt);
        return run;
    }

    private async Task ExecuteAsync(JobDefinition job, JobRun run, JobOccurrence occurrence, CancellationToken ct)
    {
        using var activity = Activity.StartActivity($"job {job.Name}");
        activity?.SetTag("renhe.job", job.Name);
        activity?.SetTag("renhe.job.occurrence", occurrence.Key);
        var started = run.StartedAt;
        var watch = Stopwatch.StartNew();
        using var renewing = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var heartbeat = RenewLeaseAsync(run.Id, started, watch, renewing.Token);
        JobResult? result = null;
        Exception? failure = null;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var work = (IJob)ActivatorUtilities.GetServiceOrCreateInstance(scope.ServiceProvider, job.JobType);
            result = await work.RunAsync(new JobContext(job.Name, occurrence, started, run.TriggeredByUserId), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            failure = ex;
            log.LogError(ex, "Job {Job} {Occurrence} failed (attempt {Attempt} of {Max})", job.Name, occurrence.Key, run.Attempt, job.MaxAttempts);
        }
        finally
        {
            await renewing.CancelAsync();
            await heartbeat;
        }
        if (result is null && failure is null) return; // Stopping: the lease runs out and another instance (or the next start) resumes it.

        var finished = started + watch.Elapsed;
        Runs.Add(1, new KeyValuePair<string, object?>("job", job.Name), new KeyValuePair<string, object?>("outcome", failure is null ? "succeeded" : "failed"));
        Durations.Record(watch.Elapsed.TotalSeconds, new KeyValuePair<string, object?>("job", job.Name));
        activity?.SetStatus(failure is null ? ActivityStatusCode.Ok : ActivityStatusCode.Error, failure?.Message);

        await using var saveScope = scopes.CreateAsyncScope();
        await using var db = await Db(saveScope).CreateDbContextAsync(CancellationToken.None);
        var stored = await db.JobRuns.SingleAsync(r => r.Id == run.Id, CancellationToken.None);
        if (stored.Status != JobRunStatus.Running || stored.Instance != Instance || stored.Attempt != run.Attempt)
        {
            log.LogWarning("Job {Job} {Occurrence} finished here after another instance took it over; its outcome stands", job.Name, occurrence.Key);
            return;
        }
        if (failure is null)
        {
            stored.Succeed(finished, result!);
            log.LogInformation("Job {Job} {Occurrence} ran on {Instance} (attempt {Attempt}) in {Milliseconds} ms: {Result} {Count}",
                job.Name, occurrence.Key, Instance, run.Attempt, (long)watch.Elapsed.TotalMilliseconds, result!.MessageKey, result.Count);
        }
        else
        {
            stored.Fail(finished, failure, job.MaxAttempts);
            // No attempt left: the people who look after jobs hear of it, with the same save.
            if (stored.RetryAt is null) await NotifyGaveUpAsync(db, job, stored, finished);
        }
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateConcurrencyException)
        {
            log.LogWarning("Job {Job} {Occurrence} was taken over while finishing; its outcome stands", job.Name, occurrence.Key);
        }
    }

    private static async Task NotifyGaveUpAsync(AppDbContext db, JobDefinition job, JobRun run, DateTimeOffset now)
    {
        var keepers = await db.Users.AsNoTracking()
            .Where(u => u.IsActive && db.UserRoles.Any(ur => ur.UserId == u.Id
                                                             && db.RolePermissions.Any(rp => rp.RoleId == ur.RoleId && rp.Permission == PlatformPermissions.JobRead)))
            .Select(u => u.Id).ToListAsync(CancellationToken.None);
        foreach (var user in keepers)
            Notifications.NotificationService.Add(db, user, "Jobs.Notice.GaveUp",
                [job.Name, run.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture)], "/platform/jobs", now);
    }

    /// Renews the lease a third of its length before it runs out, and gives it a new version so a
    /// take-over that read the run before cannot also succeed.
    private async Task RenewLeaseAsync(Guid runId, DateTimeOffset started, Stopwatch watch, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(Lease / 3, clock, ct);
                await using var scope = scopes.CreateAsyncScope();
                await using var db = await Db(scope).CreateDbContextAsync(ct);
                var until = started + watch.Elapsed + Lease;
                await db.JobRuns.Where(r => r.Id == runId && r.Status == JobRunStatus.Running && r.Instance == Instance)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseUntil, until).SetProperty(r => r.Version, Guid.NewGuid()), ct);
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended.
        }
        catch (Exception ex)
        {
            log.LogWarning(ex, "Renewing a job's lease failed; another instance may take it over");
        }
    }

    /// When the job was first seen here; stored by the first instance to see it.
    private async Task<DateTimeOffset> SinceAsync(JobDefinition job, DateTimeOffset now, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var db = await Db(scope).CreateDbContextAsync(ct);
        if (await db.JobStates.AsNoTracking().SingleOrDefaultAsync(s => s.JobName == job.Name, ct) is { } state) return state.Since;
        db.JobStates.Add(new JobState { JobName = job.Name, Since = now });
        try
        {
            await db.SaveChangesAsync(ct);
            return now;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return (await db.JobStates.AsNoTracking().SingleAsync(s => s.JobName == job.Name, ct)).Since;
        }
    }

    /// Every branch with its zone, head office (the first created) first.
    public async Task<IReadOnlyList<ScheduleBranch>> BranchesAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var db = await Db(scope).CreateDbContextAsync(ct);
        var rows = await db.Branches.AsNoTracking().OrderBy(b => b.Id).Select(b => new { b.Id, b.TimeZone }).ToListAsync(ct);
        return rows.Select(b => new ScheduleBranch(b.Id, BranchCalendar.Zone(b.TimeZone))).ToList();
    }

    private static IDbContextFactory<AppDbContext> Db(AsyncServiceScope scope) =>
        scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>();

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// The day a daily occurrence's key names ("2026-12-07" or "2026-12-07@branch").
    private static DateOnly? DayOf(string key) =>
        key.Length >= 10 && DateOnly.TryParseExact(key[..10], "yyyy-MM-dd", out var day) ? day : null;
}

/// Calls the scheduler every Jobs:PollSeconds (15 by default). Off in the Testing environment, where
/// tests call <see cref="JobScheduler.RunDueAsync"/> with the moment they need, unless Jobs:Enabled says so.
public sealed class JobSchedulerLoop(JobScheduler scheduler, IConfiguration configuration, IHostEnvironment environment,
    TimeProvider clock, ILogger<JobSchedulerLoop> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Jobs:Enabled", !environment.IsEnvironment("Testing"))) return;
        var seconds = Math.Clamp(configuration.GetValue("Jobs:PollSeconds", 15), 1, 3600);
        log.LogInformation("Scheduler started on {Instance}: {Count} jobs, checked every {Seconds} s", scheduler.Instance, scheduler.Jobs.Count, seconds);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds), clock);
        do
        {
            try
            {
                await scheduler.StartDueAsync(clock.GetUtcNow(), stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "A scheduler pass failed; the next one tries again");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
