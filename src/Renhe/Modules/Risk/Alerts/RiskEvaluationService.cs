using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Risk.Rules;
using Renhe.Platform.Data;
using Renhe.Platform.Notifications;
using Renhe.Platform.Signals;
using Renhe.Platform.Time;

namespace Renhe.Modules.Risk.Alerts;

/// Runs the one evaluator: online (every minute over the signals that arrived since the last pass),
/// nightly (everyone, the last days again, so records that reached Renhe late still count) and over
/// history (replay and backtest). Each run reads the same signals through <see cref="SignalLoader"/>
/// and warms the evaluator up on the <see cref="LookbackDays"/> before what it decides, so a rule's
/// baseline and its "one alert per window" are the same whichever run decides.
public sealed class RiskEvaluationService(
    IDbContextFactory<AppDbContext> dbs, SignalLoader signals, BranchCalendar calendar, ILogger<RiskEvaluationService> log)
{
    /// How far back every run reads: the longest window plus baseline a rule may set (180 + 365),
    /// so custody and HR history that far back is known too.
    public const int LookbackDays = 400;
    /// The nightly pass decides the last days again for records that arrived after their time.
    public const int SettleDays = 7;

    public async Task<IReadOnlyList<RuleDefinition>> ActiveRulesAsync(AppDbContext db, CancellationToken ct) =>
        (await db.RiskRules.AsNoTracking().Where(r => r.Enabled).OrderBy(r => r.Code).ToListAsync(ct)).Select(r => r.Definition).ToList();

    /// Who each person is for scopes and working days: every employee not gone before the range.
    public async Task<Dictionary<Guid, PersonProfile>> ProfilesAsync(AppDbContext db, DateOnly since, CancellationToken ct)
    {
        var employees = await db.Employees.AsNoTracking()
            .Where(e => e.LastWorkingDay == null || e.LastWorkingDay >= since)
            .Select(e => new { e.Id, e.BranchId, e.DepartmentId, e.PositionId }).ToListAsync(ct);
        var zones = new Dictionary<Guid, TimeZoneInfo>();
        foreach (var branch in employees.Select(e => e.BranchId).Distinct())
            zones[branch] = await calendar.BranchZoneAsync(branch, ct);
        return employees.ToDictionary(e => e.Id,
            e => new PersonProfile(e.Id, e.BranchId, e.DepartmentId, e.PositionId, zones[e.BranchId], PersonProfile.Weekend));
    }

    /// Evaluates [from, to) with the given rules, deciding from the lookback before it: what a
    /// replay, a backtest and each online pass all call.
    public async Task<List<RaisedAlert>> EvaluateAsync(AppDbContext db, IReadOnlyList<RuleDefinition> rules, DateTimeOffset from,
        DateTimeOffset to, IReadOnlySet<Guid>? people, CancellationToken ct)
    {
        if (rules.Count == 0 || from >= to) return [];
        var warmFrom = from.AddDays(-LookbackDays);
        var profiles = await ProfilesAsync(db, BranchCalendar.DayOf(warmFrom, TimeZoneInfo.Utc), ct);
        if (people is not null) profiles = profiles.Where(p => people.Contains(p.Key)).ToDictionary();
        var loaded = await signals.LoadAsync(db, warmFrom, to, people, ct);
        return new RuleEvaluator(rules, profiles).Run(loaded, warmFrom, to, from);
    }

    /// The online pass: the people with signals since the last mark. Once the company's day has
    /// ended since then, everyone is looked at (the absence rules of every zone's finished days) and
    /// the settle days are decided again; an alert's time is always the moment its rule looked, so
    /// when the pass runs does not change what it stores.
    public async Task<int> PassAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var mark = await db.RiskEvaluationMarks.FirstOrDefaultAsync(ct);
        if (mark is null)
        {
            // The first pass starts the clock; history is judged by a replay, not by surprise.
            db.RiskEvaluationMarks.Add(new RiskEvaluationMark { EvaluatedTo = now });
            await db.SaveChangesAsync(ct);
            return 0;
        }
        var from = mark.EvaluatedTo;
        if (now <= from) return 0;
        var rules = await ActiveRulesAsync(db, ct);
        var companyZone = await calendar.CompanyZoneAsync(ct);
        var dayEnded = BranchCalendar.DayOf(from, companyZone) != BranchCalendar.DayOf(now, companyZone);
        IReadOnlySet<Guid>? people = null;
        if (!dayEnded)
        {
            var fresh = await signals.LoadAsync(db, from, now, null, ct);
            people = fresh.Select(s => s.EmployeeId).ToHashSet();
        }
        var decideFrom = dayEnded ? from.AddDays(-SettleDays) : from;
        var raised = people is { Count: 0 } ? [] : await EvaluateAsync(db, rules, decideFrom, now, people, ct);
        var added = await StoreAsync(db, raised, now, ct);
        mark.EvaluatedTo = now;
        await db.SaveChangesAsync(ct);
        if (added > 0) log.LogInformation("Risk pass {From}–{To}: {Added} new alerts", from, now, added);
        return added;
    }

    /// Adds the alerts not stored yet (the same rule, person and window start is the same alert)
    /// and tells investigators; returns how many were new.
    public static async Task<int> StoreAsync(AppDbContext db, IReadOnlyList<RaisedAlert> raised, DateTimeOffset now, CancellationToken ct)
    {
        if (raised.Count == 0) return 0;
        var ruleIds = raised.Select(a => a.RuleId).Distinct().ToList();
        var since = raised.Min(a => a.WindowStart);
        var existing = (await db.RiskAlerts.AsNoTracking()
                .Where(a => ruleIds.Contains(a.RuleId) && a.WindowStart >= since)
                .Select(a => new { a.RuleId, a.EmployeeId, a.WindowStart }).ToListAsync(ct))
            .Select(a => (a.RuleId, a.EmployeeId, a.WindowStart.UtcTicks)).ToHashSet();
        var added = 0;
        foreach (var alert in raised)
        {
            if (!existing.Add((alert.RuleId, alert.EmployeeId, alert.WindowStart.UtcTicks))) continue;
            db.RiskAlerts.Add(RiskAlert.From(alert, now));
            added++;
        }
        if (added > 0) await NotifyAsync(db, added, now, ct);
        return added;
    }

    /// The bell for everyone who triages; it says how many, never who.
    private static async Task NotifyAsync(AppDbContext db, int count, DateTimeOffset now, CancellationToken ct)
    {
        var triagers = await db.Users.AsNoTracking()
            .Where(u => u.IsActive && db.UserRoles.Any(ur => ur.UserId == u.Id
                                                             && db.RolePermissions.Any(rp => rp.RoleId == ur.RoleId && rp.Permission == RiskPermissions.AlertTriage)))
            .Select(u => u.Id).ToListAsync(ct);
        foreach (var user in triagers)
            NotificationService.Add(db, user, "Notify.RiskAlertsRaised", [count.ToString(System.Globalization.CultureInfo.InvariantCulture)], "/risk/alerts", now);
    }
}
