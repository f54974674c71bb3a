using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Platform.Admin;
using Renhe.Platform.Audit;
using Renhe.Platform.Auth;
using Renhe.Platform.Data;
using Renhe.Platform.Security;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Platform;

/// The platform's HTTP behaviour, run once against SQLite and once against a real PostgreSQL.
/// Each test class shares one application and database with the demo company loaded; tests that
/// change an account create their own.
public abstract class PlatformApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    // ---- sign-in and tokens ----

    [Fact]
    public async Task Token_for_valid_credentials_opens_the_api()
    {
        var client = await Factory.ClientForAsync("zhangsan");
        var me = await (await client.GetAsync("/api/me")).ReadAsync<MeResponse>();
        Assert.Equal("zhangsan", me.UserName);
        Assert.Equal("张三", me.DisplayName);
        Assert.Equal(["salesperson"], me.Roles);
        Assert.Equal(DataScope.Self, me.Permissions["org.employee.read"]);
    }

    [Fact]
    public async Task Token_response_has_access_token_and_lifetime()
    {
        var client = Factory.CreateAnonymousClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName = "hr", password = RenheFactory.DemoPassword });
        var token = await response.ReadAsync<RenheFactory.TokenResponse>();
        Assert.False(string.IsNullOrEmpty(token.AccessToken));
        Assert.Equal(3600, token.ExpiresIn);
    }

    [Theory]
    [InlineData("zh-CN", "用户名或密码错误。")]
    [InlineData("en", "Wrong user name or password.")]
    public async Task Wrong_password_is_refused_in_the_callers_language(string culture, string message)
    {
        var client = Factory.CreateAnonymousClient(culture);
        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName = "lisi", password = "wrong-password1" });
        var problem = await response.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(message, problem.Title);
    }

    [Fact]
    public async Task Unknown_user_gets_the_same_answer_as_a_wrong_password()
    {
        var client = Factory.CreateAnonymousClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName = "nobody", password = "whatever1" });
        Assert.Equal("用户名或密码错误。", (await response.ProblemAsync(HttpStatusCode.Unauthorized)).Title);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_for_the_right_one()
    {
        await Factory.CreateUserAsync("lockme", Roles.Salesperson);
        var client = Factory.CreateAnonymousClient();
        for (var i = 0; i < 5; i++)
            await client.PostAsJsonAsync("/api/auth/token", new { userName = "lockme", password = "not-it-" + i });

        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName = "lockme", password = RenheFactory.DemoPassword });
        var problem = await response.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("锁定", problem.Title);
    }

    [Fact]
    public async Task A_disabled_account_gets_no_token()
    {
        var id = await Factory.CreateUserAsync("leaver", Roles.Salesperson);
        await using (var db = Factory.OpenDb())
        {
            var user = await db.Users.SingleAsync(u => u.Id == id);
            user.IsActive = false;
            await db.SaveChangesAsync();
        }
        var response = await Factory.CreateAnonymousClient().PostAsJsonAsync("/api/auth/token", new { userName = "leaver", password = RenheFactory.DemoPassword });
        Assert.Equal("该账户已停用。", (await response.ProblemAsync(HttpStatusCode.Unauthorized)).Title);
    }

    [Fact]
    public async Task Sign_ins_and_refusals_are_audited()
    {
        await Factory.CreateUserAsync("audited", Roles.Salesperson);
        var anonymous = Factory.CreateAnonymousClient();
        await anonymous.PostAsJsonAsync("/api/auth/token", new { userName = "audited", password = "wrong-one-1" });
        await Factory.ClientForAsync("audited");
        await using var db = Factory.OpenDb();
        var rows = await db.AuditEntries.Where(a => a.Action == AuditAction.SignIn && a.UserName == "audited").OrderBy(a => a.At).ToListAsync();
        Assert.Equal(2, rows.Count);
        Assert.Contains("Auth.InvalidCredentials", rows[0].Changes);
        Assert.Contains("\"outcome\":\"ok\"", rows[1].Changes);
    }

    // ---- second factor ----

    [Fact]
    public async Task Totp_enrolment_then_tokens_need_the_code_and_carry_the_second_factor()
    {
        await Factory.CreateUserAsync("twofactor", Roles.Administrator);
        var client = await Factory.ClientForAsync("twofactor");

        // Without a second factor, permission changes are refused with a reason.
        var roles = await (await client.GetAsync("/api/platform/roles")).ReadAsync<List<RoleDto>>();
        var salesperson = roles.Single(r => r.Name == Roles.Salesperson);
        var refused = await client.PutJsonAsync($"/api/platform/roles/{salesperson.Id}/grants", new { grants = salesperson.Grants });
        Assert.Contains("两步验证", (await refused.ProblemAsync(HttpStatusCode.Forbidden)).Title);

        var setup = await (await client.PostAsync("/api/auth/totp/setup", null)).ReadAsync<AuthenticatorSetup>();
        Assert.StartsWith("otpauth://totp/Renhe:twofactor?secret=", setup.AuthenticatorUri);
        Assert.Contains("<svg", setup.QrCodeSvg);

        var wrong = await client.PostAsJsonAsync("/api/auth/totp/enable", new { code = "000000" });
        Assert.Equal("code", Assert.Single((await wrong.ProblemAsync(HttpStatusCode.BadRequest)).Errors!).Key);

        var enabled = await (await client.PostAsJsonAsync("/api/auth/totp/enable", new { code = TotpCodes.For(setup.SharedKey) }))
            .ReadAsync<RecoveryCodes>();
        Assert.Equal(10, enabled.Codes.Count);

        // A session that never passed the second factor cannot read the key again or mint new codes.
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/api/auth/totp/setup", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/auth/totp/enable", new { code = TotpCodes.For(setup.SharedKey) })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/api/auth/totp/recovery-codes", null)).StatusCode);

        var anonymous = Factory.CreateAnonymousClient();
        var withoutCode = await anonymous.PostAsJsonAsync("/api/auth/token", new { userName = "twofactor", password = RenheFactory.DemoPassword });
        Assert.Contains("6 位验证码", (await withoutCode.ProblemAsync(HttpStatusCode.Unauthorized)).Title);

        var strong = await Factory.ClientForAsync("twofactor", TotpCodes.For(setup.SharedKey));
        var changed = await strong.PutJsonAsync($"/api/platform/roles/{salesperson.Id}/grants", new { grants = salesperson.Grants });
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);

        // The administrator role cannot give away the means to repair permissions.
        var administrator = roles.Single(r => r.Name == Roles.Administrator);
        var stripped = await strong.PutJsonAsync($"/api/platform/roles/{administrator.Id}/grants",
            new { grants = administrator.Grants.Where(g => g.Permission != "platform.role.manage") });
        Assert.Contains("platform.role.manage", (await stripped.ProblemAsync(HttpStatusCode.BadRequest)).Title);

        // Accounts belong to employees, one active account each.
        var hangzhouLead = (await (await strong.GetAsync("/api/org/employees")).ReadAsync<List<EmployeeRow>>()).Single(e => e.Name == "何平");
        var account = (await (await strong.PostAsJsonAsync("/api/platform/users",
            new { userName = "heping", displayName = "何平", password = "Welcome2026", roles = new[] { "salesperson" }, employeeId = hangzhouLead.Id }))
            .ReadAsync<IdResponse>(HttpStatusCode.Created)).Id;
        var second = await strong.PostAsJsonAsync("/api/platform/users",
            new { userName = "heping2", displayName = "何平", password = "Welcome2026", employeeId = hangzhouLead.Id });
        Assert.Equal("该员工已有账户 heping。", (await second.ProblemAsync(HttpStatusCode.Conflict)).Title);
        var listed = (await (await strong.GetAsync("/api/platform/users")).ReadAsync<List<UserDto>>()).Single(u => u.Id == account);
        Assert.Equal(hangzhouLead.Id, listed.EmployeeId);
        Assert.Equal(HttpStatusCode.NoContent, (await strong.PutJsonAsync($"/api/platform/users/{account}/employee", new { employeeId = (Guid?)null })).StatusCode);

        // A new role starts with the use of one's own account and nothing else.
        var created = await strong.PostAsJsonAsync("/api/platform/roles", new { name = "intern" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var intern = (await (await strong.GetAsync("/api/platform/roles")).ReadAsync<List<RoleDto>>()).Single(r => r.Name == "intern");
        Assert.Equal([new GrantDto("platform.account.self", DataScope.Self)], intern.Grants);

        // A recovery code works once in place of the app's code.
        var recovered = await anonymous.PostAsJsonAsync("/api/auth/token",
            new { userName = "twofactor", password = RenheFactory.DemoPassword, totp = enabled.Codes[0] });
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        var reused = await anonymous.PostAsJsonAsync("/api/auth/token",
            new { userName = "twofactor", password = RenheFactory.DemoPassword, totp = enabled.Codes[0] });
        Assert.Equal(HttpStatusCode.Unauthorized, reused.StatusCode);
    }

    // ---- 401 / 403 / 404 ----

    [Fact]
    public async Task Api_without_sign_in_answers_401_problem()
    {
        var response = await Factory.CreateAnonymousClient().GetAsync("/api/org/employees");
        Assert.Equal("请先登录。", (await response.ProblemAsync(HttpStatusCode.Unauthorized)).Title);
    }

    [Fact]
    public async Task Pages_without_sign_in_redirect_to_the_sign_in_page()
    {
        var response = await Factory.CreateAnonymousClient().GetAsync("/platform/roles");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery);
    }

    [Theory]
    [InlineData("zhangsan", "/api/platform/roles")]
    [InlineData("csagent", "/api/platform/users")]
    [InlineData("salesmgr", "/api/platform/audit-entries")]
    [InlineData("finance", "/api/platform/permissions")]
    public async Task Missing_permission_answers_403_problem(string userName, string url)
    {
        var client = await Factory.ClientForAsync(userName);
        var response = await client.GetAsync(url);
        Assert.Equal("您没有执行此操作的权限。", (await response.ProblemAsync(HttpStatusCode.Forbidden)).Title);
    }

    [Fact]
    public async Task Unknown_id_answers_404_problem()
    {
        var client = await Factory.ClientForAsync("hr");
        var response = await client.GetAsync($"/api/org/employees/{Guid.NewGuid()}");
        Assert.Equal("找不到该记录。", (await response.ProblemAsync(HttpStatusCode.NotFound)).Title);
    }

    // ---- data scope ----

    [Fact]
    public async Task Salesperson_sees_only_their_own_employee_record()
    {
        var client = await Factory.ClientForAsync("zhangsan");
        var visible = await (await client.GetAsync("/api/org/employees")).ReadAsync<List<EmployeeRow>>();
        Assert.Equal(["张三"], visible.Select(e => e.Name));
    }

    [Fact]
    public async Task Sales_manager_sees_their_team_and_not_other_departments()
    {
        var client = await Factory.ClientForAsync("salesmgr");
        var visible = await (await client.GetAsync("/api/org/employees")).ReadAsync<List<EmployeeRow>>();
        Assert.All(visible, e => Assert.Equal("销售部", e.DepartmentName));
        Assert.Contains(visible, e => e.Name == "张三");
        Assert.Contains(visible, e => e.Name == "张志强");
        Assert.DoesNotContain(visible, e => e.Name == "孙丽");
    }

    [Fact]
    public async Task Out_of_scope_record_reads_as_not_found()
    {
        var hr = await Factory.ClientForAsync("hr");
        var all = await (await hr.GetAsync("/api/org/employees")).ReadAsync<List<EmployeeRow>>();
        var colleague = all.Single(e => e.Name == "李四");

        var zhangsan = await Factory.ClientForAsync("zhangsan");
        Assert.Equal(HttpStatusCode.NotFound, (await zhangsan.GetAsync($"/api/org/employees/{colleague.Id}")).StatusCode);
        var manager = await Factory.ClientForAsync("salesmgr");
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync($"/api/org/employees/{colleague.Id}")).StatusCode);
    }

    [Fact]
    public async Task Hr_sees_everyone_in_both_branches()
    {
        var client = await Factory.ClientForAsync("hr");
        var visible = await (await client.GetAsync("/api/org/employees")).ReadAsync<List<EmployeeRow>>();
        Assert.Contains(visible, e => e.BranchName == "深圳总部");
        Assert.Contains(visible, e => e.BranchName == "杭州分公司");
        await using var db = Factory.OpenDb();
        Assert.Equal(await db.Employees.CountAsync(), visible.Count);
    }

    [Fact]
    public async Task Branch_scope_limits_to_the_users_branch()
    {
        // A role granting employee reads with branch scope, held by a Hangzhou employee.
        await using (var db = Factory.OpenDb())
        {
            var hangzhouLead = await db.Employees.SingleAsync(e => e.Name == "郑洁");
            var role = new AppRole("branch_reader");
            db.Roles.Add(role);
            db.RolePermissions.Add(new RolePermission { RoleId = role.Id, Permission = "org.employee.read", Scope = DataScope.Branch });
            await db.SaveChangesAsync();
            var userId = await Factory.CreateUserAsync("hzreader", "branch_reader");
            var user = await db.Users.SingleAsync(u => u.Id == userId);
            user.EmployeeId = hangzhouLead.Id;
            await db.SaveChangesAsync();
        }
        AccessService.Invalidate();
        var client = await Factory.ClientForAsync("hzreader");
        var visible = await (await client.GetAsync("/api/org/employees")).ReadAsync<List<EmployeeRow>>();
        Assert.NotEmpty(visible);
        Assert.All(visible, e => Assert.Equal("杭州分公司", e.BranchName));
    }

    // ---- audit ----

    [Fact]
    public async Task A_pooled_context_knows_who_acts_while_lent_and_forgets_it_when_returned()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.Same(scope.ServiceProvider.GetRequiredService<CurrentUser>(), db.Actor);
        await db.DisposeAsync();
        Assert.Null(db.Actor);
    }

    [Fact]
    public async Task Creating_and_changing_a_department_writes_audit_rows_with_old_and_new_values()
    {
        var hr = await Factory.ClientForAsync("hr");
        var branch = (await (await hr.GetAsync("/api/org/branches")).ReadAsync<List<BranchRow>>()).First();
        var created = await hr.PostAsJsonAsync("/api/org/departments", new { name = "审计测试部", branchId = branch.Id });
        var id = (await created.ReadAsync<IdResponse>(HttpStatusCode.Created)).Id;
        var department = (await (await hr.GetAsync("/api/org/departments")).ReadAsync<List<DepartmentRow>>()).Single(d => d.Id == id);
        var renamed = await hr.PutJsonAsync($"/api/org/departments/{id}", new { name = "审计测试二部", branchId = branch.Id, version = department.Version });
        Assert.Equal(HttpStatusCode.NoContent, renamed.StatusCode);

        await using var db = Factory.OpenDb();
        var rows = await db.AuditEntries.Where(a => a.Entity == "org_department" && a.EntityKey == id.ToString()).ToListAsync();
        var insert = Assert.Single(rows, r => r.Action == AuditAction.Insert);
        Assert.Equal("hr", insert.UserName);
        Assert.Contains("审计测试部", insert.Changes);
        Assert.False(string.IsNullOrEmpty(insert.RequestId));
        var update = Assert.Single(rows, r => r.Action == AuditAction.Update);
        Assert.Contains("\"old\":\"审计测试部\"", System.Text.RegularExpressions.Regex.Unescape(update.Changes!));
        Assert.Contains("\"new\":\"审计测试二部\"", System.Text.RegularExpressions.Regex.Unescape(update.Changes!));
    }

    [Fact]
    public async Task Auditor_reads_the_audit_log_newest_first_with_filters()
    {
        var auditor = await Factory.ClientForAsync("auditor");
        var page = await (await auditor.GetAsync("/api/platform/audit-entries?entity=platform_user&action=Insert&pageSize=5")).ReadAsync<AuditPage>();
        Assert.True(page.Total >= 11, $"expected the demo accounts' creation, got {page.Total}");
        Assert.All(page.Items, r => Assert.Equal("platform_user", r.Entity));
        Assert.Equal(page.Items.OrderByDescending(r => r.At).Select(r => r.Id), page.Items.Select(r => r.Id));
        Assert.DoesNotContain(page.Items, r => r.Changes!.Contains("AQAAAA", StringComparison.Ordinal)); // no password hashes
    }

    [Theory]
    [InlineData("2026-01-01T00:00:00+08:00")]
    [InlineData("2026-01-01T00:00:00Z")]
    public async Task Audit_filters_accept_local_and_utc_times(string from)
    {
        var auditor = await Factory.ClientForAsync("auditor");
        var response = await auditor.GetAsync($"/api/platform/audit-entries?from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString("2099-01-01T00:00:00+08:00")}");
        Assert.True((await response.ReadAsync<AuditPage>()).Total > 0);
    }

    [Fact]
    public async Task Enum_values_are_names_not_numbers()
    {
        var hr = await Factory.ClientForAsync("hr");
        var me = await (await hr.GetAsync("/api/me")).ReadAsync<MeResponse>();
        var response = await hr.PostJsonAsync($"/api/org/employees/{Guid.NewGuid()}/reveal", "{\"field\": 7}");
        Assert.Contains("field", (await response.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        Assert.NotNull(me);
    }

    [Fact]
    public async Task Integrations_record_sensitive_reads()
    {
        var admin = await Factory.ClientForAsync("admin");
        var response = await admin.PostAsJsonAsync("/api/platform/audit-entries/reads",
            new { subject = "bi.customer.phone", key = "C-1001", detail = "weekly report" });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await using var db = Factory.OpenDb();
        var row = await db.AuditEntries.SingleAsync(a => a.Entity == "bi.customer.phone");
        Assert.Equal(AuditAction.Read, row.Action);
        Assert.Equal("admin", row.UserName);
    }

    [Fact]
    public async Task Audit_rows_cannot_be_changed_through_the_application_or_the_database()
    {
        await using var db = Factory.OpenDb();
        var row = await db.AuditEntries.OrderBy(a => a.At).FirstAsync();
        row.UserName = "someone-else";
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());

        await using var raw = Factory.OpenDb();
        await Assert.ThrowsAnyAsync<Exception>(() => raw.Database.ExecuteSqlRawAsync("UPDATE platform_audit_entry SET \"UserName\" = 'x'"));
        await Assert.ThrowsAnyAsync<Exception>(() => raw.Database.ExecuteSqlRawAsync("DELETE FROM platform_audit_entry"));
        Assert.DoesNotContain(await raw.AuditEntries.Select(a => a.UserName).ToListAsync(), n => n == "x" || n == "someone-else");
    }

    // ---- bad input ----

    [Theory]
    [InlineData("{\"name\": \"x\", ", null, "请求内容不是有效的 JSON。")]
    [InlineData("{\"name\": 42, \"branchId\": \"BRANCH\"}", "name", "字段 name 的值无效。")]
    [InlineData("{\"branchId\": \"BRANCH\"}", "name", "名称不能为空。")]
    [InlineData("{\"name\": \"LONG\", \"branchId\": \"BRANCH\"}", "name", "名称不能超过 100 个字符。")]
    [InlineData("{\"name\": \"x\", \"branchId\": \"BRANCH\", \"colour\": \"red\"}", "colour", "不认识的字段 colour。")]
    [InlineData("{\"name\": \"x\", \"branchId\": \"not-a-guid\"}", "branchId", "字段 branchId 的值无效。")]
    public async Task Bad_input_gets_a_400_naming_the_field_and_writes_nothing(string json, string? field, string message)
    {
        var hr = await Factory.ClientForAsync("hr");
        var branch = (await (await hr.GetAsync("/api/org/branches")).ReadAsync<List<BranchRow>>()).First();
        json = json.Replace("BRANCH", branch.Id.ToString(), StringComparison.Ordinal).Replace("LONG", new string('部', 101), StringComparison.Ordinal);
        var (departments, audit) = await CountsAsync();

        var response = await hr.PostJsonAsync("/api/org/departments", json);

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(message, problem.Title);
        if (field is not null) Assert.Contains(field, problem.Errors!.Keys);
        Assert.Equal((departments, audit), await CountsAsync());
    }

    [Fact]
    public async Task A_body_that_is_not_json_gets_415_and_an_unknown_route_404_both_as_problems()
    {
        var hr = await Factory.ClientForAsync("hr");
        var form = await hr.PostAsync("/api/org/departments", new StringContent("name=x", System.Text.Encoding.UTF8, "text/plain"));
        Assert.Contains("JSON", (await form.ProblemAsync(HttpStatusCode.UnsupportedMediaType)).Title);
        var missing = await hr.GetAsync("/api/org/no-such-thing");
        Assert.Equal("找不到该记录。", (await missing.ProblemAsync(HttpStatusCode.NotFound)).Title);
    }

    [Fact]
    public async Task Bad_input_is_explained_in_english_for_english_callers()
    {
        var hr = await Factory.ClientForAsync("hr", culture: "en");
        var response = await hr.PostJsonAsync("/api/org/departments", "{\"branchId\": \"" + Guid.NewGuid() + "\"}");
        Assert.Equal("Name is required.", (await response.ProblemAsync(HttpStatusCode.BadRequest)).Title);
    }

    [Fact]
    public async Task A_rule_refusal_names_the_field_and_writes_nothing()
    {
        var hr = await Factory.ClientForAsync("hr");
        var (departments, audit) = await CountsAsync();
        var response = await hr.PostAsJsonAsync("/api/org/departments", new { name = "幽灵部", branchId = Guid.NewGuid() });
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("所选分公司不存在。", problem.Title);
        Assert.Contains("branchId", problem.Errors!.Keys);
        Assert.Equal((departments, audit), await CountsAsync());
    }

    [Fact]
    public async Task Concurrent_edits_of_one_record_one_wins_the_other_is_told()
    {
        var hr = await Factory.ClientForAsync("hr");
        var branch = (await (await hr.GetAsync("/api/org/branches")).ReadAsync<List<BranchRow>>()).First();
        var id = (await (await hr.PostAsJsonAsync("/api/org/departments", new { name = "并发测试部", branchId = branch.Id }))
            .ReadAsync<IdResponse>(HttpStatusCode.Created)).Id;
        var seen = (await (await hr.GetAsync("/api/org/departments")).ReadAsync<List<DepartmentRow>>()).Single(d => d.Id == id).Version;

        var first = await hr.PutJsonAsync($"/api/org/departments/{id}", new { name = "并发测试甲", branchId = branch.Id, version = seen });
        var second = await hr.PutJsonAsync($"/api/org/departments/{id}", new { name = "并发测试乙", branchId = branch.Id, version = seen });

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal("该记录已被他人修改，请刷新后重试。", (await second.ProblemAsync(HttpStatusCode.Conflict)).Title);
        var stored = (await (await hr.GetAsync("/api/org/departments")).ReadAsync<List<DepartmentRow>>()).Single(d => d.Id == id);
        Assert.Equal("并发测试甲", stored.Name);
    }

    // ---- language, health, API description ----

    [Fact]
    public async Task Chosen_language_is_remembered_for_the_user()
    {
        await Factory.CreateUserAsync("english", Roles.Salesperson);
        var client = await Factory.ClientForAsync("english");
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutJsonAsync("/api/me/culture", new { culture = "en" })).StatusCode);

        // A new token (a new browser, a script) without any Accept-Language preference.
        var fresh = await Factory.ClientForAsync("english");
        fresh.DefaultRequestHeaders.AcceptLanguage.Clear();
        Assert.Equal("en", (await (await fresh.GetAsync("/api/me")).ReadAsync<MeResponse>()).Culture);
        var refused = await fresh.GetAsync("/api/platform/roles");
        Assert.Equal("You do not have permission to do this.", (await refused.ProblemAsync(HttpStatusCode.Forbidden)).Title);

        var bad = await client.PutJsonAsync("/api/me/culture", new { culture = "fr" });
        Assert.Contains("culture", (await bad.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
    }

    [Fact]
    public async Task Health_reports_a_reachable_database()
    {
        var response = await Factory.CreateAnonymousClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApi_document_describes_the_api_and_its_bearer_scheme()
    {
        var json = await Factory.CreateAnonymousClient().GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/auth/token", json);
        Assert.Contains("/api/org/employees", json);
        Assert.Contains("bearer", json);
        var reference = await Factory.CreateClient().GetAsync("/api-docs/");
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
    }

    private async Task<(int Departments, int Audit)> CountsAsync()
    {
        await using var db = Factory.OpenDb();
        return (await db.Departments.CountAsync(), await db.AuditEntries.CountAsync());
    }

    public sealed record EmployeeRow(Guid Id, string Name, string DepartmentName, string BranchName);
    public sealed record BranchRow(Guid Id, string Name);
    public sealed record DepartmentRow(Guid Id, string Name, Guid Version);
    public sealed record IdResponse(Guid Id);
}

[Trait("Category", "Integration")]
public sealed class SqlitePlatformApiTests(SqliteRenheFactory factory)
    : PlatformApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresPlatformApiTests(PostgresRenheFactory factory)
    : PlatformApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
