using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Modules.Sales.Customers;
using Renhe.Modules.Sales.Inheritance;
using Renhe.Modules.Sales.WeComHandovers;
using Renhe.Platform.Jobs;
using Renhe.Platform.Time;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Sales.Inheritance;

/// 离职继承 with WeCom configured, end to end: HR records 李晓's leaving, the manager gives her
/// customers to 张三, and on the day after her last working day every customer is 张三's in Renhe
/// and WeCom is asked to hand them over (resigned/transfer_customer) — the same customers, her
/// WeCom user id to his. A customer who refuses the takeover stays 张三's in Renhe and is listed for
/// the manager under the plan with the reason.
public abstract class InheritanceWeComSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private static readonly TimeZoneInfo Shanghai = BranchCalendar.Zone("Asia/Shanghai");
    private WeComFakeServer? _wecom;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_customer_gets_its_new_owner_in_Renhe_and_in_WeCom_and_a_refusal_is_listed_for_the_manager()
    {
        _wecom = await WeComFakeServer.StartAsync();
        await _wecom.ConnectAsync(Factory.Services);
        Guid xiaoliId, zhangsanId;
        List<(Guid Id, string External)> customers;
        await using (var db = Factory.OpenDb())
        {
            xiaoliId = await db.Employees.Where(e => e.Name == "李晓").Select(e => e.Id).SingleAsync(Ct);
            zhangsanId = await db.Employees.Where(e => e.Name == "张三").Select(e => e.Id).SingleAsync(Ct);
            // Her customers as WeCom knows them: each added on WeCom, with its external id.
            var held = await db.Customers.Where(c => c.OwnerId == xiaoliId && c.DeletedAt == null).OrderBy(c => c.Id).ToListAsync(Ct);
            foreach (var c in held) c.WeComExternalId ??= "wm" + c.Id.ToString("N")[..20];
            await db.SaveChangesAsync(Ct);
            customers = held.Select(c => (c.Id, c.WeComExternalId!)).ToList();
        }
        Assert.True(customers.Count >= 2);

        var hr = await Factory.ClientForAsync("hr");
        var lastDay = BranchCalendar.DayOf(DateTimeOffset.UtcNow, Shanghai).AddDays(2);
        Assert.Equal(HttpStatusCode.NoContent, (await hr.PostAsJsonAsync($"/api/org/employees/{xiaoliId}/leave",
            new { type = "Resignation", lastWorkingDay = lastDay, reason = "回老家发展" }, Http.Json, Ct)).StatusCode);
        var manager = await Factory.ClientForAsync("salesmgr");
        var item = Assert.Single(await (await manager.GetAsync("/api/sales/inheritance-plans", Ct)).ReadAsync<List<InheritancePlanListItem>>(),
            p => p.LeaverId == xiaoliId);
        var plan = await (await manager.GetAsync($"/api/sales/inheritance-plans/{item.Id}", Ct)).ReadAsync<InheritancePlanView>();
        Assert.Equal(HttpStatusCode.NoContent, (await manager.PutAsJsonAsync($"/api/sales/inheritance-plans/{item.Id}/receivers",
            new { lineIds = plan.Lines.Select(l => l.Id), receiverId = zhangsanId, version = plan.Version }, Http.Json, Ct)).StatusCode);

        // Nothing reaches WeCom before the plan runs.
        var dayAfter = BranchCalendar.StartUtc(lastDay.AddDays(1), Shanghai);
        await SendHandoversAsync(dayAfter);
        Assert.Empty(_wecom.To("externalcontact/resigned/transfer_customer"));

        await RunInheritanceAsync(dayAfter.AddMinutes(10));
        await SendHandoversAsync(dayAfter.AddMinutes(11));

        await using (var db = Factory.OpenDb())
        {
            Assert.All(await db.Customers.Where(c => customers.Select(x => x.Id).Contains(c.Id)).Select(c => c.OwnerId).ToListAsync(Ct),
                owner => Assert.Equal(zhangsanId, owner));
            Assert.Equal(customers.Count, await db.CustodyEntries.CountAsync(e => e.Reason == CustodyReason.OwnerLeft && e.FromEmployeeId == xiaoliId, Ct));
        }
        var calls = _wecom.To("externalcontact/resigned/transfer_customer").ToList();
        Assert.All(calls, c => Assert.Equal(("xiaoli", "zhangsan"),
            (c.Body!["handover_userid"]!.GetValue<string>(), c.Body!["takeover_userid"]!.GetValue<string>())));
        Assert.Equal(customers.Select(c => c.External).Order(),
            calls.SelectMany(c => c.Body!["external_userid"]!.AsArray().Select(e => e!.GetValue<string>())).Order());

        // WeCom: the first customer refused, the others are taken over.
        var refused = customers[0];
        _wecom.TransferStatuses[("xiaoli", "zhangsan")] = customers.Select(c => (c.External, c == refused ? 3 : 1)).ToList();
        await SendHandoversAsync(dayAfter.AddHours(1));

        var failed = await (await manager.GetAsync($"/api/sales/wecom-handovers/failed?originId={item.Id}", Ct)).ReadAsync<List<FailedHandoverListItem>>();
        var row = Assert.Single(failed);
        Assert.Equal((refused.Id, HandoverState.Refused, "李晓", "张三"), (row.CustomerId, row.State, row.FromName, row.ToName));
        Assert.False(string.IsNullOrWhiteSpace(row.ReasonText));
        await using (var db = Factory.OpenDb())
        {
            // The company keeps the customer with its heir in Renhe; only the WeCom link is missing.
            Assert.Equal(zhangsanId, await db.Customers.Where(c => c.Id == refused.Id).Select(c => c.OwnerId).SingleAsync(Ct));
            Assert.Equal(customers.Count - 1, await db.Set<WeComHandover>().CountAsync(h => h.OriginId == item.Id && h.State == HandoverState.Done, Ct));
        }
    }

    private async Task RunInheritanceAsync(DateTimeOffset now)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var job = ActivatorUtilities.CreateInstance<InheritanceJob>(scope.ServiceProvider);
        await job.RunAsync(new JobContext(InheritanceJob.Name, new JobOccurrence("test", now), now, null), Ct);
    }

    private async Task SendHandoversAsync(DateTimeOffset now)
    {
        using var scope = Factory.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<WeComHandoverSender>().RunAsync(now, Ct);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_wecom is not null) await _wecom.DisposeAsync();
        await base.DisposeAsync();
    }
}

[Trait("Category", "Integration")]
public sealed class SqliteInheritanceWeComTests(SqliteRenheFactory factory) : InheritanceWeComSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresInheritanceWeComTests(PostgresRenheFactory factory) : InheritanceWeComSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
