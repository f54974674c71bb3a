using Renhe.Platform.Jobs;

namespace Renhe.Modules.Sales.Inheritance;

/// 离职继承 on the day after the last working day: just after each branch's midnight the plans of
/// that branch's leavers whose last day has ended run (<see cref="InheritanceService.ExecuteDueAsync"/>).
/// A missed night runs at the next pass; the lifecycle step may run before or after this one.
public sealed class InheritanceJob(InheritanceService inheritance) : IJob
{
    public const string Name = "sales.inheritance";

    public async Task<JobResult> RunAsync(JobContext context, CancellationToken ct) =>
        new("Jobs.Result.InheritanceExecuted", await inheritance.ExecuteDueAsync(context.Now, context.BranchId, ct));
}
