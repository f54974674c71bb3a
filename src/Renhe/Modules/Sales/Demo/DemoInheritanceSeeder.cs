using Renhe.Platform.Notifications;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Lifecycle;
using Renhe.Modules.Integrations.WeCom.Api;
using Renhe.Modules.Sales.Inheritance;
using Renhe.Modules.Sales.WeComHandovers;
using Renhe.Platform.Data;
using Renhe.Platform.Time;

namespace Renhe.Modules.Sales.Demo;

/// 离职继承 in the demo, after the sales history: 赵磊 left last month and his customers were
/// inherited the day after his last working day (the custody ledger says 离职继承; on WeCom one
/// customer refused the takeover, listed under the plan); 黄婷 leaves next
/// week, so her customers are frozen and 张志强 has a proposed plan to review. Written through the
/// same proposal and execution as the product. A second run stores nothing.
public sealed class DemoInheritanceSeeder(IDbContextFactory<AppDbContext> dbFactory, InheritanceService inheritance, TimeProvider clock)
{
    public async Task<int> SeedAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.InheritancePlans.AnyAsync(ct)) return 0;
        var people = await db.Employees.Where(e => (e.Name == "赵磊" || e.Name == "黄婷") && e.Status == EmploymentStatus.Active).ToListAsync(ct);
        if (people.Count != 2) return 0;
        var zone = BranchCalendar.Zone((await db.Branches.SingleAsync(b => b.Id == people[0].BranchId, ct)).TimeZone);
        var now = clock.GetUtcNow();
        var today = BranchCalendar.DayOf(now, zone);

        var left = people.Single(e => e.Name == "赵磊");
        var lastDay = today.AddMonths(-1);
        Leave(db, left, lastDay, "家人在外地，随迁");
        var proposedAt = BranchCalendar.StartUtc(lastDay.AddDays(-14), zone).AddHours(2);
        var plan = await inheritance.ProposeAsync(db, left, lastDay, proposedAt, ct);
        AddItem(db, left, lastDay, plan, done: now.AddDays(-30));
        // His customers were added on WeCom, so the takeover went through WeCom too.
        foreach (var customer in await db.Customers.Where(c => c.OwnerId == left.Id && c.WeComExternalId == null).ToListAsync(ct))
            customer.WeComExternalId = "wmDemo" + customer.Id.ToString("N")[..20];
        await db.SaveChangesAsync(ct); // the WeCom outbox reads the external ids from the database
        var executedAt = BranchCalendar.StartUtc(lastDay.AddDays(1), zone).AddMinutes(10);
        await inheritance.ExecuteAsync(db, plan, left, executedAt, ct);
        SettleHandovers(db, executedAt);
        left.Status = EmploymentStatus.Left;
        db.JobChanges.Add(EmployeeService.Snapshot(left, lastDay.AddDays(1), JobChangeKind.Leave, left.LeaveReason));
        // The heirs were told a month ago and have read it since.
        foreach (var notice in db.ChangeTracker.Entries<Notification>().Select(e => e.Entity).Where(n => n.TextKey == "Notify.InheritanceReceived"))
            notice.ReadAt = executedAt.AddHours(1);
        await db.SaveChangesAsync(ct);

        var leaving = people.Single(e => e.Name == "黄婷");
        var nextWeek = today.AddDays(7);
        Leave(db, leaving, nextWeek, "考研深造");
        var open = await inheritance.ProposeAsync(db, leaving, nextWeek, now.AddHours(-3), ct);
        AddItem(db, leaving, nextWeek, open, done: null);
        await InheritanceService.AnnounceAsync(db, open, leaving, now.AddHours(-3), ct);
        await db.SaveChangesAsync(ct);
        return 2;
    }

    /// What WeCom answered for 赵磊's customers: all taken over within the day, except one customer who
    /// refused the new salesperson — listed for the manager under the plan.
    private static void SettleHandovers(AppDbContext db, DateTimeOffset executedAt)
    {
        var queued = db.ChangeTracker.Entries<WeComHandover>().Select(e => e.Entity).Where(h => h.State == HandoverState.Queued)
            .OrderBy(h => h.CustomerId).ToList();
        for (var i = 0; i < queued.Count; i++)
        {
            queued[i].RecordSent(0, null, executedAt.AddMinutes(1));
            queued[i].RecordStatus(i == 0 ? WeComTransferStatus.Refused : WeComTransferStatus.Done, null, executedAt.AddHours(3));
        }
    }

    private static void Leave(AppDbContext db, Employee e, DateOnly lastDay, string reason)
    {
        e.Status = EmploymentStatus.Leaving;
        e.LastWorkingDay = lastDay;
        e.LeaveType = LeaveType.Resignation;
        e.LeaveReason = reason;
        LifecycleService.AddDefaultChecklist(db, e, ChecklistKind.Offboarding, lastDay);
    }

    private static void AddItem(AppDbContext db, Employee e, DateOnly lastDay, InheritancePlan plan, DateTimeOffset? done) =>
        db.ChecklistItems.Add(new ChecklistItem
        {
            EmployeeId = e.Id, Kind = ChecklistKind.Offboarding, Title = "Sales.Inheritance.ChecklistTitle", DueDate = lastDay,
            OwnerEmployeeId = e.ManagerId, Source = nameof(SalesOffboardingContributor), Link = InheritanceService.PlanLink(plan.Id), DoneAt = done,
        });
}
