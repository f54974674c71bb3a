using Renhe.Platform.Audit;
using Renhe.Platform.Data;

namespace Renhe.Platform.Jobs;

public enum JobRunStatus { Running, Succeeded, Failed }

/// One run of one occurrence of a job. The pair (job, occurrence) is unique: storing the row is how
/// an instance claims the occurrence, so of several instances exactly one runs it. A run keeps a
/// lease while it works; a run whose lease ran out (its instance died) or that failed and is due
/// again is taken over by whichever instance updates it first (its version decides).
/// Scheduled runs are operational records, shown on the jobs page, not audited row by row; a run a
/// person starts is audited by <see cref="JobScheduler"/>.
public sealed class JobRun : IVersioned, IAuditedByOwner
{
    public const int MaxErrorLength = 2000;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string JobName { get; set; } = "";
    /// <see cref="JobOccurrence.Key"/>, or "manual:&lt;id&gt;" for a run a person started.
    public string Occurrence { get; set; } = "";
    public DateTimeOffset DueAt { get; set; }
    public Guid? BranchId { get; set; }
    public Guid? TriggeredByUserId { get; set; }
    public JobRunStatus Status { get; set; }
    public int Attempt { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    /// While running: until when the instance holding it is presumed alive (it renews the lease).
    public DateTimeOffset? LeaseUntil { get; set; }
    /// After a failure: when the next attempt may start; null when no attempt is left.
    public DateTimeOffset? RetryAt { get; set; }
    /// Which instance ran the latest attempt (host name and process id).
    public string Instance { get; set; } = "";
    public string? ResultKey { get; set; }
    public long ResultCount { get; set; }
    public string? Error { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();

    public TimeSpan? Duration => FinishedAt - StartedAt;

    /// Starts (or starts again) an attempt on this instance.
    public void Begin(DateTimeOffset now, TimeSpan lease, string instance)
    {
        Status = JobRunStatus.Running;
        Attempt++;
        StartedAt = now;
        FinishedAt = null;
        LeaseUntil = now + lease;
        RetryAt = null;
        Instance = instance;
        Error = null;
    }

    public void Succeed(DateTimeOffset now, JobResult result)
    {
        Status = JobRunStatus.Succeeded;
        FinishedAt = now;
        LeaseUntil = null;
        ResultKey = result.MessageKey;
        ResultCount = result.Count;
    }

    /// Records a failure; the next attempt is due after a growing pause while attempts are left.
    public void Fail(DateTimeOffset now, Exception error, int maxAttempts)
    {
        Status = JobRunStatus.Failed;
        FinishedAt = now;
        LeaseUntil = null;
        var text = $"{error.GetType().Name}: {error.Message}";
        Error = text.Length <= MaxErrorLength ? text : text[..MaxErrorLength];
        RetryAt = Attempt < maxAttempts ? now + JobDefinition.RetryDelay(Attempt) : null;
    }

    /// Due for another attempt: failed with attempts left and the pause over, or running on an
    /// instance that stopped renewing its lease.
    public bool IsDueAgain(DateTimeOffset now) =>
        Status == JobRunStatus.Failed && RetryAt <= now || Status == JobRunStatus.Running && LeaseUntil < now;
}

/// Since when a job exists on this installation: occurrences before it are never run (a new
/// installation, or a job added by an upgrade, does not start by catching up on its whole past).
public sealed class JobState : IAuditedByOwner
{
    public string JobName { get; set; } = "";
    public DateTimeOffset Since { get; set; }
}
