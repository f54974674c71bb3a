using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Sales;
using Renhe.Modules.Sales.Customers;
using Renhe.Platform.Approvals;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Sales.Customers;

/// 客户转移 as approval requests: nothing moves until the sales manager approves.
public abstract class CustomerTransferApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    [Fact]
    public async Task A_salespersons_transfer_moves_the_customer_only_when_the_sales_manager_approves()
    {
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var id = await CreateAsync(zhangsan, "要转给李四的客户");
        var lisiId = await EmployeeIdAsync("李四");

        var created = await (await zhangsan.PostAsJsonAsync($"/api/sales/customers/{id}/transfer-requests", new { toEmployeeId = lisiId, reason = "李四负责该区域" }))
            .ReadAsync<TransferCreated>(HttpStatusCode.Created);
        Assert.Equal("张三", await OwnerAsync(id));
        // A second request for the same customer while the first waits.
        var again = await zhangsan.PostAsJsonAsync($"/api/sales/customers/{id}/transfer-requests", new { toEmployeeId = lisiId, reason = "再来一次" });
        await again.ProblemAsync(HttpStatusCode.Conflict);

        var manager = await Factory.ClientForAsync("salesmgr");
        var inbox = await (await manager.GetAsync("/api/platform/approvals/inbox")).ReadAsync<List<ApprovalListItem>>();
        var item = Assert.Single(inbox, r => r.Id == created.ApprovalRequestId);
        Assert.Equal("客户转移", item.TypeName);
        var detail = await (await manager.GetAsync($"/api/platform/approvals/{created.ApprovalRequestId}")).ReadAsync<ApprovalDetail>();
        var approved = await manager.PostAsJsonAsync($"/api/platform/approvals/{created.ApprovalRequestId}/approve", new { version = detail.Version });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);

        Assert.Equal("李四", await OwnerAsync(id));
        await using var db = Factory.OpenDb();
        var custody = await db.CustodyEntries.AsNoTracking().Where(e => e.CustomerId == id).OrderBy(e => e.At).LastAsync();
        Assert.Equal(CustodyReason.Transferred, custody.Reason);
        Assert.Contains(created.ApprovalRequestId.ToString(), custody.Note);
        Assert.Contains("李四负责该区域", custody.Note);
        // The old owner no longer sees it.
        Assert.Equal(HttpStatusCode.NotFound, (await zhangsan.GetAsync($"/api/sales/customers/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_rejected_transfer_changes_nothing()
    {
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var id = await CreateAsync(zhangsan, "转移被驳回的客户");
        var created = await (await zhangsan.PostAsJsonAsync($"/api/sales/customers/{id}/transfer-requests",
            new { toEmployeeId = await EmployeeIdAsync("李晓"), reason = "想交给李晓" })).ReadAsync<TransferCreated>(HttpStatusCode.Created);
        var manager = await Factory.ClientForAsync("salesmgr");
        var detail = await (await manager.GetAsync($"/api/platform/approvals/{created.ApprovalRequestId}")).ReadAsync<ApprovalDetail>();
        var rejected = await manager.PostAsJsonAsync($"/api/platform/approvals/{created.ApprovalRequestId}/reject", new { version = detail.Version, comment = "客户刚签约，暂不转移" });
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        Assert.Equal("张三", await OwnerAsync(id));
        await using var db = Factory.OpenDb();
        Assert.Equal(RequestState.Rejected, (await db.CustomerTransfers.AsNoTracking().SingleAsync(t => t.Id == created.Id)).State);
        Assert.False(await db.CustodyEntries.AnyAsync(e => e.CustomerId == id && e.Reason == CustodyReason.Transferred));
    }

    [Fact]
    public async Task A_managers_transfer_within_the_team_needs_no_other_approver_and_is_recorded_as_a_transfer()
    {
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var one = await CreateAsync(zhangsan, "整体交接一");
        var two = await CreateAsync(zhangsan, "整体交接二");
        var manager = await Factory.ClientForAsync("salesmgr");
        var created = await (await manager.PostAsJsonAsync($"/api/sales/customers/{one}/transfer-requests",
            new { customerIds = new[] { two }, toEmployeeId = await EmployeeIdAsync("李晓"), reason = "张三调整区域" })).ReadAsync<TransferCreated>(HttpStatusCode.Created);
        // The only step is the sales manager, who asked: skipped, so the request is approved at once (ADR 0010).
        var detail = await (await manager.GetAsync($"/api/platform/approvals/{created.ApprovalRequestId}")).ReadAsync<ApprovalDetail>();
        Assert.Equal(ApprovalStatus.Approved, detail.Status);
        Assert.Equal("李晓", await OwnerAsync(one));
        Assert.Equal("李晓", await OwnerAsync(two));
    }

    [Fact]
    public async Task Transfers_outside_ones_scope_or_without_a_reason_are_refused_and_nothing_is_stored()
    {
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var lisi = await Factory.ClientForAsync("lisi");
        var mine = await CreateAsync(zhangsan, "张三的转移测试客户");
        var his = await CreateAsync(lisi, "李四的转移测试客户");
        await using var db = Factory.OpenDb();
        var before = await db.CustomerTransfers.CountAsync();

        var lisiId = await EmployeeIdAsync("李四");
        Assert.Equal(HttpStatusCode.NotFound, (await zhangsan.PostAsJsonAsync($"/api/sales/customers/{his}/transfer-requests", new { toEmployeeId = lisiId, reason = "拿走" })).StatusCode);
        var mixed = await zhangsan.PostAsJsonAsync($"/api/sales/customers/{mine}/transfer-requests", new { customerIds = new[] { his }, toEmployeeId = lisiId, reason = "一起" });
        Assert.Contains("customerIds", (await mixed.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        var csAgent = await EmployeeIdAsync("孙丽");
        var outside = await zhangsan.PostAsJsonAsync($"/api/sales/customers/{mine}/transfer-requests", new { toEmployeeId = csAgent, reason = "给客服" });
        Assert.Contains("toEmployeeId", (await outside.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        var noReason = await zhangsan.PostAsJsonAsync($"/api/sales/customers/{mine}/transfer-requests", new { toEmployeeId = lisiId, reason = "" });
        Assert.Contains("reason", (await noReason.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys, StringComparer.OrdinalIgnoreCase);
        var hr = await Factory.ClientForAsync("hr");
        Assert.Equal(HttpStatusCode.Forbidden, (await hr.PostAsJsonAsync($"/api/sales/customers/{mine}/transfer-requests", new { toEmployeeId = lisiId, reason = "x" })).StatusCode);

        Assert.Equal(before, await db.CustomerTransfers.CountAsync());
        Assert.Equal("张三", await OwnerAsync(mine));
    }

    [Fact]
    public async Task Editing_a_customer_never_changes_its_owner()
    {
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var id = await CreateAsync(zhangsan, "改负责人试试");
        var version = (await (await zhangsan.GetAsync($"/api/sales/customers/{id}")).ReadAsync<CustomerView>()).Version;
        var edit = await zhangsan.PutJsonAsync($"/api/sales/customers/{id}", new { name = "改负责人试试", ownerId = await EmployeeIdAsync("李四"), version });
        Assert.Equal(HttpStatusCode.NoContent, edit.StatusCode);
        Assert.Equal("张三", await OwnerAsync(id));
    }

    private async Task<string?> OwnerAsync(Guid customerId)
    {
        await using var db = Factory.OpenDb();
        return await db.Customers.Where(c => c.Id == customerId).Select(c => c.Owner == null ? null : c.Owner.Name).SingleAsync();
    }

    private async Task<Guid> EmployeeIdAsync(string name)
    {
        await using var db = Factory.OpenDb();
        return await db.Employees.Where(e => e.Name == name).Select(e => e.Id).FirstAsync();
    }

    private static async Task<Guid> CreateAsync(HttpClient client, string name) =>
        (await (await client.PostAsJsonAsync("/api/sales/customers", new { name }, Http.Json)).ReadAsync<IdResponse>(HttpStatusCode.Created)).Id;

    public sealed record IdResponse(Guid Id);
}

[Trait("Category", "Integration")]
public sealed class SqliteCustomerTransferApiTests(SqliteRenheFactory factory) : CustomerTransferApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresCustomerTransferApiTests(PostgresRenheFactory factory) : CustomerTransferApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
