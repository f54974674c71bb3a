using Microsoft.EntityFrameworkCore;
using Renhe.Platform.Data;
using Renhe.Platform.Security;

namespace Renhe.Platform.Time;

/// "Today" and day boundaries where people work. Every module asks here instead of naming a zone
/// (ADR 0001): a branch's IANA zone (<c>Branch.TimeZone</c>) decides its days, a person's days
/// follow their branch, and the company's books (target and commission months) follow the head
/// office, the first branch created. <see cref="DefaultZoneId"/> is the only zone named in code: it
/// applies while no branch exists yet, or when a stored id is unknown to this machine's tz database.
public sealed class BranchCalendar(IDbContextFactory<AppDbContext> dbs, TimeProvider clock)
{
    public const string DefaultZoneId = "Asia/Shanghai";

    /// The zone for a stored IANA id, or the default one when the id is empty or unknown here.
    public static TimeZoneInfo Zone(string? id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)
            ? zone
            : TimeZoneInfo.FindSystemTimeZoneById(DefaultZoneId);

    /// The local calendar day an instant falls on in a zone.
    public static DateOnly DayOf(DateTimeOffset at, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);

    /// The UTC instant a local day starts. Where a zone skips midnight (a daylight-saving change at
    /// 00:00), the day starts at the first local time that exists.
    public static DateTimeOffset StartUtc(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(15);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// [start, end) of local days <paramref name="from"/> through <paramref name="to"/> in UTC.
    public static (DateTimeOffset From, DateTimeOffset To) RangeUtc(DateOnly from, DateOnly to, TimeZoneInfo zone) =>
        (StartUtc(from, zone), to == DateOnly.MaxValue ? DateTimeOffset.MaxValue : StartUtc(to.AddDays(1), zone));

    public static DateOnly FirstOfMonth(DateOnly day) => new(day.Year, day.Month, 1);

    public DateTimeOffset UtcNow => clock.GetUtcNow();

    /// Today in a zone, from the platform clock (tests move it).
    public DateOnly Today(TimeZoneInfo zone) => DayOf(clock.GetUtcNow(), zone);

    /// A branch's zone; the head office's when the branch is not given or not found.
    public async Task<TimeZoneInfo> BranchZoneAsync(Guid? branchId, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        string? id = null;
        if (branchId is { } b) id = await db.Branches.AsNoTracking().Where(x => x.Id == b).Select(x => x.TimeZone).FirstOrDefaultAsync(ct);
        // Keys are UUIDv7, so the smallest id is the first branch created: the head office.
        id ??= await db.Branches.AsNoTracking().OrderBy(x => x.Id).Select(x => x.TimeZone).FirstOrDefaultAsync(ct);
        return Zone(id);
    }

    /// The zone the company's books are kept in: the head office's.
    public Task<TimeZoneInfo> CompanyZoneAsync(CancellationToken ct) => BranchZoneAsync(null, ct);

    /// A person's zone: their branch's.
    public async Task<TimeZoneInfo> EmployeeZoneAsync(Guid? employeeId, CancellationToken ct)
    {
        Guid? branchId = null;
        if (employeeId is { } e)
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            branchId = await db.Employees.AsNoTracking().Where(x => x.Id == e).Select(x => (Guid?)x.BranchId).FirstOrDefaultAsync(ct);
        }
        return await BranchZoneAsync(branchId, ct);
    }

    /// The zone times are shown in for the signed-in person: their branch's, the head office's for
    /// an account without an employee record.
    public async Task<TimeZoneInfo> ViewerZoneAsync(CurrentUser user, CancellationToken ct) =>
        await BranchZoneAsync((await user.AccessAsync(ct)).BranchId, ct);

    /// Today in a branch (the head office when none is given).
    public async Task<DateOnly> TodayAsync(Guid? branchId, CancellationToken ct) => Today(await BranchZoneAsync(branchId, ct));
}
