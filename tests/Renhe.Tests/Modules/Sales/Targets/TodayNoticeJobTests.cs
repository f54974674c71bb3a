using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Modules.Sales.Targets;
using Renhe.Platform.Jobs;
using Renhe.Platform.Security;
using Renhe.Platform.Time;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Sales.Targets;

/// 今日提醒 (sales.today-notice): each branch's run at 08:30 tells the branch's salespeople, and only
/// them, what today's list (the one 今日 shows) holds, dated by the branch's own day; a second run of
/// the same day tells nobody again. 杭州 is moved to Los Angeles here so that its day and 深圳's differ
/// for most of the day.
public abstract class TodayNoticeJobSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Person(Guid UserId, Guid EmployeeId, string UserName, Guid BranchId);

    [Fact]
    public async Task Each_branchs_morning_run_tells_its_salespeople_of_todays_list_in_the_branchs_day()
    {
        Guid hangzhou, shenzhen;
        List<Person> salespeople;
        await using (var db = Factory.OpenDb())
        {
            hangzhou = await db.Branches.Where(b => b.Name == "杭州分公司").Select(b => b.Id).SingleAsync(Ct);
            shenzhen = await db.Branches.Where(b => b.Name == "深圳总部").Select(b => b.Id).SingleAsync(Ct);
            await db.Branches.Where(b => b.Id == hangzhou).ExecuteUpdateAsync(s => s.SetProperty(b => b.TimeZone, "America/Los_Angeles"), Ct);
            // The demo's salespeople all sit in 深圳: 李四 moves to 杭州 for this test.
            await db.Employees.Where(e => e.Name == "李四").ExecuteUpdateAsync(s => s.SetProperty(e => e.BranchId, hangzhou), Ct);
            salespeople = (await (from u in db.Users
                                  join e in db.Employees on u.EmployeeId equals e.Id
                                  where u.IsActive && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Salesperson))
                                  select new { u.Id, EmployeeId = e.Id, u.UserName, e.BranchId }).ToListAsync(Ct))
                .Select(x => new Person(x.Id, x.EmployeeId, x.UserName!, x.BranchId)).ToList();
        }
        Assert.Contains(salespeople, p => p.BranchId == hangzhou && p.UserName == "lisi");
        Assert.Contains(salespeople, p => p.BranchId == shenzhen);

        var told = await RunAsync(hangzhou);
        var expected = await ExpectedAsync(salespeople.Where(p => p.BranchId == hangzhou), "America/Los_Angeles");
        Assert.Equal(expected.OrderBy(x => x.Key), told.OrderBy(x => x.Key));
        if (PlanProposer.IsWorkingDay(BranchCalendar.DayOf(DateTimeOffset.UtcNow, BranchCalendar.Zone("America/Los_Angeles"))))
            Assert.NotEmpty(expected);
        Assert.DoesNotContain(told.Keys, u => salespeople.Single(p => p.UserId == u).BranchId != hangzhou);

        // A re-run of the morning (or a manual run) tells nobody twice.
        Assert.Equal(told.OrderBy(x => x.Key), (await RunAsync(hangzhou)).OrderBy(x => x.Key));

        var both = await RunAsync(shenzhen);
        var shenzhenExpected = await ExpectedAsync(salespeople.Where(p => p.BranchId == shenzhen), BranchCalendar.DefaultZoneId);
        Assert.Equal(expected.Concat(shenzhenExpected).OrderBy(x => x.Key), both.OrderBy(x => x.Key));
        if (PlanProposer.IsWorkingDay(BranchCalendar.DayOf(DateTimeOffset.UtcNow, BranchCalendar.Zone(BranchCalendar.DefaultZoneId))))
            Assert.NotEmpty(shenzhenExpected);
    }

    /// What each person should read: today's list as 今日 shows it, dated in the branch's zone.
    private async Task<Dictionary<Guid, string>> ExpectedAsync(IEnumerable<Person> people, string zoneId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var today = scope.ServiceProvider.GetRequiredService<TodayService>();
        var result = new Dictionary<Guid, string>();
        foreach (var p in people)
        {
            var view = await today.GetAsync(p.EmployeeId, Ct);
            Assert.Equal(BranchCalendar.DayOf(DateTimeOffset.UtcNow, BranchCalendar.Zone(zoneId)), view.Day);
            if (!view.IsWorkingDay || view.Tasks.Count == 0) continue;
            result[p.UserId] = $"今日任务（{view.Day:MM-dd}）：{view.Tasks.Count(t => !t.Done)} 位客户待跟进，其中 {view.Tasks.Count(t => t.OverdueDays(view.Day) is > 0)} 项下一步已逾期";
        }
        return result;
    }

    private async Task<Dictionary<Guid, string>> RunAsync(Guid branchId)
    {
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var job = scope.ServiceProvider.GetRequiredService<TodayNoticeJob>();
            var now = DateTimeOffset.UtcNow;
            await job.RunAsync(new JobContext(TodayNoticeJob.Name, new JobOccurrence($"test@{branchId:N}", now, branchId), now, null), Ct);
        }
        await using var db = Factory.OpenDb();
        var rows = await db.Notifications.Where(n => n.TextKey == TodayNoticeJob.NoticeKey).ToListAsync(Ct);
        Assert.All(rows, n => Assert.Equal(TodayNoticeJob.Link, n.Link));
        Assert.Equal(rows.Count, rows.Select(n => n.RecipientUserId).Distinct().Count());
        var l = Factory.Services.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Renhe.Platform.Localization.Strings>>();
        System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo("zh-CN");
        return rows.ToDictionary(n => n.RecipientUserId, n => l[n.TextKey, n.Args.Cast<object>().ToArray()].Value);
    }
}

[Trait("Category", "Integration")]
public sealed class SqliteTodayNoticeJobTests(SqliteRenheFactory factory) : TodayNoticeJobSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresTodayNoticeJobTests(PostgresRenheFactory factory) : TodayNoticeJobSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
