using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Commission.Plans;
using Renhe.Platform.Data;
using Renhe.Platform.Measures;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;
using Renhe.Platform.Time;

namespace Renhe.Modules.Commission.Statements;

/// Statements as people read them: one person's month (live with the navigator while open, stored
/// once closed) and a team's month. Whom the caller may read goes through VisibleTo on the
/// employee; anyone else's statement is answered as not found.
public sealed class StatementService(
    IDbContextFactory<AppDbContext> dbs, CurrentUser currentUser, BranchCalendar calendar, StatementText text)
{
    /// Days of orders the navigator's average order value is taken over.
    public const int AverageOrderDays = 90;
    public const int MaxCandidates = 10;

    public async Task<DateOnly> CurrentMonthAsync(CancellationToken ct) =>
        BranchCalendar.FirstOfMonth(calendar.Today(await calendar.CompanyZoneAsync(ct)));

    public async Task<StatementView> ForPersonAsync(Guid? employeeId, DateOnly? month, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        var id = employeeId ?? access.EmployeeId ?? throw new NotFoundException();
        await using var db = await dbs.CreateDbContextAsync(ct);
        var person = await db.Employees.AsNoTracking().VisibleTo(access, CommissionPermissions.StatementRead)
            .Where(e => e.Id == id).Select(e => new { e.Id, e.Name }).SingleOrDefaultAsync(ct) ?? throw new NotFoundException();
        var zone = await calendar.CompanyZoneAsync(ct);
        var current = BranchCalendar.FirstOfMonth(calendar.Today(zone));
        var m = month is { } given ? BranchCalendar.FirstOfMonth(given) : current;
        if (m > current) throw new DomainException("Commission.Statement.FutureMonth") { Field = "month" };

        if (await db.CommissionMonths.AnyAsync(x => x.Month == m, ct))
        {
            var stored = await db.CommissionStatements.AsNoTracking().Include(s => s.Lines)
                .SingleOrDefaultAsync(s => s.EmployeeId == id && s.Month == m, ct);
            return stored is null ? Empty(person.Id, person.Name, m, closed: true) : Closed(stored, person.Name);
        }

        var pm = (await CommissionCalculator.ComputeAsync(db, m, zone, [id], ct)).SingleOrDefault();
        if (pm is null) return Empty(person.Id, person.Name, m, closed: false);
        var navigator = m == current ? await NavigateAsync(db, pm, ct) : null;
        return Live(pm, navigator);
    }

    public async Task<TeamStatementView> TeamAsync(DateOnly? month, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var zone = await calendar.CompanyZoneAsync(ct);
        var current = BranchCalendar.FirstOfMonth(calendar.Today(zone));
        var m = month is { } given ? BranchCalendar.FirstOfMonth(given) : current;
        if (m > current) throw new DomainException("Commission.Statement.FutureMonth") { Field = "month" };
        var visible = await db.Employees.AsNoTracking().VisibleTo(access, CommissionPermissions.StatementRead)
            .Select(e => new { e.Id, e.Name, e.EmployeeNumber }).ToListAsync(ct);
        var ids = visible.Select(v => v.Id).ToList();

        if (await db.CommissionMonths.AnyAsync(x => x.Month == m, ct))
        {
            var stored = await db.CommissionStatements.AsNoTracking()
                .Where(s => s.Month == m && ids.Contains(s.EmployeeId))
                .Select(s => new { s.EmployeeId, s.TotalFen, s.SnapshotJson })
                .ToListAsync(ct);
            var rows = stored.Join(visible, s => s.EmployeeId, v => v.Id, (s, v) =>
                {
                    var snap = Snapshot(s.SnapshotJson);
                    return new TeamStatementRow(v.Id, v.Name, v.EmployeeNumber, MeasuresView.Of(snap.Measures), snap.TierIndex,
                        snap.TierRateBp + snap.AddOnBp, s.TotalFen, null);
                })
                .OrderBy(r => r.EmployeeNumber, StringComparer.Ordinal).ToList();
            return new TeamStatementView(m, true, rows, rows.Sum(r => r.TotalFen));
        }

        var months = await CommissionCalculator.ComputeAsync(db, m, zone, ids, ct);
        var live = new List<TeamStatementRow>(months.Count);
        foreach (var pm in months)
        {
            string? next = null;
            if (m == current)
            {
                var nav = TierNavigator.Navigate(pm.Plan.Rules, pm.Input, await AverageOrderAsync(db, pm.EmployeeId, ct));
                next = nav.Steps.Where(s => s.Reachable).OrderBy(s => s.Orders).Select(text.Step).FirstOrDefault();
            }
            live.Add(new TeamStatementRow(pm.EmployeeId, pm.Name, pm.EmployeeNumber, MeasuresView.Of(pm.Measures),
                pm.Result.Decision.TierIndex, pm.Result.Decision.OrderRateBp, pm.TotalFen, next));
        }
        return new TeamStatementView(m, false, live, live.Sum(r => r.TotalFen));
    }

    /// The person's average order over the trailing <see cref="AverageOrderDays"/> days (net of
    /// refunds), what the navigator prices its hypothetical orders at; 0 without orders.
    private async Task<long> AverageOrderAsync(AppDbContext db, Guid employeeId, CancellationToken ct)
    {
        var to = calendar.UtcNow;
        var from = to.AddDays(-AverageOrderDays);
        var facts = await MeasureFactsLoader.LoadAsync(db, [employeeId], from, to, ct, withFunnel: false);
        var m = MeasureKernel.Net(facts[employeeId], from, to);
        return m.Orders > 0 && m.NetSalesFen > 0 ? m.NetSalesFen / m.Orders : 0;
    }

    private async Task<NavigatorView> NavigateAsync(AppDbContext db, PersonMonth pm, CancellationToken ct)
    {
        var average = await AverageOrderAsync(db, pm.EmployeeId, ct);
        var nav = TierNavigator.Navigate(pm.Plan.Rules, pm.Input, average);
        var intent = pm.Measures.ConversionBase.Except(pm.Measures.Converted).ToList();
        var repeat = pm.Measures.RepurchaseBase.Except(pm.Measures.Repurchased).ToList();
        var candidates = new List<NavigatorCandidate>();
        if (nav.Steps.Any(s => s.Reachable && s.NewOrders > 0) && intent.Count > 0)
            candidates.AddRange((await db.Customers.AsNoTracking()
                    .Where(c => intent.Contains(c.Id) && c.OwnerId == pm.EmployeeId && c.DeletedAt == null)
                    .Select(c => new { c.Id, c.Name, c.LastFollowUpAt })
                    .ToListAsync(ct))
                .OrderByDescending(c => c.LastFollowUpAt)
                .Take(MaxCandidates)
                .Select(c => new NavigatorCandidate(c.Id, c.Name, false, c.LastFollowUpAt, null)));
        if (nav.Steps.Any(s => s.Reachable && s.Repurchases > 0) && repeat.Count > 0)
        {
            var lastOrders = await db.Orders.AsNoTracking()
                .Where(o => repeat.Contains(o.CustomerId) && o.EffectiveAt != null)
                .GroupBy(o => o.CustomerId)
                .Select(g => new { CustomerId = g.Key, Last = g.Max(o => o.EffectiveAt) })
                .ToListAsync(ct);
            var names = await db.Customers.AsNoTracking().Where(c => repeat.Contains(c.Id) && c.DeletedAt == null)
                .Select(c => new { c.Id, c.Name, c.LastFollowUpAt }).ToListAsync(ct);
            candidates.AddRange(names
                .Select(c => new NavigatorCandidate(c.Id, c.Name, true, c.LastFollowUpAt, lastOrders.FirstOrDefault(o => o.CustomerId == c.Id)?.Last))
                .OrderBy(c => c.LastOrderAt)
                .Take(MaxCandidates));
        }
        return new NavigatorView(average,
            nav.Steps.Select(s => new NavigatorStepView(s.Kind, s.Measure, s.Threshold, s.RateBp, s.Reachable, s.NewOrders, s.Repurchases, s.OtherOrders, s.GainFen, text.Step(s))).ToList(),
            nav.Risks.Select(r => new NavigatorRiskView(r.Kind, r.Measure, r.Threshold, r.LossFen, text.Risk(r))).ToList(),
            candidates);
    }

    private StatementView Live(PersonMonth pm, NavigatorView? navigator)
    {
        var reason = text.RateReason(pm.Plan.Rules, pm.Measures, pm.Result.Decision);
        var lines = pm.Result.Lines.Select(l => new StatementLineView(null, l.Kind, l.OrderId, l.OrderNumber, l.CustomerName,
            l.BaseFen, l.RateBp, l.AmountFen, text.Line(l, reason), l.SourceId)).ToList();
        return new StatementView(null, pm.EmployeeId, pm.Name, pm.Month,
            false, null, pm.Plan.PlanName, pm.Plan.VersionNumber, MeasuresView.Of(pm.Measures), pm.Result.Decision.TierIndex,
            pm.Result.Decision.OrderRateBp, reason, lines, pm.TotalFen, navigator);
    }

    private StatementView Closed(CommissionStatement s, string name)
    {
        var snap = Snapshot(s.SnapshotJson);
        var reason = text.RateReason(snap.Rules, snap.Measures, snap.Decision);
        var lines = s.Lines.OrderBy(l => l.Seq).Select(l => new StatementLineView(l.Id, l.Kind, l.OrderId, l.OrderNumber, l.CustomerName,
            l.BaseFen, l.RateBp, l.AmountFen,
            text.Line(new CommissionLine(l.Kind, l.BaseFen, l.RateBp, l.AmountFen, l.OrderId, l.OrderNumber, l.CustomerName, l.SourceId, l.Note, l.Band), reason),
            l.SourceId)).ToList();
        return new StatementView(s.Id, s.EmployeeId, name, s.Month, true, s.ClosedAt, snap.PlanName, snap.PlanVersion,
            MeasuresView.Of(snap.Measures), snap.TierIndex, snap.TierRateBp + snap.AddOnBp, reason, lines, s.TotalFen, null);
    }

    private static StatementView Empty(Guid id, string name, DateOnly month, bool closed) =>
        new(null, id, name, month, closed, null, null, null, MeasuresView.Of(MeasureKernel.Net(PersonFacts.Empty(id), default, default)),
            -1, 0, "", [], 0, null);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string SnapshotJson(StatementSnapshot snapshot) => JsonSerializer.Serialize(snapshot, Json);

    public static StatementSnapshot Snapshot(string json) => JsonSerializer.Deserialize<StatementSnapshot>(json, Json)!;
}
