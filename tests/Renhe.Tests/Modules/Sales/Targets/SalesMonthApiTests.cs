using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Sales.Orders;
using Renhe.Modules.Sales.Targets;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Sales.Targets;

/// 本月销售 and the owner's reading of the sales pages: the owner reads the company's month, team
/// boards, targets and the archive, and changes none of them; a manager reads his team's month; a
/// salesperson, HR and finance are refused. On SQLite and on PostgreSQL.
public abstract class SalesMonthApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    // The demo company keeps its books in Shanghai time.
    private static readonly TimeSpan BooksOffset = TimeSpan.FromHours(8);
    private static DateOnly ThisMonth => DateOnly.FromDateTime(DateTime.UtcNow.Add(BooksOffset)) is var d ? new DateOnly(d.Year, d.Month, 1) : default;

    [Fact]
    public async Task The_owner_reads_the_company_month_as_the_orders_add_up_and_each_team_as_its_board_shows_it()
    {
        // This month: 李四 ¥5,000 with ¥500 refunded, 张三 ¥3,000, the manager himself ¥1,000, and an
        // order of 张三's cancelled in the month (its cancellation takes its amount back out, and it is
        // not counted as an order: the measures kernel's one definition);
        // last month 李四 ¥9,999, which is not this month's.
        var now = DateTimeOffset.UtcNow;
        var month = ThisMonth;
        var monthStart = new DateTimeOffset(month.ToDateTime(TimeOnly.MinValue), BooksOffset);
        await using (var db = Factory.OpenDb())
        {
            var people = await db.Employees.Where(e => e.Name == "李四" || e.Name == "张三" || e.Name == "张志强").ToDictionaryAsync(e => e.Name, e => e.Id);
            var customer = await db.Customers.Select(c => c.Id).FirstAsync();
            Order Sold(string who, long yuan, DateTimeOffset at, OrderStatus status = OrderStatus.Effective) => new()
            {
                Number = "SO-MONTH-" + Guid.NewGuid().ToString("N")[..8], CustomerId = customer, SalespersonId = people[who], Status = status,
                ListTotalFen = yuan * 100, TotalFen = yuan * 100, CreatedAt = at, SubmittedAt = at, EffectiveAt = at,
            };
            var refunded = Sold("李四", 5_000, now.AddMinutes(-30));
            var cancelled = Sold("张三", 2_000, now.AddMinutes(-20), OrderStatus.Cancelled);
            db.Orders.AddRange(refunded, Sold("张三", 3_000, now.AddMinutes(-25)), Sold("张志强", 1_000, now.AddMinutes(-15)), cancelled,
                Sold("李四", 9_999, monthStart.AddDays(-3).ToUniversalTime()));
            db.OrderAdjustments.AddRange(
                new OrderAdjustment { OrderId = refunded.Id, Kind = OrderAdjustmentKind.Refund, AmountFen = 500_00, Reason = "退一半服务", At = now.AddMinutes(-10) },
                new OrderAdjustment { OrderId = cancelled.Id, Kind = OrderAdjustmentKind.Cancellation, AmountFen = 2_000_00, Reason = "客户取消", At = now.AddMinutes(-5) });
            await db.SaveChangesAsync();
        }

        var owner = await Factory.ClientForAsync("owner");
        var view = await (await owner.GetAsync($"/api/sales/month?month={month:yyyy-MM}")).ReadAsync<SalesMonthView>();
        Assert.Equal(8_500_00, view.NetFen);
        Assert.Equal(3, view.Orders);
        Assert.Equal(view.NetFen, view.Days[^1].CumulativeFen);
        Assert.Equal(view.NetFen, view.Days.Sum(d => d.NetFen));

        // 销售部 as its own board shows it (the manager's own sale is not the team's), and the rest said.
        var sales = view.Teams.Single(t => t.Name == "销售部");
        var board = await (await owner.GetAsync($"/api/sales/team-dashboard?departmentId={sales.DepartmentId}&month={month:yyyy-MM}")).ReadAsync<TeamDashboardView>();
        Assert.Equal((board.NetFen, board.TargetFen, board.Rows.Count(r => r.Behind)), (sales.NetFen, sales.TargetFen, sales.Behind));
        Assert.Equal(7_500_00, sales.NetFen);
        Assert.Equal(1_000_00, view.OtherNetFen);
        Assert.Equal(view.NetFen, view.Teams.Sum(t => t.NetFen) + view.OtherNetFen);
    }

    [Fact]
    public async Task The_owner_reads_targets_and_the_archive_but_cannot_change_a_target()
    {
        var owner = await Factory.ClientForAsync("owner");
        Guid sales;
        await using (var db = Factory.OpenDb()) sales = await db.Departments.Where(d => d.Name == "销售部").Select(d => d.Id).SingleAsync();
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/sales/targets?departmentId={sales}&month={ThisMonth:yyyy-MM}")).StatusCode);
        var put = await owner.PutAsJsonAsync("/api/sales/targets", new { departmentId = sales, month = ThisMonth.AddMonths(1).ToString("yyyy-MM"), amountYuan = 1000 });
        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/api/risk/archive/overview")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/api/risk/archive/search?q=" + Uri.EscapeDataString("微信"))).StatusCode);
    }

    [Fact]
    public async Task A_manager_reads_his_team_month_only()
    {
        var manager = await Factory.ClientForAsync("salesmgr");
        var owner = await Factory.ClientForAsync("owner");
        var mine = await (await manager.GetAsync($"/api/sales/month?month={ThisMonth:yyyy-MM}")).ReadAsync<SalesMonthView>();
        var company = await (await owner.GetAsync($"/api/sales/month?month={ThisMonth:yyyy-MM}")).ReadAsync<SalesMonthView>();
        Assert.Equal(["销售部"], mine.Teams.Select(t => t.Name));
        Assert.True(mine.NetFen <= company.NetFen);
        Assert.True(company.Teams.Count >= mine.Teams.Count);
    }

    [Theory]
    [InlineData("lisi")]
    [InlineData("hr")]
    [InlineData("finance")]
    [InlineData("auditor")]
    public async Task Others_are_refused_without_a_figure(string account)
    {
        var client = await Factory.ClientForAsync(account);
        var response = await client.GetAsync($"/api/sales/month?month={ThisMonth:yyyy-MM}");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("netFen", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_month_outside_the_report_window_is_refused_naming_the_field()
    {
        var owner = await Factory.ClientForAsync("owner");
        var problem = await (await owner.GetAsync("/api/sales/month?month=9999-12")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("month", problem.Errors!.Keys);
    }
}

[Trait("Category", "Integration")]
public sealed class SqliteSalesMonthApiTests(SqliteRenheFactory factory) : SalesMonthApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresSalesMonthApiTests(PostgresRenheFactory factory) : SalesMonthApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
