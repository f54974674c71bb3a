using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Sales.Customers;
using Renhe.Platform.Audit;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Sales.Customers;

/// Entering a phone or WeCom contact that is already a customer: told whose customer it is only
/// by someone who may see it; outside that, told nothing that tells customers apart, recorded, and
/// limited, so guessing numbers cannot map the company's customers.
public abstract class DuplicateProbeApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private const string Neutral = "该手机号已是公司的客户，不能重复录入。如需跟进，请联系你的上级。";

    [Fact]
    public async Task A_salesperson_entering_a_colleagues_customer_learns_neither_its_name_nor_its_owner()
    {
        var (wangId, wangPhone) = await WangJianhuaAsync();
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var external = "wm" + Guid.NewGuid().ToString("N");
        var withWeCom = await CreatedAsync(await zhangsan.PostAsJsonAsync("/api/sales/customers", new { name = "企微客户乙", weComExternalId = external }));
        var before = await CustomerCountAsync();

        var lisi = await Factory.ClientForAsync("lisi");
        Assert.Equal(HttpStatusCode.NotFound, (await lisi.GetAsync($"/api/sales/customers/{wangId}")).StatusCode);
        var byPhone = await lisi.PostAsJsonAsync("/api/sales/customers", new { name = "试探", phone = wangPhone });
        var body = await AssertDiscloseNothingAsync(byPhone, "王建华", wangId);
        var problem = await byPhone.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(Neutral, problem.Title);
        Assert.Equal([Neutral], problem.Errors!["phone"]);
        Assert.DoesNotContain(wangPhone, body, StringComparison.Ordinal);

        var byWeCom = await lisi.PostAsJsonAsync("/api/sales/customers", new { name = "试探", weComExternalId = external });
        await AssertDiscloseNothingAsync(byWeCom, "企微客户乙", withWeCom);
        Assert.Equal("该企业微信联系人已是公司的客户，不能重复录入。如需跟进，请联系你的上级。",
            Assert.Single((await byWeCom.ProblemAsync(HttpStatusCode.Conflict)).Errors!["weComExternalId"]));

        // Editing one's own customer to the number is the same question, answered the same way.
        var own = await CreatedAsync(await lisi.PostAsJsonAsync("/api/sales/customers", new { name = "李四的新客户" }));
        var version = (await (await lisi.GetAsync($"/api/sales/customers/{own}")).ReadAsync<CustomerView>()).Version;
        var edited = await lisi.PutJsonAsync($"/api/sales/customers/{own}", new { name = "李四的新客户", phone = wangPhone, version });
        await AssertDiscloseNothingAsync(edited, "王建华", wangId);

        var english = await Factory.ClientForAsync("lisi", culture: "en");
        var inEnglish = await english.PostAsJsonAsync("/api/sales/customers", new { name = "probe", phone = wangPhone });
        await AssertDiscloseNothingAsync(inEnglish, "王建华", wangId);
        Assert.Equal("This phone number already belongs to a company customer and cannot be entered again. Ask your manager if you need to follow it up.",
            (await inEnglish.ProblemAsync(HttpStatusCode.Conflict)).Title);

        // Refused means refused: the only customer added is the one entered on purpose.
        Assert.Equal(before + 1, await CustomerCountAsync());

        // Each refusal is on record: who, when, the masked number, never the number or the customer's name.
        await using var db = Factory.OpenDb();
        var recorded = await db.AuditEntries.AsNoTracking().Where(a => a.Entity == DuplicateProbes.AuditSubject && a.UserName == "lisi")
            .OrderBy(a => a.At).ToListAsync();
        Assert.Equal(4, recorded.Count);
        Assert.All(recorded, a => Assert.Equal(AuditAction.Refused, a.Action));
        Assert.Equal([wangId.ToString(), withWeCom.ToString(), wangId.ToString(), wangId.ToString()], recorded.Select(a => a.EntityKey));
        var masked = wangPhone[..3] + "****" + wangPhone[^4..];
        Assert.Contains(masked, recorded[0].Changes!, StringComparison.Ordinal);
        Assert.All(recorded, a =>
        {
            Assert.DoesNotContain(wangPhone, a.Changes!, StringComparison.Ordinal);
            Assert.DoesNotContain(external, a.Changes!, StringComparison.Ordinal);
            Assert.DoesNotContain("王建华", a.Changes!, StringComparison.Ordinal);
            Assert.True(a.At > DateTimeOffset.UtcNow.AddMinutes(-5));
        });
    }

    [Fact]
    public async Task The_owner_and_their_manager_are_told_whose_customer_it_is_and_nothing_is_recorded()
    {
        var (_, wangPhone) = await WangJianhuaAsync();
        var before = await CustomerCountAsync();
        // Other tests of the class share the database (salesmgr's import meets another team's customers).
        var probesBefore = await ProbesByAsync();
        foreach (var user in new[] { "zhangsan", "salesmgr", "admin" })
        {
            var client = await Factory.ClientForAsync(user);
            var response = await client.PostAsJsonAsync("/api/sales/customers", new { name = "王总", phone = wangPhone });
            var problem = await response.ProblemAsync(HttpStatusCode.Conflict);
            Assert.Equal("该手机号已是客户「王建华」，负责人：张三。", problem.Title);
            Assert.Contains("phone", problem.Errors!.Keys);
        }
        // A customer in the public pool is one anyone who may claim from it already sees.
        var pooled = await (await (await Factory.ClientForAsync("zhangsan")).GetAsync("/api/sales/pool")).ReadAsync<List<PoolCustomer>>();
        var guo = pooled.Single(c => c.Name == "郭立新");
        var guoPhone = await PhoneAsync("admin", guo.Id);
        var fromPool = await (await Factory.ClientForAsync("lisi")).PostAsJsonAsync("/api/sales/customers", new { name = "郭总", phone = guoPhone });
        Assert.Equal("该手机号已是客户「郭立新」，负责人：公海。", (await fromPool.ProblemAsync(HttpStatusCode.Conflict)).Title);

        Assert.Equal(before, await CustomerCountAsync());
        Assert.Equal(probesBefore, await ProbesByAsync());
        await using var db = Factory.OpenDb();
        Assert.False(await db.AuditEntries.AnyAsync(a => a.Entity == DuplicateProbes.AuditSubject && a.EntityKey == guo.Id.ToString()));

        async Task<int> ProbesByAsync()
        {
            await using var db = Factory.OpenDb();
            return await db.AuditEntries.CountAsync(a => a.Entity == DuplicateProbes.AuditSubject
                                                         && (a.UserName == "zhangsan" || a.UserName == "salesmgr" || a.UserName == "admin"));
        }
    }

    [Fact]
    public async Task After_ten_refusals_in_an_hour_a_person_may_not_enter_numbers_until_the_hour_has_passed()
    {
        var (wangId, wangPhone) = await WangJianhuaAsync();
        var prober = await FreshSalespersonAsync();
        var before = await CustomerCountAsync();
        for (var i = 0; i < DuplicateProbes.DefaultLimit; i++)
        {
            var refused = await prober.PostAsJsonAsync("/api/sales/customers", new { name = "试探" + i, phone = wangPhone });
            Assert.Equal(Neutral, (await refused.ProblemAsync(HttpStatusCode.Conflict)).Title);
        }

        // The eleventh: no longer checked at all, even for a number nobody holds.
        foreach (var phone in new[] { wangPhone, NewPhone() })
        {
            var limited = await prober.PostAsJsonAsync("/api/sales/customers", new { name = "再试", phone });
            var problem = await limited.ProblemAsync(HttpStatusCode.TooManyRequests);
            Assert.Matches("^你近期多次录入了已是公司其他客户的手机号或企业微信联系人。为保护客户信息，请 (59|60) 分钟后再录入；如需核实，请联系你的上级。$", problem.Title);
            Assert.DoesNotContain("王建华", problem.Title, StringComparison.Ordinal);
            var wait = limited.Headers.RetryAfter?.Delta ?? TimeSpan.Zero;
            Assert.InRange(wait, TimeSpan.FromMinutes(58), TimeSpan.FromMinutes(60));
        }
        Assert.Equal(before, await CustomerCountAsync());
        await using var db = Factory.OpenDb();
        var recorded = await db.AuditEntries.AsNoTracking().Where(a => a.Entity == DuplicateProbes.AuditSubject && a.UserName == prober.UserName)
            .Select(a => a.EntityKey).ToListAsync();
        Assert.Equal(Enumerable.Repeat(wangId.ToString(), DuplicateProbes.DefaultLimit), recorded);
    }

    [Fact]
    public async Task The_limit_counts_the_recorded_refusals_of_the_last_hour_only()
    {
        var prober = await FreshSalespersonAsync();
        // Refusals from an hour and a minute ago, recorded by any instance: outside the window.
        await RecordRefusalsAsync(prober.UserId, DateTimeOffset.UtcNow.AddMinutes(-61), DuplicateProbes.DefaultLimit);
        await CreatedAsync(await prober.PostAsJsonAsync("/api/sales/customers", new { name = "一小时前的试探之后", phone = NewPhone() }));

        // Fifty-nine minutes ago: still within it, and the wait is the minute left.
        await RecordRefusalsAsync(prober.UserId, DateTimeOffset.UtcNow.AddMinutes(-59), DuplicateProbes.DefaultLimit);
        var before = await CustomerCountAsync();
        var limited = await prober.PostAsJsonAsync("/api/sales/customers", new { name = "再试", phone = NewPhone() });
        Assert.Contains("请 1 分钟后再录入", (await limited.ProblemAsync(HttpStatusCode.TooManyRequests)).Title, StringComparison.Ordinal);
        Assert.InRange(limited.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(61));
        Assert.Equal(before, await CustomerCountAsync());

        // Entering a customer without a number asks nothing and still works.
        await CreatedAsync(await prober.PostAsJsonAsync("/api/sales/customers", new { name = "没有电话的客户" }));
    }

    [Fact]
    public async Task An_import_tells_a_manager_whose_customer_a_row_is_only_within_their_team_and_records_the_rest()
    {
        var admin = await Factory.ClientForAsync("admin");
        var outsideOwner = (await (await admin.GetAsync("/api/org/employees")).ReadAsync<List<EmployeeDto>>())
            .First(e => e.DepartmentName == "客服部" && e.Name == "钱芳").Id;
        var outsidePhone = NewPhone();
        var outside = await CreatedAsync(await admin.PostAsJsonAsync("/api/sales/customers", new { name = "客服部的客户", phone = outsidePhone, ownerId = outsideOwner }));
        var (_, wangPhone) = await WangJianhuaAsync();
        var before = await CustomerCountAsync();

        var manager = await Factory.ClientForAsync("salesmgr");
        var preview = await (await ImportAsync(manager, $"姓名,手机\n甲,{wangPhone}\n乙,{outsidePhone}\n", dryRun: true)).ReadAsync<CustomerImportResult>();
        Assert.Equal(
        [
            (2, "phone", "该手机号已是客户「王建华」，负责人：张三。"),
            (3, "phone", Neutral),
        ], preview.Errors.Select(e => (e.Row, e.Column, e.Message)));
        Assert.DoesNotContain(preview.Rows.SelectMany(r => r.Errors), e => e.Contains("客服部的客户", StringComparison.Ordinal) || e.Contains("钱芳", StringComparison.Ordinal));

        Assert.Equal(before, await CustomerCountAsync());
        await using var db = Factory.OpenDb();
        var recorded = Assert.Single(await db.AuditEntries.AsNoTracking()
            .Where(a => a.Entity == DuplicateProbes.AuditSubject && a.UserName == "salesmgr").ToListAsync());
        Assert.Equal(outside.ToString(), recorded.EntityKey);
        Assert.Contains(outsidePhone[..3] + "****" + outsidePhone[^4..], recorded.Changes!, StringComparison.Ordinal);
        Assert.DoesNotContain(outsidePhone, recorded.Changes!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_import_with_more_unseen_customers_than_the_limit_allows_is_answered_with_the_limit_not_the_rows()
    {
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var phones = Enumerable.Range(0, DuplicateProbes.DefaultLimit + 1).Select(_ => NewPhone()).ToList();
        foreach (var (phone, i) in phones.Select((p, i) => (p, i)))
            await CreatedAsync(await zhangsan.PostAsJsonAsync("/api/sales/customers", new { name = "张三的批量客户" + i, phone }));
        var before = await CustomerCountAsync();

        // A manager of nobody (no employee record): every one of those customers is outside their scope.
        var userName = "probe-mgr-" + Guid.NewGuid().ToString("N")[..8];
        await Factory.CreateUserAsync(userName, "sales_manager");
        var manager = await Factory.ClientForAsync(userName);
        var csv = "姓名,手机\n" + string.Concat(phones.Select((p, i) => $"客户{i},{p}\n"));
        var response = await ImportAsync(manager, csv, dryRun: true);
        var body = await response.Content.ReadAsStringAsync();
        await response.ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.DoesNotContain("张三", body, StringComparison.Ordinal);
        Assert.NotNull(response.Headers.RetryAfter);

        Assert.Equal(before, await CustomerCountAsync());
        await using var db = Factory.OpenDb();
        Assert.Equal(phones.Count, await db.AuditEntries.CountAsync(a => a.Entity == DuplicateProbes.AuditSubject && a.UserName == userName));
        // And then even a clean file waits.
        var clean = await ImportAsync(manager, $"姓名,手机\n新客户,{NewPhone()}\n", dryRun: true);
        await clean.ProblemAsync(HttpStatusCode.TooManyRequests);
    }

    // ---- helpers ----

    private async Task<string> AssertDiscloseNothingAsync(HttpResponseMessage response, string customerName, Guid customerId)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.DoesNotContain(customerName, body, StringComparison.Ordinal);
        Assert.DoesNotContain("张三", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Zhang", body, StringComparison.Ordinal);
        Assert.DoesNotContain(customerId.ToString(), body, StringComparison.OrdinalIgnoreCase);
        return body;
    }

    /// 王建华, 张三's demo customer, and the phone 张三 sees when revealing it.
    private async Task<(Guid Id, string Phone)> WangJianhuaAsync()
    {
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var page = await (await zhangsan.GetAsync("/api/sales/customers?search=王建华")).ReadAsync<CustomerPage>();
        var id = Assert.Single(page.Items).Id;
        return (id, await PhoneAsync("zhangsan", id));
    }

    private async Task<string> PhoneAsync(string userName, Guid customerId)
    {
        var client = await Factory.ClientForAsync(userName);
        var revealed = await (await client.PostAsync($"/api/sales/customers/{customerId}/reveal", null)).ReadAsync<RevealResponse>();
        return revealed.Value!;
    }

    private sealed record Prober(HttpClient Client, string UserName, Guid UserId)
    {
        public Task<HttpResponseMessage> PostAsJsonAsync<T>(string url, T body) => Client.PostAsJsonAsync(url, body);
    }

    /// A salesperson of their own, so the refusals counted are this test's alone.
    private async Task<Prober> FreshSalespersonAsync()
    {
        var userName = "prober-" + Guid.NewGuid().ToString("N")[..8];
        var id = await Factory.CreateUserAsync(userName, "salesperson");
        return new Prober(await Factory.ClientForAsync(userName), userName, id);
    }

    private async Task RecordRefusalsAsync(Guid userId, DateTimeOffset at, int count)
    {
        await using var db = Factory.OpenDb();
        for (var i = 0; i < count; i++)
            db.AuditEntries.Add(new AuditEntry
            {
                At = at, UserId = userId, Action = AuditAction.Refused, Entity = DuplicateProbes.AuditSubject, EntityKey = Guid.NewGuid().ToString(),
            });
        await db.SaveChangesAsync();
    }

    private async Task<int> CustomerCountAsync()
    {
        await using var db = Factory.OpenDb();
        return await db.Customers.CountAsync();
    }

    private static async Task<Guid> CreatedAsync(HttpResponseMessage response) => (await response.ReadAsync<IdResponse>(HttpStatusCode.Created)).Id;

    private static string NewPhone() => "136" + Random.Shared.NextInt64(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static Task<HttpResponseMessage> ImportAsync(HttpClient client, string csv, bool dryRun)
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(file, "file", "客户.csv");
        return client.PostAsync($"/api/sales/customers:import?dryRun={(dryRun ? "true" : "false")}", content);
    }

    private sealed record IdResponse(Guid Id);
    private sealed record RevealResponse(string Field, string? Value);
}

[Trait("Category", "Integration")]
public sealed class SqliteDuplicateProbeApiTests(SqliteRenheFactory factory) : DuplicateProbeApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresDuplicateProbeApiTests(PostgresRenheFactory factory) : DuplicateProbeApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
