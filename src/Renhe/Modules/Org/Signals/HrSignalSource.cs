using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Org.Employees;
using Renhe.Platform.Audit;
using Renhe.Platform.Data;
using Renhe.Platform.Signals;
using Renhe.Platform.Time;

namespace Renhe.Modules.Org.Signals;

/// What the HR records say happened to a person, from the records that keep history (the employee
/// row itself keeps only its present):
/// <list type="bullet">
/// <item><b>hr.resignation</b> and <b>hr.last-working-day</b>: from the audit trail of the employee
/// record (the interceptor records every change with its old and new values, at the platform
/// clock's time). Leaving is recorded by one change (<see cref="Lifecycle.LifecycleService.LeaveAsync"/>
/// sets the status to leaving and the last working day together); a later correction of the last
/// day is another hr.last-working-day. A record made "left" without passing through "leaving" (an
/// import, the demo's earlier leaver) is a resignation recorded then.</item>
/// <item><b>hr.probation</b>: the job history's hire entry in status probation, at the start of the
/// hire day in the branch's zone, with the end of probation as the employee record has it (the
/// planned end, or the day regularisation took effect). Without an end day nothing is produced.</item>
/// <item><b>hr.transfer</b>: a job-history entry (a transfer, a promotion, any step but hire, leave and regularisation) that puts
/// the person in another department or position than the entry before it, at the start of its
/// effective day in the zone of the branch it moves them to.</item>
/// </list>
/// Three queries, whatever the range.
public sealed class HrSignalSource : ISignalSource
{
    public IReadOnlyList<string> Kinds { get; } =
        [SignalKinds.Resignation, SignalKinds.LastWorkingDay, SignalKinds.Probation, SignalKinds.Transfer];

    public async Task<IReadOnlyList<Signal>> LoadAsync(AppDbContext db, DateTimeOffset from, DateTimeOffset to,
        IReadOnlySet<Guid>? people, CancellationToken ct)
    {
        if (from >= to) return [];
        var signals = new List<Signal>();
        await FromAuditTrailAsync(db, from, to, people, signals, ct);
        await FromJobHistoryAsync(db, from, to, people, signals, ct);
        return signals;
    }

    private static async Task FromAuditTrailAsync(AppDbContext db, DateTimeOffset from, DateTimeOffset to,
        IReadOnlySet<Guid>? people, List<Signal> signals, CancellationToken ct)
    {
        var table = db.Model.FindEntityType(typeof(Employee))!.GetTableName()!;
        var entries = db.AuditEntries.AsNoTracking()
            .Where(a => a.Entity == table && a.At >= from && a.At < to
                        && (a.Action == AuditAction.Update || a.Action == AuditAction.Insert)
                        && a.Changes != null && (a.Changes.Contains("\"Status\"") || a.Changes.Contains("\"LastWorkingDay\"")));
        if (people is not null)
        {
            var keys = people.Select(p => p.ToString("D", CultureInfo.InvariantCulture)).ToList();
            entries = entries.Where(a => EF.Parameter(keys).Contains(a.EntityKey!));
        }
        foreach (var a in await entries.Select(a => new { a.Id, a.At, a.EntityKey, a.Changes }).ToListAsync(ct))
        {
            if (!Guid.TryParse(a.EntityKey, out var employee)) continue;
            var record = new SignalRef(SignalRecordTypes.Audit, a.Id.ToString("D", CultureInfo.InvariantCulture));
            var (status, lastDay) = Read(a.Changes!);
            if (status is ({ } was, EmploymentStatus.Leaving) && was != EmploymentStatus.Leaving
                || status is (var before, EmploymentStatus.Left) && before is not (EmploymentStatus.Leaving or EmploymentStatus.Left))
                signals.Add(new Signal(SignalKinds.Resignation, employee, a.At, record));
            if (lastDay is { } day)
                signals.Add(new Signal(SignalKinds.LastWorkingDay, employee, a.At, record, Value: day.DayNumber));
        }
    }

    /// The status change and the new last working day an audited change of an employee carries.
    /// Values are as the interceptor wrote them: an enum as its number or its name, a day as yyyy-MM-dd.
    internal static ((EmploymentStatus? Old, EmploymentStatus? New)? Status, DateOnly? LastWorkingDay) Read(string changes)
    {
        try
        {
            using var json = JsonDocument.Parse(changes);
            if (json.RootElement.ValueKind != JsonValueKind.Object) return (null, null);
            (EmploymentStatus?, EmploymentStatus?)? status = null;
            DateOnly? lastDay = null;
            if (json.RootElement.TryGetProperty(nameof(Employee.Status), out var s) && s.ValueKind == JsonValueKind.Object)
                status = (StatusOf(s, "old"), StatusOf(s, "new"));
            if (json.RootElement.TryGetProperty(nameof(Employee.LastWorkingDay), out var d) && d.ValueKind == JsonValueKind.Object
                && d.TryGetProperty("new", out var n) && n.ValueKind == JsonValueKind.String
                && DateOnly.TryParseExact(n.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                lastDay = day;
            return (status, lastDay);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static EmploymentStatus? StatusOf(JsonElement change, string side)
    {
        if (!change.TryGetProperty(side, out var v)) return null;
        return v.ValueKind switch
        {
            JsonValueKind.Number when v.TryGetInt32(out var n) && Enum.IsDefined((EmploymentStatus)n) => (EmploymentStatus)n,
            JsonValueKind.String when Enum.TryParse<EmploymentStatus>(v.GetString(), out var named) => named,
            _ => null,
        };
    }

    private static async Task FromJobHistoryAsync(AppDbContext db, DateTimeOffset from, DateTimeOffset to,
        IReadOnlySet<Guid>? people, List<Signal> signals, CancellationToken ct)
    {
        // Signals sit at the start of a day in a branch's zone, so the days asked for are widened by
        // one on each side (no zone is a day off UTC) and the instants checked after.
        var firstDay = DateOnly.FromDateTime(from.UtcDateTime).AddDays(-1);
        var lastDay = DateOnly.FromDateTime(to.UtcDateTime).AddDays(1);
        var ids = people?.ToList();
        var changes = db.JobChanges.AsNoTracking().Where(j => j.EffectiveDate <= lastDay);
        if (ids is not null) changes = changes.Where(j => EF.Parameter(ids).Contains(j.EmployeeId));
        // Only the people with an entry in the range need their earlier history (to see what changed).
        var inRange = changes.Where(j => j.EffectiveDate >= firstDay).Select(j => j.EmployeeId);
        var history = await changes.Where(j => inRange.Contains(j.EmployeeId))
            .Select(j => new { j.Id, j.EmployeeId, j.EffectiveDate, j.RecordedAt, j.Kind, j.Status, j.BranchId, j.DepartmentId, j.PositionId })
            .ToListAsync(ct);
        if (history.Count == 0) return;

        var employees = history.Select(h => h.EmployeeId).Distinct().ToList();
        var probationEnds = await db.Employees.AsNoTracking().Where(e => EF.Parameter(employees).Contains(e.Id) && e.ProbationEnd != null)
            .ToDictionaryAsync(e => e.Id, e => e.ProbationEnd!.Value, ct);
        var zones = (await db.Branches.AsNoTracking().Select(b => new { b.Id, b.TimeZone }).ToListAsync(ct))
            .ToDictionary(b => b.Id, b => BranchCalendar.Zone(b.TimeZone));
        TimeZoneInfo ZoneOf(Guid branch) => zones.TryGetValue(branch, out var z) ? z : BranchCalendar.Zone(null);

        foreach (var person in history.GroupBy(h => h.EmployeeId))
        {
            var previous = (Department: (Guid?)null, Position: (Guid?)null);
            var first = true;
            foreach (var j in person.OrderBy(j => j.EffectiveDate).ThenBy(j => j.RecordedAt).ThenBy(j => j.Id))
            {
                var at = BranchCalendar.StartUtc(j.EffectiveDate, ZoneOf(j.BranchId));
                var inside = at >= from && at < to;
                var record = new SignalRef(SignalRecordTypes.JobChange, j.Id.ToString("D", CultureInfo.InvariantCulture));
                if (j.Kind == JobChangeKind.Hire && j.Status == EmploymentStatus.Probation && inside && probationEnds.TryGetValue(j.EmployeeId, out var end))
                    signals.Add(new Signal(SignalKinds.Probation, j.EmployeeId, at, record, Value: end.DayNumber));
                var moved = !first && (j.DepartmentId != previous.Department || j.PositionId != previous.Position);
                if (moved && j.Kind is not (JobChangeKind.Hire or JobChangeKind.Leave or JobChangeKind.Regularisation) && inside)
                    signals.Add(new Signal(SignalKinds.Transfer, j.EmployeeId, at, record));
                previous = (j.DepartmentId, j.PositionId);
                first = false;
            }
        }
    }
}
