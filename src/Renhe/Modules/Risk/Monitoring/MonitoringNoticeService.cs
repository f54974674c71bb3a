using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;
using Renhe.Modules.Org.Employees;
using Renhe.Platform.Audit;
using Renhe.Platform.Data;
using Renhe.Platform.Localization;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Risk.Monitoring;

public sealed record MonitoringNoticeDto(Guid Id, int Version, string Title, string Text, DateTimeOffset PublishedAt, string PublishedBy);

/// The notice in force and where the caller stands with it.
public sealed record MyNoticeState(MonitoringNoticeDto Notice, bool IsEmployee, bool Acknowledged, DateTimeOffset? AcknowledgedAt);

public sealed record PublishNoticeInput(
    [property: Required, MaxLength(200)] string? Title,
    [property: Required, MaxLength(FieldLimits.LongText), MultilineText] string? Text,
    /// The version the editor started from. When given and no longer the newest, the publication
    /// is refused (409) instead of silently replacing a colleague's text.
    [property: Range(0, int.MaxValue)] int? BasedOnVersion = null);

/// The version the person read: acknowledging is a deliberate act about a text they saw.
public sealed record AcknowledgeInput([property: Required, Range(1, int.MaxValue)] int? Version);

public sealed record AcknowledgementDto(int NoticeVersion, DateTimeOffset AcknowledgedAt);

public sealed record AcknowledgementStatusRow(Guid EmployeeId, string EmployeeNumber, string Name, string Department, string Branch,
    EmploymentStatus Status, bool Acknowledged, DateTimeOffset? AcknowledgedAt, int? LastVersion, DateTimeOffset? LastAcknowledgedAt);

public sealed record AcknowledgementStatusList(int? CurrentVersion, int Total, int AcknowledgedCount, int PendingCount,
    IReadOnlyList<AcknowledgementStatusRow> Items);

/// The monitoring notice (监控告知书) and its acknowledgements (ADR 0009).
///
/// Who may do what: risk.monitoring-notice.manage publishes a new version (HR); every employee
/// reads the notice and acknowledges the version in force as themselves
/// (risk.monitoring-notice.acknowledge); risk.monitoring-notice.status lists who has and has not
/// acknowledged, limited to the employees its data scope reaches. Notices and acknowledgements are
/// append-only (database triggers): a correction is a new version, which everyone acknowledges again.
public sealed class MonitoringNoticeService(IDbContextFactory<AppDbContext> dbFactory, CurrentUser currentUser, AuditService audit,
    IStringLocalizer<Strings> l, TimeProvider clock)
{
    /// Employees to whom monitoring applies: everyone employed, including those on probation and
    /// those serving notice; not candidates, not people who have left.
    private static readonly EmploymentStatus[] Monitored = [EmploymentStatus.Probation, EmploymentStatus.Active, EmploymentStatus.Leaving];

    public async Task<MonitoringNoticeDto?> CurrentAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Project(db.MonitoringNotices.AsNoTracking().OrderByDescending(n => n.Version)).FirstOrDefaultAsync(ct);
    }

    public async Task<IReadOnlyList<MonitoringNoticeDto>> VersionsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Project(db.MonitoringNotices.AsNoTracking().OrderByDescending(n => n.Version)).ToListAsync(ct);
    }

    /// The notice in force and whether the caller (as an employee) has acknowledged it; null when
    /// nothing has been published.
    public async Task<MyNoticeState?> MineAsync(CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var notice = await Project(db.MonitoringNotices.AsNoTracking().OrderByDescending(n => n.Version)).FirstOrDefaultAsync(ct);
        if (notice is null) return null;
        if (access.EmployeeId is not { } employeeId) return new MyNoticeState(notice, false, false, null);
        var at = await db.MonitoringAcknowledgements.AsNoTracking()
            .Where(a => a.EmployeeId == employeeId && a.NoticeVersion == notice.Version)
            .Select(a => (DateTimeOffset?)a.AcknowledgedAt).FirstOrDefaultAsync(ct);
        return new MyNoticeState(notice, true, at is not null, at);
    }

    /// The notice the signed-in employee still has to acknowledge before using Renhe, or null:
    /// no notice yet, no employee record (an administrator's account), already acknowledged, or a
    /// role that cannot acknowledge (it would otherwise be locked out).
    public async Task<MonitoringNoticeDto?> PendingForMeAsync(CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        if (access.EmployeeId is null || !access.Has(RiskPermissions.MonitoringNoticeAcknowledge)) return null;
        var mine = await MineAsync(ct);
        return mine is { IsEmployee: true, Acknowledged: false } ? mine.Notice : null;
    }

    public async Task<MonitoringNoticeDto> PublishAsync(PublishNoticeInput input, CancellationToken ct)
    {
        var title = input.Title?.Trim() ?? "";
        var text = input.Text?.Trim() ?? "";
        if (title.Length == 0) throw new DomainException("Validation.Required", l["Risk.Notice.Title"].Value) { Field = "title" };
        if (text.Length == 0) throw new DomainException("Validation.Required", l["Risk.Notice.Text"].Value) { Field = "text" };
        if (title.Length > 200) throw new DomainException("Validation.MaxLength", l["Risk.Notice.Title"].Value, 200) { Field = "title" };
        if (text.Length > 20000) throw new DomainException("Validation.MaxLength", l["Risk.Notice.Text"].Value, 20000) { Field = "text" };

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var latest = await db.MonitoringNotices.MaxAsync(n => (int?)n.Version, ct) ?? 0;
        if (input.BasedOnVersion is { } basedOn && basedOn != latest)
            throw new DomainException("Risk.Notice.PublishConflict", latest) { StatusCode = StatusCodes.Status409Conflict };
        // Two publications at once both compute latest + 1; the unique index on Version lets one
        // in and refuses the other (DbUpdateException → 409), so no version is written twice.
        var notice = new MonitoringNotice
        {
            Version = latest + 1, Title = title, Text = text, PublishedAt = Now(),
            PublishedBy = currentUser.UserName ?? "",
        };
        db.MonitoringNotices.Add(notice);
        await db.SaveChangesAsync(ct);
        return ToDto(notice);
    }

    /// The signed-in employee acknowledges the notice in force. Idempotent: a second call (a
    /// double click, a retry) returns the first acknowledgement. With <paramref name="version"/>,
    /// the version the person read must still be the one in force.
    public async Task<AcknowledgementDto> AcknowledgeAsync(int? version, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        var employeeId = access.EmployeeId
                         ?? throw new DomainException("Org.NoEmployeeRecord") { StatusCode = StatusCodes.Status404NotFound };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var current = await db.MonitoringNotices.MaxAsync(n => (int?)n.Version, ct)
                      ?? throw new DomainException("Risk.Notice.None") { StatusCode = StatusCodes.Status404NotFound };
        if (version is { } read && read != current)
            throw new DomainException("Risk.Notice.Outdated", current) { StatusCode = StatusCodes.Status409Conflict, Field = "version" };

        var existing = await ExistingAsync(db, employeeId, current, ct);
        if (existing is not null) return existing;
        var ack = new MonitoringAcknowledgement
        {
            EmployeeId = employeeId, NoticeVersion = current, AcknowledgedAt = Now(), UserId = access.UserId,
        };
        db.MonitoringAcknowledgements.Add(ack);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same person acknowledged at the same moment in another tab: theirs stands.
            await using var again = await dbFactory.CreateDbContextAsync(ct);
            return await ExistingAsync(again, employeeId, current, ct) ?? throw new DomainException("Error.Conflict")
            {
                StatusCode = StatusCodes.Status409Conflict,
            };
        }
        return new AcknowledgementDto(ack.NoticeVersion, ack.AcknowledgedAt);
    }

    /// Every employee the caller's scope reaches to whom monitoring applies, with whether they
    /// acknowledged the version in force (and when) and the last version they did acknowledge.
    public async Task<AcknowledgementStatusList> StatusAsync(bool pendingOnly, string? search, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var current = await db.MonitoringNotices.MaxAsync(n => (int?)n.Version, ct);
        var employees = db.Employees.AsNoTracking().VisibleTo(access, RiskPermissions.MonitoringNoticeStatus)
            .Where(e => Monitored.Contains(e.Status));
        var people = await employees.OrderBy(e => e.EmployeeNumber)
            .Select(e => new
            {
                e.Id, e.EmployeeNumber, e.Name, e.Status,
                Department = db.Departments.Where(d => d.Id == e.DepartmentId).Select(d => d.Name).First(),
                Branch = db.Branches.Where(b => b.Id == e.BranchId).Select(b => b.Name).First(),
            }).ToListAsync(ct);
        var acks = (await db.MonitoringAcknowledgements.AsNoTracking()
                .Where(a => employees.Any(e => e.Id == a.EmployeeId))
                .Select(a => new { a.EmployeeId, a.NoticeVersion, a.AcknowledgedAt }).ToListAsync(ct))
            .ToLookup(a => a.EmployeeId);

        var rows = people.Select(p =>
        {
            var mine = acks[p.Id].ToList();
            var now = mine.FirstOrDefault(a => a.NoticeVersion == current);
            var last = mine.MaxBy(a => a.NoticeVersion);
            return new AcknowledgementStatusRow(p.Id, p.EmployeeNumber, p.Name, p.Department, p.Branch, p.Status,
                now is not null, now?.AcknowledgedAt, last?.NoticeVersion, last?.AcknowledgedAt);
        }).ToList();
        var acknowledged = rows.Count(r => r.Acknowledged);
        IEnumerable<AcknowledgementStatusRow> shown = rows;
        if (pendingOnly) shown = shown.Where(r => !r.Acknowledged);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var s = search.Trim();
            shown = shown.Where(r => r.Name.Contains(s, StringComparison.OrdinalIgnoreCase)
                                     || r.EmployeeNumber.Contains(s, StringComparison.OrdinalIgnoreCase)
                                     || r.Department.Contains(s, StringComparison.OrdinalIgnoreCase));
        }
        // Those who still have to acknowledge first: they are whom HR follows up.
        var items = shown.OrderBy(r => r.Acknowledged).ThenBy(r => r.EmployeeNumber, StringComparer.Ordinal).ToList();
        return new AcknowledgementStatusList(current, rows.Count, acknowledged, rows.Count - acknowledged, items);
    }

    /// The status list as an Excel workbook with localised headings; taking it out is audited.
    public async Task<byte[]> ExportStatusAsync(bool pendingOnly, TimeZoneInfo zone, CancellationToken ct)
    {
        var status = await StatusAsync(pendingOnly, null, ct);
        string Local(DateTimeOffset? at) => at is { } t ? TimeZoneInfo.ConvertTime(t, zone).ToString("yyyy-MM-dd HH:mm") : "";
        var sheet = status.Items.Select(r => new Dictionary<string, object?>
        {
            [l["Risk.Notice.Col.Number"]] = r.EmployeeNumber,
            [l["Risk.Notice.Col.Name"]] = r.Name,
            [l["Risk.Notice.Col.Department"]] = r.Department,
            [l["Risk.Notice.Col.Branch"]] = r.Branch,
            [l["Risk.Notice.Col.Status"]] = l["EmploymentStatus." + r.Status].Value,
            [l["Risk.Notice.Col.Acknowledged"]] = r.Acknowledged ? l["Common.Yes"].Value : l["Common.No"].Value,
            [l["Risk.Notice.Col.AcknowledgedAt"]] = Local(r.AcknowledgedAt),
            [l["Risk.Notice.Col.LastVersion"]] = r.LastVersion,
            [l["Risk.Notice.Col.LastAcknowledgedAt"]] = Local(r.LastAcknowledgedAt),
        }).ToList();
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(sheet, sheetName: l["Risk.Notice.StatusTitle"], cancellationToken: ct);
        await audit.RecordAsync(AuditAction.Export, "risk.monitoring-notice.acknowledgements", status.CurrentVersion?.ToString(),
            JsonSerializer.Serialize(new { pendingOnly, rows = status.Items.Count }), ct);
        return stream.ToArray();
    }

    // Cut to milliseconds, so what the call returns equals what either database gives back later
    // (SQLite's DateTimeOffset keeps 0.1 ms, PostgreSQL microseconds).
    private DateTimeOffset Now()
    {
        var now = clock.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }

    private static Task<AcknowledgementDto?> ExistingAsync(AppDbContext db, Guid employeeId, int version, CancellationToken ct) =>
        db.MonitoringAcknowledgements.AsNoTracking().Where(a => a.EmployeeId == employeeId && a.NoticeVersion == version)
            .Select(a => new AcknowledgementDto(a.NoticeVersion, a.AcknowledgedAt)).FirstOrDefaultAsync(ct);

    private static IQueryable<MonitoringNoticeDto> Project(IQueryable<MonitoringNotice> q) =>
        q.Select(n => new MonitoringNoticeDto(n.Id, n.Version, n.Title, n.Text, n.PublishedAt, n.PublishedBy));

    private static MonitoringNoticeDto ToDto(MonitoringNotice n) => new(n.Id, n.Version, n.Title, n.Text, n.PublishedAt, n.PublishedBy);
}
