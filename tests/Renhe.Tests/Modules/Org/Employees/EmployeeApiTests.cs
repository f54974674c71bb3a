using Renhe.Platform.Time;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Org;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Structure;
using Renhe.Platform.Audit;
using Renhe.Tests.Infrastructure;
using static Renhe.Tests.Modules.Org.OrgApi;

namespace Renhe.Tests.Modules.Org.Employees;

/// Employee records and the directory through HTTP, with each role's view of them, on SQLite and
/// on PostgreSQL: who sees whom, the rules on create and edit, and the effective-dated job history.
public abstract class EmployeeApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    [Fact]
    public async Task The_directory_filters_by_department()
    {
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var service = (await (await zhangsan.GetAsync("/api/org/departments")).ReadAsync<List<DepartmentDto>>()).Single(d => d.Name == "客服部");
        var people = await (await zhangsan.GetAsync($"/api/org/directory?departmentId={service.Id}")).ReadAsync<List<DirectoryEntry>>();
        Assert.Equal(8, people.Count);
        Assert.All(people, p => Assert.Equal("客服部", p.DepartmentName));
    }

    [Fact]
    public async Task The_employee_list_filters_by_branch_department_status_and_hire_dates()
    {
        var hr = await Factory.ClientForAsync("hr");
        var all = await (await hr.GetAsync("/api/org/employees")).ReadAsync<List<EmployeeDto>>();
        async Task<List<string>> Numbers(string query) =>
            (await (await hr.GetAsync("/api/org/employees?" + query)).ReadAsync<List<EmployeeDto>>()).Select(e => e.EmployeeNumber).ToList();
        List<string> Expected(Func<EmployeeDto, bool> keep) => all.Where(keep).Select(e => e.EmployeeNumber).ToList();

        var service = (await (await hr.GetAsync("/api/org/departments")).ReadAsync<List<DepartmentDto>>()).Single(d => d.Name == "客服部");
        var activeInService = Expected(e => e.DepartmentId == service.Id && e.Status == EmploymentStatus.Active);
        Assert.NotEmpty(activeInService);
        Assert.Equal(activeInService, await Numbers($"departmentId={service.Id}&status=Active"));
        Assert.Equal(Expected(e => e.Status == EmploymentStatus.Left), await Numbers("status=Left"));

        var hangzhou = (await (await hr.GetAsync("/api/org/branches")).ReadAsync<List<BranchDto>>()).Single(b => b.Name == "杭州分公司");
        var inHangzhou = Expected(e => e.BranchId == hangzhou.Id);
        Assert.InRange(inHangzhou.Count, 1, all.Count - 1);
        Assert.Equal(inHangzhou, await Numbers($"branchId={hangzhou.Id}"));

        // Both ends of the hire dates count.
        var day = all.OrderBy(e => e.HireDate).ElementAt(all.Count / 2).HireDate;
        var iso = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Expected(e => e.HireDate == day), await Numbers($"hiredFrom={iso}&hiredTo={iso}"));
        Assert.Equal(Expected(e => e.HireDate >= day), await Numbers($"hiredFrom={iso}"));
        Assert.Equal(Expected(e => e.HireDate <= day && e.Name.Contains('张')), await Numbers($"hiredTo={iso}&search=张"));
    }

    [Fact]
    public async Task A_department_filter_takes_in_the_departments_below_it()
    {
        var hr = await Factory.ClientForAsync("hr");
        var parent = await TestDepartmentAsync(hr, "筛选测试上级");
        var child = await CreateDepartmentAsync(hr, "筛选测试下级", parent.BranchId, parent.Id);
        var created = await hr.PostAsJsonAsync("/api/org/employees", NewEmployee("E9501", "下级员工", parent.BranchId, child), Http.Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var listed = await (await hr.GetAsync($"/api/org/employees?departmentId={parent.Id}")).ReadAsync<List<EmployeeDto>>();
        Assert.Equal("下级员工", Assert.Single(listed).Name);
    }

    [Theory]
    [InlineData("hiredFrom=1900-01-01", "hiredFrom")]
    [InlineData("hiredTo=2999-12-31", "hiredTo")]
    public async Task The_employee_list_refuses_filters_out_of_bounds_naming_the_field(string query, string field)
    {
        var hr = await Factory.ClientForAsync("hr");
        var problem = await (await hr.GetAsync("/api/org/employees?" + query)).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(field, string.Join(' ', problem.Errors?.Keys.ToArray() ?? []) + problem.Title + problem.Detail, StringComparison.OrdinalIgnoreCase);
    }

    // ---- who sees whom ----

    [Fact]
    public async Task Salesperson_sees_colleagues_names_and_work_contacts_only()
    {
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var directory = await (await zhangsan.GetAsync("/api/org/directory")).ReadAsync<List<DirectoryEntry>>();
        Assert.Equal(41, directory.Count(e => e.EmployeeNumber.StartsWith("E00", StringComparison.Ordinal)));
        var colleague = directory.Single(e => e.Name == "孙丽");
        Assert.StartsWith("0755-", colleague.WorkPhone);
        var json = await zhangsan.GetStringAsync("/api/org/directory");
        Assert.DoesNotContain("idCard", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("salary", json, StringComparison.OrdinalIgnoreCase);

        Assert.Equal(HttpStatusCode.NotFound, (await zhangsan.GetAsync($"/api/org/employees/{colleague.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await zhangsan.GetAsync($"/api/org/employees/{colleague.Id}/history")).StatusCode);
    }

    [Fact]
    public async Task Manager_sees_the_team_records_but_not_their_salaries()
    {
        var manager = await Factory.ClientForAsync("salesmgr");
        var team = await (await manager.GetAsync("/api/org/employees")).ReadAsync<List<EmployeeDto>>();
        Assert.Equal(10, team.Count);
        Assert.All(team, e => Assert.Equal("销售部", e.DepartmentName));

        var zhangsan = team.Single(e => e.Name == "张三");
        var detail = await (await manager.GetAsync($"/api/org/employees/{zhangsan.Id}")).ReadAsync<EmployeeView>();
        Assert.Null(detail.SalaryGrade);
        Assert.Matches(@"^\d{3}\*{4}\d{4}$", detail.PersonalPhoneMasked!);
        Assert.False(detail.CanReveal);
        var reveal = await manager.PostAsJsonAsync($"/api/org/employees/{zhangsan.Id}/reveal", new { field = "IdCardNumber" });
        Assert.Equal(HttpStatusCode.NotFound, reveal.StatusCode);

        // Their own grade they see.
        var own = team.Single(e => e.Name == "张志强");
        Assert.NotNull((await (await manager.GetAsync($"/api/org/employees/{own.Id}")).ReadAsync<EmployeeView>()).SalaryGrade);
    }

    [Fact]
    public async Task Hr_sees_salaries_and_reveals_identifiers_and_every_reveal_is_audited()
    {
        var hr = await Factory.ClientForAsync("hr");
        var all = await (await hr.GetAsync("/api/org/employees")).ReadAsync<List<EmployeeDto>>();
        Assert.Equal(42, all.Count(e => e.EmployeeNumber.StartsWith("E00", StringComparison.Ordinal)));
        var zhangsan = all.Single(e => e.Name == "张三");
        var detail = await (await hr.GetAsync($"/api/org/employees/{zhangsan.Id}")).ReadAsync<EmployeeView>();
        Assert.Equal("S5", detail.SalaryGrade);
        Assert.Matches(@"^\d{6}\*{8}[\dX]{4}$", detail.IdCardNumberMasked!);

        var revealed = await (await hr.PostAsJsonAsync($"/api/org/employees/{zhangsan.Id}/reveal", new { field = "IdCardNumber" }))
            .ReadAsync<RevealResponse>();
        Assert.True(PersonalData.IsValidIdCardNumber(revealed.Value));
        Assert.Equal(detail.IdCardNumberMasked, PersonalData.MaskIdCardNumber(revealed.Value!));

        await using var db = Factory.OpenDb();
        var entry = await db.AuditEntries.OrderByDescending(a => a.At)
            .FirstAsync(a => a.Entity == "org.employee.IdCardNumber" && a.EntityKey == zhangsan.Id.ToString());
        Assert.Equal(AuditAction.Read, entry.Action);
        Assert.Equal("hr", entry.UserName);
    }

    [Fact]
    public async Task Everyone_reveals_their_own_identifiers_but_no_one_elses()
    {
        var lisi = await Factory.ClientForAsync("lisi");
        var me = await (await lisi.GetAsync("/api/org/me")).ReadAsync<EmployeeView>();
        Assert.Equal("李四", me.Name);
        Assert.Equal(EmploymentStatus.Probation, me.Status);
        Assert.True(me.CanReveal);
        var own = await (await lisi.PostAsJsonAsync($"/api/org/employees/{me.Id}/reveal", new { field = "PersonalPhone" })).ReadAsync<RevealResponse>();
        Assert.True(PersonalData.IsValidMobile(own.Value));

        var hr = await Factory.ClientForAsync("hr");
        var other = (await (await hr.GetAsync("/api/org/employees")).ReadAsync<List<EmployeeDto>>()).Single(e => e.Name == "张三");
        Assert.Equal(HttpStatusCode.NotFound, (await lisi.PostAsJsonAsync($"/api/org/employees/{other.Id}/reveal", new { field = "PersonalPhone" })).StatusCode);
    }

    [Fact]
    public async Task The_database_holds_no_plaintext_identifiers()
    {
        var hr = await Factory.ClientForAsync("hr");
        var id = await CreateEmployeeAsync(hr, "E9001", "测试加密", idCard: "11010519491231002X", phone: "13912345678", bank: "6222020000111122");
        await using var db = Factory.OpenDb();
        var raw = await db.Employees.AsNoTracking().SingleAsync(e => e.Id == id);
        foreach (var stored in new[] { raw.IdCardNumberCipher, raw.PersonalPhoneCipher, raw.BankAccountCipher })
        {
            Assert.StartsWith("v1:", stored);
            Assert.DoesNotContain("11010519491231002X", stored);
            Assert.DoesNotContain("13912345678", stored);
            Assert.DoesNotContain("6222020000111122", stored);
        }
        var audit = await db.AuditEntries.Where(a => a.Entity == "org_employee" && a.EntityKey == id.ToString()).Select(a => a.Changes).ToListAsync();
        Assert.All(audit, c => Assert.DoesNotContain("11010519491231002X", c));
    }

    // ---- rules on create and edit ----

    [Fact]
    public async Task Duplicate_employee_number_or_id_number_is_a_conflict_naming_the_clash()
    {
        var hr = await Factory.ClientForAsync("hr");
        var (branch, sales) = await SalesAsync(hr);
        var sameNumber = await hr.PostAsJsonAsync("/api/org/employees", NewEmployee("E0005", "重复工号", branch, sales), Http.Json);
        var problem = await sameNumber.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("工号 E0005 已被 张三 使用。", problem.Title);
        Assert.Contains("employeeNumber", problem.Errors!.Keys);

        await CreateEmployeeAsync(hr, "E9002", "身份证甲", idCard: "440308199001011239");
        var sameId = await hr.PostAsJsonAsync("/api/org/employees", NewEmployee("E9003", "身份证乙", branch, sales, idCard: "440308199001011239"), Http.Json);
        Assert.Equal("该身份证号已登记在 E9002 身份证甲 名下。", (await sameId.ProblemAsync(HttpStatusCode.Conflict)).Title);
    }

    [Theory]
    [InlineData("440308199001011234", null, "idCardNumber", "身份证号无效：应为 18 位，且校验位正确。")]
    [InlineData(null, "12345", "personalPhone", "电话号码格式不正确。")]
    public async Task Invalid_identifiers_are_refused(string? idCard, string? phone, string field, string message)
    {
        var hr = await Factory.ClientForAsync("hr");
        var (branch, sales) = await SalesAsync(hr);
        var before = await CountAsync();
        var response = await hr.PostAsJsonAsync("/api/org/employees", NewEmployee("E9010", "格式错误", branch, sales, idCard, phone), Http.Json);
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(message, problem.Title);
        Assert.Contains(field, problem.Errors!.Keys);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task A_manager_loop_is_refused()
    {
        var hr = await Factory.ClientForAsync("hr");
        var all = await (await hr.GetAsync("/api/org/employees")).ReadAsync<List<EmployeeDto>>();
        var manager = all.Single(e => e.Name == "张志强");
        var report = all.Single(e => e.Name == "张三");
        // 张三 reports to 张志强; making 张三 the manager of 张志强 closes the loop.
        var response = await hr.PostAsJsonAsync($"/api/org/employees/{manager.Id}/job-changes",
            new { effectiveDate = "2026-11-01", kind = "ManagerChange", managerId = report.Id }, Http.Json);
        Assert.Equal("不能这样设置直属上级：会形成循环汇报（A 管 B，B 又管 A）。", (await response.ProblemAsync(HttpStatusCode.BadRequest)).Title);
    }

    [Fact]
    public async Task Concurrent_edits_of_one_employee_the_second_is_told()
    {
        var hr = await Factory.ClientForAsync("hr");
        var id = await CreateEmployeeAsync(hr, "E9020", "并发员工");
        var detail = await (await hr.GetAsync($"/api/org/employees/{id}")).ReadAsync<EmployeeView>();
        var (branch, sales) = await SalesAsync(hr);
        var first = NewEmployee("E9020", "并发员工甲", branch, sales);
        first.Version = detail.Version;
        var second = NewEmployee("E9020", "并发员工乙", branch, sales);
        second.Version = detail.Version;
        Assert.Equal(HttpStatusCode.NoContent, (await hr.PutAsJsonAsync($"/api/org/employees/{id}", first, Http.Json)).StatusCode);
        var late = await hr.PutAsJsonAsync($"/api/org/employees/{id}", second, Http.Json);
        Assert.Equal("该记录已被他人修改，请刷新后重试。", (await late.ProblemAsync(HttpStatusCode.Conflict)).Title);
        Assert.Equal("并发员工甲", (await (await hr.GetAsync($"/api/org/employees/{id}")).ReadAsync<EmployeeView>()).Name);
    }

    // ---- history ----

    [Fact]
    public async Task The_record_at_a_past_date_shows_where_the_person_worked_then()
    {
        var hr = await Factory.ClientForAsync("hr");
        var id = await CreateEmployeeAsync(hr, "E9030", "调岗员工", hireDate: "2024-01-01");
        var departments = await (await hr.GetAsync("/api/org/departments")).ReadAsync<List<DepartmentDto>>();
        var service = await TestDepartmentAsync(hr, "测试二组");
        var transfer = await hr.PostAsJsonAsync($"/api/org/employees/{id}/job-changes",
            new { effectiveDate = "2025-07-01", kind = "Transfer", departmentId = service.Id, salaryGrade = "S3", note = "调入测试二组" }, Http.Json);
        Assert.Equal(HttpStatusCode.Created, transfer.StatusCode);
        var future = await hr.PostAsJsonAsync($"/api/org/employees/{id}/job-changes",
            new { effectiveDate = DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(6), kind = "SalaryGradeChange", salaryGrade = "S9" }, Http.Json);
        Assert.Equal(HttpStatusCode.Created, future.StatusCode);

        var before = await (await hr.GetAsync($"/api/org/employees/{id}/history?at=2025-06-30")).ReadAsync<JobSnapshot>();
        Assert.Equal("测试组", before.DepartmentName);
        var after = await (await hr.GetAsync($"/api/org/employees/{id}/history?at=2025-07-01")).ReadAsync<JobSnapshot>();
        Assert.Equal("测试二组", after.DepartmentName);
        Assert.Equal("S3", after.SalaryGrade);
        Assert.Equal(HttpStatusCode.NotFound, (await hr.GetAsync($"/api/org/employees/{id}/history?at=2023-12-31")).StatusCode);

        var history = await (await hr.GetAsync($"/api/org/employees/{id}/history")).ReadAsync<List<JobSnapshot>>();
        Assert.True(history[0].Pending);
        var current = await (await hr.GetAsync($"/api/org/employees/{id}")).ReadAsync<EmployeeView>();
        Assert.Equal("测试二组", current.DepartmentName);
        Assert.Null(current.PositionId); // positions belong to the old department
        Assert.Equal("S3", current.SalaryGrade); // the future grade waits for its day
    }

    [Fact]
    public async Task Demo_contracts_in_force_today()
    {
        var hr = await Factory.ClientForAsync("hr");
        var today = BranchCalendar.DayOf(DateTimeOffset.UtcNow, BranchCalendar.Zone(BranchCalendar.DefaultZoneId));
        foreach (var e in (await (await hr.GetAsync("/api/org/employees")).ReadAsync<List<EmployeeDto>>())
                 .Where(e => e.EmployeeNumber.StartsWith("E00", StringComparison.Ordinal) && e.Status != EmploymentStatus.Left))
        {
            var detail = await (await hr.GetAsync($"/api/org/employees/{e.Id}")).ReadAsync<EmployeeView>();
            Assert.True(detail.ContractStart <= today && (detail.ContractEnd is null || detail.ContractEnd >= today), $"{e.Name}: {detail.ContractStart}–{detail.ContractEnd}");
        }
    }

    [Fact]
    public async Task Demo_star_shows_a_promotion_in_the_history()
    {
        var hr = await Factory.ClientForAsync("hr");
        var zhangsan = (await (await hr.GetAsync("/api/org/employees")).ReadAsync<List<EmployeeDto>>()).Single(e => e.Name == "张三");
        var history = await (await hr.GetAsync($"/api/org/employees/{zhangsan.Id}/history")).ReadAsync<List<JobSnapshot>>();
        Assert.Equal(JobChangeKind.Promotion, history[0].Kind);
        Assert.Equal("高级销售", history[0].PositionName);
        Assert.Equal("销售专员", history[^1].PositionName);
    }

    // ---- review findings, kept fixed ----

    [Fact]
    public async Task A_new_employee_cannot_start_as_left()
    {
        var hr = await Factory.ClientForAsync("hr");
        var (branch, sales) = await SalesAsync(hr);
        var response = await hr.PostAsJsonAsync("/api/org/employees", NewEmployee("E9060", "直接离职", branch, sales, status: "Left"), Http.Json);
        Assert.Contains("status", (await response.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
    }

    [Fact]
    public async Task Job_changes_cannot_be_back_dated_before_the_latest_one()
    {
        var hr = await Factory.ClientForAsync("hr");
        var id = await CreateEmployeeAsync(hr, "E9070", "倒签员工", hireDate: "2024-01-01");
        var first = await hr.PostAsJsonAsync($"/api/org/employees/{id}/job-changes", new { effectiveDate = "2025-07-01", kind = "SalaryGradeChange", salaryGrade = "S4" }, Http.Json);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var earlier = await hr.PostAsJsonAsync($"/api/org/employees/{id}/job-changes", new { effectiveDate = "2025-01-01", kind = "SalaryGradeChange", salaryGrade = "S1" }, Http.Json);
        Assert.Equal("生效日期不能早于最近一次任职变动（2025-07-01）。", (await earlier.ProblemAsync(HttpStatusCode.BadRequest)).Title);
        var beforeHire = await CreateEmployeeAsync(hr, "E9071", "入职前变动", hireDate: "2024-01-01");
        var response = await hr.PostAsJsonAsync($"/api/org/employees/{beforeHire}/job-changes", new { effectiveDate = "2019-01-01", kind = "SalaryGradeChange", salaryGrade = "S1" }, Http.Json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_audit_log_shows_that_a_salary_grade_changed_but_not_its_value()
    {
        var hr = await Factory.ClientForAsync("hr");
        var id = await CreateEmployeeAsync(hr, "E9080", "薪级保密");
        await hr.PostAsJsonAsync($"/api/org/employees/{id}/job-changes", new { effectiveDate = "2026-11-02", kind = "SalaryGradeChange", salaryGrade = "S7" }, Http.Json);
        await using var db = Factory.OpenDb();
        var rows = await db.AuditEntries.Where(a => a.Entity == "org_employee" && a.EntityKey == id.ToString()).Select(a => a.Changes).ToListAsync();
        Assert.Contains(rows, c => c!.Contains("SalaryGrade", StringComparison.Ordinal));
        Assert.DoesNotContain(rows, c => c!.Contains("S7", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("salesmgr", "POST", "job-changes", "{\"effectiveDate\":\"2026-11-20\",\"kind\":\"Transfer\"}")]
    [InlineData("salesmgr", "POST", "leave", "{\"type\":\"Resignation\",\"lastWorkingDay\":\"2026-12-31\",\"reason\":\"x\"}")]
    [InlineData("zhangsan", "POST", "regularise", "{\"date\":\"2026-11-20\"}")]
    [InlineData("owner", "POST", "checklist", "{\"kind\":\"Onboarding\",\"title\":\"x\",\"dueDate\":\"2026-12-01\"}")]
    [InlineData("finance", "PUT", "", "{}")]
    public async Task Only_hr_changes_employee_records(string userName, string method, string action, string json)
    {
        var hr = await Factory.ClientForAsync("hr");
        var lisi = (await (await hr.GetAsync("/api/org/employees")).ReadAsync<List<EmployeeDto>>()).Single(e => e.Name == "李四");
        var client = await Factory.ClientForAsync(userName);
        var url = $"/api/org/employees/{lisi.Id}" + (action.Length > 0 ? "/" + action : "");
        var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(request)).StatusCode);
    }

    [Theory]
    [InlineData("csagent", "/api/org/change-requests")]
    [InlineData("salesmgr", "/api/org/employees/import-template")]
    [InlineData("zhangsan", "/api/org/employees/export")]
    public async Task Hr_only_reads_are_refused_to_others(string userName, string url)
    {
        var client = await Factory.ClientForAsync(userName);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(url)).StatusCode);
    }

    // ---- helpers ----

    private async Task<int> CountAsync()
    {
        await using var db = Factory.OpenDb();
        return await db.Employees.CountAsync();
    }

    public sealed record RevealResponse(string Field, string? Value);
}

[Trait("Category", "Integration")]
public sealed class SqliteEmployeeApiTests(SqliteRenheFactory factory) : EmployeeApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresEmployeeApiTests(PostgresRenheFactory factory) : EmployeeApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
