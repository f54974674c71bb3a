using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Modules.Sales.Inheritance;
using Renhe.Modules.Sales.Orders;
using Renhe.Platform.Approvals;
using Renhe.Platform.Jobs;
using Renhe.Platform.Measures;
using Renhe.Platform.Time;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Sales.Inheritance;

/// Whose sale is an order that becomes effective after 离职继承: the customer's owner when finance
/// approves it. 李晓 submits an order, her manager approves the first step, she leaves and the plan
/// gives the customer to 张三; finance approves afterwards. The measures kernel (what targets, the
/// dashboard and commission read) credits 张三 with it and 李晓 with nothing.
public abstract class InheritedOrderCreditSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private const string Approvals = "/api/platform/approvals";
    private static readonly TimeZoneInfo Shanghai = BranchCalendar.Zone("Asia/Shanghai");

    [Fact]
    public async Task An_order_in_approval_when_the_plan_runs_counts_for_the_inheritor_once_effective()
    {
        Guid xiaoliId, zhangsanId, customerId, productId;
        await using (var db = Factory.OpenDb())
        {
            xiaoliId = await db.Employees.Where(e => e.Name == "李晓").Select(e => e.Id).FirstAsync();
            zhangsanId = await db.Employees.Where(e => e.Name == "张三").Select(e => e.Id).FirstAsync();
            customerId = await db.Customers.Where(c => c.OwnerId == xiaoliId && c.DeletedAt == null).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
            productId = await db.Products.Where(p => !p.TrackStock).Select(p => p.Id).FirstAsync();
        }

        // 李晓 submits; her manager approves the first step while she still holds the customer.
        var xiaoli = await Factory.ClientForAsync("xiaoli");
        var orderId = (await (await xiaoli.PostAsJsonAsync("/api/sales/orders",
                new { customerId, lines = new[] { new { productId, quantity = 1 } } }, Http.Json))
            .ReadAsync<IdResponse>(HttpStatusCode.Created)).Id;
        var draft = await OrderAsync(xiaoli, orderId);
        var submit = await xiaoli.PostAsJsonAsync($"/api/sales/orders/{orderId}/submit", new { version = draft.Version }, Http.Json);
        Assert.True(submit.IsSuccessStatusCode, await submit.Content.ReadAsStringAsync());
        var requestId = (await OrderAsync(xiaoli, orderId)).ApprovalRequestId!.Value;
        var salesmgr = await Factory.ClientForAsync("salesmgr");
        await ApproveAsync(salesmgr, requestId);

        // She leaves; the manager gives that customer to 张三; the plan runs the day after her last day.
        var lastDay = BranchCalendar.DayOf(DateTimeOffset.UtcNow, Shanghai).AddDays(2);
        Assert.Equal(HttpStatusCode.NoContent, (await (await Factory.ClientForAsync("hr")).PostAsJsonAsync($"/api/org/employees/{xiaoliId}/leave",
            new { type = "Resignation", lastWorkingDay = lastDay, reason = "回老家发展" }, Http.Json)).StatusCode);
        var planId = (await (await salesmgr.GetAsync("/api/sales/inheritance-plans")).ReadAsync<List<InheritancePlanListItem>>()).Single(p => p.LeaverId == xiaoliId).Id;
        var plan = await (await salesmgr.GetAsync($"/api/sales/inheritance-plans/{planId}")).ReadAsync<InheritancePlanView>();
        Assert.Equal(HttpStatusCode.NoContent, (await salesmgr.PutAsJsonAsync($"/api/sales/inheritance-plans/{planId}/receivers",
            new { lineIds = new[] { plan.Lines.Single(l => l.CustomerId == customerId).Id }, receiverId = zhangsanId, version = plan.Version }, Http.Json)).StatusCode);
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var at = BranchCalendar.StartUtc(lastDay.AddDays(1), Shanghai).AddMinutes(10);
            var job = ActivatorUtilities.CreateInstance<InheritanceJob>(scope.ServiceProvider);
            Assert.Equal(1, (await job.RunAsync(new JobContext(InheritanceJob.Name, new JobOccurrence("test", at), at, null), CancellationToken.None)).Count);
        }

        // Finance approves after the inheritance: the order becomes effective as 张三's.
        await ApproveAsync(await Factory.ClientForAsync("finance"), requestId);
        var effective = await OrderAsync(await Factory.ClientForAsync("zhangsan"), orderId);
        Assert.Equal(OrderStatus.Effective, effective.Status);
        Assert.Equal(("张三", zhangsanId), (effective.SalespersonName, effective.SalespersonId));

        await using (var db = Factory.OpenDb())
        {
            var from = effective.EffectiveAt!.Value.AddMinutes(-1);
            var to = effective.EffectiveAt.Value.AddMinutes(1);
            var facts = await MeasureFactsLoader.LoadAsync(db, [zhangsanId, xiaoliId], from, to, CancellationToken.None, withFunnel: false);
            var inheritor = MeasureKernel.Net(facts[zhangsanId], from, to);
            var leaver = MeasureKernel.Net(facts[xiaoliId], from, to);
            Assert.Contains(facts[zhangsanId].Orders, o => o.Id == orderId);
            Assert.Equal(effective.TotalFen, inheritor.NetSalesFen);
            Assert.DoesNotContain(facts[xiaoliId].Orders, o => o.Id == orderId);
            Assert.Equal((0, 0L), (leaver.Orders, leaver.NetSalesFen));
        }
    }

    private static async Task ApproveAsync(HttpClient client, Guid requestId)
    {
        var detail = await (await client.GetAsync($"{Approvals}/{requestId}")).ReadAsync<ApprovalDetail>();
        var response = await client.PostAsJsonAsync($"{Approvals}/{requestId}/approve", new { version = detail.Version }, Http.Json);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<OrderView> OrderAsync(HttpClient client, Guid id) =>
        await (await client.GetAsync($"/api/sales/orders/{id}")).ReadAsync<OrderView>();

    public sealed record IdResponse(Guid Id);
}

[Trait("Category", "Integration")]
public sealed class SqliteInheritedOrderCreditTests(SqliteRenheFactory factory) : InheritedOrderCreditSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresInheritedOrderCreditTests(PostgresRenheFactory factory) : InheritedOrderCreditSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
