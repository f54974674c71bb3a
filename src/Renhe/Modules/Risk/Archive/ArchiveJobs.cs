using Renhe.Platform.Jobs;

namespace Renhe.Modules.Risk.Archive;

/// Signs the chain head just after midnight in the company's zone, as the digest of the day that
/// begins. It catches up: a day missed while Renhe was down is signed when it is back (with the head
/// as it is then, which the chain still verifies against), so no day is without its digest.
public sealed class ArchiveDigestJob(ArchiveIntegrityService integrity) : IJob
{
    public const string Name = "risk.archive-digest";

    public async Task<JobResult> RunAsync(JobContext context, CancellationToken ct)
    {
        // A manual run signs today's digest if it is still missing.
        var signed = context.Occurrence.Day is { } day
            ? await integrity.SignDailyDigestAsync(day, context.Now, ct)
            : await integrity.SignDailyDigestAsync(context.Now, ct);
        // Time-stamps today's digest and any an unreachable authority left without one.
        await integrity.TimestampPendingAsync(ct);
        return new JobResult(signed is null ? "Jobs.Result.DigestAlreadySigned" : "Jobs.Result.DigestSigned", signed is null ? 0 : 1);
    }
}

/// Purges archive records past their retention (legal holds excepted) once a night. A missed night
/// is not caught up: the next purge removes everything expired by then.
public sealed class ArchiveRetentionJob(RetentionService retention) : IJob
{
    public const string Name = "risk.archive-retention";

    public async Task<JobResult> RunAsync(JobContext context, CancellationToken ct)
    {
        var purged = await retention.PurgeExpiredAsync(context.Now, ct);
        return new JobResult("Jobs.Result.RecordsPurged", purged.Records);
    }
}
