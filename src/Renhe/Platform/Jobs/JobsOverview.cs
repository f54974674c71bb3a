using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Renhe.Platform.Data;
using Renhe.Platform.Localization;
using Renhe.Platform.Problems;

namespace Renhe.Platform.Jobs;

public sealed record JobRunDto(Guid Id, string Occurrence, DateTimeOffset DueAt, string? BranchName, JobRunStatus Status,
    int Attempt, int MaxAttempts, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, long? DurationMs, string? Result,
    string? Error, DateTimeOffset? RetryAt, string Instance, string? TriggeredBy);

public sealed record JobDto(string Name, string Title, string Schedule, bool CatchUp, int MaxAttempts, JobRunDto? LastRun,
    DateTimeOffset? NextDueAt, bool Running, bool Failing);

/// What the jobs page and its API show: each job with its latest run and next occurrence, and a
/// job's recent runs. Results and schedules are put in the reader's words here.
public sealed class JobsOverview(JobScheduler scheduler, IDbContextFactory<AppDbContext> dbFactory, IStringLocalizer<Strings> l, TimeProvider clock)
{
    public const int RunsShown = 50;

    public async Task<IReadOnlyList<JobDto>> ListAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var branches = await scheduler.BranchesAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var names = await BranchNamesAsync(db, ct);
        var jobs = new List<JobDto>();
        foreach (var job in scheduler.Jobs)
        {
            var latest = await Runs(db, job.Name).Take(1).ToListAsync(ct);
            var running = await db.JobRuns.AnyAsync(r => r.JobName == job.Name && r.Status == JobRunStatus.Running && r.LeaseUntil >= now, ct);
            var last = latest.Select(r => Describe(r, job, names)).FirstOrDefault();
            jobs.Add(new JobDto(job.Name, l[job.TitleKey], job.Schedule.Describe(l), job.CatchUp, job.MaxAttempts, last,
                job.Schedule.Next(now, branches)?.DueAt, running, last?.Status == JobRunStatus.Failed));
        }
        return jobs;
    }

    public async Task<IReadOnlyList<JobRunDto>> RunsAsync(string name, CancellationToken ct)
    {
        var job = scheduler.Find(name) ?? throw new NotFoundException();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var names = await BranchNamesAsync(db, ct);
        var runs = await Runs(db, job.Name).Take(RunsShown).ToListAsync(ct);
        return runs.Select(r => Describe(r, job, names)).ToList();
    }

    public async Task<JobRunDto> RunAsync(string name, Guid id, CancellationToken ct)
    {
        var job = scheduler.Find(name) ?? throw new NotFoundException();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var run = await Runs(db, job.Name, id).SingleOrDefaultAsync(ct) ?? throw new NotFoundException();
        return Describe(run, job, await BranchNamesAsync(db, ct));
    }

    private static IQueryable<RunRow> Runs(AppDbContext db, string jobName, Guid? id = null) =>
        from r in db.JobRuns.AsNoTracking()
        where r.JobName == jobName && (id == null || r.Id == id)
        orderby r.StartedAt descending, r.Id descending
        select new RunRow(r, db.Users.Where(u => u.Id == r.TriggeredByUserId).Select(u => u.UserName).FirstOrDefault());

    private static Task<Dictionary<Guid, string>> BranchNamesAsync(AppDbContext db, CancellationToken ct) =>
        db.Branches.AsNoTracking().ToDictionaryAsync(b => b.Id, b => b.Name, ct);

    private JobRunDto Describe(RunRow row, JobDefinition job, IReadOnlyDictionary<Guid, string> branches)
    {
        var r = row.Run;
        return new JobRunDto(r.Id, r.Occurrence, r.DueAt, r.BranchId is { } b && branches.TryGetValue(b, out var name) ? name : null,
            r.Status, r.Attempt, job.MaxAttempts, r.StartedAt, r.FinishedAt, (long?)r.Duration?.TotalMilliseconds,
            r.ResultKey is null ? null : l[r.ResultKey, r.ResultCount].Value, r.Error, r.RetryAt, r.Instance, row.TriggeredBy);
    }

    private sealed record RunRow(JobRun Run, string? TriggeredBy);
}
