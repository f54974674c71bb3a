using Microsoft.EntityFrameworkCore;
using Renhe.Platform.Data;
using Renhe.Platform.Jobs;
using Renhe.Platform.Notifications;
using Renhe.Platform.Time;

namespace Renhe.Modules.Commission.Statements;

/// 月结提醒: every morning at 09:00 company time, while last month (ended in the company's zone)
/// is still open, everyone who may close it hears of it, once per month and person. "Once" is kept
/// by the notice itself (its link names the month), so a re-run, a manual run or a second instance
/// adds nothing; a holder given the permission later still gets one.
public sealed class CommissionMonthReminderJob(IDbContextFactory<AppDbContext> dbs, BranchCalendar calendar) : IJob
{
    public const string Name = "commission.close-reminder";
    public const string NoticeKey = "Commission.Notice.CloseReminder";

    public static string LinkFor(DateOnly month) => "/commission/months?month=" + StatementCloseService.Key(month);

    public async Task<JobResult> RunAsync(JobContext context, CancellationToken ct)
    {
        var zone = await calendar.CompanyZoneAsync(ct);
        var previous = BranchCalendar.FirstOfMonth(BranchCalendar.DayOf(context.Now, zone)).AddMonths(-1);
        await using var db = await dbs.CreateDbContextAsync(ct);
        if (await db.CommissionMonths.AnyAsync(m => m.Month == previous, ct)) return new JobResult("Jobs.Result.CommissionReminded", 0);
        // A month before any plan was in force has nothing to close.
        if (!await db.CommissionPlans.AnyAsync(ct)) return new JobResult("Jobs.Result.CommissionReminded", 0);

        var link = LinkFor(previous);
        var closers = await db.Users.AsNoTracking()
            .Where(u => u.IsActive && db.UserRoles.Any(ur => ur.UserId == u.Id
                                                             && db.RolePermissions.Any(rp => rp.RoleId == ur.RoleId && rp.Permission == CommissionPermissions.MonthClose)))
            .Where(u => !db.Notifications.Any(n => n.RecipientUserId == u.Id && n.TextKey == NoticeKey && n.Link == link))
            .Select(u => u.Id).ToListAsync(ct);
        foreach (var user in closers)
            NotificationService.Add(db, user, NoticeKey, [StatementCloseService.Key(previous)], link, context.Now);
        await db.SaveChangesAsync(ct);
        return new JobResult("Jobs.Result.CommissionReminded", closers.Count);
    }
}
