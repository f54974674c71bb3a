using Renhe.Modules.Sales.Customers;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Sales.Targets;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Sales.Targets;

/// Targets, today's tasks and the team dashboard through HTTP, per role and scope, on SQLite and on PostgreSQL.
public abstract class TargetApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{

    private async Task<(Guid Sales, Guid Other, Guid Lisi, Guid Zhangsan)> IdsAsync()
    {
        await using var db = Factory.OpenDb();
        var sales = await db.Departments.Where(d => d.Name == "销售部").Select(d => d.Id).SingleAsync();
        var other = await db.Departments.Where(d => d.Id != sales).Select(d => d.Id).FirstAsync();
        var lisi = await db.Employees.Where(e => e.Name == "李四").Select(e => e.Id).SingleAsync();
        var zhangsan = await db.Employees.Where(e => e.Name == "张三").Select(e => e.Id).SingleAsync();
        return (sales, other, lisi, zhangsan);
    }

    private static string ThisMonth => DateTime.UtcNow.AddHours(8).ToString("yyyy-MM");
    private static string NextMonth => DateTime.UtcNow.AddHours(8).AddMonths(1).ToString("yyyy-MM");

    [Fact]
    public async Task A_salesperson_reads_their_own_day_but_not_a_colleagues_and_cannot_touch_targets()
    {
        var (sales, _, lisi, zhangsan) = await IdsAsync();
        var client = await Factory.ClientForAsync("lisi");
        var today = await (await client.GetAsync("/api/sales/tasks/today")).ReadAsync<TodayView>();
        Assert.Equal(("李四", lisi), (today.Name, today.EmployeeId));
        // The demo target is published for this month: lisi's plan shows.
        Assert.True(today.Month.PlanFen > 0);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/sales/tasks/today?employeeId={zhangsan}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/sales/targets?departmentId={sales}&month={ThisMonth}")).StatusCode);
        var put = await client.PutAsJsonAsync("/api/sales/targets", new { departmentId = sales, month = NextMonth + "-01", amountYuan = 1000 });
        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/sales/team-dashboard?departmentId={sales}&month={ThisMonth}")).StatusCode);

        // The manager reads a team member's day.
        var manager = await Factory.ClientForAsync("salesmgr");
        Assert.Equal("张三", (await (await manager.GetAsync($"/api/sales/tasks/today?employeeId={zhangsan}")).ReadAsync<TodayView>()).Name);
    }

    [Fact]
    public async Task The_manager_sees_the_proposal_saves_a_draft_and_publishes_with_a_revision()
    {
        var (sales, _, lisi, zhangsan) = await IdsAsync();
        var manager = await Factory.ClientForAsync("salesmgr");
        var proposal = await (await manager.GetAsync($"/api/sales/targets?departmentId={sales}&month={NextMonth}&amountYuan=500000")).ReadAsync<TargetView>();
        Assert.Null(proposal.Status);
        Assert.Equal(50_000_000, proposal.Rows.Sum(r => r.ProposedAmountFen));
        var lisiRow = proposal.Rows.Single(r => r.EmployeeId == lisi);
        var zhangsanRow = proposal.Rows.Single(r => r.EmployeeId == zhangsan);
        Assert.True(lisiRow.OnProbation);
        // Without sales history everyone weighs alike, except probation at 60 % (the odd yuan go to the largest share).
        Assert.InRange(lisiRow.ProposedAmountFen, zhangsanRow.ProposedAmountFen * 6 / 10 - 1000, zhangsanRow.ProposedAmountFen * 6 / 10 + 1000);
        Assert.DoesNotContain(proposal.Rows, r => r.Name == "张志强");

        var draft = await (await manager.PutAsJsonAsync("/api/sales/targets", new
        {
            departmentId = sales, month = NextMonth + "-01", amountYuan = 500000,
            plans = new[] { new { employeeId = lisi, amountYuan = 20000m, customersPerDay = 4, callMinutesPerDay = 45 } },
        })).ReadAsync<TargetView>();
        Assert.Equal(TargetStatus.Draft, draft.Status);
        var saved = draft.Rows.Single(r => r.EmployeeId == lisi).Saved!;
        Assert.Equal((2_000_000L, 4, 45), (saved.AmountFen, saved.CustomersPerDay, saved.CallMinutesPerDay));
        Assert.Equal(50_000_000, draft.Rows.Sum(r => r.Saved!.AmountFen));

        var published = await (await manager.PostAsJsonAsync("/api/sales/targets/publish", new { departmentId = sales, month = NextMonth, amountYuan = 500000, version = draft.Version }))
            .ReadAsync<TargetView>();
        Assert.Equal((TargetStatus.Published, 1, "张志强"), (published.Status!.Value, published.Revision, published.PublishedByName!));
        var again = await (await manager.PostAsJsonAsync("/api/sales/targets/publish", new { departmentId = sales, month = NextMonth, amountYuan = 600000 }))
            .ReadAsync<TargetView>();
        Assert.Equal((2, 60_000_000L), (again.Revision, again.AmountFen!.Value));

        // A published target is changed by publishing again, not saved back to a draft.
        var back = await manager.PutAsJsonAsync("/api/sales/targets", new { departmentId = sales, month = NextMonth, amountYuan = 1 });
        await back.ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Bad_input_is_refused_naming_the_field_and_another_department_reads_as_not_found_with_nothing_written()
    {
        var (sales, other, lisi, _) = await IdsAsync();
        var manager = await Factory.ClientForAsync("salesmgr");
        var month = DateTime.UtcNow.AddMonths(3).ToString("yyyy-MM");
        Assert.Contains("amountYuan", (await (await manager.PutAsJsonAsync("/api/sales/targets", new { departmentId = sales, month, amountYuan = -5 }))
            .ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        Assert.Contains("month", (await (await manager.PutAsJsonAsync("/api/sales/targets", new { departmentId = sales, amountYuan = 5 }))
            .ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        // No amount is refused as a required field (the planning page marks it from the same [Required]).
        var noAmount = await (await manager.PutAsJsonAsync("/api/sales/targets", new { departmentId = sales, month }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("目标金额不能为空。", Assert.Single(noAmount.Errors!["amountYuan"]));
        Assert.Contains("plans[0].customersPerDay", (await (await manager.PutAsJsonAsync("/api/sales/targets", new
            {
                departmentId = sales, month, amountYuan = 5000,
                plans = new[] { new { employeeId = lisi, customersPerDay = -1 } },
            }))
            .ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        // Every person typed, ¥1 each: the plans fall short of the team's ¥5,000.
        var members = (await (await manager.GetAsync($"/api/sales/targets?departmentId={sales}&month={month}")).ReadAsync<TargetView>()).Rows;
        var shortBy = await (await manager.PutAsJsonAsync("/api/sales/targets", new
            {
                departmentId = sales, month, amountYuan = 5000, plans = members.Select(m => new { employeeId = m.EmployeeId, amountYuan = 1m }).ToArray(),
            }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("plans", shortBy.Errors!.Keys);
        Assert.StartsWith($"各人目标合计 ¥{members.Count}.00，少于团队目标 ¥5,000.00", shortBy.Title);
        Assert.Contains("month", (await (await manager.GetAsync($"/api/sales/targets?departmentId={sales}&month=November"))
            .ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);

        await (await manager.PutAsJsonAsync("/api/sales/targets", new { departmentId = other, month, amountYuan = 5000 })).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/api/sales/team-dashboard?departmentId={other}&month={ThisMonth}")).StatusCode);

        await using var db = Factory.OpenDb();
        var first = new DateOnly(int.Parse(month[..4]), int.Parse(month[5..]), 1);
        Assert.False(await db.SalesTargets.AnyAsync(t => t.Month == first));

        // An administrator sets any department's target.
        var admin = await Factory.ClientForAsync("admin");
        var set = await admin.PutAsJsonAsync("/api/sales/targets", new { departmentId = other, month, amountYuan = 5000 });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
    }

    [Fact]
    public async Task The_team_dashboard_shows_each_person_against_the_published_plan_and_exports()
    {
        var (sales, _, lisi, _) = await IdsAsync();
        var manager = await Factory.ClientForAsync("salesmgr");
        var view = await (await manager.GetAsync($"/api/sales/team-dashboard?departmentId={sales}&month={ThisMonth}")).ReadAsync<TeamDashboardView>();
        Assert.Equal("销售部", view.DepartmentName);
        Assert.Equal(80_000_000, view.TargetFen);
        var row = view.Rows.Single(r => r.EmployeeId == lisi);
        Assert.True(row.PlanFen > 0);
        // lisi holds one intent customer in the demo (黄秀英).
        Assert.Equal(1, row.IntentCustomers);
        Assert.True(view.Funnel[CustomerStage.Intent] >= 3);
        // No sales recorded yet: behind as soon as a working day has passed.
        Assert.Equal(view.ElapsedWorkingDays > 0, row.Behind);

        var export = await manager.GetAsync($"/api/sales/team-dashboard/export?departmentId={sales}&month={ThisMonth}");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        using var workbook = new MemoryStream(await export.Content.ReadAsByteArrayAsync());
        var rows = MiniExcelLibs.MiniExcel.Query(workbook, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(view.Rows.Select(r => r.Name), rows.Select(r => (string)r["姓名"]!));
        Assert.Contains("月目标（元）", rows[0].Keys);
    }
}

public sealed class SqliteTargetApiTests(SqliteRenheFactory factory) : TargetApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresTargetApiTests(PostgresRenheFactory factory) : TargetApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;

