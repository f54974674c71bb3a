using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Commission.Adjustments;
using Renhe.Modules.Commission.Disputes;
using Renhe.Modules.Commission.Statements;
using Renhe.Platform.Approvals;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Commission.Disputes;

/// 提成申诉: within the window after a close, by the person only, handled by the manager then
/// finance; accepting creates an adjustment in the open month and the person hears of it.
public abstract class DisputeApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    [Fact]
    public async Task A_dispute_partly_accepted_by_the_manager_and_finance_becomes_an_adjustment_in_the_open_month_and_the_person_is_told()
    {
        var current = await Factory.CurrentMonthAsync();
        var month = current.AddMonths(-1);
        var (statement, line) = await Factory.ClosedStatementAsync("李四", month, DateTimeOffset.UtcNow.AddDays(-2));
        var lisi = await Factory.ClientForAsync("lisi");

        var disputable = await (await lisi.GetAsync("/api/commission/disputes/disputable")).ReadAsync<List<DisputableStatement>>();
        Assert.Contains(disputable, s => s.Id == statement && s.Lines.Any(l => l.Id == line));
        var id = (await (await lisi.PostAsJsonAsync("/api/commission/disputes",
                new { statementId = statement, lineId = line, reason = "MissingOrder", text = "11月28日刘丽华的续费单没有算进来", claimed = 300m }))
            .ReadAsync<IdResponse>(HttpStatusCode.Created)).Id;
        using (var file = new MultipartFormDataContent())
        {
            var png = new ByteArrayContent([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0]);
            png.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            file.Add(png, "file", "订单截图.png");
            Assert.Equal(HttpStatusCode.NoContent, (await lisi.PostAsync($"/api/commission/disputes/{id}/attachment", file)).StatusCode);
        }

        // 张经理 (the direct manager) proposes ¥200 and passes it on; finance agrees.
        var manager = await Factory.ClientForAsync("salesmgr");
        var task = await TaskAsync(manager, id);
        var dispute = await (await manager.GetAsync($"/api/commission/disputes/{id}")).ReadAsync<DisputeView>();
        Assert.Equal("订单截图.png", dispute.AttachmentName);
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync($"/api/commission/disputes/{id}/attachment")).StatusCode);
        var above = await manager.PostAsJsonAsync($"/api/commission/disputes/{id}/proposal", new { version = dispute.Version, amount = 400m, response = "多了" });
        Assert.Contains("amount", (await above.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.NoContent, (await manager.PostAsJsonAsync($"/api/commission/disputes/{id}/proposal",
            new { version = dispute.Version, amount = 200m, response = "续费单只有一半是李四跟进的，按一半计" })).StatusCode);
        await ApproveAsync(manager, task);
        await ApproveAsync(await Factory.ClientForAsync("finance"), await TaskAsync(await Factory.ClientForAsync("finance"), id));

        var decided = (await (await lisi.GetAsync("/api/commission/disputes")).ReadAsync<List<DisputeView>>()).Single(d => d.Id == id);
        Assert.Equal(DisputeStatus.PartiallyAccepted, decided.Status);
        Assert.Equal(200_00, decided.AcceptedFen);
        Assert.Equal("续费单只有一半是李四跟进的，按一半计", decided.Response);
        Assert.Equal("11月28日刘丽华的续费单没有算进来", decided.Text);
        var live = await (await lisi.GetAsync("/api/commission/statements/mine")).ReadAsync<StatementView>();
        var adjustment = Assert.Single(live.Lines, l => l.Kind == LineKind.Adjustment && l.SourceId == decided.AdjustmentId);
        Assert.Equal(200_00, adjustment.AmountFen);
        await using var db = Factory.OpenDb();
        var user = await db.Users.Where(u => u.UserName == "lisi").Select(u => u.Id).SingleAsync();
        Assert.True(await db.Notifications.AnyAsync(n => n.RecipientUserId == user && n.TextKey == "Commission.Notify.DisputePartiallyAccepted"));
        // The closed statement itself is untouched.
        Assert.Equal(300_00, (await db.CommissionStatements.SingleAsync(s => s.Id == statement)).TotalFen);
    }

    [Fact]
    public async Task A_late_dispute_is_refused_clearly_another_persons_statement_is_not_found_and_a_rejection_keeps_both_sides_words()
    {
        var current = await Factory.CurrentMonthAsync();
        var (late, _) = await Factory.ClosedStatementAsync("李晓", current.AddMonths(-3), DateTimeOffset.UtcNow.AddDays(-(CommissionDispute.WindowDays + 1)));
        var xiaoli = await Factory.ClientForAsync("xiaoli");
        var refused = await xiaoli.PostAsJsonAsync("/api/commission/disputes", new { statementId = late, reason = "WrongRate", text = "比例算错了" });
        var problem = await refused.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("statementId", problem.Errors!.Keys, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("申诉期", problem.Detail ?? problem.Title);

        var (open, _) = await Factory.ClosedStatementAsync("李晓", current.AddMonths(-2), DateTimeOffset.UtcNow.AddDays(-1));
        // 张三 may not dispute 李晓's statement, and is not told it exists.
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        Assert.Equal(HttpStatusCode.NotFound, (await zhangsan.PostAsJsonAsync("/api/commission/disputes", new { statementId = open, reason = "Other", text = "看看" })).StatusCode);
        var noText = await xiaoli.PostAsJsonAsync("/api/commission/disputes", new { statementId = open, reason = "Other", text = "" });
        Assert.Contains("text", (await noText.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys, StringComparer.OrdinalIgnoreCase);

        var id = (await (await xiaoli.PostAsJsonAsync("/api/commission/disputes", new { statementId = open, reason = "WrongCredit", text = "陈浩的单子其实是我谈下来的", claimed = 150m }))
            .ReadAsync<IdResponse>(HttpStatusCode.Created)).Id;
        var again = await xiaoli.PostAsJsonAsync("/api/commission/disputes", new { statementId = open, reason = "Other", text = "再申诉一次" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        // Only the current approver proposes: finance is not yet at its step.
        var finance = await Factory.ClientForAsync("finance");
        var dispute = await (await finance.GetAsync($"/api/commission/disputes/{id}")).ReadAsync<DisputeView>();
        Assert.Equal(HttpStatusCode.Forbidden, (await finance.PostAsJsonAsync($"/api/commission/disputes/{id}/proposal", new { version = dispute.Version, amount = 100m, response = "先批" })).StatusCode);

        var manager = await Factory.ClientForAsync("salesmgr");
        var task = await TaskAsync(manager, id);
        var detail = await (await manager.GetAsync($"/api/platform/approvals/{task}")).ReadAsync<ApprovalDetail>();
        Assert.Equal(HttpStatusCode.OK, (await manager.PostAsJsonAsync($"/api/platform/approvals/{task}/reject", new { version = detail.Version, comment = "客户系统里跟进人是陈浩，业绩归属无误" })).StatusCode);
        var rejected = (await (await xiaoli.GetAsync("/api/commission/disputes")).ReadAsync<List<DisputeView>>()).Single(d => d.Id == id);
        Assert.Equal(DisputeStatus.Rejected, rejected.Status);
        Assert.Equal("客户系统里跟进人是陈浩，业绩归属无误", rejected.Response);
        Assert.Equal("陈浩的单子其实是我谈下来的", rejected.Text);
        Assert.Null(rejected.AdjustmentId);
        await using var db = Factory.OpenDb();
        Assert.False(await db.CommissionAdjustments.AnyAsync(a => a.DisputeId == id));
    }

    [Fact]
    public async Task The_person_may_withdraw_and_a_manager_cannot_dispute_for_someone_else()
    {
        var current = await Factory.CurrentMonthAsync();
        var (statement, _) = await Factory.ClosedStatementAsync("张三", current.AddMonths(-4), DateTimeOffset.UtcNow.AddHours(-3));
        var manager = await Factory.ClientForAsync("salesmgr");
        Assert.Equal(HttpStatusCode.NotFound, (await manager.PostAsJsonAsync("/api/commission/disputes", new { statementId = statement, reason = "Other", text = "替他申诉" })).StatusCode);
        var finance = await Factory.ClientForAsync("finance");
        Assert.Equal(HttpStatusCode.Forbidden, (await finance.PostAsJsonAsync("/api/commission/disputes", new { statementId = statement, reason = "Other", text = "财务申诉" })).StatusCode);

        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var id = (await (await zhangsan.PostAsJsonAsync("/api/commission/disputes", new { statementId = statement, reason = "WrongRate", text = "复购加成没算" }))
            .ReadAsync<IdResponse>(HttpStatusCode.Created)).Id;
        var mine = (await (await zhangsan.GetAsync("/api/platform/approvals/mine")).ReadAsync<List<ApprovalListItem>>()).Single(r => r.Title.Contains("张三", StringComparison.Ordinal) && r.TypeName == "提成申诉");
        var detail = await (await zhangsan.GetAsync($"/api/platform/approvals/{mine.Id}")).ReadAsync<ApprovalDetail>();
        Assert.Equal(HttpStatusCode.OK, (await zhangsan.PostAsJsonAsync($"/api/platform/approvals/{mine.Id}/withdraw", new { version = detail.Version })).StatusCode);
        Assert.Equal(DisputeStatus.Withdrawn, (await (await zhangsan.GetAsync("/api/commission/disputes")).ReadAsync<List<DisputeView>>()).Single(d => d.Id == id).Status);
    }

    private static async Task<Guid> TaskAsync(HttpClient approver, Guid disputeId)
    {
        var inbox = await (await approver.GetAsync("/api/platform/approvals/inbox")).ReadAsync<List<ApprovalListItem>>();
        foreach (var item in inbox.Where(i => i.TypeName == "提成申诉"))
        {
            var detail = await (await approver.GetAsync($"/api/platform/approvals/{item.Id}")).ReadAsync<ApprovalDetail>();
            if (detail.SubjectId == disputeId) return item.Id;
        }
        throw new InvalidOperationException("the dispute is not in the inbox");
    }

    private static async Task ApproveAsync(HttpClient approver, Guid task)
    {
        var detail = await (await approver.GetAsync($"/api/platform/approvals/{task}")).ReadAsync<ApprovalDetail>();
        Assert.Equal(HttpStatusCode.OK, (await approver.PostAsJsonAsync($"/api/platform/approvals/{task}/approve", new { version = detail.Version })).StatusCode);
    }

    public sealed record IdResponse(Guid Id);
}

[Trait("Category", "Integration")]
public sealed class SqliteDisputeApiTests(SqliteRenheFactory factory) : DisputeApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresDisputeApiTests(PostgresRenheFactory factory) : DisputeApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
