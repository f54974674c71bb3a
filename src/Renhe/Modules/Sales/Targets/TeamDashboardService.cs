using Microsoft.Extensions.Localization;
using Renhe.Platform.Localization;
using Renhe.Modules.Sales.Customers;
using Renhe.Platform.Formatting;
using Renhe.Platform.Time;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Renhe.Modules.Org;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Structure;
using Renhe.Platform.Audit;
using Renhe.Platform.Data;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;

namespace Renhe.Modules.Sales.Targets;

public sealed record TeamMemberRow(
    Guid EmployeeId, string Name, bool OnProbation, long? PlanFen, long NetFen, int Orders,
    int FollowUpsToday, int FollowUpsWeek, int IntentCustomers, decimal? Ratio, long? ExpectedFen, bool Behind);

public sealed record TeamDashboardView(
    Guid DepartmentId, string DepartmentName, DateOnly Month, DateOnly Today, int ElapsedWorkingDays, int WorkingDays,
    long? TargetFen, TargetStatus? TargetStatus, long NetFen, IReadOnlyList<TeamMemberRow> Rows,
    IReadOnlyDictionary<CustomerStage, int> Funnel);

/// The manager's team dashboard (团队看板): each person's month against their plan, today's and
/// this week's follow-ups, the funnel of the team's customers. sales.target.read in team scope
/// shows one's own departments, in branch scope the branch's, in all scope any (the departments
/// VisibleTo gives); another department reads as not found.
/// "Behind" means net sales under <see cref="BehindTolerance"/> of what the plan expects by
/// today, pro rata over the month's elapsed working days.
public sealed class TeamDashboardService(IDbContextFactory<AppDbContext> dbFactory, CurrentUser currentUser, TimeProvider clock, AuditService audit,
    IStringLocalizer<Strings> l)
{
    public const decimal BehindTolerance = 0.9m;

    public async Task<TeamDashboardView> ForCurrentUserAsync(Guid departmentId, DateOnly month, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (!await db.Departments.VisibleTo(access, SalesPermissions.TargetRead).AnyAsync(d => d.Id == departmentId, ct))
                throw new NotFoundException();
        }
        return await GetAsync(departmentId, month, ct);
    }

    /// No access check: for the page and API after theirs, and for benchmarks.
    public async Task<TeamDashboardView> GetAsync(Guid departmentId, DateOnly month, CancellationToken ct)
    {
        month = BranchCalendar.FirstOfMonth(month);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var department = await db.Departments.AsNoTracking().Where(d => d.Id == departmentId)
                             .Select(d => new { d.Name, Zone = db.Branches.Where(b => b.Id == d.BranchId).Select(b => b.TimeZone).FirstOrDefault() })
                             .SingleOrDefaultAsync(ct)
                         ?? throw new NotFoundException();
        var zone = BranchCalendar.Zone(department.Zone);
        var today = BranchCalendar.DayOf(clock.GetUtcNow(), zone);
        var todayStart = BranchCalendar.StartUtc(today, zone);
        var weekStart = BranchCalendar.StartUtc(today.AddDays(-(((int)today.DayOfWeek + 6) % 7)), zone);
        var tomorrow = BranchCalendar.StartUtc(today.AddDays(1), zone);

        var members = await TargetService.MembersAsync(db, departmentId, ct);
        var ids = members.Select(e => e.Id).ToList();
        var target = await db.SalesTargets.AsNoTracking().Include(t => t.Plans)
            .SingleOrDefaultAsync(t => t.DepartmentId == departmentId && t.Month == month, ct);
        // Drafts do not bind anyone: progress is measured against published plans only.
        var plans = target?.Status == Targets.TargetStatus.Published ? target.Plans.ToDictionary(p => p.EmployeeId, p => p.AmountFen) : [];
        var net = await SalesFigures.NetAsync(db, ids, BranchCalendar.StartUtc(month, zone), BranchCalendar.StartUtc(month.AddMonths(1), zone), ct);
        var follow = await db.FollowUps.AsNoTracking()
            .Where(f => ids.Contains(f.EmployeeId) && f.At >= weekStart && f.At < tomorrow)
            .Select(f => new { f.EmployeeId, f.CustomerId, f.At }).ToListAsync(ct);
        var customers = await db.Customers.AsNoTracking()
            .Where(c => c.OwnerId != null && ids.Contains(c.OwnerId.Value) && c.DeletedAt == null)
            .GroupBy(c => new { c.OwnerId, c.Stage }).Select(g => new { g.Key.OwnerId, g.Key.Stage, Count = g.Count() }).ToListAsync(ct);

        var working = PlanProposer.WorkingDays(month);
        var elapsed = 0;
        var last = month.AddMonths(1).AddDays(-1);
        for (var d = month; d <= last && d <= today; d = d.AddDays(1)) if (PlanProposer.IsWorkingDay(d)) elapsed++;

        var rows = members.Select(e =>
        {
            long? plan = plans.TryGetValue(e.Id, out var p) ? p : null;
            var (orders, netFen) = net[e.Id];
            long? expected = plan is { } pl ? pl * elapsed / working : null;
            var mine = follow.Where(f => f.EmployeeId == e.Id).ToList();
            return new TeamMemberRow(e.Id, e.Name, e.Status == EmploymentStatus.Probation, plan, netFen, orders,
                mine.Where(f => f.At >= todayStart).Select(f => f.CustomerId).Distinct().Count(),
                mine.Select(f => f.CustomerId).Distinct().Count(),
                customers.Where(c => c.OwnerId == e.Id && c.Stage == CustomerStage.Intent).Sum(c => c.Count),
                plan is > 0 ? Math.Round((decimal)netFen / plan.Value, 4) : null, expected,
                expected is > 0 && netFen < expected.Value * BehindTolerance);
        }).ToList();
        var funnel = Enum.GetValues<CustomerStage>().ToDictionary(s => s, s => customers.Where(c => c.Stage == s).Sum(c => c.Count));
        return new TeamDashboardView(departmentId, department.Name, month, today, elapsed, working, target?.AmountFen, target?.Status,
            rows.Sum(r => r.NetFen), rows, funnel);
    }

    /// The table as a workbook; the export is audited like every other.
    public async Task<byte[]> ExportAsync(Guid departmentId, DateOnly month, CancellationToken ct)
    {
        var view = await ForCurrentUserAsync(departmentId, month, ct);
        var sheet = view.Rows.Select(r => new Dictionary<string, object?>
        {
            // The page's own column names, in the reader's language.
            [l["Sales.Team.Person"]] = r.Name, [l["Sales.Team.Probation"]] = r.OnProbation ? l["Common.Yes"].Value : "",
            [l["Sales.Team.Export.PlanYuan"]] = MoneyFormat.ToYuan(r.PlanFen), [l["Sales.Team.Export.NetYuan"]] = MoneyFormat.ToYuan(r.NetFen),
            [l["Sales.Team.Ratio"]] = r.Ratio, [l["Sales.Team.Export.ExpectedYuan"]] = MoneyFormat.ToYuan(r.ExpectedFen), [l["Sales.Team.Orders"]] = r.Orders,
            [l["Sales.Team.Today"]] = r.FollowUpsToday, [l["Sales.Team.Week"]] = r.FollowUpsWeek, [l["Sales.Team.Intent"]] = r.IntentCustomers,
            [l["Sales.Team.Status"]] = (r.Behind ? l["Sales.Team.Behind"] : l["Sales.Team.OnTrack"]).Value,
        }).ToList();
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(sheet, sheetName: view.Month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), cancellationToken: ct);
        await audit.RecordAsync(AuditAction.Export, "sales.team-dashboard", departmentId.ToString(),
            System.Text.Json.JsonSerializer.Serialize(new { month = view.Month, rows = view.Rows.Count }), null, ct);
        return stream.ToArray();
    }
}
