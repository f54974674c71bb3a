using Renhe.Modules.Sales.Customers;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Modules.Sales;
using Renhe.Platform.Audit;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Sales.Customers;

/// Customers as company assets through HTTP, with each role's view, on SQLite and on PostgreSQL.
public abstract class CustomerApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    [Fact]
    public async Task A_salesperson_enters_a_customer_with_a_masked_phone_a_custody_entry_and_a_lead_stage()
    {
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var phone = NewPhone();
        var id = await CreateAsync(zhangsan, "王总", phone, company: "华南建材有限公司", tags: ["重点", "展会"]);

        var detail = await (await zhangsan.GetAsync($"/api/sales/customers/{id}")).ReadAsync<CustomerView>();
        Assert.Equal("张三", detail.OwnerName);
        Assert.Equal(CustomerStage.Lead, detail.Stage);
        Assert.Equal(phone[..3] + "****" + phone[^4..], detail.PhoneMasked);
        Assert.Equal(["重点", "展会"], detail.Tags);
        Assert.True(detail.CanReveal);
        Assert.True(detail.CanManage);
        Assert.False(detail.CanDelete);
        var custody = Assert.Single(detail.Timeline, t => t.Kind == "Custody");
        Assert.Equal((CustodyReason.Created, "张三", "张三"), (custody.Reason!.Value, custody.ToName!, custody.ByName!));
        Assert.Equal(CustomerStage.Lead, Assert.Single(detail.Timeline, t => t.Kind == "Stage").ToStage);

        await using var db = Factory.OpenDb();
        var stored = await db.Customers.AsNoTracking().SingleAsync(c => c.Id == id);
        Assert.StartsWith("v1:", stored.PhoneCipher);
        Assert.DoesNotContain(phone, stored.PhoneCipher!, StringComparison.Ordinal);

        var found = await (await zhangsan.GetAsync($"/api/sales/customers?search={phone[^4..]}")).ReadAsync<CustomerPage>();
        Assert.Contains(found.Items, c => c.Id == id);
    }

    [Fact]
    public async Task The_list_gives_each_customer_the_next_step_its_latest_follow_up_set()
    {
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var id = await CreateAsync(zhangsan, "下一步测试客户", NewPhone());
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        async Task<CustomerListItem> ListedAsync() =>
            (await (await zhangsan.GetAsync("/api/sales/customers?search=下一步测试客户")).ReadAsync<CustomerPage>()).Items.Single(c => c.Id == id);

        Assert.Equal((null, null), ((await ListedAsync()).NextStep, (await ListedAsync()).NextDate));
        await LogAsync(zhangsan, id, "约演示", today.AddDays(2), DateTimeOffset.UtcNow.AddMinutes(-30));
        await LogAsync(zhangsan, id, "发报价", today.AddDays(5), DateTimeOffset.UtcNow.AddMinutes(-10));
        var listed = await ListedAsync();
        Assert.Equal(("发报价", today.AddDays(5)), (listed.NextStep, listed.NextDate));

        // A contact logged late (an hour ago) does not override what the latest one set.
        await LogAsync(zhangsan, id, "旧的下一步", today.AddDays(1), DateTimeOffset.UtcNow.AddHours(-1));
        Assert.Equal("发报价", (await ListedAsync()).NextStep);
        // The latest follow-up set none: there is no next step.
        await LogAsync(zhangsan, id, null, null, DateTimeOffset.UtcNow);
        Assert.Equal((null, null), ((await ListedAsync()).NextStep, (await ListedAsync()).NextDate));
    }

    private static async Task LogAsync(HttpClient client, Guid customerId, string? nextStep, DateOnly? nextDate, DateTimeOffset at)
    {
        var response = await client.PostAsJsonAsync("/api/sales/follow-ups",
            new { customerId, kind = "Visit", notes = "拜访", nextStep, nextDate, at }, Http.Json);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_duplicate_phone_or_wecom_id_is_refused_naming_the_current_owner_to_whoever_may_see_it()
    {
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var phone = NewPhone();
        var external = "wm" + Guid.NewGuid().ToString("N");
        await CreateAsync(zhangsan, "王总", phone, external: external);

        // The same number written another way is the same customer. (Someone who may not see it is
        // told less: DuplicateProbeApiTests.)
        var again = await zhangsan.PostAsJsonAsync("/api/sales/customers", new { name = "王建华", phone = "+86 " + phone[..3] + " " + phone[3..7] + " " + phone[7..] });
        Assert.Equal("该手机号已是客户「王总」，负责人：张三。", (await again.ProblemAsync(HttpStatusCode.Conflict)).Title);
        var sameWeCom = await zhangsan.PostAsJsonAsync("/api/sales/customers", new { name = "王建华", weComExternalId = external });
        Assert.Equal("该企业微信联系人已是客户「王总」，负责人：张三。", (await sameWeCom.ProblemAsync(HttpStatusCode.Conflict)).Title);

        var lisi = await Factory.ClientForAsync("lisi");
        var bad = await lisi.PostAsJsonAsync("/api/sales/customers", new { name = "错号", phone = "12345" });
        Assert.Contains("phone", (await bad.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        var landline = await zhangsan.PostAsJsonAsync("/api/sales/customers", new { name = "座机客户", phone = "0755-" + Random.Shared.Next(20000000, 89999999) });
        var landlineId = (await landline.ReadAsync<IdResponse>(HttpStatusCode.Created)).Id;

        // Editing one's customer to another customer's number is the same clash.
        var version = (await (await zhangsan.GetAsync($"/api/sales/customers/{landlineId}")).ReadAsync<CustomerView>()).Version;
        var edited = await zhangsan.PutJsonAsync($"/api/sales/customers/{landlineId}", new { name = "座机客户", phone, version });
        Assert.Equal("该手机号已是客户「王总」，负责人：张三。", (await edited.ProblemAsync(HttpStatusCode.Conflict)).Title);
    }

    [Fact]
    public async Task Each_role_sees_its_own_scope_of_customers()
    {
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var lisi = await Factory.ClientForAsync("lisi");
        var mine = await CreateAsync(zhangsan, "张三的客户", NewPhone());
        var his = await CreateAsync(lisi, "李四的客户", NewPhone());

        var zhangsanList = await (await zhangsan.GetAsync("/api/sales/customers?pageSize=200")).ReadAsync<CustomerPage>();
        Assert.Contains(zhangsanList.Items, c => c.Id == mine);
        Assert.DoesNotContain(zhangsanList.Items, c => c.Id == his);
        Assert.All(zhangsanList.Items, c => Assert.Equal("张三", c.OwnerName));
        Assert.Equal(HttpStatusCode.NotFound, (await zhangsan.GetAsync($"/api/sales/customers/{his}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await zhangsan.PostAsync($"/api/sales/customers/{his}/reveal", null)).StatusCode);

        var manager = await Factory.ClientForAsync("salesmgr");
        var team = await (await manager.GetAsync("/api/sales/customers?pageSize=200")).ReadAsync<CustomerPage>();
        Assert.Contains(team.Items, c => c.Id == mine);
        Assert.Contains(team.Items, c => c.Id == his);

        var hr = await Factory.ClientForAsync("hr");
        Assert.Equal(HttpStatusCode.Forbidden, (await hr.GetAsync("/api/sales/customers")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await hr.GetAsync("/api/sales/pool")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await hr.PostAsJsonAsync("/api/sales/customers", new { name = "HR 的客户" })).StatusCode);
    }

    [Fact]
    public async Task A_manager_enters_a_customer_for_a_team_member_but_not_for_someone_outside_the_team()
    {
        var manager = await Factory.ClientForAsync("salesmgr");
        var owners = await (await manager.GetAsync("/api/sales/customers/owners")).ReadAsync<List<Renhe.Modules.Org.Employees.DirectoryEntry>>();
        Assert.All(owners, o => Assert.Equal("销售部", o.DepartmentName));
        var lisiId = owners.Single(e => e.Name == "李四").Id;
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        Assert.Empty(await (await zhangsan.GetAsync("/api/sales/customers/owners")).ReadAsync<List<Renhe.Modules.Org.Employees.DirectoryEntry>>());
        var id = await CreateAsync(manager, "分给李四", NewPhone(), ownerId: lisiId);
        var lisi = await Factory.ClientForAsync("lisi");
        Assert.Equal("李四", (await (await lisi.GetAsync($"/api/sales/customers/{id}")).ReadAsync<CustomerView>()).OwnerName);

        var admin = await Factory.ClientForAsync("admin");
        var csAgent = (await (await admin.GetAsync("/api/org/employees")).ReadAsync<List<Renhe.Modules.Org.Employees.EmployeeDto>>())
            .First(e => e.DepartmentName == "客服部").Id;
        var outside = await manager.PostAsJsonAsync("/api/sales/customers", new { name = "分给客服", ownerId = csAgent });
        Assert.Contains("ownerId", (await outside.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
    }

    [Fact]
    public async Task Revealing_a_phone_is_audited_without_naming_an_employee_as_subject()
    {
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var phone = NewPhone();
        var id = await CreateAsync(zhangsan, "要打电话的客户", phone);
        var revealed = await (await zhangsan.PostAsync($"/api/sales/customers/{id}/reveal", null)).ReadAsync<RevealResponse>();
        Assert.Equal(phone, revealed.Value);

        await using var db = Factory.OpenDb();
        var entry = await db.AuditEntries.AsNoTracking().SingleAsync(a => a.Entity == "sales.customer.Phone" && a.EntityKey == id.ToString());
        Assert.Equal(AuditAction.Read, entry.Action);
        Assert.Equal("zhangsan", entry.UserName);
        Assert.Null(entry.SubjectEmployeeId);
    }

    [Fact]
    public async Task Editing_with_a_stale_version_is_refused_and_stage_changes_are_recorded()
    {
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var id = await CreateAsync(zhangsan, "刘总", NewPhone());
        var detail = await (await zhangsan.GetAsync($"/api/sales/customers/{id}")).ReadAsync<CustomerView>();
        Assert.Equal(HttpStatusCode.NoContent, (await zhangsan.PutJsonAsync($"/api/sales/customers/{id}",
            new { name = "刘总", company = "刘氏贸易", region = "广东", version = detail.Version })).StatusCode);
        var stale = await zhangsan.PutJsonAsync($"/api/sales/customers/{id}", new { name = "刘先生", version = detail.Version });
        await stale.ProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal(HttpStatusCode.NoContent, (await zhangsan.PostAsJsonAsync($"/api/sales/customers/{id}/stage", new { stage = "Intent" }, Http.Json)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await zhangsan.PostAsJsonAsync($"/api/sales/customers/{id}/stage",
            new { stage = "Lost", lostReason = "预算取消" }, Http.Json)).StatusCode);
        var same = await zhangsan.PostAsJsonAsync($"/api/sales/customers/{id}/stage", new { stage = "Lost", lostReason = "预算取消" }, Http.Json);
        Assert.Equal("客户已处于该阶段。", (await same.ProblemAsync(HttpStatusCode.BadRequest)).Title);

        detail = await (await zhangsan.GetAsync($"/api/sales/customers/{id}")).ReadAsync<CustomerView>();
        Assert.Equal(("刘氏贸易", CustomerStage.Lost), (detail.Company!, detail.Stage));
        var stages = detail.Timeline.Where(t => t.Kind == "Stage").ToList();
        Assert.Equal([CustomerStage.Lost, CustomerStage.Intent, CustomerStage.Lead], stages.Select(s => s.ToStage!.Value));
        Assert.Equal(CustomerStage.Intent, stages[0].FromStage);
        Assert.All(stages, s => Assert.Equal("张三", s.ByName));
    }

    [Fact]
    public async Task A_released_customer_goes_to_the_pool_and_its_releaser_waits_out_the_cooldown()
    {
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var id = await CreateAsync(zhangsan, "放弃的客户", NewPhone());
        Assert.Equal(HttpStatusCode.NoContent, (await zhangsan.PostAsJsonAsync($"/api/sales/customers/{id}/release", new { note = "联系不上" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await zhangsan.GetAsync($"/api/sales/customers/{id}")).StatusCode);

        var pool = await (await zhangsan.GetAsync("/api/sales/pool")).ReadAsync<List<PoolCustomer>>();
        Assert.Contains(pool, c => c.Id == id);
        var again = await zhangsan.PostAsync($"/api/sales/pool/{id}/claim", null);
        Assert.StartsWith("你放弃该客户后 7 天内不能再领取", (await again.ProblemAsync(HttpStatusCode.Conflict)).Title);

        var lisi = await Factory.ClientForAsync("lisi");
        Assert.Equal(HttpStatusCode.NoContent, (await lisi.PostAsync($"/api/sales/pool/{id}/claim", null)).StatusCode);
        var detail = await (await lisi.GetAsync($"/api/sales/customers/{id}")).ReadAsync<CustomerView>();
        Assert.Equal("李四", detail.OwnerName);
        var custody = detail.Timeline.Where(t => t.Kind == "Custody").ToList();
        Assert.Equal([CustodyReason.Claimed, CustodyReason.Released, CustodyReason.Created], custody.Select(c => c.Reason!.Value));
        Assert.Equal(("张三", "联系不上"), (custody[1].FromName!, custody[1].Note!));
        Assert.DoesNotContain(await (await lisi.GetAsync("/api/sales/pool")).ReadAsync<List<PoolCustomer>>(), c => c.Id == id);
    }

    [Fact]
    public async Task Claiming_stops_at_the_limit_of_customers_held()
    {
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var id = await CreateAsync(zhangsan, "公海客户甲", NewPhone());
        await zhangsan.PostAsync($"/api/sales/customers/{id}/release", null);

        var xiaoli = await Factory.ClientForAsync("xiaoli");
        await CreateAsync(xiaoli, "小李自己的客户", NewPhone());
        var held = (await (await xiaoli.GetAsync("/api/sales/customers")).ReadAsync<CustomerPage>()).Total;
        var configuration = Factory.Services.GetRequiredService<IConfiguration>();
        configuration["Sales:Pool:MaxOwned"] = held.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            var refused = await xiaoli.PostAsync($"/api/sales/pool/{id}/claim", null);
            Assert.Equal($"你名下已有 {held} 个客户，达到上限 {held} 个，不能再领取。", (await refused.ProblemAsync(HttpStatusCode.Conflict)).Title);
        }
        finally
        {
            configuration["Sales:Pool:MaxOwned"] = "200";
        }
        Assert.Equal(HttpStatusCode.NoContent, (await xiaoli.PostAsync($"/api/sales/pool/{id}/claim", null)).StatusCode);
    }

    [Fact]
    public async Task Of_two_simultaneous_claims_exactly_one_wins()
    {
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var id = await CreateAsync(zhangsan, "抢手客户", NewPhone());
        await zhangsan.PostAsync($"/api/sales/customers/{id}/release", null);

        var lisi = await Factory.ClientForAsync("lisi");
        var xiaoli = await Factory.ClientForAsync("xiaoli");
        var responses = await Task.WhenAll(lisi.PostAsync($"/api/sales/pool/{id}/claim", null), xiaoli.PostAsync($"/api/sales/pool/{id}/claim", null));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.NoContent);
        var loser = Assert.Single(responses, r => r.StatusCode != HttpStatusCode.NoContent);
        Assert.Equal("该客户已被他人领取。", (await loser.ProblemAsync(HttpStatusCode.Conflict)).Title);

        await using var db = Factory.OpenDb();
        Assert.Single(await db.CustodyEntries.AsNoTracking().Where(e => e.CustomerId == id && e.Reason == CustodyReason.Claimed).ToListAsync());
    }

    [Fact]
    public async Task The_ledgers_refuse_updates_going_around_the_application()
    {
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var id = await CreateAsync(zhangsan, "账本客户", NewPhone());
        await using var db = Factory.OpenDb();
        await Assert.ThrowsAnyAsync<Exception>(() =>
            db.Database.ExecuteSqlAsync($"UPDATE sales_custody_entry SET \"Note\" = 'changed' WHERE \"CustomerId\" = {id}"));
        await Assert.ThrowsAnyAsync<Exception>(() =>
            db.Database.ExecuteSqlAsync($"UPDATE sales_stage_change SET \"ByName\" = 'changed' WHERE \"CustomerId\" = {id}"));
        Assert.Null((await db.CustodyEntries.AsNoTracking().SingleAsync(e => e.CustomerId == id)).Note);
    }

    [Fact]
    public async Task Only_an_administrator_deletes_a_customer_and_the_row_stays()
    {
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var id = await CreateAsync(zhangsan, "要删除的客户", NewPhone());
        Assert.Equal(HttpStatusCode.Forbidden, (await zhangsan.DeleteAsync($"/api/sales/customers/{id}")).StatusCode);
        var manager = await Factory.ClientForAsync("salesmgr");
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.DeleteAsync($"/api/sales/customers/{id}")).StatusCode);

        var admin = await Factory.ClientForAsync("admin");
        Assert.True((await (await admin.GetAsync($"/api/sales/customers/{id}")).ReadAsync<CustomerView>()).CanDelete);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/sales/customers/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await zhangsan.GetAsync($"/api/sales/customers/{id}")).StatusCode);

        await using var db = Factory.OpenDb();
        Assert.NotNull((await db.Customers.AsNoTracking().SingleAsync(c => c.Id == id)).DeletedAt);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == "sales_customer" && a.EntityKey == id.ToString() && a.UserName == "admin"));
    }

    [Fact]
    public async Task The_demo_company_has_customers_with_their_history_and_a_few_in_the_pool()
    {
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        // By name: other tests of this class enter customers of the same company.
        var mine = await (await zhangsan.GetAsync("/api/sales/customers?search=王建华")).ReadAsync<CustomerPage>();
        var wang = Assert.Single(mine.Items);
        Assert.Equal(("王建华", CustomerStage.Repurchase, "138****0000"), (wang.Name, wang.Stage, wang.PhoneMasked!));
        var detail = await (await zhangsan.GetAsync($"/api/sales/customers/{wang.Id}")).ReadAsync<CustomerView>();
        Assert.Equal([CustomerStage.Repurchase, CustomerStage.Ordered, CustomerStage.Intent, CustomerStage.Lead],
            detail.Timeline.Where(t => t.Kind == "Stage").Select(t => t.ToStage!.Value));

        var pool = await (await zhangsan.GetAsync("/api/sales/pool")).ReadAsync<List<PoolCustomer>>();
        Assert.Contains(pool, c => c.Name == "郭立新");
        Assert.Contains(pool, c => c.Name == "何佳怡");
    }

    private static string NewPhone() => "139" + Random.Shared.NextInt64(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<Guid> CreateAsync(HttpClient client, string name, string? phone, string? company = null, string? external = null,
        string[]? tags = null, Guid? ownerId = null)
    {
        var response = await client.PostAsJsonAsync("/api/sales/customers",
            new { name, phone, company, weComExternalId = external, tags, ownerId }, Http.Json);
        return (await response.ReadAsync<IdResponse>(HttpStatusCode.Created)).Id;
    }

    public sealed record IdResponse(Guid Id);
    public sealed record RevealResponse(string Field, string? Value);
}

[Trait("Category", "Integration")]
public sealed class SqliteCustomerApiTests(SqliteRenheFactory factory) : CustomerApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresCustomerApiTests(PostgresRenheFactory factory) : CustomerApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
