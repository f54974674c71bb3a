using Renhe.Platform.Jobs;

namespace Renhe.Modules.Integrations.WeCom.Messages;

/// Every minute: fresh notices of a pushed kind into the outbox, and due messages out to WeCom.
public sealed class WorkMessageJob(WorkMessageSender sender) : IJob
{
    public const string Name = "integrations.wecom-messages";

    public async Task<JobResult> RunAsync(JobContext context, CancellationToken ct)
    {
        var pass = await sender.RunAsync(context.Now, ct);
        return pass.Ready ? new JobResult("Jobs.Result.WorkMessagesSent", pass.Sent) : new JobResult("Jobs.Result.WorkMessagesNotConfigured", 0);
    }
}
