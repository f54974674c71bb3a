using Renhe.Platform.Jobs;

namespace Renhe.Modules.Risk.Alerts;

/// Evaluates the signals that arrived since the last pass; after a day's end, everyone.
public sealed class RiskEvaluationJob(RiskEvaluationService evaluation) : IJob
{
    public const string Name = "risk.evaluate";

    public async Task<JobResult> RunAsync(JobContext context, CancellationToken ct) =>
        new("Jobs.Result.RiskAlertsRaised", await evaluation.PassAsync(context.Now, ct));
}
