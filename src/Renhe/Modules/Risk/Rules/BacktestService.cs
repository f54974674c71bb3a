using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Risk.Alerts;
using Renhe.Platform.Data;
using Renhe.Platform.Time;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Risk.Rules;

/// A draft or edited rule run over the last days through the same evaluator the online pass uses,
/// before it is switched on. Precision compares its alerts with what people already concluded: an
/// alert on a person and window that triage escalated to a case counts as confirmed, one dismissed
/// as a false positive as false; the rest are not yet known.
public sealed class BacktestService(IDbContextFactory<AppDbContext> dbs, RiskEvaluationService evaluation, AlertService alerts,
    InputValidator validator, BranchCalendar calendar, TimeProvider clock)
{
    public const int MaxDays = 180;

    public async Task<BacktestResult> RunAsync(BacktestRequest request, CancellationToken ct)
    {
        validator.EnsureValid(request);
        var input = request.Rule;
        var settings = input.Settings.ToSettings();
        RiskRule.Check(input.Template, settings);
        var days = Math.Clamp(request.Days, 1, MaxDays);
        var rule = new RuleDefinition(Guid.Empty, 0, input.Name, input.Template, input.Severity, settings,
            input.Scope?.ToScope() ?? RuleScope.Everywhere);
        var to = clock.GetUtcNow();
        var from = to.AddDays(-days);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var raised = await evaluation.EvaluateAsync(db, [rule], from, to, null, ct);

        var triaged = await db.RiskAlerts.AsNoTracking()
            .Where(a => a.Status != AlertStatus.Open && a.WindowEnd >= from)
            .Select(a => new { a.EmployeeId, a.WindowStart, a.WindowEnd, a.Status, a.DismissReason }).ToListAsync(ct);
        int confirmed = 0, falsePositive = 0;
        foreach (var alert in raised)
        {
            var overlapping = triaged.Where(t => t.EmployeeId == alert.EmployeeId && t.WindowStart < alert.WindowEnd && alert.WindowStart < t.WindowEnd).ToList();
            if (overlapping.Any(t => t.Status == AlertStatus.Escalated)) confirmed++;
            else if (overlapping.Any(t => t.DismissReason == DismissReason.FalsePositive)) falsePositive++;
        }

        var zone = await calendar.CompanyZoneAsync(ct);
        var weeks = new List<BacktestWeek>();
        var firstWeek = WeekStart(BranchCalendar.DayOf(from, zone));
        for (var week = firstWeek; week <= BranchCalendar.DayOf(to, zone); week = week.AddDays(7))
        {
            var (start, end) = (BranchCalendar.StartUtc(week, zone), BranchCalendar.StartUtc(week.AddDays(7), zone));
            weeks.Add(new BacktestWeek(week, raised.Count(a => a.RaisedAt >= start && a.RaisedAt < end)));
        }
        var people = raised.Select(a => a.EmployeeId).Distinct().ToList();
        return new BacktestResult(days, raised.Count, people.Count,
            people.Select(alerts.Pseudonym).Order(StringComparer.Ordinal).Take(50).ToList(), weeks,
            confirmed, falsePositive, confirmed + falsePositive == 0 ? null : decimal.Round(confirmed * 100m / (confirmed + falsePositive), 1));
    }

    private static DateOnly WeekStart(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
}
