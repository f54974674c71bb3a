using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Renhe.Modules.Commission.Statements;
using Renhe.Modules.Sales.Customers;
using Renhe.Modules.Sales.Orders;
using Renhe.Platform.Audit;
using Renhe.Platform.Security;
using Renhe.Platform.Time;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Commission.Statements;

/// Orders and refunds dated where a test needs them, and a finance account with a second factor.
internal static class StatementCloseTestData
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<(DateOnly Current, TimeZoneInfo Zone)> CalendarAsync(RenheFactory factory)
    {
        var calendar = factory.Services.GetRequiredService<BranchCalendar>();
        var zone = await calendar.CompanyZoneAsync(Ct);
        return (BranchCalendar.FirstOfMonth(calendar.Today(zone)), zone);
    }

    /// Noon on the given day of <paramref name="month"/> in the company's zone.
    public static DateTimeOffset In(DateOnly month, int day, TimeZoneInfo zone) =>
        BranchCalendar.StartUtc(month.AddDays(day - 1), zone).AddHours(12);

    /// A demo employee, on the payroll for every month these tests close (the demo hires 李四 only a
    /// month ago, and nobody is paid for months before they were hired): hired two years back.
    public static async Task<Guid> EmployeeAsync(RenheFactory factory, string name)
    {
        await using var db = factory.OpenDb();
        var employee = await db.Employees.SingleAsync(e => e.Name == name, Ct);
        var longAgo = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-2);
        if (employee.HireDate > longAgo)
        {
            employee.HireDate = longAgo;
            await db.SaveChangesAsync(Ct);
        }
        return employee.Id;
    }

    /// A new customer of <paramref name="salesperson"/> with one effective order at <paramref name="at"/>.
    public static async Task<Order> SellAsync(RenheFactory factory, Guid salesperson, long fen, DateTimeOffset at)
    {
        await using var db = factory.OpenDb();
        var customer = Customer.Enter(salesperson, CustodyReason.Created, null, ChangedBy.System, at.AddDays(-1)).Customer;
        customer.Name = "结算客户" + Guid.NewGuid().ToString("N")[..6];
        db.Customers.Add(customer);
        var order = new Order
        {
            Number = "SO-CLOSE-" + Guid.NewGuid().ToString("N")[..10], CustomerId = customer.Id, SalespersonId = salesperson,
            Status = OrderStatus.Effective, ListTotalFen = fen, TotalFen = fen, CreatedAt = at, SubmittedAt = at, EffectiveAt = at,
        };
        db.Orders.Add(order);
        await db.SaveChangesAsync(Ct);
        return order;
    }

    public static async Task<OrderAdjustment> AdjustAsync(RenheFactory factory, Order order, OrderAdjustmentKind kind, long fen, DateTimeOffset at)
    {
        await using var db = factory.OpenDb();
        var adjustment = new OrderAdjustment { OrderId = order.Id, Kind = kind, AmountFen = fen, Reason = "客户退款", At = at };
        db.OrderAdjustments.Add(adjustment);
        if (kind == OrderAdjustmentKind.Cancellation)
            await db.Orders.Where(o => o.Id == order.Id).ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OrderStatus.Cancelled), Ct);
        await db.SaveChangesAsync(Ct);
        return adjustment;
    }

    /// A finance account whose session passed a second factor, as closing a month needs.
    public static async Task<HttpClient> FinanceWithSecondFactorAsync(RenheFactory factory)
    {
        var name = "fin2fa" + Guid.NewGuid().ToString("N")[..6];
        await factory.CreateUserAsync(name, Roles.Finance);
        var plain = await factory.ClientForAsync(name);
        var setup = await (await plain.PostAsync("/api/auth/totp/setup", null, Ct)).ReadAsync<Renhe.Platform.Auth.AuthenticatorSetup>();
        (await plain.PostAsJsonAsync("/api/auth/totp/enable", new { code = TotpCodes.For(setup.SharedKey) }, Ct)).EnsureSuccessStatusCode();
        return await factory.ClientForAsync(name, TotpCodes.For(setup.SharedKey));
    }

    public static string Key(DateOnly month) => month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    public static Task<StatementView> StatementAsync(HttpClient client, Guid employeeId, DateOnly month) =>
        client.GetAsync($"/api/commission/statements/{employeeId}?month={Key(month)}", Ct).ContinueWith(t => t.Result.ReadAsync<StatementView>(), Ct).Unwrap();
}

/// 月结 over HTTP: finance (with a second factor) closes a month once it has ended; the statements
/// are stored and read as stored from then on, the payable ledger gets one entry per statement, and
/// nothing rewrites a closed month. The ledger is read by finance, HR and the owner and exported as
/// the payroll-import file, which is audited. Each test closes months of its own.
public abstract class StatementCloseApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<HttpResponseMessage> CloseAsync(HttpClient client, DateOnly month) =>
        client.PostAsync($"/api/commission/months/{StatementCloseTestData.Key(month)}/close", null, Ct);

    [Fact]
    public async Task Finance_closes_an_ended_month_and_its_statements_are_stored_with_a_payable_entry_each()
    {
        var (current, zone) = await StatementCloseTestData.CalendarAsync(Factory);
        var month = current.AddMonths(-10);
        var lisi = await StatementCloseTestData.EmployeeAsync(Factory, "李四");
        var order = await StatementCloseTestData.SellAsync(Factory, lisi, 12_345_67, StatementCloseTestData.In(month, 15, zone));
        var finance = await StatementCloseTestData.FinanceWithSecondFactorAsync(Factory);
        var live = await StatementCloseTestData.StatementAsync(finance, lisi, month);
        Assert.False(live.Closed);

        var result = await (await CloseAsync(finance, month)).ReadAsync<StatementCloseResult>();

        var stored = await StatementCloseTestData.StatementAsync(finance, lisi, month);
        Assert.True(stored.Closed);
        Assert.NotNull(stored.Id);
        // The stored statement reads as the live one did: the same lines, rate, explanation and total.
        Assert.Equal(live.Lines.Select(l => (l.Kind, l.OrderId, l.BaseFen, l.RateBp, l.AmountFen, l.Explanation)),
            stored.Lines.Select(l => (l.Kind, l.OrderId, l.BaseFen, l.RateBp, l.AmountFen, l.Explanation)));
        Assert.Equal((live.TotalFen, live.RateReason, live.PlanName), (stored.TotalFen, stored.RateReason, stored.PlanName));
        var line = Assert.Single(stored.Lines, l => l.OrderId == order.Id);
        Assert.Equal(12_345_67, line.BaseFen);
        Assert.True(line.RateBp > 0);

        await using var db = Factory.OpenDb();
        var closedMonth = await db.CommissionMonths.SingleAsync(m => m.Month == month, Ct);
        var statements = await db.CommissionStatements.Where(s => s.Month == month).ToListAsync(Ct);
        var payables = await db.CommissionPayables.Where(p => p.Month == month).ToListAsync(Ct);
        Assert.Equal((result.Statements, result.TotalFen), (closedMonth.Statements, closedMonth.TotalFen));
        Assert.Equal(statements.Count, closedMonth.Statements);
        Assert.Equal(statements.Sum(s => s.TotalFen), closedMonth.TotalFen);
        Assert.Equal(statements.Select(s => (s.Id, s.EmployeeId, s.TotalFen)).OrderBy(x => x.Id),
            payables.Select(p => (Id: p.StatementId, p.EmployeeId, TotalFen: p.AmountFen)).OrderBy(x => x.Id));
        var lines = await db.CommissionStatementLines.Where(l => l.StatementId == stored.Id).OrderBy(l => l.Seq).ToListAsync(Ct);
        Assert.Equal(Enumerable.Range(1, lines.Count), lines.Select(l => l.Seq));
        Assert.Equal(stored.TotalFen, lines.Sum(l => l.AmountFen));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == "commission.close" && a.EntityKey == StatementCloseTestData.Key(month)
                                                        && a.Changes!.Contains($"\"statements\":{statements.Count}"), Ct));

        var months = await (await finance.GetAsync("/api/commission/months", Ct)).ReadAsync<List<CommissionMonthItem>>();
        var item = months.Single(m => m.Month == month);
        Assert.Equal((true, statements.Count, closedMonth.TotalFen), (item.Closed, item.People, item.TotalFen));
        Assert.False(months.Single(m => m.Month == current).Ended);

        // Each person whose statement was closed hears of it once, with the statement's total.
        var told = await (await (await Factory.ClientForAsync("lisi")).GetAsync("/api/platform/notifications", Ct))
            .ReadAsync<List<Renhe.Platform.Notifications.NotificationItem>>();
        var notice = Assert.Single(told, n => n.Link == StatementCloseService.StatementLink(month));
        Assert.Equal($"{StatementCloseTestData.Key(month)} 月提成单已结，合计 {Renhe.Platform.Formatting.MoneyFormat.Format(stored.TotalFen)}", notice.Text);
        var closedPeople = statements.Select(s => s.EmployeeId).ToList();
        var withAccounts = await db.Users.Where(u => u.IsActive && u.EmployeeId != null && closedPeople.Contains(u.EmployeeId.Value)).Select(u => u.Id).ToListAsync(Ct);
        Assert.Equal(withAccounts.Order(), (await db.Notifications.Where(n => n.TextKey == StatementCloseService.ClosedNoticeKey
                                                                              && n.Link == StatementCloseService.StatementLink(month))
            .Select(n => n.RecipientUserId).ToListAsync(Ct)).Order());
    }

    [Fact]
    public async Task Closing_twice_is_refused_and_nothing_recorded_afterwards_changes_the_closed_statement()
    {
        var (current, zone) = await StatementCloseTestData.CalendarAsync(Factory);
        var month = current.AddMonths(-9);
        var lisi = await StatementCloseTestData.EmployeeAsync(Factory, "李四");
        await StatementCloseTestData.SellAsync(Factory, lisi, 5_000_00, StatementCloseTestData.In(month, 10, zone));
        var finance = await StatementCloseTestData.FinanceWithSecondFactorAsync(Factory);
        Assert.Equal(HttpStatusCode.OK, (await CloseAsync(finance, month)).StatusCode);
        var before = await StatementCloseTestData.StatementAsync(finance, lisi, month);

        // Orders and a refund back-dated into the closed month: the stored statement stays as it was,
        // and an attempt to close (and so rewrite) the month again is a conflict.
        var late = await StatementCloseTestData.SellAsync(Factory, lisi, 80_000_00, StatementCloseTestData.In(month, 20, zone));
        await StatementCloseTestData.AdjustAsync(Factory, late, OrderAdjustmentKind.Refund, 1_000_00, StatementCloseTestData.In(month, 21, zone));
        var again = await (await CloseAsync(finance, month)).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains(StatementCloseTestData.Key(month), again.Title + again.Detail);
        Assert.Contains("month", again.Errors!.Keys);

        var after = await StatementCloseTestData.StatementAsync(finance, lisi, month);
        Assert.Equal(before.Lines.Select(l => (l.Id, l.AmountFen)), after.Lines.Select(l => (l.Id, l.AmountFen)));
        Assert.Equal(before.TotalFen, after.TotalFen);
        Assert.DoesNotContain(after.Lines, l => l.OrderId == late.Id);
        await using var db = Factory.OpenDb();
        Assert.Equal(1, await db.CommissionStatements.CountAsync(s => s.Month == month && s.EmployeeId == lisi, Ct));
        Assert.Equal(1, await db.CommissionPayables.CountAsync(p => p.Month == month && p.EmployeeId == lisi, Ct));
        // Whatever else would book into the month asks the same rule.
        var refusal = await Assert.ThrowsAsync<Renhe.Platform.Problems.DomainException>(() => StatementCloseService.EnsureOpenAsync(db, month, Ct));
        Assert.Equal(409, refusal.StatusCode);
    }

    [Fact]
    public async Task Two_closes_racing_store_the_month_once_and_the_loser_is_told_it_is_closed()
    {
        var (current, zone) = await StatementCloseTestData.CalendarAsync(Factory);
        var month = current.AddMonths(-8);
        var zhangsan = await StatementCloseTestData.EmployeeAsync(Factory, "张三");
        await StatementCloseTestData.SellAsync(Factory, zhangsan, 3_000_00, StatementCloseTestData.In(month, 3, zone));
        var a = await StatementCloseTestData.FinanceWithSecondFactorAsync(Factory);
        var b = await StatementCloseTestData.FinanceWithSecondFactorAsync(Factory);

        var responses = await Task.WhenAll(CloseAsync(a, month), CloseAsync(b, month), CloseAsync(a, month));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        await using var db = Factory.OpenDb();
        var closed = await db.CommissionMonths.SingleAsync(m => m.Month == month, Ct);
        Assert.Equal(closed.Statements, await db.CommissionStatements.CountAsync(s => s.Month == month, Ct));
        Assert.Equal(closed.Statements, await db.CommissionPayables.CountAsync(p => p.Month == month, Ct));
    }

    [Fact]
    public async Task A_month_not_yet_ended_cannot_be_closed_and_the_refusal_names_it()
    {
        var (current, _) = await StatementCloseTestData.CalendarAsync(Factory);
        var finance = await StatementCloseTestData.FinanceWithSecondFactorAsync(Factory);
        foreach (var month in new[] { current, current.AddMonths(1) })
        {
            var problem = await (await CloseAsync(finance, month)).ProblemAsync(HttpStatusCode.BadRequest);
            Assert.Contains(StatementCloseTestData.Key(month), problem.Title + problem.Detail);
            Assert.Contains("month", problem.Errors!.Keys);
        }
        await using var db = Factory.OpenDb();
        Assert.False(await db.CommissionMonths.AnyAsync(m => m.Month >= current, Ct));
    }

    [Fact]
    public async Task The_close_loads_facts_for_more_people_and_customers_than_sqlite_has_variables()
    {
        // A month close names every customer its people held (250,000 in the benchmark): each list
        // is one parameter, not one per element (SQLite stops at 32,766: "too many SQL variables").
        var (current, zone) = await StatementCloseTestData.CalendarAsync(Factory);
        var people = Enumerable.Range(0, 40_000).Select(_ => Guid.NewGuid()).ToList();
        people.Add(await StatementCloseTestData.EmployeeAsync(Factory, "李四"));
        await using var db = Factory.OpenDb();
        var facts = await Renhe.Platform.Measures.MeasureFactsLoader.LoadAsync(db, people, BranchCalendar.StartUtc(current.AddMonths(-7), zone),
            BranchCalendar.StartUtc(current, zone), Ct);
        Assert.Equal(people.Count, facts.Count);
    }

    [Fact]
    public async Task Only_finance_with_a_second_factor_closes_a_month()
    {
        var (current, _) = await StatementCloseTestData.CalendarAsync(Factory);
        var month = current.AddMonths(-7);
        foreach (var user in new[] { "lisi", "salesmgr", "owner", "hr" })
            Assert.Equal(HttpStatusCode.Forbidden, (await CloseAsync(await Factory.ClientForAsync(user), month)).StatusCode);
        // The demo's finance account has no second factor yet: refused, and told why.
        var plain = await (await CloseAsync(await Factory.ClientForAsync("finance"), month)).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("两步验证", plain.Title + plain.Detail);
        await using (var db = Factory.OpenDb())
            Assert.False(await db.CommissionMonths.AnyAsync(m => m.Month == month, Ct));

        var finance = await StatementCloseTestData.FinanceWithSecondFactorAsync(Factory);
        Assert.Equal(HttpStatusCode.OK, (await CloseAsync(finance, month)).StatusCode);
        await using (var db = Factory.OpenDb())
            Assert.Equal(1, await db.CommissionMonths.CountAsync(m => m.Month == month, Ct));
    }
}

[Trait("Category", "Integration")]
public sealed class SqliteStatementCloseApiTests(SqliteRenheFactory factory)
    : StatementCloseApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresStatementCloseApiTests(PostgresRenheFactory factory)
    : StatementCloseApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
