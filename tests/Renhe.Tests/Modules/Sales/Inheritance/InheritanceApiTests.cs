using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Sales.Customers;
using Renhe.Modules.Sales.Inheritance;
using Renhe.Modules.Sales.Orders;
using Renhe.Platform.Jobs;
using Renhe.Platform.Time;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Sales.Inheritance;

/// 离职继承 end to end: HR records 李晓's leaving through the Org API, her customers freeze, the plan
/// is proposed to her manager, the manager changes it, and the job on the day after her last
/// working day (Shanghai) gives every customer to its receiver with 离职继承 in the custody ledger.
public abstract class InheritanceApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private static readonly TimeZoneInfo Shanghai = BranchCalendar.Zone("Asia/Shanghai");

    [Fact]
    public async Task A_leaving_freezes_the_customers_proposes_a_plan_and_the_day_after_every_customer_is_inherited()
    {
        var hr = await Factory.ClientForAsync("hr");
        var xiaoliId = await EmployeeIdAsync("李晓");
        var zhangsanId = await EmployeeIdAsync("张三");
        var lisiId = await EmployeeIdAsync("李四");
        var customers = await HeldByAsync(xiaoliId);
        Assert.NotEmpty(customers);

        // 李晓 starts an order before she leaves: it is not effective yet.
        var xiaoli = await Factory.ClientForAsync("xiaoli");
        var product = await FirstProductAsync();
        var order = await (await xiaoli.PostAsJsonAsync("/api/sales/orders",
                new { customerId = customers[0], lines = new[] { new { productId = product, quantity = 1 } } }, Http.Json))
            .ReadAsync<IdResponse>(HttpStatusCode.Created);

        var lastDay = BranchCalendar.DayOf(DateTimeOffset.UtcNow, Shanghai).AddDays(3);
        var leave = await hr.PostAsJsonAsync($"/api/org/employees/{xiaoliId}/leave",
            new { type = "Resignation", lastWorkingDay = lastDay, reason = "回老家发展" }, Http.Json);
        Assert.Equal(HttpStatusCode.NoContent, leave.StatusCode);
        var day = lastDay.ToString("yyyy-MM-dd");

        // Frozen: the leaver releases, claims and transfers nothing; nobody releases her customers.
        var release = await xiaoli.PostAsJsonAsync($"/api/sales/customers/{customers[0]}/release", new { note = "不想跟了" }, Http.Json);
        Assert.Contains(day, (await release.ProblemAsync(HttpStatusCode.Conflict)).Title);
        var transfer = await xiaoli.PostAsJsonAsync($"/api/sales/customers/{customers[0]}/transfer-requests", new { toEmployeeId = zhangsanId, reason = "私下转给张三" }, Http.Json);
        Assert.Contains(day, (await transfer.ProblemAsync(HttpStatusCode.Conflict)).Title);
        var pool = await PoolCustomerAsync();
        var claim = await xiaoli.PostAsync($"/api/sales/pool/{pool}/claim", null);
        Assert.Contains("已冻结", (await claim.ProblemAsync(HttpStatusCode.Conflict)).Title);
        var manager = await Factory.ClientForAsync("salesmgr");
        var managerRelease = await manager.PostAsJsonAsync($"/api/sales/customers/{customers[1 % customers.Count]}/release", new { note = "收回" }, Http.Json);
        var frozen = await managerRelease.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("李晓", frozen.Title);
        Assert.Contains(day, frozen.Title);
        var managerEn = await Factory.ClientForAsync("salesmgr", culture: "en");
        var frozenEn = await (await managerEn.PostAsJsonAsync($"/api/sales/customers/{customers[0]}/release", new { note = "x" }, Http.Json)).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("frozen", frozenEn.Title);

        // The plan: proposed to the manager (bell and checklist link), every customer with a receiver from 销售部.
        var plans = await (await manager.GetAsync("/api/sales/inheritance-plans")).ReadAsync<List<InheritancePlanListItem>>();
        var item = Assert.Single(plans, p => p.LeaverId == xiaoliId);
        Assert.Equal(HttpStatusCode.Forbidden, (await xiaoli.GetAsync($"/api/sales/inheritance-plans/{item.Id}")).StatusCode); // never the leaver
        Assert.Equal(lastDay.AddDays(1), item.ExecutesOn);
        var plan = await (await manager.GetAsync($"/api/sales/inheritance-plans/{item.Id}")).ReadAsync<InheritancePlanView>();
        Assert.Equal(customers.Order(), plan.Lines.Select(l => l.CustomerId).Order());
        Assert.All(plan.Lines, l => Assert.NotNull(l.ReceiverId));
        Assert.DoesNotContain(plan.Receivers, r => r.Id == xiaoliId);
        await using (var db = Factory.OpenDb())
        {
            var managerUser = await db.Users.Where(u => u.UserName == "salesmgr").Select(u => u.Id).SingleAsync();
            Assert.True(await db.Notifications.AnyAsync(n => n.RecipientUserId == managerUser && n.TextKey == "Notify.InheritanceProposed" && n.Link == InheritanceService.PlanLink(item.Id)));
            Assert.True(await db.ChecklistItems.AnyAsync(c => c.EmployeeId == xiaoliId && c.Link == InheritanceService.PlanLink(item.Id)));
        }

        // The manager gives all to 张三 in bulk, then one back to 李四.
        var bulk = await manager.PutAsJsonAsync($"/api/sales/inheritance-plans/{item.Id}/receivers",
            new { lineIds = plan.Lines.Select(l => l.Id), receiverId = zhangsanId, version = plan.Version }, Http.Json);
        Assert.Equal(HttpStatusCode.NoContent, bulk.StatusCode);
        var stale = await manager.PutAsJsonAsync($"/api/sales/inheritance-plans/{item.Id}/receivers",
            new { lineIds = new[] { plan.Lines[0].Id }, receiverId = lisiId, version = plan.Version }, Http.Json);
        await stale.ProblemAsync(HttpStatusCode.Conflict);
        plan = await (await manager.GetAsync($"/api/sales/inheritance-plans/{item.Id}")).ReadAsync<InheritancePlanView>();
        var toLisi = plan.Lines.Single(l => l.CustomerId == customers[0]);
        Assert.Equal(HttpStatusCode.NoContent, (await manager.PutAsJsonAsync($"/api/sales/inheritance-plans/{item.Id}/receivers",
            new { lineIds = new[] { toLisi.Id }, receiverId = lisiId, version = plan.Version }, Http.Json)).StatusCode);
        plan = await (await manager.GetAsync($"/api/sales/inheritance-plans/{item.Id}")).ReadAsync<InheritancePlanView>();
        Assert.Equal(customers.Count - 1 + plan.Receivers.Single(r => r.Id == zhangsanId).HeldNow, plan.Receivers.Single(r => r.Id == zhangsanId).LoadAfter);
        // Receivers: someone leaving (here the leaver herself) is a conflict naming the day; an unknown person is bad input; both name the field.
        var self = await manager.PutAsJsonAsync($"/api/sales/inheritance-plans/{item.Id}/receivers",
            new { lineIds = new[] { toLisi.Id }, receiverId = xiaoliId, version = plan.Version }, Http.Json);
        var leavingToo = await self.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains(day, leavingToo.Title);
        Assert.Contains("receiverId", leavingToo.Errors!.Keys, StringComparer.OrdinalIgnoreCase);
        var unknown = await manager.PutAsJsonAsync($"/api/sales/inheritance-plans/{item.Id}/receivers",
            new { lineIds = new[] { toLisi.Id }, receiverId = Guid.NewGuid(), version = plan.Version }, Http.Json);
        Assert.Contains("receiverId", (await unknown.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys, StringComparer.OrdinalIgnoreCase);

        // The evening of the last working day: nothing happens yet.
        Assert.Equal(0, await RunJobAsync(BranchCalendar.StartUtc(lastDay, Shanghai).AddHours(23)));
        Assert.All((await OwnersAsync(customers)).Values, o => Assert.Equal(xiaoliId, o));

        // 00:10 on the day after, in Shanghai: every customer has its new owner, each step in the ledger.
        var at = BranchCalendar.StartUtc(lastDay.AddDays(1), Shanghai).AddMinutes(10);
        Assert.Equal(1, await RunJobAsync(at));
        Assert.Equal(0, await RunJobAsync(at.AddMinutes(5))); // idempotent
        var owners = await OwnersAsync(customers);
        Assert.Equal(lisiId, owners[customers[0]]);
        Assert.All(customers.Skip(1), c => Assert.Equal(zhangsanId, owners[c]));
        await using (var db = Factory.OpenDb())
        {
            var ledger = await db.CustodyEntries.AsNoTracking().Where(e => customers.Contains(e.CustomerId) && e.Reason == CustodyReason.OwnerLeft).ToListAsync();
            Assert.Equal(customers.Count, ledger.Count);
            Assert.All(ledger, e => Assert.Equal(xiaoliId, e.FromEmployeeId));
            Assert.All(ledger, e => Assert.Contains("离职继承", e.Note));
            // Her open order now credits the customer's new owner.
            Assert.Equal(lisiId, (await db.Orders.AsNoTracking().SingleAsync(o => o.Id == order.Id)).SalespersonId);
        }

        // Executed plans are read-only and say what happened.
        plan = await (await hr.GetAsync($"/api/sales/inheritance-plans/{item.Id}")).ReadAsync<InheritancePlanView>();
        Assert.Equal(InheritanceState.Executed, plan.State);
        Assert.All(plan.Lines, l => Assert.Equal(InheritanceOutcome.Inherited, l.Outcome));
        var late = await manager.PutAsJsonAsync($"/api/sales/inheritance-plans/{item.Id}/receivers",
            new { lineIds = new[] { toLisi.Id }, receiverId = zhangsanId, version = plan.Version }, Http.Json);
        await late.ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Only_the_leavers_manager_HR_and_administrators_see_the_plan_and_never_the_leaver()
    {
        var hr = await Factory.ClientForAsync("hr");
        var leaverId = await EmployeeIdAsync("陈浩");
        await using (var db = Factory.OpenDb())
        {
            // 陈浩 holds a customer, so his leaving has something to inherit.
            var (customer, custody, stage) = Customer.Enter(leaverId, CustodyReason.Created, null, ChangedBy.System, DateTimeOffset.UtcNow);
            customer.Name = "陈浩的客户";
            db.AddRange(customer, custody, stage);
            await db.SaveChangesAsync();
        }
        var lastDay = BranchCalendar.DayOf(DateTimeOffset.UtcNow, Shanghai).AddDays(10);
        Assert.Equal(HttpStatusCode.NoContent, (await hr.PostAsJsonAsync($"/api/org/employees/{leaverId}/leave",
            new { type = "Resignation", lastWorkingDay = lastDay, reason = "另谋高就" }, Http.Json)).StatusCode);
        var planId = (await (await hr.GetAsync("/api/sales/inheritance-plans")).ReadAsync<List<InheritancePlanListItem>>()).Single(p => p.LeaverId == leaverId).Id;

        foreach (var (user, expected) in new[] { ("salesmgr", HttpStatusCode.OK), ("hr", HttpStatusCode.OK), ("admin", HttpStatusCode.OK),
                     ("zhangsan", HttpStatusCode.Forbidden), ("lisi", HttpStatusCode.Forbidden), ("finance", HttpStatusCode.Forbidden) })
        {
            var client = await Factory.ClientForAsync(user);
            Assert.True(expected == (await client.GetAsync($"/api/sales/inheritance-plans/{planId}")).StatusCode, user);
        }
        // An unknown plan reads as not found, as one out of scope does.
        var missing = await (await Factory.ClientForAsync("salesmgr")).GetAsync($"/api/sales/inheritance-plans/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private async Task<int> RunJobAsync(DateTimeOffset now)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var job = ActivatorUtilities.CreateInstance<InheritanceJob>(scope.ServiceProvider);
        return (int)(await job.RunAsync(new JobContext(InheritanceJob.Name, new JobOccurrence("test", now), now, null), CancellationToken.None)).Count;
    }

    private async Task<Guid> EmployeeIdAsync(string name)
    {
        await using var db = Factory.OpenDb();
        return await db.Employees.Where(e => e.Name == name).Select(e => e.Id).FirstAsync();
    }

    private async Task<List<Guid>> HeldByAsync(Guid employeeId)
    {
        await using var db = Factory.OpenDb();
        return await db.Customers.Where(c => c.OwnerId == employeeId && c.DeletedAt == null).OrderBy(c => c.Id).Select(c => c.Id).ToListAsync();
    }

    private async Task<Dictionary<Guid, Guid?>> OwnersAsync(IReadOnlyList<Guid> ids)
    {
        await using var db = Factory.OpenDb();
        return await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.OwnerId);
    }

    private async Task<Guid> PoolCustomerAsync()
    {
        await using var db = Factory.OpenDb();
        return await db.Customers.Where(c => c.OwnerId == null && c.DeletedAt == null).Select(c => c.Id).FirstAsync();
    }

    private async Task<Guid> FirstProductAsync()
    {
        await using var db = Factory.OpenDb();
        return await db.Products.Select(p => p.Id).FirstAsync();
    }

    public sealed record IdResponse(Guid Id);
}

[Trait("Category", "Integration")]
public sealed class SqliteInheritanceApiTests(SqliteRenheFactory factory) : InheritanceApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresInheritanceApiTests(PostgresRenheFactory factory) : InheritanceApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
