using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Sales.Targets;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Sales.Targets;

/// 今日 of someone without a personal plan: the sales manager, who publishes his team's plans and
/// holds none, reads his team's month there (as 团队看板 counts it); a salesperson without a
/// published plan reads that there is none, and no team.
public abstract class TodayTeamApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private static string ThisMonth => DateTime.UtcNow.AddHours(8).ToString("yyyy-MM");

    [Fact]
    public async Task The_manager_without_a_personal_target_reads_his_teams_month_and_a_salesperson_without_a_plan_reads_none()
    {
        Guid sales;
        await using (var db = Factory.OpenDb())
            sales = await db.Departments.Where(d => d.Name == "销售部").Select(d => d.Id).SingleAsync();
        var manager = await Factory.ClientForAsync("salesmgr");
        var lisi = await Factory.ClientForAsync("lisi");

        var mine = await (await manager.GetAsync("/api/sales/tasks/today")).ReadAsync<TodayView>();
        Assert.Null(mine.Month.PlanFen);
        var team = Assert.Single(mine.Teams);
        var board = await (await manager.GetAsync($"/api/sales/team-dashboard?departmentId={sales}&month={ThisMonth}")).ReadAsync<TeamDashboardView>();
        Assert.Equal(("销售部", 80_000_000L, board.NetFen), (team.DepartmentName, team.TargetFen!.Value, team.NetFen));
        Assert.Equal((board.Rows.Count, board.Rows.Count(r => r.Behind)), (team.Members, team.Behind));

        // A salesperson with a plan has no team on his day.
        var lisiDay = await (await lisi.GetAsync("/api/sales/tasks/today")).ReadAsync<TodayView>();
        Assert.True(lisiDay.Month.PlanFen > 0);
        Assert.Empty(lisiDay.Teams);

        // Back to a draft: nobody's plan binds. 李四 has no plan and still no team; the manager's team has no target.
        await using (var db = Factory.OpenDb())
        {
            var month = DateOnly.ParseExact(ThisMonth + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var target = await db.SalesTargets.SingleAsync(t => t.DepartmentId == sales && t.Month == month);
            target.Status = TargetStatus.Draft;
            await db.SaveChangesAsync();
        }
        lisiDay = await (await lisi.GetAsync("/api/sales/tasks/today")).ReadAsync<TodayView>();
        Assert.Null(lisiDay.Month.PlanFen);
        Assert.Empty(lisiDay.Teams);
        mine = await (await manager.GetAsync("/api/sales/tasks/today")).ReadAsync<TodayView>();
        Assert.Null(Assert.Single(mine.Teams).TargetFen);
    }
}

[Trait("Category", "Integration")]
public sealed class SqliteTodayTeamApiTests(SqliteRenheFactory factory) : TodayTeamApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresTodayTeamApiTests(PostgresRenheFactory factory) : TodayTeamApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
