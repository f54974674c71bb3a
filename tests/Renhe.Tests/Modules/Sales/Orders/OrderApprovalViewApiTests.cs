using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Platform.Approvals;
using Renhe.Platform.Audit;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Sales.Orders;

/// The order an approver decides on, as the approval dialog shows it: customer, lines, list total,
/// discount (amount and %), the amount to approve and the salesperson's limit. Seen by whoever is
/// on the request and sees the order as the order page does, or is an approver on it (then audited);
/// nobody else learns it exists. On SQLite and on PostgreSQL.
public abstract class OrderApprovalViewApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private const string Approvals = "/api/platform/approvals";
    private const string View = "/api/sales/order-approvals";

    [Fact]
    public async Task The_sales_manager_sees_the_lines_the_discount_and_the_salespersons_limit_of_the_order_he_approves()
    {
        // 张三's order: 店铺管家 SaaS 专业版 ¥9,800 + 开店代运营启动服务 ¥5,000, ¥800 off.
        var (_, request) = await SubmitOrderAsync("zhangsan", "视图客户甲", [("SAAS-PRO", 1), ("SVC-SETUP", 1)], 800m);
        var salesmgr = await Factory.ClientForAsync("salesmgr");
        var view = await (await salesmgr.GetAsync($"{View}/{request}")).ReadAsync<OrderApprovalViewDto>();
        Assert.Equal("视图客户甲", view.CustomerName);
        Assert.Equal($"/sales/customers/{view.CustomerId}", view.CustomerLink);
        Assert.Equal("张三", view.SalespersonName);
        Assert.Equal([(1, 500_000L, 500_000L), (1, 980_000L, 980_000L)], view.Lines.Select(l => (l.Quantity, l.UnitPriceFen, l.AmountFen)).Order());
        Assert.All(view.Lines, l => Assert.False(string.IsNullOrWhiteSpace(l.ProductName)));
        Assert.Equal((1_480_000L, 80_000L, 5.41m, 1_400_000L), (view.ListTotalFen, view.DiscountFen, view.DiscountPercent, view.TotalFen));
        // 张三 is a salesperson: 10 % of ¥14,800 allows ¥1,480.00.
        Assert.Equal((10m, 148_000L), (view.LimitPercent, view.LimitFen));

        // 李晓's order carries no discount: no limit to weigh it against.
        var (_, plain) = await SubmitOrderAsync("xiaoli", "视图客户乙", [("SAAS-BASIC", 1)], null);
        var noDiscount = await (await salesmgr.GetAsync($"{View}/{plain}")).ReadAsync<OrderApprovalViewDto>();
        Assert.Equal((0L, 0m), (noDiscount.DiscountFen, noDiscount.DiscountPercent));
        Assert.Null(noDiscount.LimitPercent);
    }

    [Fact]
    public async Task Finance_sees_the_order_without_a_link_to_a_customer_it_may_not_open()
    {
        var (_, request) = await SubmitOrderAsync("zhangsan", "视图客户丙", [("SAAS-BASIC", 3)], 1000m);
        var salesmgr = await Factory.ClientForAsync("salesmgr");
        var version = (await (await salesmgr.GetAsync($"{Approvals}/{request}")).ReadAsync<ApprovalDetail>()).Version;
        (await salesmgr.PostAsJsonAsync($"{Approvals}/{request}/approve", new { version })).EnsureSuccessStatusCode();

        var finance = await Factory.ClientForAsync("finance");
        Assert.Contains(await (await finance.GetAsync($"{Approvals}/inbox")).ReadAsync<List<ApprovalListItem>>(), r => r.Id == request);
        var view = await (await finance.GetAsync($"{View}/{request}")).ReadAsync<OrderApprovalViewDto>();
        Assert.Equal("视图客户丙", view.CustomerName);
        Assert.Null(view.CustomerLink);
        Assert.Equal([3], view.Lines.Select(l => l.Quantity));
        Assert.Equal((1_194_000L, 100_000L, 8.38m, 1_094_000L), (view.ListTotalFen, view.DiscountFen, view.DiscountPercent, view.TotalFen));
    }

    [Fact]
    public async Task An_approver_the_step_was_delegated_to_sees_the_order_recorded_and_the_unrelated_see_nothing()
    {
        var (orderId, request) = await SubmitOrderAsync("zhangsan", "视图客户丁", [("SAAS-BASIC", 2)], 300m);
        var zhangsan = await Factory.ClientForAsync("zhangsan");

        // The requester sees his own order; 客服主管, not on the request and without any order permission, does not.
        Assert.Equal(HttpStatusCode.OK, (await zhangsan.GetAsync($"{View}/{request}")).StatusCode);
        var cssup = await Factory.ClientForAsync("cssup");
        Assert.Equal(HttpStatusCode.NotFound, (await cssup.GetAsync($"{View}/{request}")).StatusCode);

        // 张经理 delegates his step to her: now she must see what she decides — and that read is on record.
        var salesmgr = await Factory.ClientForAsync("salesmgr");
        var version = (await (await salesmgr.GetAsync($"{Approvals}/{request}")).ReadAsync<ApprovalDetail>()).Version;
        var cssupEmployee = await EmployeeOfAsync("cssup");
        (await salesmgr.PostAsJsonAsync($"{Approvals}/{request}/delegate", new { version, delegateTo = cssupEmployee })).EnsureSuccessStatusCode();
        var seen = await (await cssup.GetAsync($"{View}/{request}")).ReadAsync<OrderApprovalViewDto>();
        Assert.Equal((orderId, 796_000L, 30_000L, 766_000L), (seen.OrderId, seen.ListTotalFen, seen.DiscountFen, seen.TotalFen));
        Assert.Null(seen.CustomerLink);
        await using (var db = Factory.OpenDb())
        {
            var cssupUser = await db.Users.Where(u => u.UserName == "cssup").Select(u => u.Id).SingleAsync();
            var read = Assert.Single(await db.AuditEntries.AsNoTracking()
                .Where(a => a.Action == AuditAction.Read && a.Entity == "sales.order" && a.EntityKey == orderId.ToString() && a.UserId == cssupUser).ToListAsync());
            Assert.Contains(request.ToString(), read.Changes);
        }

        // Another salesperson learns nothing, a request of another type is not an order, and an id is not enough.
        var lisi = await Factory.ClientForAsync("lisi");
        Assert.Equal(HttpStatusCode.NotFound, (await lisi.GetAsync($"{View}/{request}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lisi.GetAsync($"{View}/{Guid.NewGuid()}")).StatusCode);
        var purchase = await SubmitPurchaseAsync("zhangsan");
        Assert.Equal(HttpStatusCode.NotFound, (await zhangsan.GetAsync($"{View}/{purchase}")).StatusCode);
        var name = "noroles_" + typeof(TFactory).Name.ToLowerInvariant()[..4];
        await Factory.CreateUserAsync(name);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await Factory.ClientForAsync(name)).GetAsync($"{View}/{request}")).StatusCode);
    }

    // ---- helpers ----

    private sealed record IdDto(Guid Id);

    private sealed record OrderVersionDto(Guid Version, Guid? ApprovalRequestId);

    private sealed record LineDto(string ProductName, long UnitPriceFen, int Quantity, long AmountFen);

    private sealed record OrderApprovalViewDto(Guid OrderId, Guid CustomerId, string CustomerName, string? CustomerLink, string SalespersonName,
        List<LineDto> Lines, long ListTotalFen, long DiscountFen, decimal DiscountPercent, long TotalFen, decimal? LimitPercent, long? LimitFen);

    /// A salesperson's order for a new customer of theirs, submitted: the order and its approval request.
    private async Task<(Guid Order, Guid Request)> SubmitOrderAsync(string userName, string customerName, (string Code, int Quantity)[] lines, decimal? discount)
    {
        var client = await Factory.ClientForAsync(userName);
        var customer = (await (await client.PostAsJsonAsync("/api/sales/customers",
            new { name = customerName, phone = $"139{Random.Shared.Next(10_000_000, 99_999_999)}", region = "广东" })).ReadAsync<IdDto>(HttpStatusCode.Created)).Id;
        var items = new List<object>();
        foreach (var (code, quantity) in lines) items.Add(new { productId = await ProductIdAsync(code), quantity });
        var orderId = (await (await client.PostAsJsonAsync("/api/sales/orders", new { customerId = customer, lines = items, discount }))
            .ReadAsync<IdDto>(HttpStatusCode.Created)).Id;
        var draft = await (await client.GetAsync($"/api/sales/orders/{orderId}")).ReadAsync<OrderVersionDto>();
        var submitted = await client.PostAsJsonAsync($"/api/sales/orders/{orderId}/submit", new { version = draft.Version });
        Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync());
        var request = (await (await client.GetAsync($"/api/sales/orders/{orderId}")).ReadAsync<OrderVersionDto>()).ApprovalRequestId!.Value;
        return (orderId, request);
    }

    private async Task<Guid> ProductIdAsync(string code)
    {
        await using var db = Factory.OpenDb();
        return await db.Products.Where(p => p.Code == code).Select(p => p.Id).SingleAsync();
    }

    private async Task<Guid> EmployeeOfAsync(string userName)
    {
        await using var db = Factory.OpenDb();
        return await db.Users.Where(u => u.UserName == userName).Select(u => u.EmployeeId!.Value).SingleAsync();
    }

    private async Task<Guid> SubmitPurchaseAsync(string userName)
    {
        var admin = await Factory.ClientForAsync("admin");
        const string flow = "/api/platform/approval-flows/" + TestPurchaseHandler.Type;
        var current = await (await admin.GetAsync(flow)).ReadAsync<ApprovalFlowDto>();
        (await admin.PutJsonAsync(flow, new { name = "测试采购审批", enabled = true, steps = new[] { new { name = "主管", kind = "DirectManager" } }, version = current.Version }))
            .EnsureSuccessStatusCode();
        await using var db = Factory.OpenDb();
        var userId = await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync();
        using var scope = Factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ApprovalService>()
            .SubmitForAsync(userId, TestPurchaseHandler.Type, Guid.NewGuid(), "不是订单", 10m, CancellationToken.None);
    }
}

[Trait("Category", "Integration")]
public sealed class SqliteOrderApprovalViewApiTests(SqliteRenheFactory factory) : OrderApprovalViewApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresOrderApprovalViewApiTests(PostgresRenheFactory factory) : OrderApprovalViewApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
