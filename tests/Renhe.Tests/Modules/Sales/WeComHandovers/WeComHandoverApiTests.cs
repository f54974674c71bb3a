using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Modules.Sales.Customers;
using Renhe.Modules.Sales.WeComHandovers;
using Renhe.Platform.Time;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Sales.WeComHandovers;

/// The failed-takeover list per role and scope, WeCom's two-transfers-in-90-days rule at request
/// time, and the handover rows an approved transfer queues — all without WeCom configured.
public abstract class WeComHandoverApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Failed_takeovers_are_listed_within_each_roles_customer_scope()
    {
        var origin = Guid.CreateVersion7();
        var zhangsans = await SeedFailedAsync("zhangsan", "lisi", HandoverKind.InService, 3, origin);
        var lisis = await SeedFailedAsync("lisi", "xiaoli", HandoverKind.Resigned, 4, Guid.CreateVersion7());
        var outsideTeam = await SeedFailedAsync("csagent", "cssup", HandoverKind.Resigned, 3, Guid.CreateVersion7());
        var done = await SeedFailedAsync("zhangsan", "xiaoli", HandoverKind.InService, 1, origin);

        async Task<List<Guid>> ListAsync(string user, string query = "")
        {
            var client = await Factory.ClientForAsync(user);
            var items = await (await client.GetAsync("/api/sales/wecom-handovers/failed" + query, Ct)).ReadAsync<List<FailedHandoverListItem>>();
            return items.Select(i => i.CustomerId).ToList();
        }

        var own = await ListAsync("zhangsan");
        Assert.Contains(zhangsans, own);
        Assert.DoesNotContain(lisis, own);
        Assert.DoesNotContain(done, own); // taken over: not a failure

        var team = await ListAsync("salesmgr");
        Assert.Contains(zhangsans, team);
        Assert.Contains(lisis, team);
        Assert.DoesNotContain(outsideTeam, team);

        var everyone = await ListAsync("owner");
        Assert.Contains(outsideTeam, everyone);
        Assert.Equal([zhangsans], await ListAsync("owner", $"?originId={origin}"));

        var hr = await Factory.ClientForAsync("hr");
        Assert.Equal(HttpStatusCode.Forbidden, (await hr.GetAsync("/api/sales/wecom-handovers/failed", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Factory.CreateAnonymousClient().GetAsync("/api/sales/wecom-handovers/failed", Ct)).StatusCode);

        var client = await Factory.ClientForAsync("salesmgr");
        var items = await (await client.GetAsync($"/api/sales/wecom-handovers/failed?originId={origin}", Ct)).ReadAsync<List<FailedHandoverListItem>>();
        var item = Assert.Single(items);
        Assert.Equal(("张三", "李四", HandoverState.Refused, "客户拒绝转接"), (item.FromName, item.ToName, item.State, item.ReasonText));
    }

    [Fact]
    public async Task A_third_transfer_of_a_wecom_customer_within_90_days_is_refused_naming_the_dates_and_is_fine_after_90_days()
    {
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var lisi = await EmployeeIdAsync("李四");
        var now = DateTimeOffset.UtcNow;
        var zone = await ZoneAsync();

        var twice = await CreateAsync(zhangsan, "九十天内转过两次", "wm" + Guid.NewGuid().ToString("N")[..20]);
        var first = now.AddDays(-50);
        var second = now.AddDays(-10);
        await AddTransfersAsync(twice, first, second);
        var refused = await zhangsan.PostAsJsonAsync($"/api/sales/customers/{twice}/transfer-requests", new { toEmployeeId = lisi, reason = "第三次" }, Ct);
        var problem = await refused.ProblemAsync(HttpStatusCode.Conflict);
        var message = Assert.Single(problem.Errors!["customerIds"]);
        Assert.Contains("九十天内转过两次", message);
        Assert.Contains(Day(first, zone), message);
        Assert.Contains(Day(second, zone), message);
        Assert.Contains(BranchCalendar.DayOf(first, zone).AddDays(90).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), message);

        // In a batch the refusal names the customer and nothing is requested.
        var fresh = await CreateAsync(zhangsan, "一起转的新客户", "wm" + Guid.NewGuid().ToString("N")[..20]);
        var batch = await zhangsan.PostAsJsonAsync($"/api/sales/customers/{fresh}/transfer-requests",
            new { customerIds = new[] { twice }, toEmployeeId = lisi, reason = "批量" }, Ct);
        Assert.Contains("九十天内转过两次", Assert.Single((await batch.ProblemAsync(HttpStatusCode.Conflict)).Errors!["customerIds"]));

        // The earlier transfer fell out of the 90 days.
        var longAgo = await CreateAsync(zhangsan, "九十多天前转过", "wm" + Guid.NewGuid().ToString("N")[..20]);
        await AddTransfersAsync(longAgo, now.AddDays(-91), now.AddDays(-10));
        await (await zhangsan.PostAsJsonAsync($"/api/sales/customers/{longAgo}/transfer-requests", new { toEmployeeId = lisi, reason = "可以转" }, Ct))
            .ReadAsync<TransferCreated>(HttpStatusCode.Created);

        // WeCom's rule is about its customers: one without an external id moves as often as approved.
        var offWeCom = await CreateAsync(zhangsan, "不在企业微信的客户", null);
        await AddTransfersAsync(offWeCom, now.AddDays(-20), now.AddDays(-5));
        await (await zhangsan.PostAsJsonAsync($"/api/sales/customers/{offWeCom}/transfer-requests", new { toEmployeeId = lisi, reason = "可以转" }, Ct))
            .ReadAsync<TransferCreated>(HttpStatusCode.Created);

        // A transfer the customer refused on WeCom did not happen there: it does not count.
        var refusedOnce = await CreateAsync(zhangsan, "拒绝过一次转接", "wm" + Guid.NewGuid().ToString("N")[..20]);
        var refusedAt = now.AddDays(-30);
        await AddTransfersAsync(refusedOnce, refusedAt, now.AddDays(-3));
        await using (var db = Factory.OpenDb())
        {
            var row = WeComHandover.Queue(HandoverKind.InService, refusedOnce, "wm-refused", await EmployeeIdAsync("张三"), "zhangsan", lisi, "lisi",
                Guid.CreateVersion7(), null, refusedAt);
            row.RecordSent(0, null, refusedAt);
            row.RecordStatus(3, null, refusedAt.AddHours(2));
            db.WeComHandovers.Add(row);
            await db.SaveChangesAsync(Ct);
        }
        await (await zhangsan.PostAsJsonAsync($"/api/sales/customers/{refusedOnce}/transfer-requests", new { toEmployeeId = lisi, reason = "可以转" }, Ct))
            .ReadAsync<TransferCreated>(HttpStatusCode.Created);
    }

    [Fact]
    public async Task An_approved_transfer_queues_one_handover_per_customer_and_without_wecom_nothing_else_happens()
    {
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var onWeCom = await CreateAsync(zhangsan, "企业微信上的客户", "wm" + Guid.NewGuid().ToString("N")[..20]);
        var offWeCom = await CreateAsync(zhangsan, "只有电话的客户", null);
        var manager = await Factory.ClientForAsync("salesmgr");
        var created = await (await manager.PostAsJsonAsync($"/api/sales/customers/{onWeCom}/transfer-requests",
            new { customerIds = new[] { offWeCom }, toEmployeeId = await EmployeeIdAsync("李晓"), reason = "区域调整", message = "您好，我是李晓，今后由我为您服务。" }, Ct))
            .ReadAsync<TransferCreated>(HttpStatusCode.Created);

        await using var db = Factory.OpenDb();
        var rows = await db.WeComHandovers.AsNoTracking().Where(h => h.OriginId == created.Id).ToListAsync(Ct);
        Assert.Equal(2, rows.Count);
        var queued = Assert.Single(rows, r => r.CustomerId == onWeCom);
        Assert.Equal((HandoverKind.InService, HandoverState.Queued, "zhangsan", "xiaoli", "您好，我是李晓，今后由我为您服务。"),
            (queued.Kind, queued.State, queued.HandoverUserId, queued.TakeoverUserId, queued.Message));
        var notApplicable = Assert.Single(rows, r => r.CustomerId == offWeCom);
        Assert.Equal((HandoverState.NotApplicable, "no_external_id"), (notApplicable.State, notApplicable.Reason));
        // Renhe's move happened in full.
        Assert.Equal(2, await db.Customers.CountAsync(c => (c.Id == onWeCom || c.Id == offWeCom) && c.Owner!.Name == "李晓", Ct));

        // WeCom is not configured here: the job sends nothing and the row waits.
        using (var scope = Factory.Services.CreateScope())
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<WeComHandoverSender>().RunAsync(DateTimeOffset.UtcNow, Ct));
        Assert.Equal(HandoverState.Queued, (await db.WeComHandovers.AsNoTracking().SingleAsync(h => h.Id == queued.Id, Ct)).State);
    }

    private async Task<Guid> SeedFailedAsync(string fromUser, string toUser, HandoverKind kind, int status, Guid origin)
    {
        await using var db = Factory.OpenDb();
        var from = await db.Employees.Where(e => e.WeComUserId == fromUser).Select(e => e.Id).SingleAsync(Ct);
        var to = await db.Employees.Where(e => e.WeComUserId == toUser).Select(e => e.Id).SingleAsync(Ct);
        var now = DateTimeOffset.UtcNow;
        var external = "wm" + Guid.NewGuid().ToString("N")[..20];
        var (customer, custody, stage) = Customer.Enter(from, CustodyReason.Created, null, ChangedBy.System, now);
        customer.Name = "转接测试 " + external[^6..];
        customer.WeComExternalId = external;
        db.AddRange(customer, custody, stage);
        var row = WeComHandover.Queue(kind, customer.Id, external, from, fromUser, to, toUser, origin, null, now);
        row.RecordSent(0, null, now);
        row.RecordStatus(status, null, now);
        db.WeComHandovers.Add(row);
        await db.SaveChangesAsync(Ct);
        return customer.Id;
    }

    private async Task AddTransfersAsync(Guid customerId, params DateTimeOffset[] at)
    {
        await using var db = Factory.OpenDb();
        var zhangsan = await db.Employees.Where(e => e.Name == "张三").Select(e => e.Id).SingleAsync(Ct);
        var lisi = await db.Employees.Where(e => e.Name == "李四").Select(e => e.Id).SingleAsync(Ct);
        foreach (var moment in at)
            db.CustodyEntries.Add(new CustodyEntry { CustomerId = customerId, FromEmployeeId = zhangsan, ToEmployeeId = lisi, Reason = CustodyReason.Transferred, At = moment });
        await db.SaveChangesAsync(Ct);
    }

    private async Task<TimeZoneInfo> ZoneAsync()
    {
        using var scope = Factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<BranchCalendar>().CompanyZoneAsync(Ct);
    }

    private static string Day(DateTimeOffset at, TimeZoneInfo zone) => BranchCalendar.DayOf(at, zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<Guid> EmployeeIdAsync(string name)
    {
        await using var db = Factory.OpenDb();
        return await db.Employees.Where(e => e.Name == name).Select(e => e.Id).FirstAsync(Ct);
    }

    private static async Task<Guid> CreateAsync(HttpClient client, string name, string? weComExternalId) =>
        (await (await client.PostAsJsonAsync("/api/sales/customers", new { name, weComExternalId }, Http.Json, Ct)).ReadAsync<IdResponse>(HttpStatusCode.Created)).Id;

    public sealed record IdResponse(Guid Id);
}

[Trait("Category", "Integration")]
public sealed class SqliteWeComHandoverApiTests(SqliteRenheFactory factory) : WeComHandoverApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresWeComHandoverApiTests(PostgresRenheFactory factory) : WeComHandoverApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
