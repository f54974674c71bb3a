using Renhe.Modules.Sales.Customers;
using Renhe.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Org;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Structure;
using Renhe.Modules.Sales.FollowUps;
using Renhe.Modules.Sales.Orders;
using Renhe.Platform.Data;
using Renhe.Platform.Measures;

namespace Renhe.Modules.Sales.Targets;

/// The record-derived figures targets, tasks and the dashboard share. Net sales come from the
/// measures kernel (<see cref="MeasureKernel"/>), the one definition commission reads too: effective
/// orders by their effective date minus refunds and cancellations by their own date (a March refund
/// of a February order lowers March).
internal static class SalesFigures
{
    public static async Task<Dictionary<Guid, (int Orders, long NetFen)>> NetAsync(
        AppDbContext db, IReadOnlyCollection<Guid> people, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var facts = await MeasureFactsLoader.LoadAsync(db, people, from, to, ct, withFunnel: false);
        return facts.ToDictionary(f => f.Key, f =>
        {
            var m = MeasureKernel.Net(f.Value, from, to);
            return (m.Orders, m.NetSalesFen);
        });
    }

    /// Net sales of <paramref name="people"/> together per day of <paramref name="zone"/> over [from, to).
    public static async Task<Dictionary<DateOnly, long>> NetByDayAsync(
        AppDbContext db, IReadOnlyCollection<Guid> people, DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone, CancellationToken ct)
    {
        var facts = await MeasureFactsLoader.LoadAsync(db, people, from, to, ct, withFunnel: false);
        return facts.Values.SelectMany(f => MeasureKernel.NetByDay(f, from, to, zone))
            .GroupBy(d => d.Key)
            .ToDictionary(g => g.Key, g => g.Sum(d => d.Value));
    }

    /// Each person's record over [from, to): the input of <see cref="PlanProposer"/>.
    public static async Task<List<PersonHistory>> HistoryAsync(
        AppDbContext db, IReadOnlyList<(Guid Id, bool Probation, DateOnly HireDate)> people, DateOnly fromDay, DateOnly toDay,
        TimeZoneInfo zone, CancellationToken ct)
    {
        var ids = people.Select(p => p.Id).ToList();
        var from = BranchCalendar.StartUtc(fromDay, zone);
        var to = BranchCalendar.StartUtc(toDay, zone);
        // Conversion and cycle time as the measures kernel defines them, over the whole window.
        var facts = await MeasureFactsLoader.LoadAsync(db, ids, from, to, ct);
        var window = new MeasurePeriod(from, to, from, from);

        var follow = await db.FollowUps.AsNoTracking()
            .Where(f => ids.Contains(f.EmployeeId) && f.At >= from && f.At < to)
            .GroupBy(f => f.EmployeeId)
            .Select(g => new
            {
                Id = g.Key, Count = g.Count(), Customers = g.Select(f => f.CustomerId).Distinct().Count(),
                Calls = g.Sum(f => f.Kind == FollowUpKind.Call ? f.DurationMinutes : 0),
            })
            .ToListAsync(ct);

        return people.Select(p =>
        {
            var m = MeasureKernel.Compute(facts[p.Id], window, null);
            var cycles = MeasureKernel.CycleDays(facts[p.Id], m);
            var f = follow.FirstOrDefault(x => x.Id == p.Id);
            var start = p.HireDate > fromDay ? p.HireDate : fromDay;
            var days = 0;
            for (var d = start; d < toDay; d = d.AddDays(1)) if (PlanProposer.IsWorkingDay(d)) days++;
            return new PersonHistory(p.Id, p.Probation, m.Orders, m.NetSalesFen,
                (int)m.Conversion.Denominator, (int)m.Conversion.Numerator,
                cycles.Sum(), cycles.Count, f?.Count ?? 0, f?.Customers ?? 0, f?.Calls ?? 0, days);
        }).ToList();
    }

    /// The people a team target is split among: the department's current staff (not candidates, not gone).
    public static Task<List<Employee>> MembersAsync(AppDbContext db, Guid departmentId, CancellationToken ct) =>
        db.Employees.AsNoTracking()
            .Where(e => e.DepartmentId == departmentId && e.Status != EmploymentStatus.Left && e.Status != EmploymentStatus.Candidate)
            .OrderBy(e => e.EmployeeNumber)
            .ToListAsync(ct);
}
