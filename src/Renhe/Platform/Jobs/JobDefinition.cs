namespace Renhe.Platform.Jobs;

/// Work a module schedules. Resolved from a fresh scope for every run, so it may depend on scoped
/// services. It must be safe to run again after a failure or after an instance died mid-run: the
/// scheduler retries and takes over, it never resumes.
public interface IJob
{
    Task<JobResult> RunAsync(JobContext context, CancellationToken ct);
}

/// What a run is about: the occurrence (its due time, and branch and day for daily jobs; none for a
/// manual run, which covers every branch), the moment it started, and who asked for it if a person did.
public sealed record JobContext(string JobName, JobOccurrence Occurrence, DateTimeOffset Now, Guid? TriggeredByUserId)
{
    /// The branch a daily-per-branch occurrence is for; null means every branch.
    public Guid? BranchId => Occurrence.BranchId;
}

/// What a run achieved, as the jobs page says it: a resource key with a count ("12 位客户回到公海").
public sealed record JobResult(string MessageKey, long Count)
{
    public static JobResult Done => new("Jobs.Result.Done", 0);
}

/// A job as a module declares it.
/// <param name="Name">Stable key, "module.what" (sales.pool-return); runs are stored under it.</param>
/// <param name="TitleKey">Resource key of its name on the jobs page.</param>
/// <param name="CatchUp">Whether occurrences missed while Renhe was down run when it is back, oldest
/// first (a day's signed digest must not be skipped), or only the latest one (a sweep that catches
/// everything anyway).</param>
/// <param name="MaxAttempts">How often a failed occurrence is tried in all, with growing pauses.</param>
public sealed record JobDefinition(string Name, string TitleKey, JobSchedule Schedule, Type JobType, bool CatchUp = false, int MaxAttempts = 3)
{
    /// How far back missed occurrences are looked for: a job down longer than this starts again from
    /// the most recent ones (and the page shows the gap).
    public static readonly TimeSpan CatchUpWindow = TimeSpan.FromDays(31);

    /// The pause before attempt <paramref name="attempt"/> + 1: 1, 5, 25 minutes … at most 2 hours.
    public static TimeSpan RetryDelay(int attempt) =>
        TimeSpan.FromMinutes(Math.Min(120, Math.Pow(5, Math.Max(0, attempt - 1))));
}

public static class JobRegistration
{
    /// Declares a job: its work <typeparamref name="TJob"/> is resolved per run from a new scope.
    public static IServiceCollection AddJob<TJob>(this IServiceCollection services, string name, string titleKey,
        JobSchedule schedule, bool catchUp = false, int maxAttempts = 3) where TJob : class, IJob
    {
        services.AddScoped<TJob>();
        services.AddSingleton(new JobDefinition(name, titleKey, schedule, typeof(TJob), catchUp, maxAttempts));
        return services;
    }
}
