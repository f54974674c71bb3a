using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Commission.Plans;
using Renhe.Platform.Data;
using Renhe.Platform.Time;

namespace Renhe.Modules.Commission.Demo;

/// The demo company's commission plan: the brief's (seed 000, part 四), applying to 销售部 and in
/// force since before the demo's order history begins, so every demo month has a statement.
public sealed class DemoCommissionSeeder(IDbContextFactory<AppDbContext> dbs, BranchCalendar calendar)
{
    public const string PlanName = "销售部提成方案";

    public async Task SeedAsync(CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        if (await db.CommissionPlans.AnyAsync(ct)) return;
        var sales = await db.Departments.Where(d => d.Name == "销售部").Select(d => d.Id).ToListAsync(ct);
        if (sales.Count == 0) return;
        var zone = await calendar.CompanyZoneAsync(ct);
        var now = calendar.UtcNow;
        var from = BranchCalendar.FirstOfMonth(calendar.Today(zone)).AddMonths(-12);
        var plan = new CommissionPlan
        {
            Name = PlanName, Description = "转化率与复购率挂钩：转化率20%以下2%，≥20% 3%，≥25% 4%；复购率≥30%另加1%；销售经理按团队净销售额0.5%；试用期前三个月保底1,000元。",
            DepartmentIds = sales, CreatedAt = now,
        };
        var version = plan.AddDraft(from, PlanRules.Brief, "首版", now);
        version.Submit(Guid.Empty);
        version.Conclude(PlanVersionStatus.Published, now);
        version.ApprovalRequestId = null;
        db.CommissionPlans.Add(plan);
        await db.SaveChangesAsync(ct);
    }
}
