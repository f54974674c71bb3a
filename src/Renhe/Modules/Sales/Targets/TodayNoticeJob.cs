using Microsoft.EntityFrameworkCore;
using Renhe.Platform.Data;
using Renhe.Platform.Jobs;
using Renhe.Platform.Notifications;
using Renhe.Platform.Security;
using Renhe.Platform.Time;

namespace Renhe.Modules.Sales.Targets;

/// 今日提醒: every working morning at 08:30 in each branch's zone, each salesperson of the branch
/// hears how many customers today's list (今日, <see cref="TodayService"/>) holds and how many of them
/// are overdue next steps. The list is the one the page shows: reading it here makes the day's list
/// as the page's first read would, so the notice and the page never disagree.
///
/// Nobody is told on a rest day or of an empty list (a notice saying "nothing to do" is noise), and
/// nobody twice a day: a re-run or a manual run finds the notice of the person's day already there.
public sealed class TodayNoticeJob(IDbContextFactory<AppDbContext> dbs, TodayService today) : IJob
{
    public const string Name = "sales.today-notice";
    public const string NoticeKey = "Sales.Notify.TodayTasks";
    public const string Link = "/sales/today";

    public async Task<JobResult> RunAsync(JobContext context, CancellationToken ct)
    {
        List<(Guid UserId, Guid EmployeeId, string? Zone)> people;
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            var rows = await (from u in db.Users.AsNoTracking()
                              join e in db.Employees.AsNoTracking() on u.EmployeeId equals e.Id
                              where u.IsActive && (context.BranchId == null || e.BranchId == context.BranchId)
                                    && (e.Status == Org.Employees.EmploymentStatus.Active || e.Status == Org.Employees.EmploymentStatus.Probation
                                        || e.Status == Org.Employees.EmploymentStatus.Leaving)
                                    && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Salesperson))
                              select new { UserId = u.Id, EmployeeId = e.Id, Zone = db.Branches.Where(b => b.Id == e.BranchId).Select(b => b.TimeZone).FirstOrDefault() })
                .ToListAsync(ct);
            people = rows.Select(r => (r.UserId, r.EmployeeId, (string?)r.Zone)).ToList();
        }

        var told = 0;
        foreach (var (userId, employeeId, zoneId) in people)
        {
            var view = await today.GetAsync(employeeId, ct);
            if (!view.IsWorkingDay || view.Tasks.Count == 0) continue;
            var dayStart = BranchCalendar.StartUtc(view.Day, BranchCalendar.Zone(zoneId));
            await using var db = await dbs.CreateDbContextAsync(ct);
            if (await db.Notifications.AnyAsync(n => n.RecipientUserId == userId && n.TextKey == NoticeKey && n.CreatedAt >= dayStart, ct)) continue;
            var open = view.Tasks.Count(t => !t.Done);
            var overdue = view.Tasks.Count(t => t.OverdueDays(view.Day) is > 0);
            NotificationService.Add(db, userId, NoticeKey,
                [view.Day.ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture), Num(open), Num(overdue)], Link, context.Now);
            await db.SaveChangesAsync(ct);
            told++;
        }
        return new JobResult("Jobs.Result.TodayNoticesSent", told);
    }

    private static string Num(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
