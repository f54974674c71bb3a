using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Commission.Adjustments;
using Renhe.Modules.Commission.Plans;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Sales.Targets;
using Renhe.Platform.Data;
using Renhe.Platform.Measures;
using Renhe.Platform.Time;

namespace Renhe.Modules.Commission.Statements;

/// The plan a person is under in a month: the plan and its version in force on the month's first day.
public sealed record AppliedPlan(Guid PlanId, string PlanName, Guid VersionId, int VersionNumber, PlanRules Rules);

/// One person's month as the calculator saw it: what the statement, the panel, the navigator, the
/// close and the simulator all read.
public sealed record PersonMonth(
    Guid EmployeeId, string Name, string EmployeeNumber, Guid DepartmentId, AppliedPlan Plan,
    DateOnly Month, MeasurePeriod Period, CommissionInput Input, CommissionResult Result)
{
    public PersonMeasures Measures => Input.Measures;
    public long TotalFen => Result.TotalFen;
}

/// Turns records into person-months: resolves each person's plan, loads the facts for all of them
/// at once (<see cref="MeasureFactsLoader"/>), measures them (<see cref="MeasureKernel"/>) and
/// applies the plan (<see cref="CommissionKernel"/>). No HTTP and no permissions: callers decide
/// whom to ask about.
public static class CommissionCalculator
{
    /// The people <paramref name="month"/> is computed for: everyone a plan applies to who was on
    /// the payroll during the month (not candidates, not those hired after it or who left before it began).
    public static async Task<List<PersonMonth>> ComputeAsync(
        AppDbContext db, DateOnly month, TimeZoneInfo zone, IReadOnlyCollection<Guid>? only, CancellationToken ct,
        IReadOnlyDictionary<Guid, PlanRules>? ruleOverrides = null, bool withClawbacks = true)
    {
        month = new DateOnly(month.Year, month.Month, 1);
        var nextMonth = month.AddMonths(1);
        var plans = await db.CommissionPlans.AsNoTracking().Include(p => p.Versions).OrderBy(p => p.Id).ToListAsync(ct);
        var staff = await db.Employees.AsNoTracking()
            .Where(e => e.Status != EmploymentStatus.Candidate && e.HireDate < nextMonth && (e.LastWorkingDay == null || e.LastWorkingDay >= month))
            .Select(e => new Staff(e.Id, e.Name, e.EmployeeNumber, e.DepartmentId, e.PositionId, e.Status, e.HireDate))
            .ToListAsync(ct);
        var applied = new Dictionary<Guid, AppliedPlan>();
        foreach (var e in staff)
        {
            if (only is not null && !only.Contains(e.Id)) continue;
            if (Resolve(plans, e, month, ruleOverrides) is { } plan) applied[e.Id] = plan;
        }
        if (applied.Count == 0) return [];

        var periods = applied.ToDictionary(a => a.Key, a => MeasurePeriod.Month(month, zone, a.Value.Rules.ConversionWindowDays, a.Value.Rules.RepurchaseWindowDays));
        var monthStart = BranchCalendar.StartUtc(month, zone);
        var monthEnd = BranchCalendar.StartUtc(month.AddMonths(1), zone);

        // Managers' teams, for the override: the departments each manages, and those below them.
        var departments = await db.Departments.AsNoTracking().Select(d => new { d.Id, d.ParentId, d.ManagerEmployeeId }).ToListAsync(ct);
        var teams = new Dictionary<Guid, List<Guid>>();
        foreach (var (id, plan) in applied)
        {
            if (plan.Rules.ManagerOverrideBp <= 0) continue;
            var managed = departments.Where(d => d.ManagerEmployeeId == id).Select(d => d.Id).ToHashSet();
            if (managed.Count == 0) continue;
            for (var grew = true; grew;)
            {
                grew = false;
                foreach (var d in departments)
                    if (d.ParentId is { } p && managed.Contains(p) && managed.Add(d.Id)) grew = true;
            }
            teams[id] = staff.Where(s => s.Id != id && managed.Contains(s.DepartmentId)).Select(s => s.Id).ToList();
        }

        var factsFrom = periods.Values.Min(p => p.FactsFrom);
        var facts = await MeasureFactsLoader.LoadAsync(db, applied.Keys.ToList(), factsFrom, monthEnd, ct);
        var teamOnly = teams.Values.SelectMany(t => t).Where(id => !facts.ContainsKey(id)).Distinct().ToList();
        var teamFacts = teamOnly.Count == 0 ? new Dictionary<Guid, PersonFacts>()
            : await MeasureFactsLoader.LoadAsync(db, teamOnly, monthStart, monthEnd, ct, withFunnel: false);

        var targets = await db.SalesPlans.AsNoTracking()
            .Join(db.SalesTargets.Where(t => t.Month == month && t.Status == TargetStatus.Published), p => p.TargetId, t => t.Id, (p, t) => new { p.EmployeeId, p.AmountFen })
            .ToListAsync(ct);
        var targetOf = targets.GroupBy(t => t.EmployeeId).ToDictionary(g => g.Key, g => g.Sum(t => t.AmountFen));

        var adjustments = (await db.CommissionAdjustments.AsNoTracking()
                .Where(a => a.Month == month && a.Status == AdjustmentStatus.Approved)
                .Select(a => new { a.EmployeeId, a.Id, a.AmountFen, a.Reason })
                .ToListAsync(ct))
            .ToLookup(a => a.EmployeeId, a => new ApprovedAdjustment(a.Id, a.AmountFen, a.Reason));

        var customerIds = facts.Values.SelectMany(f => f.Orders.Select(o => o.CustomerId).Concat(f.Adjustments.Select(a => a.CustomerId))).Distinct().ToList();
        var customerNames = await db.Customers.AsNoTracking().IgnoreQueryFilters()
            .Where(c => EF.Parameter(customerIds).Contains(c.Id)).Select(c => new { c.Id, c.Name }).ToDictionaryAsync(c => c.Id, c => c.Name, ct);

        var clawbackRates = withClawbacks
            ? await ClawbackRatesAsync(db, facts.Values, monthStart, monthEnd, zone, ct)
            : new Dictionary<Guid, (int RateBp, DateOnly Month, Guid? LineId)>();

        var result = new List<PersonMonth>(applied.Count);
        var staffById = staff.ToDictionary(s => s.Id);
        foreach (var (id, plan) in applied)
        {
            var period = periods[id];
            var f = facts[id];
            var measures = MeasureKernel.Compute(f, period, targetOf.TryGetValue(id, out var t) ? t : null);
            var inPeriod = f.Adjustments.Where(a => a.At >= period.Start && a.At < period.End).ToList();
            var orders = f.Orders.Where(o => o.EffectiveAt >= period.Start && o.EffectiveAt < period.End)
                .Select(o => new OrderCredit(o.Id, o.Number, customerNames.GetValueOrDefault(o.CustomerId, ""), o.EffectiveAt,
                    o.TotalFen - inPeriod.Where(a => a.OrderId == o.Id).Sum(a => a.AmountFen)))
                .ToList();
            var clawbacks = withClawbacks
                ? inPeriod.Where(a => a.OrderEffectiveAt < period.Start)
                    .Select(a =>
                    {
                        var (rate, orderMonth, line) = clawbackRates.GetValueOrDefault(a.OrderId);
                        return new ClawbackSource(a.Id, a.OrderId, a.OrderNumber, customerNames.GetValueOrDefault(a.CustomerId, ""), a.AmountFen, rate,
                            orderMonth == default ? MonthOf(a.OrderEffectiveAt, zone) : orderMonth, line);
                    })
                    .ToList()
                : [];
            long? teamNet = teams.TryGetValue(id, out var team)
                ? team.Sum(m => MeasureKernel.Net(facts.TryGetValue(m, out var mf) ? mf : teamFacts.GetValueOrDefault(m) ?? PersonFacts.Empty(m), monthStart, monthEnd).NetSalesFen)
                : null;
            var s = staffById[id];
            // The month of hire is the first of the guarantee's months.
            var monthsIn = (month.Year * 12 + month.Month) - (s.HireDate.Year * 12 + s.HireDate.Month);
            var guarantee = s.Status == EmploymentStatus.Probation && monthsIn >= 0 && monthsIn < plan.Rules.GuaranteeMonths;
            var input = new CommissionInput(measures, orders, clawbacks, teamNet, guarantee, adjustments[id].ToList());
            result.Add(new PersonMonth(id, s.Name, s.EmployeeNumber, s.DepartmentId, plan, month, period, input, CommissionKernel.Compute(plan.Rules, input)));
        }
        return result.OrderBy(r => r.EmployeeNumber, StringComparer.Ordinal).ToList();
    }

    /// The plan applying to <paramref name="e"/> in <paramref name="month"/>: the most specific
    /// assignment (name, position, department), the plan created first on a tie.
    public static AppliedPlan? Resolve(IReadOnlyList<CommissionPlan> plans, Staff e, DateOnly month, IReadOnlyDictionary<Guid, PlanRules>? overrides = null)
    {
        AppliedPlan? best = null;
        var bestRank = 0;
        foreach (var p in plans)
        {
            var rank = p.Specificity(e.Id, e.PositionId, e.DepartmentId);
            if (rank <= bestRank) continue;
            var rules = overrides?.GetValueOrDefault(p.Id);
            var version = p.InForce(month);
            if (version is null && rules is null) continue;
            best = new AppliedPlan(p.Id, p.Name, version?.Id ?? Guid.Empty, version?.Number ?? 0, rules ?? version!.Rules);
            bestRank = rank;
        }
        return best;
    }

    public sealed record Staff(Guid Id, string Name, string EmployeeNumber, Guid DepartmentId, Guid? PositionId, EmploymentStatus Status, DateOnly HireDate);

    /// The rate each earlier order was paid at, for clawing back refunds recorded this month: the
    /// closed statement's line (the largest part, for an order split across marginal bands); for an
    /// order whose month is not closed yet, the rate its month computes to now.
    /// A refund recorded after the order's month ended but before that month was closed is the
    /// same case as one after the close: a month's books are as of its end (only records dated
    /// before it count), so the close stores the order in full and the refund is a clawback in the
    /// month it was recorded in, once: at the computed rate until the close, at the stored one after
    /// (the same rate, as nothing dated later changes the earlier month's measures).
    private static async Task<Dictionary<Guid, (int RateBp, DateOnly Month, Guid? LineId)>> ClawbackRatesAsync(
        AppDbContext db, IEnumerable<PersonFacts> facts, DateTimeOffset monthStart, DateTimeOffset monthEnd, TimeZoneInfo zone, CancellationToken ct)
    {
        var wanted = facts.SelectMany(f => f.Adjustments.Where(a => a.At >= monthStart && a.At < monthEnd && a.OrderEffectiveAt < monthStart)
            .Select(a => (Person: f.PersonId, a.OrderId, a.OrderEffectiveAt))).Distinct().ToList();
        var rates = new Dictionary<Guid, (int, DateOnly, Guid?)>();
        if (wanted.Count == 0) return rates;
        var orderIds = wanted.Select(w => w.OrderId).ToList();
        var closed = await db.CommissionStatementLines.AsNoTracking()
            .Where(l => l.Kind == LineKind.Order && l.OrderId != null && EF.Parameter(orderIds).Contains(l.OrderId.Value))
            .Join(db.CommissionStatements, l => l.StatementId, s => s.Id, (l, s) => new { OrderId = l.OrderId!.Value, l.Id, l.RateBp, l.BaseFen, s.Month })
            .ToListAsync(ct);
        foreach (var g in closed.GroupBy(c => c.OrderId))
        {
            var line = g.MaxBy(c => c.BaseFen)!;
            rates[g.Key] = (line.RateBp, line.Month, line.Id);
        }
        foreach (var byMonth in wanted.Where(w => !rates.ContainsKey(w.OrderId)).GroupBy(w => MonthOf(w.OrderEffectiveAt, zone)))
        {
            var earlier = await ComputeAsync(db, byMonth.Key, zone, byMonth.Select(w => w.Person).Distinct().ToList(), ct, withClawbacks: false);
            foreach (var pm in earlier)
                foreach (var line in pm.Result.Lines.Where(l => l.Kind == LineKind.Order && l.OrderId is not null).GroupBy(l => l.OrderId!.Value))
                    rates.TryAdd(line.Key, (line.MaxBy(l => l.BaseFen)!.RateBp, byMonth.Key, null));
        }
        return rates;
    }

    /// The month (its first day) an instant falls in, in the company's zone.
    public static DateOnly MonthOf(DateTimeOffset at, TimeZoneInfo zone) => BranchCalendar.FirstOfMonth(BranchCalendar.DayOf(at, zone));
}
