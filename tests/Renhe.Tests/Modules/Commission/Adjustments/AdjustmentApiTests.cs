using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Commission.Adjustments;
using Renhe.Modules.Commission.Statements;
using Renhe.Platform.Approvals;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Commission.Adjustments;

/// 提成调整: a manager asks, finance approves; only then is it a line of the person's statement.
public abstract class AdjustmentApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    [Fact]
    public async Task A_managers_request_becomes_a_line_of_the_statement_only_once_finance_approves()
    {
        var month = await Factory.CurrentMonthAsync();
        var manager = await Factory.ClientForAsync("salesmgr");
        var lisi = await Factory.ClientForAsync("lisi");
        var before = await (await lisi.GetAsync("/api/commission/statements/mine")).ReadAsync<StatementView>();

        var created = await manager.PostAsJsonAsync("/api/commission/adjustments", new { employeeId = await IdOfAsync("李四"), month = $"{month:yyyy-MM}", amount = 500m, reason = "异议处理进步明显，额外奖励" });
        var id = (await created.ReadAsync<IdResponse>(HttpStatusCode.Created)).Id;

        // Waiting for finance: not a line yet, and the person sees it as in approval.
        var waiting = await (await lisi.GetAsync("/api/commission/statements/mine")).ReadAsync<StatementView>();
        Assert.DoesNotContain(waiting.Lines, l => l.Kind == LineKind.Adjustment && l.SourceId == id);
        Assert.Equal(AdjustmentStatus.InApproval, Assert.Single(await (await lisi.GetAsync("/api/commission/adjustments")).ReadAsync<List<AdjustmentListItem>>(), a => a.Id == id).Status);

        await ApproveAsync("finance", "提成调整：李四");

        var after = await (await lisi.GetAsync("/api/commission/statements/mine")).ReadAsync<StatementView>();
        var line = Assert.Single(after.Lines, l => l.Kind == LineKind.Adjustment && l.SourceId == id);
        Assert.Equal(500_00, line.AmountFen);
        Assert.Contains("异议处理进步明显", line.Explanation);
        Assert.Equal(after.Lines.Sum(l => l.AmountFen), after.TotalFen);
        // The guarantee tops up what was earned, and the adjustment comes on top of it.
        Assert.Equal(before.TotalFen + 500_00, after.TotalFen);
    }

    [Fact]
    public async Task Only_managers_and_finance_ask_within_their_scope_and_bad_requests_name_the_field()
    {
        var month = await Factory.CurrentMonthAsync();
        var lisiId = await IdOfAsync("李四");
        var salesperson = await Factory.ClientForAsync("zhangsan");
        Assert.Equal(HttpStatusCode.Forbidden, (await salesperson.PostAsJsonAsync("/api/commission/adjustments", new { employeeId = lisiId, month = $"{month:yyyy-MM}", amount = 500m, reason = "给自己人" })).StatusCode);

        var manager = await Factory.ClientForAsync("salesmgr");
        // Someone outside the team reads as nobody: the refusal says nothing about them.
        var outsider = await manager.PostAsJsonAsync("/api/commission/adjustments", new { employeeId = await IdOfAsync("孙丽"), month = $"{month:yyyy-MM}", amount = 500m, reason = "奖励" });
        Assert.Contains("employeeId", (await outsider.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys, StringComparer.OrdinalIgnoreCase);
        var zero = await manager.PostAsJsonAsync("/api/commission/adjustments", new { employeeId = lisiId, month = $"{month:yyyy-MM}", amount = 0m, reason = "奖励" });
        Assert.Contains("amount", (await zero.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys, StringComparer.OrdinalIgnoreCase);
        var future = await manager.PostAsJsonAsync("/api/commission/adjustments", new { employeeId = lisiId, month = $"{month.AddMonths(1):yyyy-MM}", amount = 100m, reason = "预支" });
        Assert.Contains("month", (await future.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys, StringComparer.OrdinalIgnoreCase);
        var closedMonth = month.AddMonths(-7);
        await Factory.CloseMonthAsync(closedMonth, DateTimeOffset.UtcNow.AddDays(-150));
        var closed = await manager.PostAsJsonAsync("/api/commission/adjustments", new { employeeId = lisiId, month = $"{closedMonth:yyyy-MM}", amount = 100m, reason = "补发" });
        var problem = await closed.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("month", problem.Errors!.Keys, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("已结账", problem.Detail ?? problem.Title);

        await using var db = Factory.OpenDb();
        Assert.False(await db.CommissionAdjustments.AnyAsync(a => a.Reason == "给自己人" || a.Reason == "预支" || a.Reason == "补发"));
    }

    [Fact]
    public async Task An_adjustment_approved_after_its_month_closed_lands_in_the_next_open_month_and_a_rejected_one_nowhere()
    {
        var month = await Factory.CurrentMonthAsync();
        var earlier = month.AddMonths(-9);
        var manager = await Factory.ClientForAsync("salesmgr");
        var id = (await (await manager.PostAsJsonAsync("/api/commission/adjustments", new { employeeId = await IdOfAsync("李晓"), month = $"{earlier:yyyy-MM}", amount = 200m, reason = "漏算的展会订单" }))
            .ReadAsync<IdResponse>(HttpStatusCode.Created)).Id;
        await Factory.CloseMonthAsync(earlier, DateTimeOffset.UtcNow.AddDays(-200));
        await ApproveAsync("finance", "提成调整：李晓");
        await using (var db = Factory.OpenDb())
        {
            var approved = await db.CommissionAdjustments.SingleAsync(a => a.Id == id);
            Assert.Equal(AdjustmentStatus.Approved, approved.Status);
            Assert.Equal(earlier.AddMonths(1), approved.Month);
        }

        var rejectedId = (await (await manager.PostAsJsonAsync("/api/commission/adjustments", new { employeeId = await IdOfAsync("李晓"), month = $"{month:yyyy-MM}", amount = 800m, reason = "冲业绩奖励" }))
            .ReadAsync<IdResponse>(HttpStatusCode.Created)).Id;
        await RejectAsync("finance", $"提成调整：李晓 {month:yyyy-MM} ¥800.00", "没有依据");
        var xiaoli = await Factory.ClientForAsync("xiaoli");
        var statement = await (await xiaoli.GetAsync("/api/commission/statements/mine")).ReadAsync<StatementView>();
        Assert.DoesNotContain(statement.Lines, l => l.SourceId == rejectedId);
        Assert.Equal(AdjustmentStatus.Rejected, (await (await xiaoli.GetAsync("/api/commission/adjustments")).ReadAsync<List<AdjustmentListItem>>()).Single(a => a.Id == rejectedId).Status);
    }

    private async Task<Guid> IdOfAsync(string name)
    {
        await using var db = Factory.OpenDb();
        return await db.Employees.Where(e => e.Name == name).Select(e => e.Id).SingleAsync();
    }

    private async Task ApproveAsync(string user, string titleStart)
    {
        var client = await Factory.ClientForAsync(user);
        var task = (await (await client.GetAsync("/api/platform/approvals/inbox")).ReadAsync<List<ApprovalListItem>>()).First(r => r.Title.StartsWith(titleStart, StringComparison.Ordinal));
        var detail = await (await client.GetAsync($"/api/platform/approvals/{task.Id}")).ReadAsync<ApprovalDetail>();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/platform/approvals/{task.Id}/approve", new { version = detail.Version })).StatusCode);
    }

    private async Task RejectAsync(string user, string title, string comment)
    {
        var client = await Factory.ClientForAsync(user);
        var task = (await (await client.GetAsync("/api/platform/approvals/inbox")).ReadAsync<List<ApprovalListItem>>()).Single(r => r.Title == title);
        var detail = await (await client.GetAsync($"/api/platform/approvals/{task.Id}")).ReadAsync<ApprovalDetail>();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/platform/approvals/{task.Id}/reject", new { version = detail.Version, comment })).StatusCode);
    }

    public sealed record IdResponse(Guid Id);
}

[Trait("Category", "Integration")]
public sealed class SqliteAdjustmentApiTests(SqliteRenheFactory factory) : AdjustmentApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresAdjustmentApiTests(PostgresRenheFactory factory) : AdjustmentApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
