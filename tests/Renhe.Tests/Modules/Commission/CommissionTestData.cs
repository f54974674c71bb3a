using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Modules.Commission.Statements;
using Renhe.Platform.Time;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Commission;

/// Closed months and statements written straight into the database, for tests of what happens
/// after a close (disputes, adjustments booked past a closed month) without running a close.
public static class CommissionTestData
{
    public static async Task<DateOnly> CurrentMonthAsync(this RenheFactory factory)
    {
        var calendar = factory.Services.GetRequiredService<BranchCalendar>();
        return BranchCalendar.FirstOfMonth(calendar.Today(await calendar.CompanyZoneAsync(CancellationToken.None)));
    }

    public static async Task CloseMonthAsync(this RenheFactory factory, DateOnly month, DateTimeOffset closedAt)
    {
        await using var db = factory.OpenDb();
        if (await db.CommissionMonths.AnyAsync(m => m.Month == month)) return;
        db.CommissionMonths.Add(new CommissionMonth { Month = month, ClosedAt = closedAt, ClosedByName = "刘芳" });
        await db.SaveChangesAsync();
    }

    /// A closed statement of <paramref name="person"/> for <paramref name="month"/> with one order line
    /// of ¥10,000 at 3 % (¥300); returns the statement and the line.
    public static async Task<(Guid Statement, Guid Line)> ClosedStatementAsync(this RenheFactory factory, string person, DateOnly month, DateTimeOffset closedAt)
    {
        await factory.CloseMonthAsync(month, closedAt);
        await using var db = factory.OpenDb();
        var employee = await db.Employees.SingleAsync(e => e.Name == person);
        var statement = new CommissionStatement
        {
            EmployeeId = employee.Id, Month = month, TotalFen = 300_00, ClosedAt = closedAt, ClosedByName = "刘芳",
            SnapshotJson = StatementService.SnapshotJson(new StatementSnapshot("销售部提成方案", 1, Renhe.Modules.Commission.Plans.PlanRules.Brief,
                1_000_000, 1, 1, 5, 0, 0, null, 0, 300, [], 0)),
        };
        var line = new CommissionStatementLine
        {
            StatementId = statement.Id, Seq = 1, Kind = LineKind.Order, OrderNumber = "SO-TEST-" + month.ToString("yyyyMM"), CustomerName = "王建华",
            BaseFen = 1_000_000, RateBp = 300, AmountFen = 300_00,
        };
        statement.Lines.Add(line);
        db.CommissionStatements.Add(statement);
        await db.SaveChangesAsync();
        return (statement.Id, line.Id);
    }
}
