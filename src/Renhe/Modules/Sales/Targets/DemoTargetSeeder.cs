using Microsoft.EntityFrameworkCore;
using Renhe.Platform.Data;

namespace Renhe.Modules.Sales.Targets;

/// The demo company's target for the current month: ¥800,000 for 销售部, split by the proposal
/// and published by 张志强, so 今日, 团队看板 and 目标与计划 have a plan to show. Loaded by --demo
/// after the customers; a second run (or a month already set) stores nothing.
public sealed class DemoTargetSeeder(IDbContextFactory<AppDbContext> dbFactory, TargetService targets, TimeProvider clock)
{
    public const long AmountFen = 800_000_00;

    public async Task<bool> SeedAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var department = await db.Departments.AsNoTracking().Where(d => d.Name == "销售部")
            .Select(d => new { d.Id, Zone = db.Branches.Where(b => b.Id == d.BranchId).Select(b => b.TimeZone).FirstOrDefault(),
                Manager = db.Employees.Where(e => e.Id == d.ManagerEmployeeId).Select(e => e.Name).FirstOrDefault() })
            .FirstOrDefaultAsync(ct);
        if (department is null) return false;
        var month = SalesFigures.FirstOfMonth(SalesFigures.LocalDay(clock.GetUtcNow(), SalesFigures.Zone(department.Zone)));
        if (await db.SalesTargets.AnyAsync(t => t.DepartmentId == department.Id && t.Month == month, ct)) return false;
        await targets.PublishProposalAsync(db, department.Id, month, AmountFen, department.Manager ?? "张志强", ct);
        return true;
    }
}
