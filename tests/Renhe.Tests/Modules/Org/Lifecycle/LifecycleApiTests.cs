using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Org;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Structure;
using Renhe.Modules.Org.Lifecycle;
using Renhe.Tests.Infrastructure;
using static Renhe.Tests.Modules.Org.OrgApi;

namespace Renhe.Tests.Modules.Org.Lifecycle;

/// Joining, probation and leaving through HTTP, with the on- and offboarding checklists, on SQLite
/// and on PostgreSQL.
public abstract class LifecycleApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
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
        var future = await hr.PostAsJsonAsync($"/api/org/employees/{id}/regularise", new { date = DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(1) }, Http.Json);
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
        var lastDay = DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(6);
        (await hr.PostAsJsonAsync($"/api/org/employees/{id}/leave", new { type = "Termination", lastWorkingDay = lastDay, reason = "合同到期不续签" }, Http.Json))
            .EnsureSuccessStatusCode();
        var detail = await (await hr.GetAsync($"/api/org/employees/{id}")).ReadAsync<EmployeeView>();
        Assert.Equal(EmploymentStatus.Leaving, detail.Status);
        Assert.Equal(lastDay, detail.LastWorkingDay);
        var twice = await hr.PostAsJsonAsync($"/api/org/employees/{id}/leave", new { type = "Resignation", lastWorkingDay = lastDay.AddDays(-1), reason = "x" }, Http.Json);
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
}

[Trait("Category", "Integration")]
public sealed class SqliteLifecycleApiTests(SqliteRenheFactory factory) : LifecycleApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresLifecycleApiTests(PostgresRenheFactory factory) : LifecycleApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
