using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Platform.Approvals;
using Renhe.Platform.Validation;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Platform.Approvals;

/// Approving several requests at once (审批中心, 待我审批): each is its own decision with its own
/// version check and history entry; one that fails is named with the reason while the others go
/// through; requests the caller may not see fail exactly like ids that do not exist; a batch holds
/// one type of request. On SQLite and on PostgreSQL.
public abstract class ApprovalBatchApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private const string Flows = "/api/platform/approval-flows";
    private const string Requests = "/api/platform/approvals";
    private const string Batch = "/api/platform/approvals/batch-approve";
    private const string StaleMessage = "该申请刚刚已被他人处理或已发生变化，请刷新后再看。";

    [Fact]
    public async Task The_manager_approves_several_at_once_each_as_its_own_decision_and_the_one_someone_else_changed_is_named()
    {
        await SetFlowAsync(new { name = "主管", kind = "DirectManager" }, new { name = "财务", kind = "RoleInScope", role = "finance" });
        var chairs = await SubmitAsync("zhangsan", "批量-办公椅", 3_000m);
        var desks = await SubmitAsync("lisi", "批量-办公桌", 4_000m);
        var lamps = await SubmitAsync("xiaoli", "批量-台灯", 500m);
        var salesmgr = await Factory.ClientForAsync("salesmgr");
        var inbox = await InboxAsync(salesmgr);
        var seen = new[] { chairs, desks, lamps }.Select(id => inbox.Single(r => r.Id == id)).ToList();

        // 小丽 withdraws her request after the manager's list was loaded: his version of it is stale.
        var xiaoli = await Factory.ClientForAsync("xiaoli");
        var lampsNow = await (await xiaoli.GetAsync($"{Requests}/{lamps}")).ReadAsync<ApprovalDetail>();
        (await xiaoli.PostAsJsonAsync($"{Requests}/{lamps}/withdraw", new { version = lampsNow.Version })).EnsureSuccessStatusCode();

        var result = await (await salesmgr.PostAsJsonAsync(Batch, new
        {
            items = seen.Select(r => new { id = r.Id, version = r.Version }),
            comment = "本周采购，同意",
        })).ReadAsync<BatchResult>();

        Assert.Equal(2, result.Approved);
        Assert.Equal([chairs, desks], result.ApprovedIds);
        var failure = Assert.Single(result.Failed);
        Assert.Equal((lamps, "批量-台灯", StaleMessage), (failure.Id, failure.Title, failure.Reason));

        foreach (var id in new[] { chairs, desks })
        {
            var detail = await (await salesmgr.GetAsync($"{Requests}/{id}")).ReadAsync<ApprovalDetail>();
            Assert.Equal((ApprovalStatus.Pending, 1), (detail.Status, detail.CurrentStep));
            var approval = Assert.Single(detail.Actions, a => a.Kind == ApprovalActionKind.Approved);
            Assert.Equal(("张志强", "本周采购，同意"), (approval.ByName, approval.Comment));
        }
        var withdrawn = await (await salesmgr.GetAsync($"{Requests}/{lamps}")).ReadAsync<ApprovalDetail>();
        Assert.Equal(ApprovalStatus.Withdrawn, withdrawn.Status);
        Assert.DoesNotContain(withdrawn.Actions, a => a.Kind == ApprovalActionKind.Approved);
        // Each went on to finance as it would have one by one.
        var finance = await InboxAsync(await Factory.ClientForAsync("finance"));
        Assert.Contains(finance, r => r.Id == chairs);
        Assert.Contains(finance, r => r.Id == desks);

        // Sent again: both are now stale for him, and said so one by one.
        var again = await (await salesmgr.PostAsJsonAsync(Batch, new { items = seen.Take(2).Select(r => new { id = r.Id, version = r.Version }) }))
            .ReadAsync<BatchResult>();
        Assert.Equal(0, again.Approved);
        Assert.All(again.Failed, f => Assert.Equal(StaleMessage, f.Reason));
        Assert.Equal(2, again.Failed.Count);
    }

    [Fact]
    public async Task A_salesperson_cannot_approve_what_is_not_theirs_and_learns_nothing_about_it()
    {
        await SetFlowAsync(new { name = "主管", kind = "DirectManager" });
        var secret = await SubmitAsync("zhangsan", "批量-机密采购", 9_000m);
        var salesmgr = await Factory.ClientForAsync("salesmgr");
        var version = (await InboxAsync(salesmgr)).Single(r => r.Id == secret).Version;
        var nowhere = Guid.NewGuid();

        var lisi = await Factory.ClientForAsync("lisi");
        var result = await (await lisi.PostAsJsonAsync(Batch, new { items = new[] { new { id = secret, version }, new { id = nowhere, version } } }))
            .ReadAsync<BatchResult>();
        Assert.Equal(0, result.Approved);
        Assert.Equal(2, result.Failed.Count);
        // Someone else's request reads exactly like one that does not exist: no title, the same words.
        Assert.All(result.Failed, f => Assert.Equal((null, "找不到该记录。"), (f.Title, f.Reason)));

        // The requester sees his own request, but it is not his to approve.
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var own = await (await zhangsan.PostAsJsonAsync(Batch, new { items = new[] { new { id = secret, version } } })).ReadAsync<BatchResult>();
        Assert.Equal(("批量-机密采购", "这一步不是由你审批。"), (own.Failed.Single().Title, own.Failed.Single().Reason));

        var detail = await (await salesmgr.GetAsync($"{Requests}/{secret}")).ReadAsync<ApprovalDetail>();
        Assert.Equal((ApprovalStatus.Pending, version), (detail.Status, detail.Version));
        Assert.Equal([ApprovalActionKind.Submitted], detail.Actions.Select(a => a.Kind));

        // And the manager, whose task it is, approves it with the version he saw.
        var mine = await (await salesmgr.PostAsJsonAsync(Batch, new { items = new[] { new { id = secret, version } } })).ReadAsync<BatchResult>();
        Assert.Equal((1, 0), (mine.Approved, mine.Failed.Count));
        Assert.Equal(ApprovalStatus.Approved, (await (await salesmgr.GetAsync($"{Requests}/{secret}")).ReadAsync<ApprovalDetail>()).Status);
    }

    [Fact]
    public async Task A_batch_holds_requests_of_one_type_and_is_bounded()
    {
        await SetFlowAsync(new { name = "主管", kind = "DirectManager" });
        var purchase = await SubmitAsync("zhangsan", "批量-混合", 100m);
        var orderRequest = await SubmitOrderAsync("zhangsan");
        var salesmgr = await Factory.ClientForAsync("salesmgr");
        var inbox = await InboxAsync(salesmgr);
        // An order and a purchase are two kinds of decision.
        var order = inbox.Single(r => r.Id == orderRequest);
        var mixed = await salesmgr.PostAsJsonAsync(Batch, new
        {
            items = new[] { new { id = purchase, version = inbox.Single(r => r.Id == purchase).Version }, new { id = order.Id, version = order.Version } },
        });
        var problem = await mixed.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("一次批量同意只能包含同一类型的申请。", problem.Title);
        Assert.Contains("items", problem.Errors!.Keys);
        var after = await InboxAsync(salesmgr);
        Assert.Contains(after, r => r.Id == purchase);
        Assert.Contains(after, r => r.Id == order.Id);

        var empty = await salesmgr.PostAsJsonAsync(Batch, new { items = Array.Empty<object>() });
        Assert.Contains("items", (await empty.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        var tooMany = Enumerable.Range(0, FieldLimits.BatchItems + 1).Select(_ => new { id = Guid.NewGuid(), version = Guid.NewGuid() });
        Assert.Contains("items", (await (await salesmgr.PostAsJsonAsync(Batch, new { items = tooMany })).ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        var noVersion = await salesmgr.PostAsJsonAsync(Batch, new { items = new[] { new { id = purchase } } });
        Assert.Equal(HttpStatusCode.BadRequest, noVersion.StatusCode);
        var longComment = await salesmgr.PostAsJsonAsync(Batch, new { items = new[] { new { id = purchase, version = Guid.NewGuid() } }, comment = new string('好', 501) });
        Assert.Contains("comment", (await longComment.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        Assert.Contains(await InboxAsync(salesmgr), r => r.Id == purchase);
    }

    // ---- helpers ----

    private sealed record BatchResult(int Approved, List<Guid> ApprovedIds, List<BatchFailure> Failed);

    private sealed record BatchFailure(Guid Id, string? Title, string Reason);

    private sealed record InboxRow(Guid Id, string RequestType, string Title, Guid Version);

    private static async Task<List<InboxRow>> InboxAsync(HttpClient client) =>
        await (await client.GetAsync($"{Requests}/inbox")).ReadAsync<List<InboxRow>>();

    private sealed record IdDto(Guid Id);

    private sealed record OrderDto(Guid Version, Guid? ApprovalRequestId);

    /// An order of the salesperson's for a new customer of theirs, submitted: its approval request.
    private async Task<Guid> SubmitOrderAsync(string userName)
    {
        var client = await Factory.ClientForAsync(userName);
        var customer = (await (await client.PostAsJsonAsync("/api/sales/customers",
            new { name = "批量订单客户", phone = $"139{Random.Shared.Next(10_000_000, 99_999_999)}", region = "广东" })).ReadAsync<IdDto>(HttpStatusCode.Created)).Id;
        Guid product;
        await using (var db = Factory.OpenDb()) product = await db.Products.Where(p => p.Code == "SAAS-BASIC").Select(p => p.Id).SingleAsync();
        var order = (await (await client.PostAsJsonAsync("/api/sales/orders", new { customerId = customer, lines = new[] { new { productId = product, quantity = 1 } } }))
            .ReadAsync<IdDto>(HttpStatusCode.Created)).Id;
        var draft = await (await client.GetAsync($"/api/sales/orders/{order}")).ReadAsync<OrderDto>();
        (await client.PostAsJsonAsync($"/api/sales/orders/{order}/submit", new { version = draft.Version })).EnsureSuccessStatusCode();
        return (await (await client.GetAsync($"/api/sales/orders/{order}")).ReadAsync<OrderDto>()).ApprovalRequestId!.Value;
    }

    private Task SetFlowAsync(params object[] steps) => Factory.SetFlowAsync(steps);

    private Task<Guid> SubmitAsync(string userName, string title, decimal amount) => Factory.SubmitPurchaseAsync(userName, title, amount);
}

[Trait("Category", "Integration")]
public sealed class SqliteApprovalBatchApiTests(SqliteRenheFactory factory) : ApprovalBatchApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresApprovalBatchApiTests(PostgresRenheFactory factory) : ApprovalBatchApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
