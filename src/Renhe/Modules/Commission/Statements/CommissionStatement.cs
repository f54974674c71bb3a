using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Org.Employees;
using Renhe.Platform.Data;
using Renhe.Platform.Security;

namespace Renhe.Modules.Commission.Statements;

/// A closed month's statement for one person: written once when finance closes the month and never
/// changed after (a later refund is a clawback line in an open month, a correction an adjustment).
/// While a month is open the statement is computed live and not stored. A salesperson reads their
/// own, a manager the team's, finance and the owner all (scope follows the person).
public sealed class CommissionStatement : IDataScoped<CommissionStatement>
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EmployeeId { get; set; }
    public Employee? Employee { get; set; }
    /// The first day of the month, in the company's zone.
    public DateOnly Month { get; set; }
    public Guid? PlanVersionId { get; set; }
    public long TotalFen { get; set; }
    /// The measures and the tier decision as they were at close (<see cref="StatementSnapshot"/>),
    /// so the explanation reads the same years later.
    public string SnapshotJson { get; set; } = "{}";
    public DateTimeOffset ClosedAt { get; set; }
    public string? ClosedByName { get; set; }
    public List<CommissionStatementLine> Lines { get; set; } = [];

    public static Expression<Func<CommissionStatement, Guid?>> ScopeOwner => s => s.EmployeeId;
    public static Expression<Func<CommissionStatement, Guid?>> ScopeDepartment => s => s.Employee == null ? null : s.Employee.DepartmentId;
    public static Expression<Func<CommissionStatement, Guid?>> ScopeBranch => s => s.Employee == null ? null : s.Employee.BranchId;
}

/// One line of a closed statement, as the kernel produced it.
public sealed class CommissionStatementLine
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid StatementId { get; set; }
    public int Seq { get; set; }
    public LineKind Kind { get; set; }
    public Guid? OrderId { get; set; }
    public string? OrderNumber { get; set; }
    public string? CustomerName { get; set; }
    /// The refund, the adjustment or the dispute the line comes from.
    public Guid? SourceId { get; set; }
    public long BaseFen { get; set; }
    public int RateBp { get; set; }
    public long AmountFen { get; set; }
    public int? Band { get; set; }
    public string? Note { get; set; }
}

/// A closed month: one row per month, so closing twice is refused by the database as well as by the rule.
public sealed class CommissionMonth
{
    public DateOnly Month { get; set; }
    public DateTimeOffset ClosedAt { get; set; }
    public Guid? ClosedByUserId { get; set; }
    public string? ClosedByName { get; set; }
    public int Statements { get; set; }
    public long TotalFen { get; set; }

    /// The first month from <paramref name="from"/> on that is not closed: where an adjustment
    /// approved after its month closed is booked. The current month is never closed, so one is found.
    public static async Task<DateOnly> FirstOpenAsync(AppDbContext db, DateOnly from, CancellationToken ct)
    {
        var month = new DateOnly(from.Year, from.Month, 1);
        var closed = await db.CommissionMonths.Where(m => m.Month >= month).Select(m => m.Month).ToListAsync(ct);
        while (closed.Contains(month)) month = month.AddMonths(1);
        return month;
    }
}

/// 应付提成: the append-only ledger payroll reads. Each closed statement writes one entry; a
/// correction is a new entry, never an edit.
public sealed class CommissionPayable : IDataScoped<CommissionPayable>
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EmployeeId { get; set; }
    public Employee? Employee { get; set; }
    public DateOnly Month { get; set; }
    public long AmountFen { get; set; }
    public Guid StatementId { get; set; }
    public DateTimeOffset At { get; set; }

    public static Expression<Func<CommissionPayable, Guid?>> ScopeOwner => s => s.EmployeeId;
    public static Expression<Func<CommissionPayable, Guid?>> ScopeDepartment => s => s.Employee == null ? null : s.Employee.DepartmentId;
    public static Expression<Func<CommissionPayable, Guid?>> ScopeBranch => s => s.Employee == null ? null : s.Employee.BranchId;
}
