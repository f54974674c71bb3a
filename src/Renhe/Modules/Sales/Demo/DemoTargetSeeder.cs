using Renhe.Modules.Sales.Targets;
using Renhe.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Renhe.Platform.Data;

namespace Renhe.Modules.Sales.Demo;

/// The demo company's target for the current month for 销售部 — 15 % above the team's average
/// month of the last quarter (¥800,000 without history), rounded up to ¥10,000 — split by the proposal
/// and published by 张志强, so 今日, 团队看板 and 目标与计划 have a plan to show. Loaded by --demo
/// after the customers; a second run (or a month already set) stores nothing.
public sealed class DemoTargetSeeder(IDbContextFactory<AppDbContext> dbFactory, TargetService targets, TimeProvider clock)
{
    public const long DefaultAmountFen = 800_000_00;

    public async Task<bool> SeedAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var department = await db.Departments.AsNoTracking().Where(d => d.Name == "销售部")
            .Select(d => new { d.Id, Zone = db.Branches.Where(b => b.Id == d.BranchId).Select(b => b.TimeZone).FirstOrDefault(),
                Manager = db.Employees.Where(e => e.Id == d.ManagerEmployeeId).Select(e => e.Name).FirstOrDefault() })
            .FirstOrDefaultAsync(ct);
        if (department is null) return false;
        var month = BranchCalendar.FirstOfMonth(BranchCalendar.DayOf(clock.GetUtcNow(), BranchCalendar.Zone(department.Zone)));
        if (await db.SalesTargets.AnyAsync(t => t.DepartmentId == department.Id && t.Month == month, ct)) return false;
        // A stretch a real manager would set: above what the team has been doing, not a multiple of it.
        var since = clock.GetUtcNow().AddDays(-90);
        var quarter = await db.Orders.AsNoTracking()
            .Where(o => o.Salesperson!.DepartmentId == department.Id && o.EffectiveAt != null && o.EffectiveAt >= since
                        && (o.Status == Orders.OrderStatus.Effective || o.Status == Orders.OrderStatus.Cancelled))
            .SumAsync(o => o.TotalFen, ct);
        var amountFen = quarter == 0 ? DefaultAmountFen : (long)Math.Ceiling(quarter / 3m * 1.15m / 1_000_000m) * 1_000_000;
        await targets.PublishProposalAsync(db, department.Id, month, amountFen, department.Manager ?? "张志强", ct);
        return true;
    }
}
