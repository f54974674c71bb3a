using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Sales;
using Renhe.Modules.Sales.Customers;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Sales.Customers;

/// 分配规则 through HTTP: who may manage them, what they decide when a manager enters leads, and refusals.
public abstract class AssignmentRuleApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private const string Rules = "/api/sales/assignment-rules";

    [Fact]
    public async Task A_managers_leads_go_round_the_team_by_the_matching_rule_and_the_custody_ledger_names_the_rule()
    {
        var manager = await Factory.ClientForAsync("salesmgr");
        var region = "华东-" + Guid.NewGuid().ToString("N")[..6];
        var ruleId = await AddRuleAsync(manager, new { name = "华东制造线索", region, industry = "制造", targetDepartmentId = await SalesDepartmentAsync() });

        var preview = await (await manager.GetAsync($"{Rules}/preview?region={region}&industry=制造")).ReadAsync<AssignmentPreview>();
        Assert.Equal(("华东制造线索", false), (preview.RuleName, preview.ToPool));
        var first = preview.EmployeeName;

        var owners = new List<string?>();
        for (var i = 0; i < 3; i++)
        {
            var id = await CreateAsync(manager, new { name = $"线索{i}", region, industry = "制造" });
            var detail = await (await manager.GetAsync($"/api/sales/customers/{id}")).ReadAsync<CustomerView>();
            owners.Add(detail.OwnerName);
            var custody = Assert.Single(detail.Timeline, t => t.Kind == "Custody");
            Assert.Equal((CustodyReason.Assigned, "华东制造线索"), (custody.Reason!.Value, custody.Note!));
        }
        // Three salespeople of 销售部 with accounts (张三, 李四, 李晓): each gets one, starting with the previewed one.
        Assert.Equal(first, owners[0]);
        Assert.Equal(3, owners.Distinct().Count());
        Assert.Equal(owners[0], (await (await manager.GetAsync($"{Rules}/preview?region={region}&industry=制造")).ReadAsync<AssignmentPreview>()).EmployeeName);

        // Another industry matches no rule: the public pool.
        var pooled = await CreateAsync(manager, new { name = "零售线索", region, industry = "零售" });
        var pool = await (await (await Factory.ClientForAsync("zhangsan")).GetAsync("/api/sales/pool")).ReadAsync<List<PoolCustomer>>();
        Assert.Contains(pool, c => c.Id == pooled);

        // A salesperson's own entry never goes through the rules.
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var own = await CreateAsync(zhangsan, new { name = "自己的客户", region, industry = "制造" });
        Assert.Equal("张三", (await (await zhangsan.GetAsync($"/api/sales/customers/{own}")).ReadAsync<CustomerView>()).OwnerName);

        await DisableAsync(manager, ruleId);
    }

    [Fact]
    public async Task A_capacity_everyone_has_reached_sends_the_customer_to_the_pool_and_a_named_person_takes_all()
    {
        var admin = await Factory.ClientForAsync("admin");
        var region = "华北-" + Guid.NewGuid().ToString("N")[..6];
        var full = await AddRuleAsync(admin, new { name = "满员团队", region, targetDepartmentId = await SalesDepartmentAsync(), capacity = 1 });
        var preview = await (await admin.GetAsync($"{Rules}/preview?region={region}")).ReadAsync<AssignmentPreview>();
        Assert.True(preview.ToPool);
        Assert.True(preview.AllFull);

        var lisi = await EmployeeIdAsync("李四");
        var named = await AddRuleAsync(admin, new { name = "华北给李四", region, targetEmployeeId = lisi });
        Assert.Equal(("华北给李四", "李四"), await PreviewAsync(admin, region));

        // Switched off, the rule no longer applies; moved up, the full team rule is tried first again (and passes on).
        await DisableAsync(admin, named);
        Assert.True((await (await admin.GetAsync($"{Rules}/preview?region={region}")).ReadAsync<AssignmentPreview>()).ToPool);
        await DisableAsync(admin, full);
    }

    [Fact]
    public async Task Rules_are_listed_in_order_and_moving_one_up_swaps_it_with_its_neighbour()
    {
        var manager = await Factory.ClientForAsync("salesmgr");
        var department = await SalesDepartmentAsync();
        var a = await AddRuleAsync(manager, new { name = "规则甲", region = "甲" + Guid.NewGuid().ToString("N")[..4], targetDepartmentId = department, enabled = false });
        var b = await AddRuleAsync(manager, new { name = "规则乙", region = "乙" + Guid.NewGuid().ToString("N")[..4], targetDepartmentId = department, enabled = false });
        var list = await ListAsync(manager);
        Assert.True(list.FindIndex(r => r.Id == a) < list.FindIndex(r => r.Id == b));

        var move = await manager.PostAsJsonAsync($"{Rules}/{b}/move", new { direction = -1, version = list.Single(r => r.Id == b).Version });
        Assert.Equal(HttpStatusCode.NoContent, move.StatusCode);
        list = await ListAsync(manager);
        Assert.True(list.FindIndex(r => r.Id == b) < list.FindIndex(r => r.Id == a));
    }

    [Fact]
    public async Task Salespeople_and_others_may_not_see_or_change_rules()
    {
        foreach (var user in new[] { "zhangsan", "hr", "finance" })
        {
            var client = await Factory.ClientForAsync(user);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(Rules)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"{Rules}/preview?region=华东")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync(Rules, new { name = "偷偷", targetDepartmentId = Guid.NewGuid() })).StatusCode);
        }
    }

    [Fact]
    public async Task Bad_input_is_refused_with_the_field_and_nothing_is_stored_and_a_stale_edit_is_a_conflict()
    {
        var manager = await Factory.ClientForAsync("salesmgr");
        var before = (await ListAsync(manager)).Count;
        var noTarget = await manager.PostAsJsonAsync(Rules, new { name = "没有目标", region = "华东" });
        Assert.Contains("targetDepartmentId", (await noTarget.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        var both = await manager.PostAsJsonAsync(Rules, new { name = "两个目标", targetDepartmentId = await SalesDepartmentAsync(), targetEmployeeId = await EmployeeIdAsync("李四") });
        Assert.Contains("targetDepartmentId", (await both.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        var noName = await manager.PostAsJsonAsync(Rules, new { name = "", targetDepartmentId = await SalesDepartmentAsync() });
        Assert.Contains("name", (await noName.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys, StringComparer.OrdinalIgnoreCase);
        var badCapacity = await manager.PostAsJsonAsync(Rules, new { name = "容量", targetDepartmentId = await SalesDepartmentAsync(), capacity = 0 });
        Assert.Contains("capacity", (await badCapacity.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(before, (await ListAsync(manager)).Count);

        var id = await AddRuleAsync(manager, new { name = "并发", region = "并发" + Guid.NewGuid().ToString("N")[..4], targetDepartmentId = await SalesDepartmentAsync(), enabled = false });
        var version = (await ListAsync(manager)).Single(r => r.Id == id).Version;
        var admin = await Factory.ClientForAsync("admin");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutJsonAsync($"{Rules}/{id}", new { name = "管理员改过", targetDepartmentId = await SalesDepartmentAsync(), enabled = false, version })).StatusCode);
        var stale = await manager.PutJsonAsync($"{Rules}/{id}", new { name = "经理改过", targetDepartmentId = await SalesDepartmentAsync(), enabled = false, version });
        await stale.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("管理员改过", (await ListAsync(manager)).Single(r => r.Id == id).Name);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.PutJsonAsync($"{Rules}/{Guid.NewGuid()}", new { name = "无", targetDepartmentId = await SalesDepartmentAsync(), version })).StatusCode);
    }

    [Fact]
    public async Task A_manager_deletes_a_rule_which_then_decides_nothing_and_a_salesperson_or_a_second_delete_is_refused()
    {
        var manager = await Factory.ClientForAsync("salesmgr");
        var region = "删除-" + Guid.NewGuid().ToString("N")[..6];
        var lisi = await EmployeeIdAsync("李四");
        var id = (await (await manager.PostAsJsonAsync(Rules, new { name = "要删除的规则", region, targetEmployeeId = lisi }, Http.Json))
            .ReadAsync<IdResponse>(HttpStatusCode.Created)).Id;
        Assert.Equal("李四", (await (await manager.GetAsync($"{Rules}/preview?region={region}")).ReadAsync<AssignmentPreview>()).EmployeeName);

        var zhangsan = await Factory.ClientForAsync("zhangsan");
        Assert.Equal(HttpStatusCode.Forbidden, (await zhangsan.DeleteAsync($"{Rules}/{id}")).StatusCode);
        Assert.Contains(await ListAsync(manager), r => r.Id == id);

        Assert.Equal(HttpStatusCode.NoContent, (await manager.DeleteAsync($"{Rules}/{id}")).StatusCode);
        Assert.DoesNotContain(await ListAsync(manager), r => r.Id == id);
        Assert.True((await (await manager.GetAsync($"{Rules}/preview?region={region}")).ReadAsync<AssignmentPreview>()).ToPool);
        await (await manager.DeleteAsync($"{Rules}/{id}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    private async Task<Guid> SalesDepartmentAsync()
    {
        await using var db = Factory.OpenDb();
        return await db.Departments.Where(d => d.Name == "销售部").Select(d => d.Id).SingleAsync();
    }

    private async Task<Guid> EmployeeIdAsync(string name)
    {
        await using var db = Factory.OpenDb();
        return await db.Employees.Where(e => e.Name == name).Select(e => e.Id).FirstAsync();
    }

    private static async Task<(string?, string?)> PreviewAsync(HttpClient client, string region)
    {
        var p = await (await client.GetAsync($"{Rules}/preview?region={region}")).ReadAsync<AssignmentPreview>();
        return (p.RuleName, p.EmployeeName);
    }

    private static async Task<List<AssignmentRuleDto>> ListAsync(HttpClient client) =>
        await (await client.GetAsync(Rules)).ReadAsync<List<AssignmentRuleDto>>();

    private static async Task<Guid> AddRuleAsync(HttpClient client, object rule) =>
        (await (await client.PostAsJsonAsync(Rules, rule, Http.Json)).ReadAsync<IdResponse>(HttpStatusCode.Created)).Id;

    private static async Task DisableAsync(HttpClient client, Guid id)
    {
        var rule = (await ListAsync(client)).Single(r => r.Id == id);
        var response = await client.PutJsonAsync($"{Rules}/{id}", new
        {
            name = rule.Name, region = rule.Region, industry = rule.Industry, sourceChannel = rule.SourceChannel,
            targetDepartmentId = rule.TargetDepartmentId, targetEmployeeId = rule.TargetEmployeeId, capacity = rule.Capacity, enabled = false, version = rule.Version,
        });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    private static async Task<Guid> CreateAsync(HttpClient client, object customer) =>
        (await (await client.PostAsJsonAsync("/api/sales/customers", customer, Http.Json)).ReadAsync<IdResponse>(HttpStatusCode.Created)).Id;

    public sealed record IdResponse(Guid Id);
}

[Trait("Category", "Integration")]
public sealed class SqliteAssignmentRuleApiTests(SqliteRenheFactory factory) : AssignmentRuleApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresAssignmentRuleApiTests(PostgresRenheFactory factory) : AssignmentRuleApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
