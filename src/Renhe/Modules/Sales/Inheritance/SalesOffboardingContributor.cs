using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Lifecycle;
using Renhe.Platform.Data;
using Renhe.Platform.Time;

namespace Renhe.Modules.Sales.Inheritance;

/// The sales module's part of a leaving, in the save that records it: the inheritance plan of the
/// leaver's customers (which freezes them), a checklist item for the manager linking to it and the
/// manager's bell. A last working day already past is executed at once, in the same save.
public sealed class SalesOffboardingContributor(InheritanceService inheritance, BranchCalendar calendar) : IOffboardingContributor
{
    public async Task OnLeavingAsync(AppDbContext db, Employee leaver, DateOnly lastWorkingDay, CancellationToken ct)
    {
        var holds = await db.Customers.AnyAsync(c => c.OwnerId == leaver.Id && c.DeletedAt == null, ct);
        var open = await db.InheritancePlans.AnyAsync(p => p.LeaverId == leaver.Id && p.State == InheritanceState.Proposed, ct);
        if (!holds && !open) return; // nobody to inherit from: no plan, no item
        var now = inheritance.Now;
        var plan = await inheritance.ProposeAsync(db, leaver, lastWorkingDay, now, ct);
        db.ChecklistItems.Add(new ChecklistItem
        {
            EmployeeId = leaver.Id, Kind = ChecklistKind.Offboarding, Title = "Sales.Inheritance.ChecklistTitle", DueDate = lastWorkingDay,
            OwnerEmployeeId = leaver.ManagerId, Source = nameof(SalesOffboardingContributor), Link = InheritanceService.PlanLink(plan.Id),
        });
        if (lastWorkingDay < await calendar.TodayAsync(leaver.BranchId, ct))
            await inheritance.ExecuteAsync(db, plan, leaver, now, ct);
        else
            await InheritanceService.AnnounceAsync(db, plan, leaver, now, ct);
    }
}
