using Renhe.Platform.Time;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Renhe.Modules.Org;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Lifecycle;
using Renhe.Modules.Org.Profile;
using Renhe.Modules.Org.Structure;
using Renhe.Platform.Audit;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Org;

/// The organisation API through HTTP, with each role's view of it, on SQLite and on PostgreSQL.
public abstract class OrgApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    // ---- structure ----

    [Fact]
    public async Task Everyone_sees_the_org_chart_with_head_counts()
    {
        var client = await Factory.ClientForAsync("csagent");
        var chart = await (await client.GetAsync("/api/org/chart")).ReadAsync<List<OrgChartNode>>();
        var sales = chart.Single(n => n.Name == "销售部");
        Assert.Equal(10, sales.HeadCount);
        Assert.Equal("张志强", sales.ManagerName);
        Assert.Equal(8, chart.Single(n => n.Name == "客服部").HeadCount);
        Assert.Contains(chart, n => n.BranchName == "杭州分公司");
        // 42 people were hired; one has left and is no longer counted.
        Assert.Equal(41, chart.Where(n => !n.Name.StartsWith("测试", StringComparison.Ordinal)).Sum(n => n.TotalHeadCount));
    }

    [Fact]
    public async Task Moving_a_department_moves_its_subtree_and_a_loop_is_refused()
    {
        var hr = await Factory.ClientForAsync("hr");
        var branches = await (await hr.GetAsync("/api/org/branches")).ReadAsync<List<BranchDto>>();
        var shenzhen = branches.Single(b => b.Name == "深圳总部").Id;
        var parent = await CreateDepartmentAsync(hr, "华南大区", shenzhen, null);
        var child = await CreateDepartmentAsync(hr, "华南一组", shenzhen, parent);
        var grandChild = await CreateDepartmentAsync(hr, "华南一组甲", shenzhen, child);

        var top = await CreateDepartmentAsync(hr, "大客户中心", shenzhen, null);
        Assert.Equal(HttpStatusCode.NoContent, (await hr.PutJsonAsync($"/api/org/departments/{parent}",
            new { name = "华南大区", branchId = shenzhen, parentId = top, version = await VersionAsync(hr, parent) })).StatusCode);
        var chart = await (await hr.GetAsync("/api/org/chart")).ReadAsync<List<OrgChartNode>>();
        var moved = chart.Single(n => n.Id == top).Children.Single(n => n.Id == parent);
        Assert.Equal(grandChild, moved.Children.Single().Children.Single().Id);

        var loop = await hr.PutJsonAsync($"/api/org/departments/{top}",
            new { name = "大客户中心", branchId = shenzhen, parentId = grandChild, version = await VersionAsync(hr, top) });
        Assert.Equal("不能把部门移到它自己或它的下级部门之下。", (await loop.ProblemAsync(HttpStatusCode.BadRequest)).Title);
    }

    [Fact]
    public async Task Deleting_a_department_with_people_is_refused_with_the_count()
    {
        var hr = await Factory.ClientForAsync("hr");
        var sales = (await (await hr.GetAsync("/api/org/departments")).ReadAsync<List<DepartmentDto>>()).Single(d => d.Name == "销售部");
        var response = await hr.DeleteAsync($"/api/org/departments/{sales.Id}");
        Assert.Equal("该部门还有 10 名员工，请先调走他们再删除。", (await response.ProblemAsync(HttpStatusCode.Conflict)).Title);

        var empty = await CreateDepartmentAsync(hr, "临时项目组", sales.BranchId, null);
        Assert.Equal(HttpStatusCode.NoContent, (await hr.DeleteAsync($"/api/org/departments/{empty}")).StatusCode);
    }

    [Theory]
    [InlineData("zhangsan")]
    [InlineData("salesmgr")]
    public async Task Only_structure_managers_change_the_structure(string userName)
    {
        var client = await Factory.ClientForAsync(userName);
        var branch = (await (await client.GetAsync("/api/org/branches")).ReadAsync<List<BranchDto>>()).First();
        var response = await client.PostAsJsonAsync("/api/org/departments", new { name = "影子部门", branchId = branch.Id });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Hr_manages_branches_and_positions_and_others_are_refused()
    {
        var hr = await Factory.ClientForAsync("hr");
        var created = await hr.PostAsJsonAsync("/api/org/branches", new { name = "广州分公司", city = "广州", timeZone = "Asia/Shanghai" });
        var branchId = (await created.ReadAsync<IdResponse>(HttpStatusCode.Created)).Id;
        var badZone = await hr.PutJsonAsync($"/api/org/branches/{branchId}", new { name = "广州分公司", city = "广州", timeZone = "Mars/Olympus" });
        Assert.Contains("timeZone", (await badZone.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        var twice = await hr.PostAsJsonAsync("/api/org/branches", new { name = "广州分公司", city = "广州", timeZone = "Asia/Shanghai" });
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await hr.PutJsonAsync($"/api/org/branches/{branchId}", new { name = "广州分公司", city = "广州", timeZone = "Asia/Hong_Kong" })).StatusCode);

        var sales = (await (await hr.GetAsync("/api/org/departments")).ReadAsync<List<DepartmentDto>>()).Single(d => d.Name == "销售部");
        var position = await hr.PostAsJsonAsync("/api/org/positions", new { departmentId = sales.Id, name = "大客户经理" });
        Assert.Equal(HttpStatusCode.Created, position.StatusCode);
        var positions = await (await hr.GetAsync($"/api/org/positions?departmentId={sales.Id}")).ReadAsync<List<PositionDto>>();
        Assert.Contains(positions, p => p.Name == "大客户经理");
        Assert.All(positions, p => Assert.Equal(sales.Id, p.DepartmentId));

        var zhangsan = await Factory.ClientForAsync("zhangsan");
        Assert.Equal(HttpStatusCode.Forbidden, (await zhangsan.PostAsJsonAsync("/api/org/branches", new { name = "影子分公司", city = "x", timeZone = "Asia/Shanghai" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await zhangsan.PostAsJsonAsync("/api/org/positions", new { departmentId = sales.Id, name = "影子" })).StatusCode);
    }

    [Fact]
    public async Task The_directory_filters_by_department()
    {
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var service = (await (await zhangsan.GetAsync("/api/org/departments")).ReadAsync<List<DepartmentDto>>()).Single(d => d.Name == "客服部");
        var people = await (await zhangsan.GetAsync($"/api/org/directory?departmentId={service.Id}")).ReadAsync<List<DirectoryEntry>>();
        Assert.Equal(8, people.Count);
        Assert.All(people, p => Assert.Equal("客服部", p.DepartmentName));
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
            new { effectiveDate = "2099-01-01", kind = "SalaryGradeChange", salaryGrade = "S9" }, Http.Json);
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
        Assert.Equal("S3", current.SalaryGrade); // the 2099 grade waits for its day
    }

    [Fact]
    public async Task Demo_contracts_in_force_today()
    {
        var hr = await Factory.ClientForAsync("hr");
        var today = BranchCalendar.DayOf(DateTimeOffset.UtcNow, BranchCalendar.Zone("Asia/Shanghai"));
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

    // ---- lifecycle ----

    [Fact]
    public async Task Candidate_is_onboarded_regularised_and_leaves_with_sign_in_disabled()
    {
        var hr = await Factory.ClientForAsync("hr");
        var id = await CreateEmployeeAsync(hr, "E9040", "候选人甲", status: "Candidate", hireDate: "2026-01-05");
        Assert.Equal(HttpStatusCode.NoContent, (await hr.PostAsJsonAsync($"/api/org/employees/{id}/onboard", new { hireDate = "2026-01-05" }, Http.Json)).StatusCode);
        var onboarding = await (await hr.GetAsync($"/api/org/employees/{id}/checklist")).ReadAsync<List<ChecklistItemDto>>();
        Assert.Contains(onboarding, c => c.Kind == ChecklistKind.Onboarding && c.Title == "Checklist.SignContract");

        var early = await hr.PostAsJsonAsync($"/api/org/employees/{id}/regularise", new { date = "2025-12-01" }, Http.Json);
        Assert.Equal("日期不能早于入职日期。", (await early.ProblemAsync(HttpStatusCode.BadRequest)).Title);
        var future = await hr.PostAsJsonAsync($"/api/org/employees/{id}/regularise", new { date = "2099-01-01" }, Http.Json);
        Assert.Equal("日期不能晚于今天。", (await future.ProblemAsync(HttpStatusCode.BadRequest)).Title);
        Assert.Equal(HttpStatusCode.NoContent, (await hr.PostAsJsonAsync($"/api/org/employees/{id}/regularise", new { date = "2026-04-05" }, Http.Json)).StatusCode);
        Assert.Equal(EmploymentStatus.Active, (await (await hr.GetAsync($"/api/org/employees/{id}")).ReadAsync<EmployeeView>()).Status);

        // An account for the person, then their leaving with a last day already past.
        await using (var db = Factory.OpenDb())
        {
            var userId = await Factory.CreateUserAsync("leaver9040", "salesperson");
            (await db.Users.SingleAsync(u => u.Id == userId)).EmployeeId = id;
            await db.SaveChangesAsync();
        }
        Assert.Equal(HttpStatusCode.OK, (await Factory.CreateAnonymousClient().PostAsJsonAsync("/api/auth/token",
            new { userName = "leaver9040", password = RenheFactory.DemoPassword })).StatusCode);
        var leave = await hr.PostAsJsonAsync($"/api/org/employees/{id}/leave",
            new { type = "Resignation", lastWorkingDay = "2026-11-01", reason = "回老家发展" }, Http.Json);
        Assert.Equal(HttpStatusCode.NoContent, leave.StatusCode);

        var detail = await (await hr.GetAsync($"/api/org/employees/{id}")).ReadAsync<EmployeeView>();
        Assert.Equal(EmploymentStatus.Left, detail.Status);
        var offboarding = await (await hr.GetAsync($"/api/org/employees/{id}/checklist")).ReadAsync<List<ChecklistItemDto>>();
        Assert.Contains(offboarding, c => c.Kind == ChecklistKind.Offboarding && c.Title == "Checklist.Handover");
        var refused = await Factory.CreateAnonymousClient().PostAsJsonAsync("/api/auth/token", new { userName = "leaver9040", password = RenheFactory.DemoPassword });
        Assert.Equal("该账户已停用。", (await refused.ProblemAsync(HttpStatusCode.Unauthorized)).Title);
    }

    [Fact]
    public async Task A_future_last_day_keeps_the_person_leaving_until_then()
    {
        var hr = await Factory.ClientForAsync("hr");
        var id = await CreateEmployeeAsync(hr, "E9050", "将离职员工", status: "Active");
        await hr.PostAsJsonAsync($"/api/org/employees/{id}/leave", new { type = "Termination", lastWorkingDay = "2099-12-31", reason = "合同到期不续签" }, Http.Json);
        var detail = await (await hr.GetAsync($"/api/org/employees/{id}")).ReadAsync<EmployeeView>();
        Assert.Equal(EmploymentStatus.Leaving, detail.Status);
        Assert.Equal(new DateOnly(2099, 12, 31), detail.LastWorkingDay);
        var twice = await hr.PostAsJsonAsync($"/api/org/employees/{id}/leave", new { type = "Resignation", lastWorkingDay = "2099-12-01", reason = "x" }, Http.Json);
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
    }

    [Fact]
    public async Task Checklist_items_are_ticked_by_their_owner_or_hr_only()
    {
        var hr = await Factory.ClientForAsync("hr");
        var lisi = (await (await hr.GetAsync("/api/org/employees")).ReadAsync<List<EmployeeDto>>()).Single(e => e.Name == "李四");
        var items = await (await hr.GetAsync($"/api/org/employees/{lisi.Id}/checklist")).ReadAsync<List<ChecklistItemDto>>();
        var managerItem = items.First(c => c.DoneAt is null && c.OwnerName == "张志强");

        var zhangsan = await Factory.ClientForAsync("zhangsan");
        Assert.Equal(HttpStatusCode.NotFound, (await zhangsan.GetAsync($"/api/org/employees/{lisi.Id}/checklist")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await zhangsan.PostAsync($"/api/org/checklist-items/{managerItem.Id}/done", null)).StatusCode);

        var manager = await Factory.ClientForAsync("salesmgr");
        Assert.Equal(HttpStatusCode.NoContent, (await manager.PostAsync($"/api/org/checklist-items/{managerItem.Id}/done", null)).StatusCode);
        var after = await (await manager.GetAsync($"/api/org/employees/{lisi.Id}/checklist")).ReadAsync<List<ChecklistItemDto>>();
        Assert.NotNull(after.Single(c => c.Id == managerItem.Id).DoneAt);
    }

    // ---- self-service ----

    [Fact]
    public async Task An_employee_requests_a_change_and_hr_approves_it()
    {
        var csagent = await Factory.ClientForAsync("csagent");
        var bad = await csagent.PostAsJsonAsync("/api/org/me/change-requests", new { field = "PersonalPhone", newValue = "12345" }, Http.Json);
        Assert.Equal("新值格式不正确。", (await bad.ProblemAsync(HttpStatusCode.BadRequest)).Title);
        var created = await csagent.PostAsJsonAsync("/api/org/me/change-requests", new { field = "PersonalPhone", newValue = "13700001111", comment = "换号了" }, Http.Json);
        var id = (await created.ReadAsync<IdResponse>(HttpStatusCode.Created)).Id;
        var twice = await csagent.PostAsJsonAsync("/api/org/me/change-requests", new { field = "PersonalPhone", newValue = "13700002222" }, Http.Json);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await csagent.PostAsync($"/api/org/change-requests/{id}/approve", null)).StatusCode);

        var hr = await Factory.ClientForAsync("hr");
        var pending = await (await hr.GetAsync("/api/org/change-requests?status=Pending")).ReadAsync<List<ProfileChangeDto>>();
        Assert.Equal("137****1111", pending.Single(r => r.Id == id).NewValueMasked);
        Assert.Equal(HttpStatusCode.NoContent, (await hr.PostAsync($"/api/org/change-requests/{id}/approve", null)).StatusCode);

        var me = await (await csagent.GetAsync("/api/org/me")).ReadAsync<EmployeeView>();
        Assert.Equal("137****1111", me.PersonalPhoneMasked);
        var mine = await (await csagent.GetAsync("/api/org/me/change-requests")).ReadAsync<List<ProfileChangeDto>>();
        Assert.Equal(RequestStatus.Approved, mine.Single(r => r.Id == id).Status);
    }

    [Fact]
    public async Task Rejecting_a_change_needs_a_reason_and_changes_nothing()
    {
        var hr = await Factory.ClientForAsync("hr");
        var pending = await (await hr.GetAsync("/api/org/change-requests?status=Pending")).ReadAsync<List<ProfileChangeDto>>();
        var demo = pending.Single(r => r.EmployeeName == "张三");
        var noReason = await hr.PostAsJsonAsync($"/api/org/change-requests/{demo.Id}/reject", new { }, Http.Json);
        Assert.Equal("驳回时请填写原因。", (await noReason.ProblemAsync(HttpStatusCode.BadRequest)).Title);
        var rejected = await hr.PostAsJsonAsync($"/api/org/change-requests/{demo.Id}/reject", new { reason = "请提供银行卡照片" }, Http.Json);
        Assert.Equal(HttpStatusCode.NoContent, rejected.StatusCode);
        var detail = await (await hr.GetAsync($"/api/org/employees/{demo.EmployeeId}")).ReadAsync<EmployeeView>();
        Assert.NotEqual("***************8901", detail.BankAccountMasked);
    }

    // ---- import and export ----

    [Fact]
    public async Task Import_with_a_bad_row_imports_nothing_and_reports_row_and_reason()
    {
        var hr = await Factory.ClientForAsync("hr");
        await SalesAsync(hr);
        var before = await CountAsync();
        var response = await UploadAsync(hr, ImportRows(("E9101", "导入甲", "11010519491231002X"), ("E9102", "", null), ("E9103", "导入丙", "440308199001011234")), "employees.xlsx");
        var result = await response.ReadAsync<ImportResult>(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(0, result.Imported);
        Assert.Contains(result.Errors, e => e.Row == 3 && e.Field == "姓名" && e.Message == "姓名 不能为空。");
        Assert.Contains(result.Errors, e => e.Row == 4 && e.Field == "身份证号");
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task Import_can_skip_bad_rows_and_keep_the_good_ones()
    {
        var hr = await Factory.ClientForAsync("hr");
        await SalesAsync(hr);
        var before = await CountAsync();
        var response = await UploadAsync(hr, ImportRows(("E9111", "导入好甲", null), ("E0001", "重复工号", null), ("E9113", "导入好乙", null)), "employees.xlsx", skipBadRows: true);
        var result = await response.ReadAsync<ImportResult>();
        Assert.Equal(2, result.Imported);
        Assert.Equal(1, result.Skipped);
        Assert.Equal("工号 E0001 已被 王建国 使用。", result.Errors.Single(e => e.Row == 3).Message);
        Assert.Equal(before + 2, await CountAsync());
    }

    [Fact]
    public async Task Import_reads_csv_and_refuses_other_files()
    {
        var hr = await Factory.ClientForAsync("hr");
        await SalesAsync(hr);
        var csv = "工号,姓名,分公司,部门,职位,入职日期\nE9121,CSV导入,深圳总部,测试组,,2026/11/02\n";
        var ok = await UploadAsync(hr, System.Text.Encoding.UTF8.GetBytes(csv), "employees.csv");
        Assert.Equal(1, (await ok.ReadAsync<ImportResult>()).Imported);
        var txt = await UploadAsync(hr, [1, 2, 3], "employees.txt");
        Assert.Equal("请上传 .xlsx 或 .csv 文件。", (await txt.ProblemAsync(HttpStatusCode.BadRequest)).Title);
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        Assert.Equal(HttpStatusCode.Forbidden, (await UploadAsync(zhangsan, System.Text.Encoding.UTF8.GetBytes(csv), "employees.csv")).StatusCode);
    }

    [Fact]
    public async Task The_template_downloads_with_the_expected_columns()
    {
        var hr = await Factory.ClientForAsync("hr");
        var bytes = await hr.GetByteArrayAsync("/api/org/employees/import-template");
        using var stream = new MemoryStream(bytes);
        var columns = stream.GetColumns(useHeaderRow: true)!.Cast<string>().ToList();
        Assert.Equal(EmployeeSpreadsheetService.Columns, columns);
    }

    [Fact]
    public async Task Export_needs_a_second_factor()
    {
        var hr = await Factory.ClientForAsync("hr");
        var response = await hr.GetAsync("/api/org/employees/export");
        Assert.Contains("两步验证", (await response.ProblemAsync(HttpStatusCode.Forbidden)).Title);
    }

    // ---- review findings, kept fixed ----

    [Fact]
    public async Task Hr_cannot_approve_their_own_change_request()
    {
        var hr = await Factory.ClientForAsync("hr");
        var id = (await (await hr.PostAsJsonAsync("/api/org/me/change-requests", new { field = "BankAccount", newValue = "6222020000123456" }, Http.Json))
            .ReadAsync<IdResponse>(HttpStatusCode.Created)).Id;
        var response = await hr.PostAsync($"/api/org/change-requests/{id}/approve", null);
        Assert.Equal("不能审核本人的资料变更申请，请由其他人事同事处理。", (await response.ProblemAsync(HttpStatusCode.Forbidden)).Title);
    }

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

    [Fact]
    public async Task A_department_with_people_cannot_move_to_another_branch()
    {
        var hr = await Factory.ClientForAsync("hr");
        var branches = await (await hr.GetAsync("/api/org/branches")).ReadAsync<List<BranchDto>>();
        var ops = (await (await hr.GetAsync("/api/org/departments")).ReadAsync<List<DepartmentDto>>()).Single(d => d.Name == "运营部");
        var response = await hr.PutJsonAsync($"/api/org/departments/{ops.Id}",
            new { name = ops.Name, branchId = branches.Single(b => b.Name == "杭州分公司").Id, version = ops.Version });
        Assert.Equal("该部门及其下级还有 5 名员工；跨分公司调整前请先为他们办理调岗。", (await response.ProblemAsync(HttpStatusCode.Conflict)).Title);
    }

    [Fact]
    public async Task Import_reports_unknown_values_odd_dates_and_in_file_duplicates_per_row()
    {
        var hr = await Factory.ClientForAsync("hr");
        await SalesAsync(hr);
        var csv = "工号,姓名,分公司,部门,入职日期,状态,企业微信账号\n" +
                  "E9200,好,深圳总部,测试组,20240101,在职,wx9200\n" +
                  "E9201,甲,深圳总部,测试组,2024-01-01,离职,wx9201\n" +
                  "E9202,乙,深圳总部,测试组,02/03/2026,在职,wx9202\n" +
                  "E9203,丙,深圳总部,测试组,2026-11-02,在职,wx9200\n";
        var result = await (await UploadAsync(hr, System.Text.Encoding.UTF8.GetBytes(csv), "bad.csv")).ReadAsync<ImportResult>(HttpStatusCode.UnprocessableEntity);
        Assert.DoesNotContain(result.Errors, e => e.Row == 2); // 20240101 is a date
        Assert.Contains(result.Errors, e => e.Row == 3 && e.Field == "状态" && e.Message.Contains("离职", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Row == 4 && e.Field == "入职日期");
        Assert.Contains(result.Errors, e => e.Row == 5 && e.Field == "企业微信账号");
    }

    [Fact]
    public async Task Import_reads_a_csv_saved_by_excel_in_gb18030()
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var hr = await Factory.ClientForAsync("hr");
        await SalesAsync(hr);
        var csv = "工号,姓名,分公司,部门,入职日期\r\nE9301,国标编码,深圳总部,测试组,2026/11/02\r\n";
        var response = await UploadAsync(hr, System.Text.Encoding.GetEncoding("GB18030").GetBytes(csv), "gbk.csv");
        Assert.Equal(1, (await response.ReadAsync<ImportResult>()).Imported);
        Assert.Contains(await (await hr.GetAsync("/api/org/employees?search=E9301")).ReadAsync<List<EmployeeDto>>(), e => e.Name == "国标编码");
    }

    [Fact]
    public async Task Hr_with_a_second_factor_exports_masked_scoped_rows_and_the_export_is_audited()
    {
        await Factory.CreateUserAsync("hr2fa", "hr");
        var plain = await Factory.ClientForAsync("hr2fa");
        var setup = await (await plain.PostAsync("/api/auth/totp/setup", null)).ReadAsync<Renhe.Platform.Auth.AuthenticatorSetup>();
        await plain.PostAsJsonAsync("/api/auth/totp/enable", new { code = TotpCodes.For(setup.SharedKey) });
        var strong = await Factory.ClientForAsync("hr2fa", TotpCodes.For(setup.SharedKey));

        var bytes = await strong.GetByteArrayAsync("/api/org/employees/export?search=张三");
        using var stream = new MemoryStream(bytes);
        var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        var row = Assert.Single(rows);
        Assert.Equal("张三", row["姓名"]);
        Assert.Matches(@"^\d{6}\*{8}[\dX]{4}$", (string)row["身份证号"]!);
        Assert.Matches(@"^\d{3}\*{4}\d{4}$", (string)row["个人手机"]!);

        await using var db = Factory.OpenDb();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == AuditAction.Export && a.Entity == "org.employee" && a.UserName == "hr2fa"));
    }

    // ---- helpers ----

    private async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] content, string fileName, bool skipBadRows = false)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return await client.PostAsync($"/api/org/employees/import?skipBadRows={skipBadRows}", form);
    }

    private static byte[] ImportRows(params (string Number, string Name, string? IdCard)[] rows)
    {
        var sheet = rows.Select(r => new Dictionary<string, object?>
        {
            ["工号"] = r.Number, ["姓名"] = r.Name, ["分公司"] = "深圳总部", ["部门"] = "测试组", ["职位"] = null,
            ["直属上级工号"] = "E0004", ["入职日期"] = "2026-11-02", ["身份证号"] = r.IdCard, ["个人手机"] = "13800138000",
        }).ToList();
        using var stream = new MemoryStream();
        stream.SaveAs(sheet);
        return stream.ToArray();
    }

    /// New people go to a department of their own, so the demo company's head counts stay as seeded.
    private static async Task<(Guid Branch, Guid Sales)> SalesAsync(HttpClient hr)
    {
        var department = await TestDepartmentAsync(hr, "测试组");
        return (department.BranchId, department.Id);
    }

    private static async Task<DepartmentDto> TestDepartmentAsync(HttpClient hr, string name)
    {
        var existing = (await (await hr.GetAsync("/api/org/departments")).ReadAsync<List<DepartmentDto>>()).SingleOrDefault(d => d.Name == name);
        if (existing is not null) return existing;
        var shenzhen = (await (await hr.GetAsync("/api/org/branches")).ReadAsync<List<BranchDto>>()).Single(b => b.Name == "深圳总部");
        await CreateDepartmentAsync(hr, name, shenzhen.Id, null);
        return (await (await hr.GetAsync("/api/org/departments")).ReadAsync<List<DepartmentDto>>()).Single(d => d.Name == name);
    }

    private static EmployeeInput NewEmployee(string number, string name, Guid branch, Guid department, string? idCard = null,
        string? phone = null, string? bank = null, string status = "Probation", string hireDate = "2026-11-02") => new()
    {
        EmployeeNumber = number, Name = name, BranchId = branch, DepartmentId = department,
        HireDate = DateOnly.Parse(hireDate, System.Globalization.CultureInfo.InvariantCulture),
        Status = Enum.Parse<EmploymentStatus>(status), IdCardNumber = idCard, PersonalPhone = phone, BankAccount = bank,
    };

    private static async Task<Guid> CreateEmployeeAsync(HttpClient hr, string number, string name, string? idCard = null,
        string? phone = null, string? bank = null, string status = "Probation", string hireDate = "2026-11-02")
    {
        var (branch, sales) = await SalesAsync(hr);
        var response = await hr.PostAsJsonAsync("/api/org/employees", NewEmployee(number, name, branch, sales, idCard, phone, bank, status, hireDate), Http.Json);
        return (await response.ReadAsync<IdResponse>(HttpStatusCode.Created)).Id;
    }

    private static async Task<Guid> CreateDepartmentAsync(HttpClient hr, string name, Guid branch, Guid? parent)
    {
        var response = await hr.PostAsJsonAsync("/api/org/departments", new { name, branchId = branch, parentId = parent });
        return (await response.ReadAsync<IdResponse>(HttpStatusCode.Created)).Id;
    }

    private static async Task<Guid> VersionAsync(HttpClient hr, Guid department) =>
        (await (await hr.GetAsync("/api/org/departments")).ReadAsync<List<DepartmentDto>>()).Single(d => d.Id == department).Version;

    private async Task<int> CountAsync()
    {
        await using var db = Factory.OpenDb();
        return await db.Employees.CountAsync();
    }

    public sealed record IdResponse(Guid Id);
    public sealed record RevealResponse(string Field, string? Value);
}

[Trait("Category", "Integration")]
public sealed class SqliteOrgApiTests(SqliteRenheFactory factory) : OrgApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresOrgApiTests(PostgresRenheFactory factory) : OrgApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
