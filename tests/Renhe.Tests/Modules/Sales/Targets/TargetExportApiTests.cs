using System.Net;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Renhe.Modules.Sales.Targets;
using Renhe.Platform.Audit;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Sales.Targets;

/// 目标与计划 as Excel: each person of the department with the month's target, what they have
/// achieved and the progress — the figures the planning page and the team dashboard show — for
/// whoever may manage the department's targets, audited.
public abstract class TargetExportApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private static string ThisMonth => DateTime.UtcNow.AddHours(8).ToString("yyyy-MM");

    private async Task<(Guid Sales, Guid Other)> DepartmentsAsync()
    {
        await using var db = Factory.OpenDb();
        var sales = await db.Departments.Where(d => d.Name == "销售部").Select(d => d.Id).SingleAsync();
        var other = await db.Departments.Where(d => d.Id != sales).Select(d => d.Id).FirstAsync();
        return (sales, other);
    }

    [Fact]
    public async Task The_manager_exports_the_months_plan_person_by_person_as_the_pages_show_it()
    {
        var (sales, _) = await DepartmentsAsync();
        var manager = await Factory.ClientForAsync("salesmgr");
        var plan = await (await manager.GetAsync($"/api/sales/targets?departmentId={sales}&month={ThisMonth}")).ReadAsync<TargetView>();
        var board = await (await manager.GetAsync($"/api/sales/team-dashboard?departmentId={sales}&month={ThisMonth}")).ReadAsync<TeamDashboardView>();

        var response = await manager.GetAsync($"/api/sales/targets/export?departmentId={sales}&month={ThisMonth}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        var rows = new MemoryStream(await response.Content.ReadAsByteArrayAsync()).Query(useHeaderRow: true)
            .Cast<IDictionary<string, object?>>().ToList();

        Assert.Equal(plan.Rows.Select(r => r.Name), rows.Select(r => r["姓名"]?.ToString()));
        foreach (var (row, person) in rows.Zip(plan.Rows))
        {
            var saved = person.Saved!;
            Assert.Equal(saved.AmountFen / 100m, Convert.ToDecimal(row["月目标（元）"], System.Globalization.CultureInfo.InvariantCulture));
            var net = board.Rows.Single(b => b.EmployeeId == person.EmployeeId).NetFen;
            Assert.Equal(net / 100m, Convert.ToDecimal(row["已完成（元）"], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(Math.Round(100m * net / saved.AmountFen, 1), Convert.ToDecimal(row["完成率（%）"], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(saved.CustomersPerDay, Convert.ToInt32(row["每日跟进"], System.Globalization.CultureInfo.InvariantCulture));
        }

        await using var db = Factory.OpenDb();
        var audit = await db.AuditEntries.AsNoTracking()
            .Where(a => a.Action == AuditAction.Export && a.Entity == "sales.target" && a.EntityKey == sales.ToString() && a.UserName == "salesmgr")
            .SingleAsync();
        Assert.Contains($"\"rows\":{plan.Rows.Count}", audit.Changes);
    }

    [Fact]
    public async Task A_salesperson_is_refused_and_another_department_reads_as_not_found_with_nothing_recorded()
    {
        var (sales, other) = await DepartmentsAsync();
        var lisi = await Factory.ClientForAsync("lisi");
        Assert.Equal(HttpStatusCode.Forbidden, (await lisi.GetAsync($"/api/sales/targets/export?departmentId={sales}&month={ThisMonth}")).StatusCode);
        var manager = await Factory.ClientForAsync("salesmgr");
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/api/sales/targets/export?departmentId={other}&month={ThisMonth}")).StatusCode);
        Assert.Contains("month", (await (await manager.GetAsync($"/api/sales/targets/export?departmentId={sales}&month=soon"))
            .ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);

        await using (var db = Factory.OpenDb())
            Assert.False(await db.AuditEntries.AnyAsync(a => a.Action == AuditAction.Export && a.Entity == "sales.target" && a.EntityKey == other.ToString()));

        // An administrator exports any department's plan.
        var admin = await Factory.ClientForAsync("admin");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/sales/targets/export?departmentId={other}&month={ThisMonth}")).StatusCode);
    }
}

[Trait("Category", "Integration")]
public sealed class SqliteTargetExportApiTests(SqliteRenheFactory factory) : TargetExportApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresTargetExportApiTests(PostgresRenheFactory factory) : TargetExportApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
