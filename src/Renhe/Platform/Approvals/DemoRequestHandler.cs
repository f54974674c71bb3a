using Microsoft.EntityFrameworkCore;
using Renhe.Platform.Data;

namespace Renhe.Platform.Approvals;

/// A request type that exists only in demo mode (--demo), so the approvals centre can be tried
/// before the first real type (sales orders) is built. Approving it changes nothing else.
public sealed class DemoRequestHandler : IApprovalHandler
{
    public const string Type = "demo.request";

    public string RequestType => Type;

    public string DisplayNameKey => "ApprovalType.demo.request";

    public Task OnApprovedAsync(ApprovalRequest request, AppDbContext db, CancellationToken ct) => Task.CompletedTask;

    public Task OnRejectedAsync(ApprovalRequest request, AppDbContext db, CancellationToken ct) => Task.CompletedTask;

    public Task OnReturnedAsync(ApprovalRequest request, AppDbContext db, CancellationToken ct) => Task.CompletedTask;

    public Task OnWithdrawnAsync(ApprovalRequest request, AppDbContext db, CancellationToken ct) => Task.CompletedTask;

    public static readonly ApprovalFlow DefaultFlow = new()
    {
        RequestType = Type, Name = "演示申请审批",
        Steps =
        [
            new() { Name = "直属上级审批", Kind = ApproverKind.DirectManager },
            new() { Name = "财务审批", Kind = ApproverKind.RoleInScope, Role = Security.Roles.Finance },
        ],
    };

    /// Two requests from 张三 and 李四 waiting for their manager 张志强, once.
    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        var flows = services.GetRequiredService<ApprovalFlowService>();
        await flows.SeedDefaultsAsync([DefaultFlow], ct);
        var dbFactory = services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.ApprovalRequests.AnyAsync(r => r.RequestType == Type, ct)) return;
        var users = await db.Users.Where(u => u.UserName == "zhangsan" || u.UserName == "lisi").ToDictionaryAsync(u => u.UserName!, u => u.Id, ct);
        if (users.Count < 2) return;
        var approvals = services.GetRequiredService<ApprovalService>();
        await approvals.SubmitForAsync(users["zhangsan"], Type, Guid.CreateVersion7(), "客户返点申请（演示）", 3200m, ct);
        await approvals.SubmitForAsync(users["lisi"], Type, Guid.CreateVersion7(), "展会物料费报销（演示）", 1860m, ct);
    }

    internal static bool Enabled(IConfiguration configuration) => configuration.GetValue<bool>("Demo:Enabled");

}
