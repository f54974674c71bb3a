using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Platform.Approvals;

namespace Renhe.Tests.Infrastructure;

/// Setting up <see cref="TestPurchaseHandler"/>'s flow and submitting its requests, for the engine's suites.
public static class TestPurchases
{
    /// Replaces the test type's steps through the flow API, as an administrator does.
    public static async Task SetFlowAsync(this RenheFactory factory, params object[] steps)
    {
        var admin = await factory.ClientForAsync("admin");
        const string flow = "/api/platform/approval-flows/" + TestPurchaseHandler.Type;
        var current = await (await admin.GetAsync(flow)).ReadAsync<ApprovalFlowDto>();
        await (await admin.PutJsonAsync(flow, new { name = "测试采购审批", enabled = true, steps, version = current.Version })).ReadAsync<object>();
    }

    /// Submits a request of the test type as <paramref name="userName"/>; its id.
    public static async Task<Guid> SubmitPurchaseAsync(this RenheFactory factory, string userName, string title, decimal amount)
    {
        await using var db = factory.OpenDb();
        var userId = await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync();
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ApprovalService>()
            .SubmitForAsync(userId, TestPurchaseHandler.Type, Guid.NewGuid(), title, amount, CancellationToken.None);
    }
}
