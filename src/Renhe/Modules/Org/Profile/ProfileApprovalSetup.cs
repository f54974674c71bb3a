using Renhe.Platform.Approvals;

namespace Renhe.Modules.Org.Profile;

/// Before the first request is served (user hosted services start before the server): the default
/// flow for profile changes, written once when the type has none, and every open request made
/// before profile changes went through the approval engine submitted to it — so HR finds them in
/// 审批中心 rather than on a page of their own. Runs after the startup seeding (the demo's pending
/// request and its requester's account exist by then).
public sealed class ProfileApprovalSetup(IServiceScopeFactory scopes, ILogger<ProfileApprovalSetup> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ApprovalFlowService>().SeedDefaultsAsync([ProfileChangeHandler.DefaultFlow], cancellationToken);
        var submitted = await scope.ServiceProvider.GetRequiredService<ProfileService>().SubmitUnroutedAsync(cancellationToken);
        if (submitted > 0) log.LogInformation("{Count} open profile change request(s) submitted for approval.", submitted);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
