using System.Net;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Renhe.Modules.Commission.Statements;
using Renhe.Modules.Sales.Customers;
using Renhe.Modules.Sales.Orders;
using Renhe.Platform.Audit;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Commission.Statements;

/// Statements over HTTP by role and scope: a salesperson reads his own and nobody else's (another's
/// reads as not found and discloses nothing), a manager his team's, finance and the owner
/// everyone's; the live statement's lines are the plan applied to this month's orders by hand; a
/// month not begun is refused naming the month; the customers behind each rate; the team's Excel.
public abstract class StatementApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private static readonly TimeSpan BooksOffset = TimeSpan.FromHours(8);
    private static DateOnly ThisMonth
    {
        get
        {
            var local = DateTimeOffset.UtcNow.ToOffset(BooksOffset);
            return new DateOnly(local.Year, local.Month, 1);
        }
    }

    private async Task<Dictionary<string, Guid>> PeopleAsync()
    {
        await using var db = Factory.OpenDb();
        return await db.Employees.Where(e => e.Name == "李四" || e.Name == "张三" || e.Name == "李晓" || e.Name == "孙丽")
            .ToDictionaryAsync(e => e.Name, e => e.Id);
    }

    private async Task<Guid> OutsideSalesAsync()
    {
        await using var db = Factory.OpenDb();
        var sales = await db.Departments.Where(d => d.Name == "销售部").Select(d => d.Id).SingleAsync();
        return await db.Employees.Where(e => e.DepartmentId != sales).OrderBy(e => e.EmployeeNumber).Select(e => e.Id).FirstAsync();
    }

    [Fact]
    public async Task A_salesperson_reads_his_own_statement_and_anothers_reads_as_not_found_disclosing_nothing()
    {
        var people = await PeopleAsync();
        var lisi = await Factory.ClientForAsync("lisi");

        var mine = await (await lisi.GetAsync("/api/commission/statements/mine")).ReadAsync<StatementView>();
        Assert.Equal((people["李四"], "李四", ThisMonth, false), (mine.EmployeeId, mine.Name, mine.Month, mine.Closed));
        Assert.Equal(people["李四"], (await (await lisi.GetAsync($"/api/commission/statements/{people["李四"]}")).ReadAsync<StatementView>()).EmployeeId);

        foreach (var url in new[]
                 {
                     $"/api/commission/statements/{people["张三"]}", $"/api/commission/statements/{people["张三"]}/customers",
                     $"/api/commission/statements/{people["张三"]}/history", $"/api/commission/statements/{Guid.NewGuid()}",
                 })
        {
            var response = await lisi.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain("张三", await response.Content.ReadAsStringAsync());
        }
        // His team view is himself alone.
        var team = await (await lisi.GetAsync("/api/commission/team")).ReadAsync<TeamStatementView>();
        Assert.Equal(["李四"], team.Rows.Select(r => r.Name));
    }

    [Fact]
    public async Task A_manager_reads_his_teams_statements_and_not_outside_it_while_finance_and_the_owner_read_everyone()
    {
        var people = await PeopleAsync();
        var outside = await OutsideSalesAsync();
        var manager = await Factory.ClientForAsync("salesmgr");

        var lisi = await (await manager.GetAsync($"/api/commission/statements/{people["李四"]}")).ReadAsync<StatementView>();
        Assert.Equal("李四", lisi.Name);
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync($"/api/commission/statements/{people["李晓"]}/customers")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/api/commission/statements/{outside}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/api/commission/statements/{outside}/customers")).StatusCode);

        var team = await (await manager.GetAsync("/api/commission/team")).ReadAsync<TeamStatementView>();
        Assert.Contains(team.Rows, r => r.Name == "李四");
        Assert.Contains(team.Rows, r => r.Name == "张三");
        Assert.DoesNotContain(team.Rows, r => r.EmployeeId == outside);
        Assert.Equal(team.Rows.Sum(r => r.TotalFen), team.TotalFen);

        foreach (var user in new[] { "finance", "owner" })
        {
            var client = await Factory.ClientForAsync(user);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/commission/statements/{outside}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/commission/statements/{people["张三"]}")).StatusCode);
            var all = await (await client.GetAsync("/api/commission/team")).ReadAsync<TeamStatementView>();
            Assert.Equal(team.Rows.Select(r => r.EmployeeId).Order(), all.Rows.Select(r => r.EmployeeId).Order());
        }
        // HR reads the payable ledger, not statements.
        var hr = await Factory.ClientForAsync("hr");
        Assert.Equal(HttpStatusCode.Forbidden, (await hr.GetAsync($"/api/commission/statements/{people["李四"]}")).StatusCode);
    }

    [Fact]
    public async Task A_month_not_begun_is_refused_naming_the_month()
    {
        var lisi = await Factory.ClientForAsync("lisi");
        var next = ThisMonth.AddMonths(1).ToString("yyyy-MM");
        foreach (var url in new[] { $"/api/commission/statements/mine?month={next}", $"/api/commission/team?month={next}" })
        {
            var problem = await (await lisi.GetAsync(url)).ProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(problem.Errors!.ContainsKey("month"), url);
        }
    }

    /// 李四 joined last month: a month before he was hired has no statement, and so no probation
    /// guarantee paid for it; the month he joined is the first of his three guaranteed months.
    [Fact]
    public async Task A_month_before_someone_was_hired_pays_nothing_and_the_guarantee_starts_with_the_month_of_hire()
    {
        await using (var db = Factory.OpenDb())
        {
            var hired = await db.Employees.Where(e => e.Name == "李四").Select(e => e.HireDate).SingleAsync();
            Assert.True(hired >= ThisMonth.AddMonths(-2), "the demo hires 李四 about a month ago");
        }
        var lisi = await Factory.ClientForAsync("lisi");
        var before = await (await lisi.GetAsync($"/api/commission/statements/mine?month={ThisMonth.AddMonths(-3):yyyy-MM}")).ReadAsync<StatementView>();
        Assert.Empty(before.Lines);
        Assert.Equal(0, before.TotalFen);
        var now = await (await lisi.GetAsync("/api/commission/statements/mine")).ReadAsync<StatementView>();
        Assert.Contains(now.Lines, l => l.Kind == LineKind.Guarantee || l.Kind == LineKind.Order);
        Assert.True(now.TotalFen >= 1_000_00);
    }

    /// 李四 this month: 黄秀英 stands at 意向 with him (the demo), and two new customers of his order
    /// ¥12,345.67 and ¥20,000.01. Conversion D = {黄秀英, 甲, 乙}, N = {甲, 乙}: 66.7 % (2/3) ≥ 25 % → 4 %;
    /// no customer bought before the month, so repurchase is "—" and adds nothing. Lines, rounded
    /// half away from zero once each: 1,234,567 × 4 % = 49,382.68 → 49,383; 2,000,001 × 4 % =
    /// 80,000.04 → 80,000; total ¥1,293.83 (above his probation guarantee of ¥1,000).
    [Fact]
    public async Task The_live_statement_is_the_plan_applied_to_this_months_orders_by_hand_and_the_rates_name_their_customers()
    {
        var people = await PeopleAsync();
        var now = DateTimeOffset.UtcNow;
        var orders = new List<Order>();
        await using (var db = Factory.OpenDb())
        {
            foreach (var (name, fen, minutes) in new[] { ("面板客户甲", 1_234_567L, 50), ("面板客户乙", 2_000_001L, 40) })
            {
                var (customer, custody, stage) = Customer.Enter(people["李四"], CustodyReason.Created, null, new ChangedBy(null, "李四"), now.AddMinutes(-minutes - 5));
                customer.Name = name;
                db.Customers.Add(customer);
                db.CustodyEntries.Add(custody);
                db.StageChanges.Add(stage);
                var at = now.AddMinutes(-minutes);
                var order = new Order
                {
                    Number = "SO-PANEL-" + Guid.NewGuid().ToString("N")[..8], CustomerId = customer.Id, SalespersonId = people["李四"],
                    Status = OrderStatus.Effective, ListTotalFen = fen, TotalFen = fen, CreatedAt = at, SubmittedAt = at, EffectiveAt = at,
                };
                db.Orders.Add(order);
                db.StageChanges.Add(customer.RecordEffectiveOrder(false, new ChangedBy(null, "李四"), at)!);
                orders.Add(order);
            }
            await db.SaveChangesAsync();
        }

        var lisi = await Factory.ClientForAsync("lisi");
        var view = await (await lisi.GetAsync("/api/commission/statements/mine")).ReadAsync<StatementView>();
        Assert.Equal("66.7 % (2/3)", view.Measures.Conversion.Text);
        Assert.Equal("—", view.Measures.Repurchase.Text);
        Assert.Equal((400, 3_234_568L, 2), (view.OrderRateBp, view.Measures.NetSalesFen, view.Measures.Orders));
        Assert.Contains("66.7 % (2/3)", view.RateReason);
        Assert.Contains("25 %", view.RateReason);
        var lines = view.Lines.Where(l => l.Kind == LineKind.Order).OrderBy(l => l.BaseFen).ToList();
        Assert.Equal(
            [(orders[0].Id, orders[0].Number, "面板客户甲", 1_234_567L, 400, 49_383L), (orders[1].Id, orders[1].Number, "面板客户乙", 2_000_001L, 400, 80_000L)],
            lines.Select(l => (l.OrderId!.Value, l.OrderNumber, l.CustomerName, l.BaseFen, l.RateBp, l.AmountFen)));
        Assert.Equal(129_383L, view.TotalFen);
        Assert.Equal(view.Lines.Sum(l => l.AmountFen), view.TotalFen);
        Assert.All(lines, l => Assert.Contains("4 %", l.Explanation));

        // Every rate opens onto its customers: D and N by name, B and R empty.
        var customers = await (await lisi.GetAsync($"/api/commission/statements/{people["李四"]}/customers")).ReadAsync<MeasureCustomersView>();
        Assert.Equal(["面板客户乙", "面板客户甲", "黄秀英"], customers.ConversionBase.Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["面板客户乙", "面板客户甲"], customers.Converted.Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.Empty(customers.RepurchaseBase);

        // Six months of history end with this one, as the statement says.
        var history = await (await lisi.GetAsync($"/api/commission/statements/{people["李四"]}/history")).ReadAsync<List<StatementMonth>>();
        Assert.Equal(6, history.Count);
        Assert.Equal((ThisMonth, false, 129_383L), (history[^1].Month, history[^1].Closed, history[^1].TotalFen));
    }

    [Fact]
    public async Task The_managers_team_export_is_one_row_a_person_and_is_audited()
    {
        var manager = await Factory.ClientForAsync("salesmgr");
        var team = await (await manager.GetAsync("/api/commission/team")).ReadAsync<TeamStatementView>();
        var response = await manager.GetAsync($"/api/commission/team/export?month={ThisMonth:yyyy-MM}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(AuditEndpoints.XlsxContentType, response.Content.Headers.ContentType!.MediaType);
        var rows = MiniExcel.Query(await response.Content.ReadAsStreamAsync(), useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(team.Rows.Select(r => r.Name), rows.Select(r => (string)r["姓名"]!));
        Assert.Equal(team.Rows.Select(r => r.Measures.Conversion.Text), rows.Select(r => (string)r["转化率"]!));

        await using var db = Factory.OpenDb();
        var audit = await db.AuditEntries.AsNoTracking()
            .Where(a => a.Action == AuditAction.Export && a.Entity == "commission.statement" && a.UserName == "salesmgr").SingleAsync();
        Assert.Contains($"\"rows\":{team.Rows.Count}", audit.Changes);
    }
}

[Trait("Category", "Integration")]
public sealed class SqliteStatementApiTests(SqliteRenheFactory factory) : StatementApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresStatementApiTests(PostgresRenheFactory factory) : StatementApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
