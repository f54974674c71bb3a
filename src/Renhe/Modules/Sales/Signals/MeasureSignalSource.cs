using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Renhe.Platform.Data;
using Renhe.Platform.Measures;
using Renhe.Platform.Signals;
using Renhe.Platform.Time;

namespace Renhe.Modules.Sales.Signals;

/// A weekly snapshot of each salesperson's conversion and repurchase, measured only by the measures
/// kernel (ADR 0016), so an alert about a drop in conversion reads the same rate the sales pages and
/// commission do. One snapshot per person each Monday 00:00 in their branch's zone that lies in the
/// range: conversion over the 28 days before it, the person's own conversion over the 91 days
/// before those, and repurchase over the 28 days before it (customers first ordered in the 180
/// days before those). The facts of everyone measured are read once for the whole range.
public sealed class MeasureSignalSource : ISignalSource
{
    public const int WindowDays = 28;
    public const int BaselineDays = 91;
    public const int RepurchaseWindowDays = 180;

    public IReadOnlyList<string> Kinds { get; } = [SignalKinds.Conversion, SignalKinds.ConversionBaseline, SignalKinds.Repurchase];

    /// The windows of the snapshot taken at the start of <paramref name="monday"/>: the 28 days
    /// before it (conversion and repurchase) and the 91 days before those (the baseline).
    public static (MeasurePeriod Recent, MeasurePeriod Baseline) Periods(DateOnly monday, TimeZoneInfo zone) =>
        (MeasurePeriod.DaysBefore(monday, WindowDays, zone, RepurchaseWindowDays),
         MeasurePeriod.DaysBefore(monday.AddDays(-WindowDays), BaselineDays, zone, RepurchaseWindowDays));

    public async Task<IReadOnlyList<Signal>> LoadAsync(AppDbContext db, DateTimeOffset from, DateTimeOffset to,
        IReadOnlySet<Guid>? people, CancellationToken ct)
    {
        if (from >= to) return [];
        // Everyone the facts could name: people credited with a counted order or given a customer
        // before the range ends. Those without any fact in reach are not measured.
        List<Guid> candidates;
        if (people is not null) candidates = people.ToList();
        else
        {
            var credited = db.Orders.Where(OrderFact.Counts).Where(o => o.EffectiveAt < to).Select(o => o.SalespersonId);
            var holders = db.CustodyEntries.Where(c => c.At < to && c.ToEmployeeId != null).Select(c => c.ToEmployeeId!.Value);
            candidates = await credited.Union(holders).ToListAsync(ct);
        }
        if (candidates.Count == 0) return [];

        var zoneIds = await db.Employees.AsNoTracking().Where(e => EF.Parameter(candidates).Contains(e.Id))
            .Join(db.Branches, e => e.BranchId, b => b.Id, (e, b) => new { e.Id, b.TimeZone })
            .ToDictionaryAsync(x => x.Id, x => x.TimeZone, ct);
        var zones = zoneIds.Values.Distinct().ToDictionary(z => z, BranchCalendar.Zone);

        // Each person's Mondays in [from, to), in their own zone.
        var mondays = new Dictionary<Guid, List<DateOnly>>();
        foreach (var (person, zoneId) in zoneIds)
        {
            var zone = zones[zoneId];
            var days = new List<DateOnly>();
            var day = BranchCalendar.DayOf(from, zone);
            day = day.AddDays(((int)DayOfWeek.Monday - (int)day.DayOfWeek + 7) % 7);
            for (; BranchCalendar.StartUtc(day, zone) < to; day = day.AddDays(7))
                if (BranchCalendar.StartUtc(day, zone) >= from) days.Add(day);
            if (days.Count > 0) mondays[person] = days;
        }
        if (mondays.Count == 0) return [];

        // One read for every window of every snapshot: the earliest starts where the first Monday's
        // repurchase window does (or its baseline, were that longer), the latest ends with the last Monday.
        var factsFrom = DateTimeOffset.MaxValue;
        var factsTo = DateTimeOffset.MinValue;
        foreach (var (person, days) in mondays)
        {
            var zone = zones[zoneIds[person]];
            var (recent, baseline) = Periods(days[0], zone);
            var (last, _) = Periods(days[^1], zone);
            factsFrom = Min(factsFrom, Min(recent.FactsFrom, baseline.FactsFrom));
            factsTo = last.End > factsTo ? last.End : factsTo;
        }
        var facts = await MeasureFactsLoader.LoadAsync(db, mondays.Keys.ToList(), factsFrom, factsTo, ct);

        var signals = new List<Signal>();
        foreach (var (person, days) in mondays)
        {
            if (!facts.TryGetValue(person, out var mine) || !HasAny(mine)) continue;
            var zone = zones[zoneIds[person]];
            foreach (var monday in days)
            {
                var (recent, baseline) = Periods(monday, zone);
                var now = MeasureKernel.Compute(mine, recent, targetFen: null);
                var before = MeasureKernel.Compute(mine, baseline, targetFen: null);
                var at = recent.End;
                var record = new SignalRef(SignalRecordTypes.Measure, person.ToString("D", CultureInfo.InvariantCulture) + "/" + monday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                signals.Add(new Signal(SignalKinds.Conversion, person, at, record, now.Conversion.Numerator, now.Conversion.Denominator));
                signals.Add(new Signal(SignalKinds.ConversionBaseline, person, at, record, before.Conversion.Numerator, before.Conversion.Denominator));
                signals.Add(new Signal(SignalKinds.Repurchase, person, at, record, now.Repurchase.Numerator, now.Repurchase.Denominator));
            }
        }
        return signals;
    }

    private static bool HasAny(PersonFacts f) => f.Orders.Count > 0 || f.Adjustments.Count > 0 || f.IntentSpells.Count > 0 || f.FirstOrders.Count > 0;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
