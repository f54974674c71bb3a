using Renhe.Platform.Jobs;

namespace Renhe.Modules.Org.Lifecycle;

/// The lifecycle's daily step just after each branch's midnight: job changes whose day has come are
/// applied and people whose last working day has ended leave (<see cref="LifecycleService.CloseDueAsync"/>).
/// A missed night is not caught up day by day: the next run applies everything due by then.
public sealed class LifecycleCloseJob(LifecycleService lifecycle) : IJob
{
    public const string Name = "org.lifecycle-close";

    public async Task<JobResult> RunAsync(JobContext context, CancellationToken ct) =>
        new("Jobs.Result.LifecycleClosed", await lifecycle.CloseDueAsync(ct, onlyBranch: context.BranchId));
}
