using System.Net;
using Microsoft.EntityFrameworkCore;
using Renhe.Platform.Security;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Sales.Targets;

/// Targets and the team dashboard are filtered by VisibleTo like every other row (ADR 0003): a team
/// grant reaches the departments one manages, a branch grant every department of one's branch, and
/// nothing reaches another branch. Each suite has its own database because it edits a grant.
public abstract class TargetScopeApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    [Fact]
    public async Task A_team_grant_sees_its_team_and_a_branch_grant_its_branch_but_never_another_branch()
    {
        var month = DateTime.UtcNow.ToString("yyyy-MM");
        Guid sales, service, hangzhouDepartment;
        await using (var db = Factory.OpenDb())
        {
            sales = await db.Departments.Where(d => d.Name == "销售部").Select(d => d.Id).SingleAsync();
            service = await db.Departments.Where(d => d.Name == "客服部").Select(d => d.Id).SingleAsync();
            var hangzhou = await db.Branches.Where(b => b.City == "杭州").Select(b => b.Id).SingleAsync();
            hangzhouDepartment = await db.Departments.Where(d => d.BranchId == hangzhou).Select(d => d.Id).FirstAsync();
        }
        var manager = await Factory.ClientForAsync("salesmgr");
        async Task<HttpStatusCode> TargetAsync(Guid department) =>
            (await manager.GetAsync($"/api/sales/targets?departmentId={department}&month={month}")).StatusCode;
        async Task<HttpStatusCode> DashboardAsync(Guid department) =>
            (await manager.GetAsync($"/api/sales/team-dashboard?departmentId={department}&month={month}")).StatusCode;

        // The demo's grant: team.
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (await TargetAsync(sales), await DashboardAsync(sales)));
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (await TargetAsync(service), await DashboardAsync(service)));
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (await TargetAsync(hangzhouDepartment), await DashboardAsync(hangzhouDepartment)));

        await GrantAsync(DataScope.Branch);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (await TargetAsync(sales), await DashboardAsync(sales)));
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (await TargetAsync(service), await DashboardAsync(service)));
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (await TargetAsync(hangzhouDepartment), await DashboardAsync(hangzhouDepartment)));

        await GrantAsync(DataScope.Team);
        Assert.Equal(HttpStatusCode.NotFound, await TargetAsync(service));
    }

    private async Task GrantAsync(DataScope scope)
    {
        await using var db = Factory.OpenDb();
        var role = await db.Roles.SingleAsync(r => r.Name == Roles.SalesManager);
        // Reading (the dashboard) and managing (the targets) move together here.
        foreach (var grant in await db.RolePermissions.Where(g => g.RoleId == role.Id && (g.Permission == "sales.target.manage" || g.Permission == "sales.target.read")).ToListAsync())
            grant.Scope = scope;
        await db.SaveChangesAsync();
        AccessService.Invalidate();
    }
}

[Trait("Category", "Integration")]
public sealed class SqliteTargetScopeApiTests(SqliteRenheFactory factory) : TargetScopeApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresTargetScopeApiTests(PostgresRenheFactory factory) : TargetScopeApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
