using Renhe.Modules.Sales.Customers;
using Renhe.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Org;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Structure;
using Renhe.Modules.Sales.FollowUps;
using Renhe.Modules.Sales.Orders;
using Renhe.Platform.Data;

namespace Renhe.Modules.Sales.Targets;

/// The record-derived figures targets, tasks and the dashboard share, read straight from the
/// customer, follow-up and order tables. Net sales = effective orders by their effective date
/// minus refunds and cancellations by their own date (a March refund of a February order lowers March).
internal static class SalesFigures
{
    public static async Task<Dictionary<Guid, (int Orders, long NetFen)>> NetAsync(
        AppDbContext db, IReadOnlyCollection<Guid> people, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var ids = people.ToList();
        var sold = await CountedOrders(db, ids, from, to)
            .GroupBy(o => o.SalespersonId)
            .Select(g => new { Id = g.Key, Count = g.Count(), Sum = g.Sum(o => o.TotalFen) })
            .ToListAsync(ct);
        var adjusted = await Adjustments(db, ids, from, to)
            .GroupBy(x => x.SalespersonId)
            .Select(g => new { Id = g.Key, Sum = g.Sum(x => x.AmountFen) })
            .ToListAsync(ct);
        return ids.ToDictionary(id => id, id =>
            (sold.FirstOrDefault(s => s.Id == id)?.Count ?? 0,
             (sold.FirstOrDefault(s => s.Id == id)?.Sum ?? 0) - (adjusted.FirstOrDefault(a => a.Id == id)?.Sum ?? 0)));
    }

    /// Net sales of <paramref name="people"/> per day of <paramref name="zone"/> over [from, to):
    /// the same orders and adjustments as <see cref="NetAsync"/>, dated instead of summed per person.
    public static async Task<Dictionary<DateOnly, long>> NetByDayAsync(
        AppDbContext db, IReadOnlyCollection<Guid> people, DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone, CancellationToken ct)
    {
        var ids = people.ToList();
        var sold = await CountedOrders(db, ids, from, to).Select(o => new { At = o.EffectiveAt!.Value, o.TotalFen }).ToListAsync(ct);
        var adjusted = await Adjustments(db, ids, from, to).Select(x => new { x.At, x.AmountFen }).ToListAsync(ct);
        return sold.Select(o => (Day: BranchCalendar.DayOf(o.At, zone), Fen: o.TotalFen))
            .Concat(adjusted.Select(a => (Day: BranchCalendar.DayOf(a.At, zone), Fen: -a.AmountFen)))
            .GroupBy(x => x.Day)
            .ToDictionary(g => g.Key, g => g.Sum(x => x.Fen));
    }

    /// Orders that count in [from, to) by their effective date; a cancelled one counts here and
    /// its cancellation comes back as an adjustment on its own date.
    private static IQueryable<Order> CountedOrders(AppDbContext db, List<Guid> ids, DateTimeOffset from, DateTimeOffset to) =>
        db.Orders.AsNoTracking()
            .Where(o => ids.Contains(o.SalespersonId) && o.EffectiveAt >= from && o.EffectiveAt < to
                        && (o.Status == OrderStatus.Effective || o.Status == OrderStatus.Cancelled));

    // An initialiser, not a constructor: EF pushes member access on it down into the SQL.
    private sealed class Adjusted
    {
        public Guid SalespersonId { get; init; }
        public long AmountFen { get; init; }
        public DateTimeOffset At { get; init; }
    }

    private static IQueryable<Adjusted> Adjustments(AppDbContext db, List<Guid> ids, DateTimeOffset from, DateTimeOffset to) =>
        db.OrderAdjustments.AsNoTracking()
            .Where(a => a.At >= from && a.At < to)
            .Join(db.Orders.Where(o => ids.Contains(o.SalespersonId)), a => a.OrderId, o => o.Id, (a, o) => new Adjusted { SalespersonId = o.SalespersonId, AmountFen = a.AmountFen, At = a.At });

    /// Each person's record over [from, to): the input of <see cref="PlanProposer"/>.
    public static async Task<List<PersonHistory>> HistoryAsync(
        AppDbContext db, IReadOnlyList<(Guid Id, bool Probation, DateOnly HireDate)> people, DateOnly fromDay, DateOnly toDay,
        TimeZoneInfo zone, CancellationToken ct)
    {
        var ids = people.Select(p => p.Id).ToList();
        var from = BranchCalendar.StartUtc(fromDay, zone);
        var to = BranchCalendar.StartUtc(toDay, zone);
        var net = await NetAsync(db, ids, from, to, ct);

        // Funnel moves of the customers each person holds now (stage changes carry no employee).
        var moves = await db.StageChanges.AsNoTracking()
            .Where(s => s.At >= from && s.At < to
                        && (s.ToStage == CustomerStage.Intent || s.ToStage == CustomerStage.Ordered || s.ToStage == CustomerStage.Repurchase))
            .Join(db.Customers.Where(c => c.OwnerId != null && ids.Contains(c.OwnerId.Value)), s => s.CustomerId, c => c.Id,
                (s, c) => new { Owner = c.OwnerId!.Value, s.CustomerId, s.ToStage })
            .Distinct()
            .ToListAsync(ct);

        var firstOrders = await db.Orders.AsNoTracking()
            .Where(o => ids.Contains(o.SalespersonId) && !o.IsRepurchase && o.EffectiveAt >= from && o.EffectiveAt < to
                        && (o.Status == OrderStatus.Effective || o.Status == OrderStatus.Cancelled))
            .Select(o => new { o.SalespersonId, o.CustomerId, At = o.EffectiveAt!.Value })
            .ToListAsync(ct);
        var ordered = firstOrders.Select(o => o.CustomerId).Distinct().ToList();
        var intentAt = (await db.StageChanges.AsNoTracking()
                .Where(s => ordered.Contains(s.CustomerId) && s.ToStage == CustomerStage.Intent)
                .Select(s => new { s.CustomerId, s.At }).ToListAsync(ct))
            .GroupBy(s => s.CustomerId).ToDictionary(g => g.Key, g => g.Min(s => s.At));

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
            var (orders, netFen) = net[p.Id];
            var mine = moves.Where(m => m.Owner == p.Id).ToList();
            var cycles = firstOrders.Where(o => o.SalespersonId == p.Id && intentAt.ContainsKey(o.CustomerId))
                .Select(o => (o.At - intentAt[o.CustomerId]).TotalDays).Where(d => d >= 0).ToList();
            var f = follow.FirstOrDefault(x => x.Id == p.Id);
            var start = p.HireDate > fromDay ? p.HireDate : fromDay;
            var days = 0;
            for (var d = start; d < toDay; d = d.AddDays(1)) if (PlanProposer.IsWorkingDay(d)) days++;
            return new PersonHistory(p.Id, p.Probation, orders, netFen,
                mine.Where(m => m.ToStage == CustomerStage.Intent).Select(m => m.CustomerId).Distinct().Count(),
                mine.Where(m => m.ToStage != CustomerStage.Intent).Select(m => m.CustomerId).Distinct().Count(),
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
