using System.Net;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Commission.Statements;
using Renhe.Modules.Sales.Orders;
using Renhe.Tests.Infrastructure;
using static Renhe.Tests.Modules.Commission.Statements.StatementCloseTestData;

namespace Renhe.Tests.Modules.Commission.Statements;

/// Clawbacks end to end: a refund or cancellation recorded in an open month on an order of an
/// earlier month is a negative line there, at the rate the earlier month paid the order, linked to
/// the refund and the order; the earlier month's stored statement never changes. 李四's order is
/// his only customer's first, so his month converts 1 of 1 (≥ 25 %: 4 %), while the month after,
/// without orders, has no conversion base and would pay the base rate (2 %).
public abstract class ClawbackApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task CloseAsync(HttpClient finance, DateOnly month) =>
        Assert.Equal(HttpStatusCode.OK, (await finance.PostAsync($"/api/commission/months/{Key(month)}/close", null, Ct)).StatusCode);

    [Fact]
    public async Task A_partial_refund_after_the_close_is_clawed_back_next_month_at_the_closed_rate_and_the_closed_statement_stays()
    {
        var (current, zone) = await CalendarAsync(Factory);
        var month = current.AddMonths(-4);
        var next = month.AddMonths(1);
        var lisi = await EmployeeAsync(Factory, "李四");
        var order = await SellAsync(Factory, lisi, 10_000_00, In(month, 10, zone));
        // Refunded in its own month: that part never earned commission (the line's base is net of it).
        await AdjustAsync(Factory, order, OrderAdjustmentKind.Refund, 1_000_00, In(month, 11, zone));
        var finance = await FinanceWithSecondFactorAsync(Factory);
        await CloseAsync(finance, month);
        var closedBefore = await StatementAsync(finance, lisi, month);
        var paid = Assert.Single(closedBefore.Lines, l => l.OrderId == order.Id);
        Assert.Equal((9_000_00, 400), (paid.BaseFen, paid.RateBp));

        var refund = await AdjustAsync(Factory, order, OrderAdjustmentKind.Refund, 2_000_00, In(next, 5, zone));

        var live = await StatementAsync(finance, lisi, next);
        Assert.False(live.Closed);
        Assert.Equal(200, live.OrderRateBp);
        var clawback = Assert.Single(live.Lines, l => l.Kind == LineKind.Clawback);
        Assert.Equal((order.Id, refund.Id, -2_000_00L, 400, -80_00L), (clawback.OrderId, clawback.SourceId, clawback.BaseFen, clawback.RateBp, clawback.AmountFen));
        Assert.Equal(order.Number, clawback.OrderNumber);
        Assert.Contains(Key(month), clawback.Explanation);

        var closedAfter = await StatementAsync(finance, lisi, month);
        Assert.Equal(closedBefore.Lines.Select(l => (l.Id, l.BaseFen, l.AmountFen)), closedAfter.Lines.Select(l => (l.Id, l.BaseFen, l.AmountFen)));
        Assert.Equal(closedBefore.TotalFen, closedAfter.TotalFen);

        // Closing the next month stores the clawback as it was shown, linked to the refund and the order.
        await CloseAsync(finance, next);
        await using var db = Factory.OpenDb();
        var stored = await db.CommissionStatementLines
            .Where(l => l.Kind == LineKind.Clawback && l.SourceId == refund.Id)
            .Join(db.CommissionStatements, l => l.StatementId, s => s.Id, (l, s) => new { l.OrderId, l.RateBp, l.AmountFen, s.Month, s.EmployeeId })
            .SingleAsync(Ct);
        Assert.Equal((order.Id, 400, -80_00L, next, lisi), (stored.OrderId, stored.RateBp, stored.AmountFen, stored.Month, stored.EmployeeId));
    }

    [Fact]
    public async Task A_cancellation_after_the_close_claws_back_the_whole_order_at_the_closed_rate()
    {
        var (current, zone) = await CalendarAsync(Factory);
        var month = current.AddMonths(-8);
        var next = month.AddMonths(1);
        var lisi = await EmployeeAsync(Factory, "李四");
        var order = await SellAsync(Factory, lisi, 7_777_77, In(month, 28, zone));
        var finance = await FinanceWithSecondFactorAsync(Factory);
        await CloseAsync(finance, month);
        var closedBefore = await StatementAsync(finance, lisi, month);
        var paid = Assert.Single(closedBefore.Lines, l => l.OrderId == order.Id);

        var cancellation = await AdjustAsync(Factory, order, OrderAdjustmentKind.Cancellation, 7_777_77, In(next, 2, zone));

        var live = await StatementAsync(finance, lisi, next);
        var clawback = Assert.Single(live.Lines, l => l.Kind == LineKind.Clawback);
        // 7,777.77 × 4 % = 311.1108 → −311.11, the mirror of the line it reverses.
        Assert.Equal((order.Id, cancellation.Id, -7_777_77L, paid.RateBp, -paid.AmountFen), (clawback.OrderId, clawback.SourceId, clawback.BaseFen, clawback.RateBp, clawback.AmountFen));
        Assert.Equal(-311_11, clawback.AmountFen);
        var closedAfter = await StatementAsync(finance, lisi, month);
        Assert.Equal(closedBefore.Lines.Select(l => (l.Id, l.AmountFen)), closedAfter.Lines.Select(l => (l.Id, l.AmountFen)));
    }

    [Fact]
    public async Task A_refund_recorded_after_the_month_ended_but_before_it_was_closed_is_a_clawback_next_month_and_not_netted_in_the_closed_one()
    {
        var (current, zone) = await CalendarAsync(Factory);
        var month = current.AddMonths(-6);
        var next = month.AddMonths(1);
        var lisi = await EmployeeAsync(Factory, "李四");
        var order = await SellAsync(Factory, lisi, 5_000_00, In(month, 20, zone));
        var refund = await AdjustAsync(Factory, order, OrderAdjustmentKind.Refund, 500_00, In(next, 1, zone));
        var finance = await FinanceWithSecondFactorAsync(Factory);

        // Before the close: the next month already claws it back, at the rate the order's month computes to.
        var before = Assert.Single((await StatementAsync(finance, lisi, next)).Lines, l => l.Kind == LineKind.Clawback);
        Assert.Equal((refund.Id, 400, -20_00L), (before.SourceId, before.RateBp, before.AmountFen));

        await CloseAsync(finance, month);

        // The closed month keeps its books as of its end: the order in full, the refund not netted.
        var closed = await StatementAsync(finance, lisi, month);
        var paid = Assert.Single(closed.Lines, l => l.OrderId == order.Id);
        Assert.Equal((5_000_00, 400, 200_00L), (paid.BaseFen, paid.RateBp, paid.AmountFen));
        // … and the refund is clawed back once, next month, at the rate now stored.
        var after = await StatementAsync(finance, lisi, next);
        var clawback = Assert.Single(after.Lines, l => l.Kind == LineKind.Clawback);
        Assert.Equal((refund.Id, order.Id, 400, -20_00L), (clawback.SourceId, clawback.OrderId, clawback.RateBp, clawback.AmountFen));
        Assert.Equal(after.Lines.Sum(l => l.AmountFen), after.TotalFen);
    }
}

[Trait("Category", "Integration")]
public sealed class SqliteClawbackApiTests(SqliteRenheFactory factory)
    : ClawbackApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresClawbackApiTests(PostgresRenheFactory factory)
    : ClawbackApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
