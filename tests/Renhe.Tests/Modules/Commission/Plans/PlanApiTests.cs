using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Commission.Demo;
using Renhe.Modules.Commission.Plans;
using Renhe.Modules.Commission.Statements;
using Renhe.Modules.Sales.Orders;
using Renhe.Platform.Approvals;
using Renhe.Platform.Audit;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Commission.Plans;

/// Commission plans through HTTP on SQLite and PostgreSQL: who may write them, what a bad plan is
/// told, publication only through the approval (finance, then the owner) with a second factor,
/// acknowledgements, and the simulator against a hand-computed example.
public abstract class PlanApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private const string Plans = "/api/commission/plans";

    // The demo finance account gets a second factor once per database; later sign-ins use it.
    private static readonly ConcurrentDictionary<RenheFactory, string> FinanceKeys = new();

    private async Task<HttpClient> FinanceAsync()
    {
        if (!FinanceKeys.TryGetValue(Factory, out var key))
        {
            var plain = await Factory.ClientForAsync("finance");
            var setup = await (await plain.PostAsync("/api/auth/totp/setup", null)).ReadAsync<Renhe.Platform.Auth.AuthenticatorSetup>();
            (await plain.PostAsJsonAsync("/api/auth/totp/enable", new { code = TotpCodes.For(setup.SharedKey) })).EnsureSuccessStatusCode();
            key = FinanceKeys.GetOrAdd(Factory, setup.SharedKey);
        }
        return await Factory.ClientForAsync("finance", TotpCodes.For(key));
    }

    private static object Rules(int baseRateBp, object[]? tiers = null, object[]? addOns = null) =>
        new { baseRateBp, tierMeasure = "Conversion", tiers = tiers ?? [], application = "Retroactive", addOns = addOns ?? [] };

    private static string Month(int offset)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        return new DateOnly(today.Year, today.Month, 1).AddMonths(offset).ToString("yyyy-MM");
    }

    private async Task<Guid> EmployeeAsync(string name)
    {
        await using var db = Factory.OpenDb();
        return await db.Employees.Where(e => e.Name == name).Select(e => e.Id).SingleAsync();
    }

    private static async Task<PlanView> CreatePlanAsync(HttpClient client, string name, Guid[]? employees = null) =>
        await (await client.PostAsJsonAsync(Plans, new { name, employeeIds = employees ?? [] })).ReadAsync<PlanView>(HttpStatusCode.Created);

    private static async Task<PlanVersionView> AddVersionAsync(HttpClient client, Guid planId, string month, object rules) =>
        await (await client.PostAsJsonAsync($"{Plans}/{planId}/versions", new { effectiveMonth = month, rules })).ReadAsync<PlanVersionView>(HttpStatusCode.Created);

    private static async Task<PlanVersionView> SendAsync(HttpClient client, Guid planId, PlanVersionView version) =>
        await (await client.PostAsJsonAsync($"{Plans}/{planId}/versions/{version.Id}/send", new { version = version.Version })).ReadAsync<PlanVersionView>();

    private async Task ApproveAsOwnerAsync(Guid requestId)
    {
        var owner = await Factory.ClientForAsync("owner");
        var detail = await (await owner.GetAsync($"/api/platform/approvals/{requestId}")).ReadAsync<ApprovalDetail>();
        var response = await owner.PostAsJsonAsync($"/api/platform/approvals/{requestId}/approve", new { version = detail.Version });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Only_finance_writes_plans_others_who_read_them_are_refused_with_403()
    {
        foreach (var user in new[] { "lisi", "salesmgr", "owner" })
        {
            var client = await Factory.ClientForAsync(user);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync(Plans, new { name = "不该建成的方案" + user })).StatusCode);
        }
        // The sales manager and the owner read plans; a salesperson does not.
        Assert.Equal(HttpStatusCode.OK, (await (await Factory.ClientForAsync("salesmgr")).GetAsync(Plans)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await Factory.ClientForAsync("lisi")).GetAsync(Plans)).StatusCode);
        await using var db = Factory.OpenDb();
        Assert.False(await db.CommissionPlans.AnyAsync(p => p.Name.StartsWith("不该建成的方案")));

        var list = await (await (await Factory.ClientForAsync("owner")).GetAsync(Plans)).ReadAsync<List<PlanView>>();
        var demo = list.Single(p => p.Name == DemoCommissionSeeder.PlanName);
        Assert.Equal(new[] { "销售部" }, demo.Departments.Select(d => d.Name));
        var published = Assert.Single(demo.Versions);
        Assert.True(published.InForce);
        Assert.Contains("转化率 ≥ 25 % → 4 %", published.RulesText);
    }

    [Fact]
    public async Task A_session_without_the_second_factor_cannot_send_or_write_and_is_told_why()
    {
        var finance = await FinanceAsync();
        var plan = await CreatePlanAsync(finance, "两步验证方案");
        var draft = await AddVersionAsync(finance, plan.Id, Month(2), Rules(200));

        await Factory.CreateUserAsync("finance-plain", "Finance");
        var plain = await Factory.ClientForAsync("finance-plain");
        var problem = await (await plain.PostAsJsonAsync($"{Plans}/{plan.Id}/versions/{draft.Id}/send", new { version = draft.Version }))
            .ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("两步验证", problem.Title);
        Assert.Contains("两步验证", (await (await plain.PostAsJsonAsync(Plans, new { name = "无两步验证" })).ProblemAsync(HttpStatusCode.Forbidden)).Title);

        await using var db = Factory.OpenDb();
        Assert.Equal(PlanVersionStatus.Draft, (await db.CommissionPlanVersions.SingleAsync(v => v.Id == draft.Id)).Status);
        Assert.False(await db.ApprovalRequests.AnyAsync(r => r.SubjectId == draft.Id));
    }

    [Fact]
    public async Task A_version_is_published_only_through_the_owners_approval_and_then_counts_for_its_month()
    {
        var finance = await FinanceAsync();
        var wulei = await EmployeeAsync("吴磊");
        var plan = await CreatePlanAsync(finance, "吴磊专属方案", [wulei]);
        var draft = await AddVersionAsync(finance, plan.Id, Month(-1), Rules(700));
        Assert.Equal(PlanVersionStatus.Draft, draft.Status);
        Assert.Contains("所有订单统一按 7 % 计提", draft.RulesText);

        // Before publication the calculator does not see the draft: 吴磊 is under the department's plan.
        var before = await (await finance.GetAsync($"/api/commission/statements/{wulei}?month={Month(-1)}")).ReadAsync<StatementView>();
        Assert.Equal(DemoCommissionSeeder.PlanName, before.PlanName);

        var sent = await SendAsync(finance, plan.Id, draft);
        Assert.Equal(PlanVersionStatus.InApproval, sent.Status);
        var requestId = sent.ApprovalRequestId!.Value;
        // In approval nothing changes it, and a second send is refused.
        var edit = await finance.PutAsJsonAsync($"{Plans}/{plan.Id}/versions/{draft.Id}", new { effectiveMonth = Month(-1), rules = Rules(800), version = sent.Version });
        Assert.Equal(HttpStatusCode.Conflict, edit.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await finance.PostAsJsonAsync($"{Plans}/{plan.Id}/versions/{draft.Id}/send", new { version = sent.Version })).StatusCode);

        var request = await (await (await Factory.ClientForAsync("owner")).GetAsync($"/api/platform/approvals/{requestId}")).ReadAsync<ApprovalDetail>();
        Assert.Equal(PlanService.RequestType, request.RequestType);
        Assert.Equal(new[] { "财务审批", "老板审批" }, request.Steps.Select(s => s.Name));
        await ApproveAsOwnerAsync(requestId);

        var after = await (await finance.GetAsync($"{Plans}/{plan.Id}")).ReadAsync<PlanView>();
        Assert.Equal(PlanVersionStatus.Published, after.Versions.Single().Status);
        var statement = await (await finance.GetAsync($"/api/commission/statements/{wulei}?month={Month(-1)}")).ReadAsync<StatementView>();
        Assert.Equal(("吴磊专属方案", 1), (statement.PlanName, statement.PlanVersion));
        Assert.Equal(700, statement.OrderRateBp);
    }

    [Fact]
    public async Task A_rejected_version_can_be_edited_and_sent_again()
    {
        var finance = await FinanceAsync();
        var plan = await CreatePlanAsync(finance, "驳回再改方案");
        var draft = await AddVersionAsync(finance, plan.Id, Month(3), Rules(300));
        var sent = await SendAsync(finance, plan.Id, draft);
        var owner = await Factory.ClientForAsync("owner");
        var detail = await (await owner.GetAsync($"/api/platform/approvals/{sent.ApprovalRequestId}")).ReadAsync<ApprovalDetail>();
        (await owner.PostAsJsonAsync($"/api/platform/approvals/{sent.ApprovalRequestId}/reject", new { version = detail.Version, comment = "比例太高" })).EnsureSuccessStatusCode();

        var rejected = (await (await finance.GetAsync($"{Plans}/{plan.Id}")).ReadAsync<PlanView>()).Versions.Single();
        Assert.Equal(PlanVersionStatus.Rejected, rejected.Status);
        var edited = await (await finance.PutAsJsonAsync($"{Plans}/{plan.Id}/versions/{draft.Id}", new { effectiveMonth = Month(3), rules = Rules(250), version = rejected.Version }))
            .ReadAsync<PlanVersionView>();
        Assert.Equal((PlanVersionStatus.Draft, 250), (edited.Status, edited.Rules.BaseRateBp));
        Assert.Equal(PlanVersionStatus.InApproval, (await SendAsync(finance, plan.Id, edited)).Status);
    }

    [Fact]
    public async Task Bad_plans_are_refused_naming_the_field()
    {
        var finance = await FinanceAsync();
        var plan = await CreatePlanAsync(finance, "校验方案");
        var url = $"{Plans}/{plan.Id}/versions";

        async Task<string> FieldAsync(object body, HttpStatusCode status = HttpStatusCode.BadRequest) =>
            Assert.Single((await (await finance.PostAsJsonAsync(url, body)).ProblemAsync(status)).Errors!).Key;

        Assert.Equal("rules.tiers[1].threshold", await FieldAsync(new { effectiveMonth = Month(4), rules = Rules(200, [new { threshold = 2500, rateBp = 300 }, new { threshold = 2000, rateBp = 400 }]) }));
        Assert.Equal("rules.baseRateBp", await FieldAsync(new { effectiveMonth = Month(4), rules = Rules(-100) }));
        Assert.Equal("rules.tiers[0].rateBp", await FieldAsync(new { effectiveMonth = Month(4), rules = Rules(200, [new { threshold = 2000, rateBp = 10_001 }]) }));
        Assert.Equal("rules.addOns[0].measure", await FieldAsync(new { effectiveMonth = Month(4), rules = new { baseRateBp = 200, addOns = new[] { new { measure = "Smiles", threshold = 3000, rateBp = 100 } } } }));
        Assert.Equal("rules.tierMeasure", await FieldAsync(new { effectiveMonth = Month(4), rules = new { baseRateBp = 200, tierMeasure = "Smiles" } }));
        Assert.Equal("effectiveMonth", await FieldAsync(new { effectiveMonth = "明年", rules = Rules(200) }));

        // A month already closed cannot be where a version takes effect.
        var closed = DateOnly.ParseExact(Month(-11) + "-01", "yyyy-MM-dd");
        await using (var db = Factory.OpenDb())
        {
            db.CommissionMonths.Add(new CommissionMonth { Month = closed, ClosedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }
        Assert.Equal("effectiveMonth", await FieldAsync(new { effectiveMonth = Month(-11), rules = Rules(200) }));

        // Two versions of one plan for one month: the second is a conflict.
        await AddVersionAsync(finance, plan.Id, Month(4), Rules(200));
        Assert.Equal("effectiveMonth", await FieldAsync(new { effectiveMonth = Month(4), rules = Rules(300) }, HttpStatusCode.Conflict));

        // A plan's name is unique.
        var taken = await (await finance.PostAsJsonAsync(Plans, new { name = "校验方案" })).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("name", Assert.Single(taken.Errors!).Key);

        await using var check = Factory.OpenDb();
        Assert.Equal(1, await check.CommissionPlanVersions.CountAsync(v => v.PlanId == plan.Id));
    }

    [Fact]
    public async Task Whom_a_plan_applies_to_changes_with_the_version_the_editor_saw()
    {
        var finance = await FinanceAsync();
        var plan = await CreatePlanAsync(finance, "范围方案");
        var zhangsan = await EmployeeAsync("张三");
        var changed = await (await finance.PutAsJsonAsync($"{Plans}/{plan.Id}/scope", new { employeeIds = new[] { zhangsan }, version = plan.Version })).ReadAsync<PlanView>();
        Assert.Equal(new[] { "张三" }, changed.Employees.Select(e => e.Name));

        var stale = await finance.PutAsJsonAsync($"{Plans}/{plan.Id}/scope", new { employeeIds = Array.Empty<Guid>(), version = plan.Version });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var unknown = await finance.PutAsJsonAsync($"{Plans}/{plan.Id}/scope", new { departmentIds = new[] { Guid.NewGuid() }, version = changed.Version });
        Assert.Equal("departmentIds", Assert.Single((await unknown.ProblemAsync(HttpStatusCode.BadRequest)).Errors!).Key);
    }

    [Fact]
    public async Task A_salesperson_acknowledges_the_version_that_applies_once_and_finance_sees_who_has()
    {
        var lisi = await Factory.ClientForAsync("lisi");
        var mine = await (await lisi.GetAsync($"{Plans}/mine")).ReadAsync<MyPlanView>();
        Assert.Equal((DemoCommissionSeeder.PlanName, false), (mine.PlanName, mine.Acknowledged));
        Assert.Contains("转化率 < 20 % → 2 %", mine.RulesSummary);

        var outdated = await lisi.PostAsJsonAsync($"{Plans}/mine/acknowledge", new { versionId = Guid.NewGuid() });
        Assert.Equal("versionId", Assert.Single((await outdated.ProblemAsync(HttpStatusCode.Conflict)).Errors!).Key);

        var first = await (await lisi.PostAsJsonAsync($"{Plans}/mine/acknowledge", new { versionId = mine.VersionId })).ReadAsync<MyPlanView>();
        var second = await (await lisi.PostAsJsonAsync($"{Plans}/mine/acknowledge", new { versionId = mine.VersionId })).ReadAsync<MyPlanView>();
        Assert.True(first.Acknowledged);
        Assert.Equal(first.AcknowledgedAt, second.AcknowledgedAt);

        var lisiId = await EmployeeAsync("李四");
        await using (var db = Factory.OpenDb())
        {
            Assert.Equal(1, await db.PlanAcknowledgements.CountAsync(a => a.EmployeeId == lisiId && a.PlanVersionId == mine.VersionId));
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Entity == "commission_plan_ack" && a.Action == AuditAction.Insert && a.Changes!.Contains(lisiId.ToString())));
        }

        var status = await (await (await FinanceAsync()).GetAsync($"{Plans}/{mine.PlanId}/versions/{mine.VersionId}/acknowledgements"))
            .ReadAsync<PlanAcknowledgementStatus>();
        Assert.True(status.Items.Single(r => r.Name == "李四").Acknowledged);
        Assert.False(status.Items.Single(r => r.Name == "张三").Acknowledged);
        Assert.Equal(status.Items.Count(r => r.Acknowledged), status.AcknowledgedCount);
        // Those still to acknowledge come first.
        Assert.False(status.Items[0].Acknowledged);
    }

    [Fact]
    public async Task The_simulator_replays_a_draft_against_the_published_rules_to_the_fen()
    {
        var finance = await FinanceAsync();
        var chen = await EmployeeAsync("陈浩");
        var plan = await CreatePlanAsync(finance, "陈浩模拟方案", [chen]);
        var v1 = await AddVersionAsync(finance, plan.Id, Month(-12), Rules(200));
        await ApproveAsOwnerAsync((await SendAsync(finance, plan.Id, v1)).ApprovalRequestId!.Value);
        var v2 = await AddVersionAsync(finance, plan.Id, Month(1), Rules(300));

        // Orders of 陈浩 two and one months back: ¥20,000.00; then ¥10,000.00 and ¥5,000.50.
        await using (var db = Factory.OpenDb())
        {
            // Nothing of his own in the months replayed (pending demo orders become effective this month at the earliest).
            var effective = await db.Orders.Where(o => o.SalespersonId == chen && o.EffectiveAt != null).Select(o => o.EffectiveAt!.Value).ToListAsync();
            var thisMonth = DateTimeOffset.ParseExact(Month(0) + "-01 00:00 +08:00", "yyyy-MM-dd HH:mm zzz", null);
            Assert.DoesNotContain(effective, at => at < thisMonth);
            var customer = await db.Customers.Select(c => c.Id).FirstAsync();
            var n = 0;
            void Order(int monthOffset, long fen)
            {
                var at = DateTimeOffset.ParseExact(Month(monthOffset) + "-15 12:00 +00:00", "yyyy-MM-dd HH:mm zzz", null);
                db.Orders.Add(new Order
                {
                    Number = $"SIM-{Guid.NewGuid():N}"[..20] + n++, CustomerId = customer, SalespersonId = chen, Status = OrderStatus.Effective,
                    ListTotalFen = fen, TotalFen = fen, CreatedAt = at, SubmittedAt = at, EffectiveAt = at,
                });
            }
            Order(-2, 2_000_000);
            Order(-1, 1_000_000);
            Order(-1, 500_050);
            await db.SaveChangesAsync();
        }

        var s = await (await finance.GetAsync($"{Plans}/{plan.Id}/versions/{v2.Id}/simulation?months=3")).ReadAsync<PlanSimulation>();
        Assert.Equal(1, s.CurrentVersionNumber);
        Assert.Equal(new[] { Month(-3), Month(-2), Month(-1) }, s.Months.Select(m => m.Month.ToString("yyyy-MM")));
        // 3 % against 2 %, each line rounded half away from zero: ¥5,000.50 × 3 % = ¥150.015 → ¥150.02.
        Assert.Equal(new[] { (0L, 0L), (60_000L, 40_000L), (45_002L, 30_001L) }, s.Months.Select(m => (m.DraftFen, m.CurrentFen)));
        Assert.Equal((105_002L, 70_001L, 35_001L), (s.DraftFen, s.CurrentFen, s.DiffFen));
        var gainer = Assert.Single(s.Gainers);
        Assert.Equal(("陈浩", 35_001L), (gainer.Name, gainer.DiffFen));
        Assert.Empty(s.Losers);

        var refused = await finance.GetAsync($"{Plans}/{plan.Id}/versions/{v2.Id}/simulation?months=13");
        Assert.Equal("months", Assert.Single((await refused.ProblemAsync(HttpStatusCode.BadRequest)).Errors!).Key);

        var excel = await finance.GetAsync($"{Plans}/{plan.Id}/versions/{v2.Id}/simulation/export?months=3");
        Assert.Equal(HttpStatusCode.OK, excel.StatusCode);
        using var stream = new MemoryStream(await excel.Content.ReadAsByteArrayAsync());
        var rows = MiniExcelLibs.MiniExcel.Query(stream, useHeaderRow: true, sheetName: "按月汇总").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(150.01m, Convert.ToDecimal(rows[2]["差额（元）"]));
        await using var check = Factory.OpenDb();
        Assert.True(await check.AuditEntries.AnyAsync(a => a.Action == AuditAction.Export && a.Entity == "commission_plan_version" && a.EntityKey == v2.Id.ToString()));
    }
}

[Trait("Category", "Integration")]
public sealed class SqlitePlanApiTests(SqliteRenheFactory factory) : PlanApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresPlanApiTests(PostgresRenheFactory factory) : PlanApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
