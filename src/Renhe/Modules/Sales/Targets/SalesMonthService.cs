using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Org.Employees;
using Renhe.Platform.Data;
using Renhe.Platform.Security;
using Renhe.Platform.Time;

namespace Renhe.Modules.Sales.Targets;

public sealed record SalesMonthView(
    DateOnly Month, DateOnly Today, int ElapsedWorkingDays, int WorkingDays, long NetFen, int Orders,
    long? TargetFen, long? ExpectedFen, IReadOnlyList<TeamMonthRow> Teams, long OtherNetFen, IReadOnlyList<SalesDay> Days)
{
    /// Behind the targets' pace by the same tolerance as a person on 团队看板.
    public bool Behind => ExpectedFen is > 0 && NetFen < ExpectedFen.Value * TeamDashboardService.BehindTolerance;
}

/// One team's month as its 团队看板 shows it (the same figures, so a click lands on the same numbers).
public sealed record TeamMonthRow(Guid DepartmentId, string Name, long? TargetFen, long NetFen, decimal? Ratio, int People, int Behind);

/// A day of the month: that day's net sales, the running total, and where the published targets
/// expect the running total to be by then (pro rata over working days).
public sealed record SalesDay(DateOnly Day, long NetFen, long CumulativeFen, long? ExpectedFen);

/// 本月销售: the month's net sales of everyone the caller reads (sales.target.read: the owner the
/// company, a manager the team) against the published targets, day by day, and per team. Days and
/// the month follow the company's zone, where the books are kept.
public sealed class SalesMonthService(IDbContextFactory<AppDbContext> dbFactory, CurrentUser currentUser, BranchCalendar calendar,
    TeamDashboardService dashboards)
{
    public async Task<SalesMonthView> ForCurrentUserAsync(DateOnly month, CancellationToken ct)
    {
        month = BranchCalendar.FirstOfMonth(month);
        var access = await currentUser.AccessAsync(ct);
        var zone = await calendar.CompanyZoneAsync(ct);
        var today = calendar.Today(zone);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var departments = await db.Departments.AsNoTracking().VisibleTo(access, SalesPermissions.TargetRead)
            .OrderBy(d => d.Name).Select(d => new { d.Id, d.Name }).ToListAsync(ct);
        var departmentIds = departments.Select(d => d.Id).ToList();
        // Everyone who sold in these departments, managers included: the month's revenue is theirs too.
        var people = await db.Employees.AsNoTracking()
            .Where(e => departmentIds.Contains(e.DepartmentId) && e.Status != EmploymentStatus.Candidate)
            .Select(e => e.Id).ToListAsync(ct);
        var from = BranchCalendar.StartUtc(month, zone);
        var to = BranchCalendar.StartUtc(month.AddMonths(1), zone);
        var net = await SalesFigures.NetAsync(db, people, from, to, ct);
        var byDay = await SalesFigures.NetByDayAsync(db, people, from, to, zone, ct);

        // A team is a department with a target this month or someone in it who sold.
        var targeted = await db.SalesTargets.AsNoTracking().Where(t => t.Month == month && departmentIds.Contains(t.DepartmentId))
            .Select(t => t.DepartmentId).ToListAsync(ct);
        var sold = await db.Employees.AsNoTracking().Where(e => people.Contains(e.Id)).Select(e => new { e.Id, e.DepartmentId }).ToListAsync(ct);
        var teams = new List<TeamMonthRow>();
        foreach (var d in departments.Where(d => targeted.Contains(d.Id) || sold.Any(s => s.DepartmentId == d.Id && net[s.Id].NetFen != 0)))
        {
            var board = await dashboards.GetAsync(d.Id, month, ct);
            var target = board.TargetStatus == TargetStatus.Published ? board.TargetFen : null;
            teams.Add(new TeamMonthRow(d.Id, d.Name, target, board.NetFen, target is > 0 ? Math.Round((decimal)board.NetFen / target.Value, 4) : null,
                board.Rows.Count, board.Rows.Count(r => r.Behind)));
        }

        var working = PlanProposer.WorkingDays(month);
        var last = month.AddMonths(1).AddDays(-1);
        var elapsed = 0;
        for (var day = month; day <= last && day <= today; day = day.AddDays(1)) if (PlanProposer.IsWorkingDay(day)) elapsed++;
        long? totalTarget = teams.Any(t => t.TargetFen is not null) ? teams.Sum(t => t.TargetFen ?? 0) : null;

        var days = new List<SalesDay>();
        long running = 0;
        var workedSoFar = 0;
        for (var day = month; day <= last && day <= today; day = day.AddDays(1))
        {
            if (PlanProposer.IsWorkingDay(day)) workedSoFar++;
            var dayNet = byDay.GetValueOrDefault(day);
            running += dayNet;
            days.Add(new SalesDay(day, dayNet, running, totalTarget is { } t ? t * workedSoFar / working : null));
        }
        var total = net.Values.Sum(v => v.NetFen);
        return new SalesMonthView(month, today, elapsed, working, total, net.Values.Sum(v => v.Orders), totalTarget,
            totalTarget is { } tt ? tt * elapsed / working : null, teams, total - teams.Sum(t => t.NetFen), days);
    }
}
