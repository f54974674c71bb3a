using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Renhe.Modules.Commission.Plans;
using Renhe.Modules.Sales.Customers;
using Renhe.Modules.Sales.Orders;
using Microsoft.Extensions.Localization;
using Renhe.Platform.Audit;
using Renhe.Platform.Data;
using Renhe.Platform.Formatting;
using Renhe.Platform.Localization;
using Renhe.Platform.Measures;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;
using Renhe.Platform.Time;

namespace Renhe.Modules.Commission.Statements;

/// Statements as people read them: one person's month (live with the navigator while open, stored
/// once closed) and a team's month. Whom the caller may read goes through VisibleTo on the
/// employee; anyone else's statement is answered as not found.
public sealed class StatementService(
    IDbContextFactory<AppDbContext> dbs, CurrentUser currentUser, BranchCalendar calendar, StatementText text,
    IStringLocalizer<Strings> l, AuditService audit)
{
    /// Days of orders the navigator's average order value is taken over.
    public const int AverageOrderDays = 90;
    public const int MaxCandidates = 10;

    public async Task<DateOnly> CurrentMonthAsync(CancellationToken ct) =>
        BranchCalendar.FirstOfMonth(calendar.Today(await calendar.CompanyZoneAsync(ct)));

    public async Task<StatementView> ForPersonAsync(Guid? employeeId, DateOnly? month, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var (id, name, m, current, zone) = await PersonMonthAsync(db, employeeId, month, ct);
        var person = new { Id = id, Name = name };

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

    /// The person (within the caller's scope) and the month asked for: not found for anyone else,
    /// 400 naming the month for a month not begun.
    private async Task<(Guid Id, string Name, DateOnly Month, DateOnly Current, TimeZoneInfo Zone)> PersonMonthAsync(
        AppDbContext db, Guid? employeeId, DateOnly? month, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        var id = employeeId ?? access.EmployeeId ?? throw new NotFoundException();
        var person = await db.Employees.AsNoTracking().VisibleTo(access, CommissionPermissions.StatementRead)
            .Where(e => e.Id == id).Select(e => new { e.Id, e.Name }).SingleOrDefaultAsync(ct) ?? throw new NotFoundException();
        var zone = await calendar.CompanyZoneAsync(ct);
        var current = BranchCalendar.FirstOfMonth(calendar.Today(zone));
        var m = month is { } given ? BranchCalendar.FirstOfMonth(given) : current;
        if (m > current) throw new DomainException("Commission.Statement.FutureMonth") { Field = "month" };
        return (person.Id, person.Name, m, current, zone);
    }

    /// The customers behind a person-month's conversion and repurchase (D, N, B, R), measured from
    /// the records as the statement measured them (only records dated before the month's end count).
    public async Task<MeasureCustomersView> CustomersAsync(Guid? employeeId, DateOnly? month, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var (id, _, m, _, zone) = await PersonMonthAsync(db, employeeId, month, ct);
        var pm = (await CommissionCalculator.ComputeAsync(db, m, zone, [id], ct, withClawbacks: false)).SingleOrDefault();
        if (pm is null) return new MeasureCustomersView(id, m, [], [], [], []);
        var all = pm.Measures.ConversionBase.Concat(pm.Measures.RepurchaseBase).Distinct().ToList();
        var names = await db.Customers.AsNoTracking().IgnoreQueryFilters().Where(c => all.Contains(c.Id))
            .Select(c => new { c.Id, c.Name }).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        List<MeasureCustomer> Named(IEnumerable<Guid> set) =>
            set.Select(c => new MeasureCustomer(c, names.GetValueOrDefault(c, ""))).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        return new MeasureCustomersView(id, m, Named(pm.Measures.ConversionBase), Named(pm.Measures.Converted),
            Named(pm.Measures.RepurchaseBase), Named(pm.Measures.Repurchased));
    }

    /// The person's commission over the <paramref name="months"/> months up to this one: closed
    /// months as stored, open ones estimated from the records.
    public async Task<IReadOnlyList<StatementMonth>> HistoryAsync(Guid? employeeId, int months, CancellationToken ct)
    {
        months = Math.Clamp(months, 1, 24);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var (id, _, _, current, zone) = await PersonMonthAsync(db, employeeId, null, ct);
        var first = current.AddMonths(1 - months);
        var closedMonths = await db.CommissionMonths.AsNoTracking().Where(x => x.Month >= first).Select(x => x.Month).ToListAsync(ct);
        var stored = await db.CommissionStatements.AsNoTracking().Where(s => s.EmployeeId == id && s.Month >= first)
            .Select(s => new { s.Month, s.TotalFen, s.SnapshotJson }).ToListAsync(ct);
        var result = new List<StatementMonth>(months);
        for (var m = first; m <= current; m = m.AddMonths(1))
        {
            if (closedMonths.Contains(m))
            {
                var s = stored.FirstOrDefault(x => x.Month == m);
                var snap = s is null ? null : Snapshot(s.SnapshotJson);
                result.Add(new StatementMonth(m, true, s?.TotalFen ?? 0, snap is null ? 0 : snap.TierRateBp + snap.AddOnBp, snap?.NetSalesFen ?? 0));
                continue;
            }
            var pm = (await CommissionCalculator.ComputeAsync(db, m, zone, [id], ct)).SingleOrDefault();
            result.Add(new StatementMonth(m, false, pm?.TotalFen ?? 0, pm?.Result.Decision.OrderRateBp ?? 0, pm?.Measures.NetSalesFen ?? 0));
        }
        return result;
    }

    /// The team's month as an Excel sheet (one row a person: measures, tier, rate, commission, next
    /// step), audited like every export.
    public async Task<byte[]> ExportTeamAsync(DateOnly? month, CancellationToken ct)
    {
        var team = await TeamAsync(month, ct);
        var sheet = team.Rows.Select(r => new Dictionary<string, object?>
        {
            [l["Commission.Team.Person"]] = r.Name,
            [l["Commission.Team.EmployeeNumber"]] = r.EmployeeNumber,
            [l["Commission.Panel.NetSales"]] = MoneyFormat.ToYuan(r.Measures.NetSalesFen),
            [l["Commission.Panel.Orders"]] = r.Measures.Orders,
            [l["Commission.Measure.Conversion"]] = r.Measures.Conversion.Text,
            [l["Commission.Measure.Repurchase"]] = r.Measures.Repurchase.Text,
            [l["Commission.Measure.Attainment"]] = r.Measures.Attainment.Percent,
            [l["Commission.Team.Rate"]] = StatementText.Percent(r.OrderRateBp),
            [l["Commission.Team.Commission"]] = MoneyFormat.ToYuan(r.TotalFen),
            [l["Commission.Team.NextStep"]] = r.NextStep,
        }).ToList();
        if (sheet.Count == 0) sheet.Add(new Dictionary<string, object?> { [l["Commission.Team.Person"]] = null, [l["Commission.Team.Commission"]] = null });
        using var stream = new MemoryStream();
        await MiniExcelLibs.MiniExcel.SaveAsAsync(stream, sheet,
            sheetName: team.Month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), cancellationToken: ct);
        await audit.RecordAsync(AuditAction.Export, "commission.statement", team.Month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture),
            JsonSerializer.Serialize(new { month = team.Month, closed = team.Closed, rows = team.Rows.Count, totalFen = team.TotalFen }), ct);
        return stream.ToArray();
    }

    /// 冲档 for 今日, no access check (今日 checked its own): the best step's sentence, computed
    /// live, and — for the day's list, made once a day — the likeliest customers. Null for someone
    /// no plan applies to, or whose month has nothing left to reach.
    public async Task<(string? Line, IReadOnlyList<NavigatorCandidate> Candidates)> TodayAsync(Guid employeeId, bool withCandidates, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var zone = await calendar.CompanyZoneAsync(ct);
        var current = BranchCalendar.FirstOfMonth(calendar.Today(zone));
        if (await db.CommissionMonths.AnyAsync(x => x.Month == current, ct)) return (null, []);
        var pm = (await CommissionCalculator.ComputeAsync(db, current, zone, [employeeId], ct)).SingleOrDefault();
        if (pm is null) return (null, []);
        var nav = await NavigateAsync(db, pm, ct, withCandidates);
        return (nav.BestStep, nav.Candidates);
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
        var averages = m == current ? await AveragesAsync(db, months.Select(p => p.EmployeeId).ToList(), ct) : [];
        var live = new List<TeamStatementRow>(months.Count);
        foreach (var pm in months)
        {
            string? next = null;
            if (m == current)
            {
                var nav = TierNavigator.Navigate(pm.Plan.Rules, pm.Input, averages.GetValueOrDefault(pm.EmployeeId).Fen);
                next = nav.Steps.Where(s => s.Reachable).OrderBy(s => s.Orders).ThenByDescending(s => s.GainFen).Select(text.Step).FirstOrDefault();
            }
            live.Add(new TeamStatementRow(pm.EmployeeId, pm.Name, pm.EmployeeNumber, MeasuresView.Of(pm.Measures),
                pm.Result.Decision.TierIndex, pm.Result.Decision.OrderRateBp, pm.TotalFen, next));
        }
        return new TeamStatementView(m, false, live, live.Sum(r => r.TotalFen));
    }

    /// The average order over the trailing <see cref="AverageOrderDays"/> days (net of refunds) of
    /// each of <paramref name="people"/>: what the navigator prices its hypothetical orders at. A
    /// person without an order in those days is priced at their department's average (true in the
    /// second place); 0 when the department has none either.
    private async Task<Dictionary<Guid, (long Fen, bool FromTeam)>> AveragesAsync(AppDbContext db, IReadOnlyCollection<Guid> people, CancellationToken ct)
    {
        var to = calendar.UtcNow;
        var from = to.AddDays(-AverageOrderDays);
        var facts = await MeasureFactsLoader.LoadAsync(db, people, from, to, ct, withFunnel: false);
        var result = new Dictionary<Guid, (long, bool)>();
        var without = new List<Guid>();
        foreach (var id in people.Distinct())
        {
            var m = MeasureKernel.Net(facts[id], from, to);
            if (m.Orders > 0 && m.NetSalesFen > 0) result[id] = (m.NetSalesFen / m.Orders, false);
            else without.Add(id);
        }
        if (without.Count == 0) return result;
        var departments = await db.Employees.AsNoTracking().Where(e => without.Contains(e.Id))
            .Select(e => new { e.Id, e.DepartmentId }).ToListAsync(ct);
        var departmentIds = departments.Select(d => d.DepartmentId).Distinct().ToList();
        var colleagues = await db.Employees.AsNoTracking().Where(e => departmentIds.Contains(e.DepartmentId))
            .Select(e => new { e.Id, e.DepartmentId }).ToListAsync(ct);
        var teamFacts = await MeasureFactsLoader.LoadAsync(db, colleagues.Select(c => c.Id).ToList(), from, to, ct, withFunnel: false);
        foreach (var d in departments)
        {
            long net = 0, orders = 0;
            foreach (var c in colleagues.Where(c => c.DepartmentId == d.DepartmentId))
            {
                var m = MeasureKernel.Net(teamFacts[c.Id], from, to);
                net += m.NetSalesFen;
                orders += m.Orders;
            }
            result[d.Id] = (orders > 0 && net > 0 ? net / orders : 0, true);
        }
        return result;
    }

    /// The navigator for one person's open month, with the customers likeliest to carry it.
    internal async Task<NavigatorView> NavigateAsync(AppDbContext db, PersonMonth pm, CancellationToken ct, bool withCandidates = true)
    {
        var (average, fromTeam) = (await AveragesAsync(db, [pm.EmployeeId], ct)).GetValueOrDefault(pm.EmployeeId);
        var nav = TierNavigator.Navigate(pm.Plan.Rules, pm.Input, average);
        var candidates = new List<NavigatorCandidate>();
        if (withCandidates)
        {
            if (nav.Steps.Any(s => s.Reachable && s.NewOrders > 0))
                candidates.AddRange(await IntentCandidatesAsync(db, pm, ct));
            if (nav.Steps.Any(s => s.Reachable && s.Repurchases > 0))
                candidates.AddRange(await RepurchaseCandidatesAsync(db, pm, ct));
        }
        return new NavigatorView(average,
            nav.Steps.Select(s => new NavigatorStepView(s.Kind, s.Measure, s.Threshold, s.RateBp, s.Reachable, s.NewOrders, s.Repurchases, s.OtherOrders, s.GainFen, text.Step(s))).ToList(),
            nav.Risks.Select(r => new NavigatorRiskView(r.Kind, r.Measure, r.Threshold, r.LossFen, text.Risk(r))).ToList(),
            candidates)
        {
            AverageFromTeam = fromTeam,
            AverageNote = text.AverageNote(average, fromTeam, AverageOrderDays),
        };
    }

    /// Intent customers of the conversion base not converted yet, still at 意向 with the person,
    /// likeliest first: a next step due within <see cref="DueSoonDays"/> days (or overdue) weighs
    /// most, then how recently they were followed (fading over a month), then how ripe they are —
    /// days at 意向 against the person's usual intent → order cycle, best at the cycle and fading
    /// to nothing at twice it (a customer far past it has usually gone cold).
    private async Task<List<NavigatorCandidate>> IntentCandidatesAsync(AppDbContext db, PersonMonth pm, CancellationToken ct)
    {
        var intent = pm.Measures.ConversionBase.Except(pm.Measures.Converted).ToList();
        if (intent.Count == 0) return [];
        var person = pm.EmployeeId;
        var customers = await db.Customers.AsNoTracking()
            .Where(c => intent.Contains(c.Id) && c.OwnerId == person && c.DeletedAt == null && c.Stage == CustomerStage.Intent)
            .Select(c => new { c.Id, c.Name, c.LastFollowUpAt, HasPhone = c.PhoneCipher != null })
            .ToListAsync(ct);
        if (customers.Count == 0) return [];
        var ids = customers.Select(c => c.Id).ToList();
        var steps = (await db.FollowUps.AsNoTracking()
                .Where(f => ids.Contains(f.CustomerId) && f.EmployeeId == person)
                .Select(f => new { f.CustomerId, f.At, f.NextDate, f.NextStep })
                .ToListAsync(ct))
            .GroupBy(f => f.CustomerId).ToDictionary(g => g.Key, g => g.MaxBy(f => f.At)!);
        var intentSince = (await db.StageChanges.AsNoTracking()
                .Where(s => ids.Contains(s.CustomerId) && s.ToStage == CustomerStage.Intent)
                .Select(s => new { s.CustomerId, s.At })
                .ToListAsync(ct))
            .GroupBy(s => s.CustomerId).ToDictionary(g => g.Key, g => g.Max(s => s.At));
        var cycle = await UsualCycleDaysAsync(db, person, ct);
        var zone = await calendar.CompanyZoneAsync(ct);
        var now = calendar.UtcNow;
        var today = calendar.Today(zone);
        return customers.Select(c =>
            {
                var step = steps.GetValueOrDefault(c.Id);
                var last = new[] { c.LastFollowUpAt, step?.At }.Max();
                int? atIntent = intentSince.TryGetValue(c.Id, out var since) ? (int)(now - since).TotalDays : null;
                var due = step?.NextDate is { } d && d.DayNumber - today.DayNumber <= DueSoonDays ? 2.0 : 0;
                var recency = last is { } l ? Math.Max(0, 1 - (now - l).TotalDays / 30) : 0;
                var ripeness = atIntent is { } a && cycle is { } cy && cy > 0 ? Math.Max(0, 1 - Math.Abs((double)a / cy - 1)) : 0;
                return new NavigatorCandidate(c.Id, c.Name, false, last, null, step?.NextDate, step?.NextStep, atIntent, cycle, null, null,
                    c.HasPhone, due + recency + ripeness, text.IntentWhy(last, now, step?.NextDate, step?.NextStep, atIntent, cycle));
            })
            .OrderByDescending(c => c.Likelihood).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Take(MaxCandidates).ToList();
    }

    /// Customers of the repurchase base who have not bought again this month, still the person's,
    /// likeliest first: days since their last order closest to their usual interval (their own
    /// average gap between orders, else the person's usual gap from first to second order, else
    /// <see cref="DefaultRepurchaseDays"/>), on a ratio scale (half the interval and twice it weigh the same).
    private async Task<List<NavigatorCandidate>> RepurchaseCandidatesAsync(AppDbContext db, PersonMonth pm, CancellationToken ct)
    {
        var repeat = pm.Measures.RepurchaseBase.Except(pm.Measures.Repurchased).ToList();
        if (repeat.Count == 0) return [];
        var person = pm.EmployeeId;
        var customers = await db.Customers.AsNoTracking()
            .Where(c => repeat.Contains(c.Id) && c.OwnerId == person && c.DeletedAt == null)
            .Select(c => new { c.Id, c.Name, c.LastFollowUpAt, HasPhone = c.PhoneCipher != null })
            .ToListAsync(ct);
        if (customers.Count == 0) return [];
        var ids = customers.Select(c => c.Id).ToList();
        var orders = (await db.Orders.AsNoTracking()
                .Where(o => ids.Contains(o.CustomerId) && o.Status == OrderStatus.Effective && o.EffectiveAt != null)
                .Select(o => new { o.CustomerId, At = o.EffectiveAt!.Value })
                .ToListAsync(ct))
            .ToLookup(o => o.CustomerId, o => o.At);
        var usual = await UsualRepurchaseDaysAsync(db, person, ct) ?? DefaultRepurchaseDays;
        var now = calendar.UtcNow;
        return customers.Where(c => orders[c.Id].Any()).Select(c =>
            {
                var times = orders[c.Id].Order().ToList();
                var interval = times.Count >= 2 ? Math.Max(1, (int)((times[^1] - times[0]).TotalDays / (times.Count - 1))) : usual;
                var since = Math.Max(0, (int)(now - times[^1]).TotalDays);
                var ratio = Math.Max(since, 1) / (double)interval;
                return new NavigatorCandidate(c.Id, c.Name, true, c.LastFollowUpAt, times[^1], null, null, null, null, since, interval,
                    c.HasPhone, Math.Min(ratio, 1 / ratio), text.RepurchaseWhy(since, interval));
            })
            .OrderByDescending(c => c.Likelihood).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Take(MaxCandidates).ToList();
    }

    /// A next step due within this many days counts as on the agenda.
    public const int DueSoonDays = 2;
    /// The interval assumed between a customer's orders when neither they nor the person has one yet.
    public const int DefaultRepurchaseDays = 90;
    /// How far back the person's usual cycle and interval are measured.
    public const int HabitDays = 365;

    /// The median days from a customer's (last) move to 意向 to their first order, over the
    /// customers the person converted in the last <see cref="HabitDays"/> days; null without any.
    private async Task<int?> UsualCycleDaysAsync(AppDbContext db, Guid person, CancellationToken ct)
    {
        var since = calendar.UtcNow.AddDays(-HabitDays);
        var firsts = await db.Orders.AsNoTracking()
            .Where(o => o.SalespersonId == person && !o.IsRepurchase && o.EffectiveAt >= since)
            .Select(o => new { o.CustomerId, At = o.EffectiveAt!.Value })
            .ToListAsync(ct);
        if (firsts.Count == 0) return null;
        var ids = firsts.Select(f => f.CustomerId).Distinct().ToList();
        var intents = (await db.StageChanges.AsNoTracking()
                .Where(s => ids.Contains(s.CustomerId) && s.ToStage == CustomerStage.Intent)
                .Select(s => new { s.CustomerId, s.At }).ToListAsync(ct))
            .ToLookup(s => s.CustomerId, s => s.At);
        var days = firsts.Select(f => intents[f.CustomerId].Where(at => at <= f.At).Select(at => (double?)(f.At - at).TotalDays).Max())
            .OfType<double>().Order().ToList();
        return days.Count == 0 ? null : Math.Max(1, (int)Math.Round(days[days.Count / 2]));
    }

    /// The median days from first to second order over the person's customers who bought again
    /// in the last <see cref="HabitDays"/> days; null without any.
    private async Task<int?> UsualRepurchaseDaysAsync(AppDbContext db, Guid person, CancellationToken ct)
    {
        var since = calendar.UtcNow.AddDays(-HabitDays);
        var again = db.Orders.Where(o => o.SalespersonId == person && o.IsRepurchase && o.EffectiveAt >= since).Select(o => o.CustomerId);
        var orders = (await db.Orders.AsNoTracking()
                .Where(o => again.Contains(o.CustomerId) && o.EffectiveAt != null && o.Status == OrderStatus.Effective)
                .Select(o => new { o.CustomerId, At = o.EffectiveAt!.Value })
                .ToListAsync(ct))
            .GroupBy(o => o.CustomerId)
            .Select(g => g.Select(o => o.At).Order().Take(2).ToList())
            .Where(t => t.Count == 2)
            .Select(t => (t[1] - t[0]).TotalDays).Order().ToList();
        return orders.Count == 0 ? null : Math.Max(1, (int)Math.Round(orders[orders.Count / 2]));
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

/// The navigator on 今日 (Sales' <see cref="Sales.Targets.ITodayNavigator"/>): its best step and its customers.
/// The line is kept for <see cref="LineFor"/> per person and language: 今日 re-reads every 30 s and
/// the step moves only with an order, a refund or a stage change, while measuring the month live
/// (a few hundred milliseconds on the ×20 data) on every read would make 今日 many times slower.
public sealed class CommissionTodayNavigator(StatementService statements, IMemoryCache cache) : Sales.Targets.ITodayNavigator
{
    public static readonly TimeSpan LineFor = TimeSpan.FromMinutes(5);

    public async Task<string?> LineAsync(Guid employeeId, CancellationToken ct)
    {
        var key = ("commission.today-line", employeeId, System.Globalization.CultureInfo.CurrentUICulture.Name);
        if (cache.TryGetValue(key, out string? line)) return line;
        line = (await statements.TodayAsync(employeeId, withCandidates: false, ct)).Line;
        cache.Set(key, line, LineFor);
        return line;
    }

    public async Task<IReadOnlyList<Guid>> CustomersAsync(Guid employeeId, int max, CancellationToken ct) =>
        (await statements.TodayAsync(employeeId, withCandidates: true, ct)).Candidates
            .OrderByDescending(c => c.Likelihood).Select(c => c.CustomerId).Distinct().Take(max).ToList();
}
