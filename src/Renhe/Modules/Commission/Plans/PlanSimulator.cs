using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;
using Renhe.Modules.Commission.Statements;
using Renhe.Modules.Org.Employees;
using Renhe.Platform.Audit;
using Renhe.Platform.Data;
using Renhe.Platform.Formatting;
using Renhe.Platform.Localization;
using Renhe.Platform.Problems;
using Renhe.Platform.Time;

namespace Renhe.Modules.Commission.Plans;

public sealed record SimulationMonth(DateOnly Month, int People, long DraftFen, long CurrentFen, long DiffFen);

public sealed record SimulationPersonMonth(DateOnly Month, long DraftFen, long CurrentFen);

public sealed record SimulationPerson(Guid EmployeeId, string Name, string EmployeeNumber, long DraftFen, long CurrentFen, long DiffFen,
    IReadOnlyList<SimulationPersonMonth> Months);

/// A version's rules replayed over finished months of real records, against what the same people
/// earn under the rules published now (<see cref="CurrentVersionNumber"/>; null when the plan has
/// none in force, and then against whatever plan applies to them without this one).
public sealed record PlanSimulation(
    Guid PlanId, Guid VersionId, int VersionNumber, int? CurrentVersionNumber, DateOnly From, DateOnly To,
    IReadOnlyList<SimulationMonth> Months, IReadOnlyList<SimulationPerson> People,
    long DraftFen, long CurrentFen, long DiffFen,
    IReadOnlyList<SimulationPerson> Gainers, IReadOnlyList<SimulationPerson> Losers);

/// The simulator (方案模拟): for each of the last N finished months and each person the plan would
/// apply to, the commission under the version's rules and under the current published rules, both
/// computed by <see cref="CommissionCalculator"/> on the records as they are (the version's rules
/// replace the plan's through its rule overrides). Clawbacks are left out on both sides: they
/// reverse what a closed statement actually paid, which neither set of rules changes.
public sealed class PlanSimulator(IDbContextFactory<AppDbContext> dbs, BranchCalendar calendar, AuditService audit, IStringLocalizer<Strings> l)
{
    public const int MinMonths = 3;
    public const int MaxMonths = 12;
    public const int DefaultMonths = 6;

    /// <paramref name="progress"/> hears how many months are done, for the page's progress bar.
    public async Task<PlanSimulation> RunAsync(Guid planId, Guid versionId, int months, IProgress<int>? progress, CancellationToken ct)
    {
        if (months is < MinMonths or > MaxMonths)
            throw new DomainException("Commission.Simulation.Months", MinMonths, MaxMonths) { Field = "months" };
        await using var db = await dbs.CreateDbContextAsync(ct);
        var plan = await db.CommissionPlans.AsNoTracking().Include(p => p.Versions).SingleOrDefaultAsync(p => p.Id == planId, ct)
                   ?? throw new NotFoundException();
        var version = plan.Versions.SingleOrDefault(v => v.Id == versionId) ?? throw new NotFoundException();
        var zone = await calendar.CompanyZoneAsync(ct);
        var current = BranchCalendar.FirstOfMonth(calendar.Today(zone));
        var inForce = plan.InForce(current);
        var draft = new Dictionary<Guid, PlanRules> { [plan.Id] = version.Rules };
        IReadOnlyDictionary<Guid, PlanRules>? now = inForce is null ? null : new Dictionary<Guid, PlanRules> { [plan.Id] = inForce.Rules };

        // Only people the plan names at all can come under it; the calculator decides whether a
        // more specific plan takes them.
        var named = await db.Employees.AsNoTracking()
            .Where(e => e.Status != EmploymentStatus.Candidate
                        && (plan.EmployeeIds.Contains(e.Id) || (e.PositionId != null && plan.PositionIds.Contains(e.PositionId.Value)) || plan.DepartmentIds.Contains(e.DepartmentId)))
            .Select(e => e.Id).ToListAsync(ct);

        var monthRows = new List<SimulationMonth>();
        var byPerson = new Dictionary<Guid, (string Name, string Number, List<SimulationPersonMonth> Months)>();
        var first = current.AddMonths(-months);
        for (var i = 0; i < months; i++)
        {
            var month = first.AddMonths(i);
            var underDraft = named.Count == 0 ? [] : (await CommissionCalculator.ComputeAsync(db, month, zone, named, ct, draft, withClawbacks: false))
                .Where(pm => pm.Plan.PlanId == plan.Id).ToList();
            var ids = underDraft.Select(pm => pm.EmployeeId).ToList();
            var underNow = ids.Count == 0 ? [] : (await CommissionCalculator.ComputeAsync(db, month, zone, ids, ct, now, withClawbacks: false))
                .ToDictionary(pm => pm.EmployeeId, pm => pm.TotalFen);
            long draftSum = 0, nowSum = 0;
            foreach (var pm in underDraft)
            {
                var was = underNow.GetValueOrDefault(pm.EmployeeId);
                draftSum += pm.TotalFen;
                nowSum += was;
                if (!byPerson.TryGetValue(pm.EmployeeId, out var person))
                    byPerson[pm.EmployeeId] = person = (pm.Name, pm.EmployeeNumber, []);
                person.Months.Add(new SimulationPersonMonth(month, pm.TotalFen, was));
            }
            monthRows.Add(new SimulationMonth(month, underDraft.Count, draftSum, nowSum, draftSum - nowSum));
            progress?.Report(i + 1);
        }

        var people = byPerson.Select(p =>
            {
                var d = p.Value.Months.Sum(m => m.DraftFen);
                var c = p.Value.Months.Sum(m => m.CurrentFen);
                return new SimulationPerson(p.Key, p.Value.Name, p.Value.Number, d, c, d - c, p.Value.Months);
            })
            .OrderBy(p => p.EmployeeNumber, StringComparer.Ordinal).ToList();
        var draftTotal = monthRows.Sum(m => m.DraftFen);
        var nowTotal = monthRows.Sum(m => m.CurrentFen);
        return new PlanSimulation(plan.Id, version.Id, version.Number, inForce?.Number, first, current.AddMonths(-1), monthRows, people,
            draftTotal, nowTotal, draftTotal - nowTotal,
            people.Where(p => p.DiffFen > 0).OrderByDescending(p => p.DiffFen).ThenBy(p => p.EmployeeNumber, StringComparer.Ordinal).ToList(),
            people.Where(p => p.DiffFen < 0).OrderBy(p => p.DiffFen).ThenBy(p => p.EmployeeNumber, StringComparer.Ordinal).ToList());
    }

    /// The simulation as a workbook: one sheet per month totals, one per person; taking it out is audited.
    public async Task<byte[]> ExportAsync(Guid planId, Guid versionId, int months, CancellationToken ct)
    {
        var s = await RunAsync(planId, versionId, months, null, ct);
        string M(DateOnly m) => m.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var totals = s.Months.Select(m => new Dictionary<string, object?>
        {
            [l["Commission.Simulation.Month"]] = M(m.Month), [l["Commission.Simulation.People"]] = m.People,
            [l["Commission.Simulation.DraftYuan"]] = MoneyFormat.ToYuan(m.DraftFen), [l["Commission.Simulation.CurrentYuan"]] = MoneyFormat.ToYuan(m.CurrentFen),
            [l["Commission.Simulation.DiffYuan"]] = MoneyFormat.ToYuan(m.DiffFen),
        }).ToList();
        var people = s.People.SelectMany(p => p.Months.Select(m => new Dictionary<string, object?>
        {
            [l["Commission.Simulation.EmployeeNumber"]] = p.EmployeeNumber, [l["Commission.Simulation.Person"]] = p.Name, [l["Commission.Simulation.Month"]] = M(m.Month),
            [l["Commission.Simulation.DraftYuan"]] = MoneyFormat.ToYuan(m.DraftFen), [l["Commission.Simulation.CurrentYuan"]] = MoneyFormat.ToYuan(m.CurrentFen),
            [l["Commission.Simulation.DiffYuan"]] = MoneyFormat.ToYuan(m.DraftFen - m.CurrentFen),
        })).ToList();
        var sheets = new Dictionary<string, object>
        {
            [l["Commission.Simulation.SheetMonths"]] = totals,
            [l["Commission.Simulation.SheetPeople"]] = people,
        };
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(sheets, cancellationToken: ct);
        await audit.RecordAsync(AuditAction.Export, "commission_plan_version", versionId.ToString(),
            JsonSerializer.Serialize(new { kind = "simulation", months, people = s.People.Count, diffFen = s.DiffFen }), null, ct);
        return stream.ToArray();
    }
}
