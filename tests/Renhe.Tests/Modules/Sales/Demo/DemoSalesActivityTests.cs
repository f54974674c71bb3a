using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Modules.Sales;
using Renhe.Modules.Sales.Customers;
using Renhe.Modules.Sales.Inheritance;
using Renhe.Modules.Sales.WeComHandovers;
using Renhe.Modules.Sales.Orders;
using Renhe.Modules.Sales.Targets;
using Renhe.Platform.Approvals;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Sales.Demo;

/// The demo's six months of sales work, as a newcomer gets it with `--demo`: rates that differ by
/// person as the product's story says, refunds and a cancellation, nothing the pool return would
/// sweep the moment the program starts, orders waiting in the approval inboxes, and a day of tasks.
[Trait("Category", "Integration")]
public sealed class DemoSalesActivityTests(DemoSalesActivityTests.ActivityFactory factory) : IClassFixture<DemoSalesActivityTests.ActivityFactory>
{
    [Fact]
    public async Task Intent_to_order_rates_differ_by_person_the_star_near_30_percent_the_team_near_20_and_new_hires_lower()
    {
        await using var db = factory.OpenDb();
        var ladder = await db.StageChanges.AsNoTracking()
            .Where(s => s.ToStage == CustomerStage.Intent || s.ToStage == CustomerStage.Ordered)
            .Select(s => new { s.CustomerId, s.ToStage, s.ByName })
            .ToListAsync(TestContext.Current.CancellationToken);
        var intents = ladder.Where(s => s.ToStage == CustomerStage.Intent).GroupBy(s => s.ByName).ToDictionary(g => g.Key!, g => g.Select(s => s.CustomerId).ToHashSet());
        var ordered = ladder.Where(s => s.ToStage == CustomerStage.Ordered).Select(s => s.CustomerId).ToHashSet();
        double Rate(string name) => (double)intents[name].Count(ordered.Contains) / intents[name].Count;
        var team = (double)intents.Values.Sum(c => c.Count(ordered.Contains)) / intents.Values.Sum(c => c.Count);

        Assert.InRange(Rate("张三"), 0.24, 0.36);
        Assert.InRange(team, 0.15, 0.25);
        Assert.True(Rate("李四") < team && Rate("李晓") < team, $"new hires convert less than the team ({Rate("李四"):P0}, {Rate("李晓"):P0} vs {team:P0})");
        Assert.True(await db.OrderAdjustments.AnyAsync(a => a.Kind == OrderAdjustmentKind.Refund, TestContext.Current.CancellationToken));
        Assert.True(await db.Orders.AnyAsync(o => o.Status == OrderStatus.Cancelled, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Starting_the_demo_sends_nobody_to_the_pool_but_some_are_due_within_days()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var pool = scope.ServiceProvider.GetRequiredService<PoolReturnService>();
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(0, await pool.ReturnDueAsync(now, TestContext.Current.CancellationToken));
        // A week later some of them would go: the demo is a living team, not a frozen picture.
        await using var db = factory.OpenDb();
        var cutoff = now.AddDays(7 - pool.ReturnAfterDays);
        Assert.True(await db.Customers.AnyAsync(c => c.OwnerId != null && (c.Stage == CustomerStage.Lead || c.Stage == CustomerStage.Intent)
                                                     && (c.LastFollowUpAt == null || c.LastFollowUpAt <= cutoff) && c.AssignedAt <= cutoff,
            TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Orders_wait_for_the_sales_manager_and_for_finance_and_lisi_has_a_day_of_tasks()
    {
        var inbox = await (await (await factory.ClientForAsync("salesmgr")).GetAsync("/api/platform/approvals/inbox")).ReadAsync<List<ApprovalListItem>>();
        Assert.Equal(["刘丽华", "马美玲"], inbox.Where(r => r.RequestType == OrderApprovalHandler.Type).Select(r => r.Title.Split(" · ")[1]).Order());
        var finance = await (await (await factory.ClientForAsync("finance")).GetAsync("/api/platform/approvals/inbox")).ReadAsync<List<ApprovalListItem>>();
        Assert.Equal("王建华", Assert.Single(finance, r => r.RequestType == OrderApprovalHandler.Type).Title.Split(" · ")[1]);

        var today = await (await factory.ClientForAsync("lisi")).GetFromJsonAsync<TodayView>("/api/sales/tasks/today", Http.Json, TestContext.Current.CancellationToken);
        Assert.NotNull(today);
        Assert.NotEmpty(today.Tasks);
        if (today.IsWorkingDay) Assert.True(today.FollowUpsTarget >= PlanProposer.MinCustomersPerDay);
        Assert.True(today.Month.PlanFen > 0);
    }

    [Fact]
    public async Task Zhao_lei_left_last_month_his_customers_were_inherited_and_one_refused_the_takeover_on_WeCom_while_Huang_tings_are_frozen()
    {
        var ct = TestContext.Current.CancellationToken;
        var manager = await factory.ClientForAsync("salesmgr");
        var plans = await (await manager.GetAsync("/api/sales/inheritance-plans?all=true", ct)).ReadAsync<List<InheritancePlanListItem>>();
        var executed = Assert.Single(plans, p => p.LeaverName == "赵磊");
        var open = Assert.Single(plans, p => p.LeaverName == "黄婷");
        Assert.Equal((InheritanceState.Executed, InheritanceState.Proposed), (executed.State, open.State));

        await using var db = factory.OpenDb();
        var zhaoLei = await db.Employees.Where(e => e.Name == "赵磊").Select(e => e.Id).SingleAsync(ct);
        Assert.False(await db.Customers.AnyAsync(c => c.OwnerId == zhaoLei, ct));
        Assert.True(await db.CustodyEntries.AnyAsync(e => e.FromEmployeeId == zhaoLei && e.Reason == CustodyReason.OwnerLeft, ct));
        var failed = await (await manager.GetAsync($"/api/sales/wecom-handovers/failed?originId={executed.Id}", ct)).ReadAsync<List<FailedHandoverListItem>>();
        Assert.Equal(HandoverState.Refused, Assert.Single(failed).State);
        var huangTing = await db.Employees.Where(e => e.Name == "黄婷").Select(e => e.Id).SingleAsync(ct);
        var frozen = await db.Customers.Where(c => c.OwnerId == huangTing).Select(c => c.Id).FirstAsync(ct);
        var release = await manager.PostAsJsonAsync($"/api/sales/customers/{frozen}/release", new { note = "收回" }, Http.Json, ct);
        Assert.Equal(System.Net.HttpStatusCode.Conflict, release.StatusCode);
    }

    public sealed class ActivityFactory : RenheFactory
    {
        public override string ProviderName => "Sqlite";

        protected override IEnumerable<KeyValuePair<string, string>> DatabaseSettings() => [new("Database:Provider", "Sqlite")];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Demo:SalesActivity", "true");
            builder.UseSetting("Demo:Chats", "false");
        }
    }
}
