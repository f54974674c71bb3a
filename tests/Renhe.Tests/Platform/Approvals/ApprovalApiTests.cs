using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Platform.Approvals;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Platform.Approvals;

/// The approval engine through HTTP with the demo company, on SQLite and on PostgreSQL: flows
/// edited by the administrator, requests of the test type walked through approve, reject, return,
/// delegate and withdraw, and two approvers deciding the same request at the same moment.
public abstract class ApprovalApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private const string Flows = "/api/platform/approval-flows";
    private const string Requests = "/api/platform/approvals";

    // ---- flows ----

    [Fact]
    public async Task Administrators_see_the_default_order_flow_and_others_may_not_touch_flows()
    {
        var admin = await Factory.ClientForAsync("admin");
        var list = await (await admin.GetAsync(Flows)).ReadAsync<List<ApprovalFlowSummary>>();
        var orders = list.Single(f => f.RequestType == "sales.order");
        Assert.Equal(3, orders.StepCount);
        Assert.Equal("销售订单", orders.TypeName);
        var flow = await (await admin.GetAsync($"{Flows}/sales.order")).ReadAsync<ApprovalFlowDto>();
        Assert.Equal(50_000m, flow.Steps[2].AmountAbove);
        Assert.Equal("finance", flow.Steps[1].Role);

        var zhangsan = await Factory.ClientForAsync("zhangsan");
        Assert.Equal(HttpStatusCode.Forbidden, (await zhangsan.GetAsync(Flows)).StatusCode);
        var edit = await zhangsan.PutJsonAsync($"{Flows}/sales.order", new { name = "x", enabled = true, steps = new[] { new { name = "我自己", kind = "NamedPerson" } }, version = flow.Version });
        Assert.Equal(HttpStatusCode.Forbidden, edit.StatusCode);
        var salesmgr = await Factory.ClientForAsync("salesmgr");
        Assert.Equal(HttpStatusCode.Forbidden, (await salesmgr.PutJsonAsync($"{Flows}/sales.order", new { name = "x", enabled = true, steps = Array.Empty<object>() })).StatusCode);
    }

    [Fact]
    public async Task A_flow_is_validated_step_by_step_in_words()
    {
        var admin = await Factory.ClientForAsync("admin");
        var version = (await (await admin.GetAsync($"{Flows}/{TestPurchaseHandler.Type}")).ReadAsync<ApprovalFlowDto>()).Version;
        async Task<string> Refused(object[] steps)
        {
            var response = await admin.PutJsonAsync($"{Flows}/{TestPurchaseHandler.Type}", new { name = "采购", enabled = true, steps, version });
            return (await response.ProblemAsync(HttpStatusCode.BadRequest)).Title;
        }
        Assert.Equal("审批流程至少要有一个步骤。", await Refused([]));
        Assert.Equal("第 2 步：上级层数须在 1 到 5 之间。", await Refused([new { name = "主管", kind = "DirectManager" }, new { name = "高层", kind = "ManagerLevelsUp", levels = 7 }]));
        Assert.Equal("第 1 步：请选择一个存在的角色。", await Refused([new { name = "谁", kind = "RoleInScope", role = "king" }]));
        Assert.Equal("第 1 步：指定的审批人不存在或已离职。", await Refused([new { name = "谁", kind = "NamedPerson", employeeId = Guid.NewGuid() }]));
        Assert.Equal("第 1 步：金额条件不能为负数。", await Refused([new { name = "主管", kind = "DirectManager", amountAbove = -1 }]));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"{Flows}/no.such-type")).StatusCode);
    }

    // ---- walking a request ----

    [Fact]
    public async Task Two_approvals_approve_the_request_and_the_handler_runs_once()
    {
        await SetFlowAsync(new { name = "主管", kind = "DirectManager" }, new { name = "财务", kind = "RoleInScope", role = "finance" });
        var id = await SubmitAsync("zhangsan", "办公椅 10 把", 3_000m);

        var salesmgr = await Factory.ClientForAsync("salesmgr");
        var inbox = await (await salesmgr.GetAsync($"{Requests}/inbox")).ReadAsync<List<ApprovalListItem>>();
        Assert.Equal("主管", inbox.Single(r => r.Id == id).CurrentStepName);
        var before = (await (await salesmgr.GetAsync($"{Requests}/count")).ReadAsync<CountResponse>()).Awaiting;
        var afterFirst = await (await salesmgr.PostAsJsonAsync($"{Requests}/{id}/approve", new { version = await VersionAsync(salesmgr, id), comment = "同意" }))
            .ReadAsync<ApprovalDetail>();
        Assert.Equal(ApprovalStatus.Pending, afterFirst.Status);
        Assert.Equal(1, afterFirst.CurrentStep);
        Assert.Equal(before - 1, (await (await salesmgr.GetAsync($"{Requests}/count")).ReadAsync<CountResponse>()).Awaiting);
        Assert.Contains(await (await salesmgr.GetAsync($"{Requests}/handled")).ReadAsync<List<ApprovalListItem>>(), r => r.Id == id);

        var finance = await Factory.ClientForAsync("finance");
        Assert.Contains(await (await finance.GetAsync($"{Requests}/inbox")).ReadAsync<List<ApprovalListItem>>(), r => r.Id == id);
        var done = await (await finance.PostAsJsonAsync($"{Requests}/{id}/approve", new { version = afterFirst.Version })).ReadAsync<ApprovalDetail>();
        Assert.Equal(ApprovalStatus.Approved, done.Status);
        Assert.NotNull(done.CompletedAt);
        Assert.Equal([ApprovalActionKind.Submitted, ApprovalActionKind.Approved, ApprovalActionKind.Approved], done.Actions.Select(a => a.Kind));
        Assert.Equal(["张三", "张志强", "刘芳"], done.Actions.Select(a => a.ByName));
        Assert.Equal("同意", done.Actions[1].Comment);
        Assert.All(done.Steps, s => Assert.Equal(StepState.Done, s.State));
        Assert.Equal(1, await HandlerCallsAsync(id, "approved"));

        var zhangsan = await Factory.ClientForAsync("zhangsan");
        Assert.Equal(ApprovalStatus.Approved, (await (await zhangsan.GetAsync($"{Requests}/mine")).ReadAsync<List<ApprovalListItem>>()).Single(r => r.Id == id).Status);
        var late = await finance.PostAsJsonAsync($"{Requests}/{id}/approve", new { version = done.Version });
        Assert.Equal("该申请已经结束，不能再操作。", (await late.ProblemAsync(HttpStatusCode.Conflict)).Title);
    }

    [Fact]
    public async Task Conditions_pick_the_steps_and_a_step_without_an_approver_is_skipped_with_the_reason()
    {
        var service = await DepartmentIdAsync("客服部");
        await SetFlowAsync(
            new { name = "主管", kind = "DirectManager" },
            new { name = "大额老板", kind = "RoleInScope", role = "owner", amountAbove = 50_000m },
            new { name = "客服部专审", kind = "RoleInScope", role = "cs_supervisor", departmentIds = new[] { service } },
            new { name = "二级上级", kind = "ManagerLevelsUp", levels = 2 });
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var small = await DetailAsync(zhangsan, await SubmitAsync("zhangsan", "小额采购", 800m));
        Assert.Equal(["主管", "二级上级"], small.Steps.Select(s => s.Name));
        Assert.Equal(["张志强"], small.Steps[0].ApproverNames);
        Assert.Equal(["王建国"], small.Steps[1].ApproverNames);
        var large = await DetailAsync(zhangsan, await SubmitAsync("zhangsan", "大额采购", 80_000m));
        Assert.Equal(["主管", "大额老板", "二级上级"], large.Steps.Select(s => s.Name));

        // 张志强's manager is the owner, who has no one above: the second step is skipped, and says why.
        var salesmgr = await Factory.ClientForAsync("salesmgr");
        var own = await DetailAsync(salesmgr, await SubmitAsync("salesmgr", "经理采购", 100m));
        Assert.Equal(StepState.Skipped, own.Steps[1].State);
        Assert.Equal(["王建国"], own.Steps[0].ApproverNames);
        var owner = await Factory.ClientForAsync("owner");
        var approved = await (await owner.PostAsJsonAsync($"{Requests}/{own.Id}/approve", new { version = own.Version })).ReadAsync<ApprovalDetail>();
        Assert.Equal(ApprovalStatus.Approved, approved.Status);
        var skipped = approved.Actions.Single(a => a.Kind == ApprovalActionKind.Skipped);
        Assert.Equal("找不到审批人（如没有上级），已自动跳过", skipped.Comment);
        Assert.Null(skipped.ByName);

        // The 客服部 step applies to a customer-service agent.
        var csagent = await Factory.ClientForAsync("csagent");
        var agent = await DetailAsync(csagent, await SubmitAsync("csagent", "耳机", 100m));
        Assert.Equal(["主管", "客服部专审", "二级上级"], agent.Steps.Select(s => s.Name));
    }

    [Fact]
    public async Task Rejecting_needs_a_reason_and_ends_the_request()
    {
        await SetFlowAsync(new { name = "主管", kind = "DirectManager" });
        var id = await SubmitAsync("lisi", "投影仪", 4_500m);
        var salesmgr = await Factory.ClientForAsync("salesmgr");
        var version = await VersionAsync(salesmgr, id);
        var bare = await salesmgr.PostAsJsonAsync($"{Requests}/{id}/reject", new { version, comment = "  " });
        var problem = await bare.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("驳回时必须填写理由。", problem.Title);
        Assert.Contains("comment", problem.Errors!.Keys);

        var rejected = await (await salesmgr.PostAsJsonAsync($"{Requests}/{id}/reject", new { version, comment = "预算不足" })).ReadAsync<ApprovalDetail>();
        Assert.Equal(ApprovalStatus.Rejected, rejected.Status);
        Assert.Equal("预算不足", rejected.Actions.Last().Comment);
        Assert.Equal(1, await HandlerCallsAsync(id, "rejected"));
        Assert.Equal(0, await HandlerCallsAsync(id, "approved"));
    }

    [Fact]
    public async Task A_returned_request_is_resubmitted_from_the_first_step_or_withdrawn()
    {
        await SetFlowAsync(new { name = "主管", kind = "DirectManager" }, new { name = "财务", kind = "RoleInScope", role = "finance" });
        var id = await SubmitAsync("xiaoli", "样品费", 600m);
        var salesmgr = await Factory.ClientForAsync("salesmgr");
        var first = await (await salesmgr.PostAsJsonAsync($"{Requests}/{id}/approve", new { version = await VersionAsync(salesmgr, id) })).ReadAsync<ApprovalDetail>();
        var finance = await Factory.ClientForAsync("finance");
        var noReason = await finance.PostAsJsonAsync($"{Requests}/{id}/return", new { version = first.Version });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        var returned = await (await finance.PostAsJsonAsync($"{Requests}/{id}/return", new { version = first.Version, comment = "请附上发票" })).ReadAsync<ApprovalDetail>();
        Assert.Equal(ApprovalStatus.Returned, returned.Status);
        Assert.Equal(1, await HandlerCallsAsync(id, "returned"));
        Assert.DoesNotContain(await (await finance.GetAsync($"{Requests}/inbox")).ReadAsync<List<ApprovalListItem>>(), r => r.Id == id);

        // Only the requester resubmits; the request starts again with the manager.
        var notMine = await salesmgr.PostAsJsonAsync($"{Requests}/{id}/resubmit", new { version = returned.Version });
        Assert.Equal(HttpStatusCode.Forbidden, notMine.StatusCode);
        var xiaoli = await Factory.ClientForAsync("xiaoli");
        var mine = await DetailAsync(xiaoli, id);
        Assert.True(mine.CanResubmit);
        var again = await (await xiaoli.PostAsJsonAsync($"{Requests}/{id}/resubmit", new { version = mine.Version, comment = "已附发票" })).ReadAsync<ApprovalDetail>();
        Assert.Equal(ApprovalStatus.Pending, again.Status);
        Assert.Equal(0, again.CurrentStep);
        Assert.Contains(await (await salesmgr.GetAsync($"{Requests}/inbox")).ReadAsync<List<ApprovalListItem>>(), r => r.Id == id);

        var withdrawn = await (await xiaoli.PostAsJsonAsync($"{Requests}/{id}/withdraw", new { version = again.Version })).ReadAsync<ApprovalDetail>();
        Assert.Equal(ApprovalStatus.Withdrawn, withdrawn.Status);
        Assert.Equal(1, await HandlerCallsAsync(id, "withdrawn"));
        Assert.DoesNotContain(await (await salesmgr.GetAsync($"{Requests}/inbox")).ReadAsync<List<ApprovalListItem>>(), r => r.Id == id);
        Assert.Equal(
            [ApprovalActionKind.Submitted, ApprovalActionKind.Approved, ApprovalActionKind.Returned, ApprovalActionKind.Resubmitted, ApprovalActionKind.Withdrawn],
            withdrawn.Actions.Select(a => a.Kind));
    }

    [Fact]
    public async Task Delegating_moves_the_task_to_the_delegate_inbox()
    {
        await SetFlowAsync(new { name = "主管", kind = "DirectManager" });
        var id = await SubmitAsync("zhangsan", "差旅", 2_000m);
        var salesmgr = await Factory.ClientForAsync("salesmgr");
        var version = await VersionAsync(salesmgr, id);
        var requester = await EmployeeIdAsync("张三");
        var toRequester = await salesmgr.PostAsJsonAsync($"{Requests}/{id}/delegate", new { version, delegateTo = requester });
        Assert.Equal(HttpStatusCode.BadRequest, toRequester.StatusCode);

        var delegated = await (await salesmgr.PostAsJsonAsync($"{Requests}/{id}/delegate", new { version, delegateTo = await EmployeeIdAsync("赵敏"), comment = "我在出差" }))
            .ReadAsync<ApprovalDetail>();
        Assert.Equal("赵敏", delegated.Actions.Last().DelegateToName);
        Assert.Equal(["赵敏"], delegated.Steps[0].ApproverNames);
        Assert.DoesNotContain(await (await salesmgr.GetAsync($"{Requests}/inbox")).ReadAsync<List<ApprovalListItem>>(), r => r.Id == id);
        var refused = await salesmgr.PostAsJsonAsync($"{Requests}/{id}/approve", new { version = delegated.Version });
        Assert.Equal("这一步不是由你审批。", (await refused.ProblemAsync(HttpStatusCode.Forbidden)).Title);

        var cssup = await Factory.ClientForAsync("cssup");
        Assert.Contains(await (await cssup.GetAsync($"{Requests}/inbox")).ReadAsync<List<ApprovalListItem>>(), r => r.Id == id);
        var done = await (await cssup.PostAsJsonAsync($"{Requests}/{id}/approve", new { version = delegated.Version })).ReadAsync<ApprovalDetail>();
        Assert.Equal(ApprovalStatus.Approved, done.Status);
    }

    [Fact]
    public async Task Someone_unrelated_is_told_the_request_does_not_exist()
    {
        await SetFlowAsync(new { name = "主管", kind = "DirectManager" });
        var id = await SubmitAsync("zhangsan", "机密采购", 1_000m);
        var version = await VersionAsync(await Factory.ClientForAsync("salesmgr"), id);
        foreach (var name in new[] { "csagent", "lisi" })
        {
            var client = await Factory.ClientForAsync(name);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{Requests}/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"{Requests}/{id}/approve", new { version })).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"{Requests}/{id}/withdraw", new { version })).StatusCode);
        }
        // The administrator sees every request, but acting needs the task.
        var admin = await Factory.ClientForAsync("admin");
        Assert.False((await DetailAsync(admin, id)).CanAct);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostAsJsonAsync($"{Requests}/{id}/approve", new { version })).StatusCode);
        // A stale version is a conflict, said in words.
        var salesmgr = await Factory.ClientForAsync("salesmgr");
        var stale = await salesmgr.PostAsJsonAsync($"{Requests}/{id}/approve", new { version = Guid.NewGuid() });
        Assert.Equal("该申请刚刚已被他人处理或已发生变化，请刷新后再看。", (await stale.ProblemAsync(HttpStatusCode.Conflict)).Title);
    }

    [Fact]
    public async Task Two_approvers_deciding_at_once_one_wins_and_the_other_is_told()
    {
        // 马丽 (会计) gets a finance account: the finance step now has two approvers, either suffices.
        var userId = await Factory.CreateUserAsync("finance2_" + typeof(TFactory).Name.ToLowerInvariant()[..4], "finance");
        var mali = await EmployeeIdAsync("马丽");
        await using (var db = Factory.OpenDb())
        {
            await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.EmployeeId, mali));
        }
        await SetFlowAsync(new { name = "财务", kind = "RoleInScope", role = "finance" });
        var id = await SubmitAsync("zhangsan", "服务器", 30_000m);
        var liufang = await Factory.ClientForAsync("finance");
        var second = await Factory.ClientForAsync("finance2_" + typeof(TFactory).Name.ToLowerInvariant()[..4]);
        var detail = await DetailAsync(liufang, id);
        Assert.Equal(2, detail.Steps[0].ApproverNames.Count);

        var responses = await Task.WhenAll(
            liufang.PostAsJsonAsync($"{Requests}/{id}/approve", new { version = detail.Version }),
            second.PostAsJsonAsync($"{Requests}/{id}/approve", new { version = detail.Version }));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        var loser = responses.Single(r => r.StatusCode != HttpStatusCode.OK);
        Assert.Equal("该申请刚刚已被他人处理或已发生变化，请刷新后再看。", (await loser.ProblemAsync(HttpStatusCode.Conflict)).Title);
        Assert.Equal(1, await HandlerCallsAsync(id, "approved"));
        var final = await DetailAsync(liufang, id);
        Assert.Equal(ApprovalStatus.Approved, final.Status);
        Assert.Single(final.Actions, a => a.Kind == ApprovalActionKind.Approved);
    }

    [Fact]
    public async Task Each_approver_hears_in_the_bell_when_a_request_waits_for_them()
    {
        await SetFlowAsync(new { name = "主管", kind = "DirectManager" }, new { name = "财务", kind = "RoleInScope", role = "finance" });
        var title = "待审提醒 " + Guid.NewGuid().ToString("N")[..6];
        var id = await SubmitAsync("zhangsan", title, 3_000m);

        // The first step's approver is told at once; the second step's only when it opens.
        var salesmgr = await Factory.ClientForAsync("salesmgr");
        var finance = await Factory.ClientForAsync("finance");
        var notice = Assert.Single(await WaitingAsync(salesmgr, title));
        Assert.Equal(($"待你审批：张三 提交的「{title}」", "/platform/approvals"), (notice.Text, notice.Link));
        Assert.Empty(await WaitingAsync(finance, title));
        Assert.Empty(await WaitingAsync(await Factory.ClientForAsync("zhangsan"), title));

        await salesmgr.PostAsJsonAsync($"{Requests}/{id}/approve", new { version = await VersionAsync(salesmgr, id) });
        Assert.Single(await WaitingAsync(finance, title));
        Assert.Single(await WaitingAsync(salesmgr, title));
    }

    private static async Task<List<global::Renhe.Platform.Notifications.NotificationItem>> WaitingAsync(HttpClient client, string title) =>
        (await (await client.GetAsync("/api/platform/notifications")).ReadAsync<List<global::Renhe.Platform.Notifications.NotificationItem>>())
        .Where(n => n.TextKey == ApprovalService.WaitingNoticeKey && n.Text.Contains(title, StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task The_action_history_cannot_be_changed_in_the_database()
    {
        await SetFlowAsync(new { name = "主管", kind = "DirectManager" });
        var id = await SubmitAsync("zhangsan", "文具", 50m);
        await using var db = Factory.OpenDb();
        await Assert.ThrowsAnyAsync<Exception>(() =>
            db.Database.ExecuteSqlRawAsync("UPDATE platform_approval_action SET \"Comment\" = 'forged' WHERE \"RequestId\" = {0}", id));
        await Assert.ThrowsAnyAsync<Exception>(() =>
            db.Database.ExecuteSqlRawAsync("DELETE FROM platform_approval_action WHERE \"RequestId\" = {0}", id));
        Assert.Equal(1, await db.ApprovalActions.CountAsync(a => a.RequestId == id));
    }

    // ---- helpers ----

    public sealed record CountResponse(int Awaiting);

    private Task SetFlowAsync(params object[] steps) => Factory.SetFlowAsync(steps);

    private Task<Guid> SubmitAsync(string userName, string title, decimal amount) => Factory.SubmitPurchaseAsync(userName, title, amount);

    private static async Task<ApprovalDetail> DetailAsync(HttpClient client, Guid id) =>
        await (await client.GetAsync($"{Requests}/{id}")).ReadAsync<ApprovalDetail>();

    private static async Task<Guid> VersionAsync(HttpClient client, Guid id) => (await DetailAsync(client, id)).Version;

    private async Task<int> HandlerCallsAsync(Guid id, string what)
    {
        await using var db = Factory.OpenDb();
        var key = id.ToString();
        var entity = TestPurchaseHandler.Entity(what);
        return await db.AuditEntries.CountAsync(a => a.Entity == entity && a.EntityKey == key);
    }

    private async Task<Guid> EmployeeIdAsync(string name)
    {
        await using var db = Factory.OpenDb();
        return await db.Employees.Where(e => e.Name == name).Select(e => e.Id).SingleAsync();
    }

    private async Task<Guid> DepartmentIdAsync(string name)
    {
        await using var db = Factory.OpenDb();
        return await db.Departments.Where(d => d.Name == name).Select(d => d.Id).SingleAsync();
    }
}

[Trait("Category", "Integration")]
public sealed class SqliteApprovalApiTests(SqliteRenheFactory factory) : ApprovalApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresApprovalApiTests(PostgresRenheFactory factory) : ApprovalApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
