using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Risk.Alerts;
using Renhe.Modules.Risk.Cases;
using Renhe.Modules.Risk.Rules;
using Renhe.Modules.Sales.FollowUps;
using Renhe.Platform.Data;
using Renhe.Platform.Security;
using Renhe.Platform.Time;

namespace Renhe.Modules.Risk.Demo;

/// The demo's alerts, loaded last by --demo: 李晓 (小李), whose chats already carry the planted
/// diversion (私单 words, recalls, deleted contacts), also follows up on colleagues' customers in one
/// week ten days ago; then the default rules are replayed over the last 180 days through the same
/// evaluator the online pass runs, and the online pass starts from now. The auditor has dismissed
/// one alert about someone else as justified and opened a case from 小李's alerts, whose
/// evidence package verifies. A second run changes nothing.
public sealed class DemoRiskSeeder(IServiceScopeFactory scopes, IDbContextFactory<AppDbContext> dbs, BranchCalendar calendar,
    TimeProvider clock, ILogger<DemoRiskSeeder> log)
{
    public const string Diverter = "李晓";
    public const string CaseTitle = "李晓疑似私单跑单";
    public const string DismissNote = "该员工当周休年假三天，已由主管确认。";
    public const int ReplayDays = 180;

    public async Task<int> SeedAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            if (await db.RiskEvaluationMarks.AnyAsync(ct) || await db.RiskAlerts.AnyAsync(ct)) return 0;
            await PlantFollowUpsAsync(db, now, ct);
        }

        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var evaluation = services.GetRequiredService<RiskEvaluationService>();
        int added;
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            var rules = await evaluation.ActiveRulesAsync(db, ct);
            var raised = await evaluation.EvaluateAsync(db, rules, now.AddDays(-ReplayDays), now, null, ct);
            added = await RiskEvaluationService.StoreAsync(db, raised, now, ct);
            db.RiskEvaluationMarks.Add(new RiskEvaluationMark { EvaluatedTo = now });
            await db.SaveChangesAsync(ct);
        }

        // The auditor's triage so far, done through the services a person uses.
        if (!await ActAsAuditorAsync(services, ct)) return added;
        var alerts = services.GetRequiredService<AlertService>();
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            var diverter = await db.Employees.Where(e => e.Name == Diverter).Select(e => e.Id).SingleAsync(ct);
            var keyword = await db.RiskRules.Where(r => r.Code == "keyword-diversion").Select(r => r.Id).SingleAsync(ct);
            var other = await db.RiskAlerts.AsNoTracking().Where(a => a.EmployeeId != diverter).OrderByDescending(a => a.RaisedAt)
                .Select(a => new { a.Id, a.Version }).FirstOrDefaultAsync(ct);
            if (other is not null)
                await alerts.DismissAsync(other.Id, new DismissRequest(DismissReason.Justified, DismissNote, other.Version), ct);
            var toEscalate = await db.RiskAlerts.AsNoTracking()
                .Where(a => a.EmployeeId == diverter && a.Status == AlertStatus.Open && a.RuleId == keyword)
                .OrderByDescending(a => a.RaisedAt).Select(a => a.Id).Take(2).ToListAsync(ct);
            if (toEscalate.Count > 0)
                await alerts.EscalateToCaseAsync(toEscalate, CaseTitle, "多次提及“私单”“转我个人账户”，并撤回消息、删除客户。", services.GetRequiredService<CaseService>(), ct);
        }
        log.LogInformation("Demo risk alerts: {Count} raised over the last {Days} days", added, ReplayDays);
        return added;
    }

    /// Seven follow-ups by 李晓 on customers her colleagues own, in one week ten days ago: she is
    /// working other people's customers.
    private async Task PlantFollowUpsAsync(AppDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var diverter = await db.Employees.Where(e => e.Name == Diverter).Select(e => new { e.Id, e.DepartmentId, e.BranchId }).SingleOrDefaultAsync(ct);
        if (diverter is null) return;
        var customers = await db.Customers.Where(c => c.OwnerId != null && c.OwnerId != diverter.Id
                                                     && db.Employees.Any(e => e.Id == c.OwnerId && e.DepartmentId == diverter.DepartmentId))
            .OrderBy(c => c.Name).Take(7).Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        var zone = await calendar.BranchZoneAsync(diverter.BranchId, ct);
        var start = BranchCalendar.StartUtc(BranchCalendar.DayOf(now, zone).AddDays(-10), zone);
        string[] notes = ["问客户最近还需不需要补货，留了联系方式", "客户问价，说可以给个更低的价格", "约客户下周当面聊", "给客户发了产品资料", "问客户对现在的服务满不满意", "客户说考虑一下", "加了客户微信"];
        for (var i = 0; i < customers.Count; i++)
            db.FollowUps.Add(new FollowUp
            {
                CustomerId = customers[i].Id, EmployeeId = diverter.Id, Kind = i % 2 == 0 ? FollowUpKind.Call : FollowUpKind.Chat,
                At = start.AddHours(10 + i * 19), DurationMinutes = 6 + i, Notes = notes[i], OwnCustomer = false, CreatedAt = start.AddHours(10 + i * 19),
            });
        await db.SaveChangesAsync(ct);
    }

    private static async Task<bool> ActAsAuditorAsync(IServiceProvider services, CancellationToken ct)
    {
        var users = services.GetRequiredService<UserManager<AppUser>>();
        var auditor = await users.FindByNameAsync("auditor");
        if (auditor is null) return false;
        var factory = services.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>();
        var principal = await factory.CreateAsync(auditor);
        services.GetRequiredService<CurrentUser>().SetCircuitUser(principal, "demo-seed");
        return true;
    }
}
