using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Renhe.Modules.Risk.Rules;
using Renhe.Platform.Audit;
using Renhe.Platform.Data;
using Renhe.Platform.Formatting;
using Renhe.Platform.Localization;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;
using Renhe.Platform.Signals;
using Renhe.Platform.Time;
using Renhe.Platform.Ui;

namespace Renhe.Modules.Risk.Alerts;

/// The triage queue. Triagers see pseudonyms and numbers, never names or message content, until
/// they reveal a person with a reason; the reveal is audited with the person as data subject, so it
/// shows under their 我的数据访问记录, and only the triager who revealed sees the name.
public sealed class AlertService(
    IDbContextFactory<AppDbContext> dbs, CurrentUser user, AuditService audit, Pseudonyms pseudonyms, BranchCalendar calendar,
    IStringLocalizer<Strings> l, TimeProvider clock)
{
    public const string RevealSubject = "risk.alert.reveal";
    /// Points a person's open or escalated alert of the last 30 days adds to their risk score.
    public static int Points(RiskSeverity severity) => severity switch { RiskSeverity.High => 5, RiskSeverity.Medium => 3, _ => 1 };
    public const int ScoreDays = 30;

    public async Task<AlertPage> ListAsync(AlertQuery query, CancellationToken ct)
    {
        var access = await user.AccessAsync(ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var alerts = db.RiskAlerts.AsNoTracking().VisibleTo(access, RiskPermissions.AlertTriage);
        if (query.Status is { } status) alerts = alerts.Where(a => a.Status == status);
        if (query.RuleId is { } ruleId) alerts = alerts.Where(a => a.RuleId == ruleId);
        var total = await alerts.CountAsync(ct);
        var size = Math.Clamp(query.PageSize, 1, 200);
        var page = await alerts.OrderByDescending(a => a.Severity == RiskSeverity.High).ThenByDescending(a => a.RaisedAt)
            .Skip((Math.Max(1, query.Page) - 1) * size).Take(size).ToListAsync(ct);
        var rules = await RuleNamesAsync(db, ct);
        var zone = await calendar.ViewerZoneAsync(user, ct);
        return new AlertPage(page.Select(a => Row(a, rules, zone)).ToList(), total);
    }

    public async Task<AlertDetail> DetailAsync(Guid id, CancellationToken ct)
    {
        var access = await user.AccessAsync(ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var alert = await Find(db, access, id, ct);
        var rules = await RuleNamesAsync(db, ct);
        var zone = await calendar.ViewerZoneAsync(user, ct);
        var revealed = await RevealedAsync(db, id, ct);
        var person = revealed ? await PersonAsync(db, alert.EmployeeId, ct) : null;
        var records = await RecordsAsync(db, alert.Records, revealed, zone, ct);
        return new AlertDetail(Row(alert, rules, zone), AlertText.Explain(alert.Facts, alert.WindowStart, alert.WindowEnd, zone, l), records,
            alert.DismissReason, alert.TriageNote, alert.TriagedBy, alert.TriagedAt, alert.CaseId, person);
    }

    /// Who it is: needs risk.alert.reveal and a reason; recorded before anything is shown.
    public async Task<RevealedPerson> RevealAsync(Guid id, string reason, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("Risk.Alert.ReasonRequired") { Field = "reason" };
        var access = await user.AccessAsync(ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var alert = await Find(db, access, id, ct);
        await audit.RecordAsync(AuditAction.Read, RevealSubject, id.ToString(),
            JsonSerializer.Serialize(new { reason = reason.Trim(), rule = alert.RuleId }, RuleJson.Options), alert.EmployeeId, ct);
        return (await PersonAsync(db, alert.EmployeeId, ct))!;
    }

    public async Task DismissAsync(Guid id, DismissRequest request, CancellationToken ct)
    {
        var access = await user.AccessAsync(ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var alert = await db.RiskAlerts.VisibleTo(access, RiskPermissions.AlertTriage).FirstOrDefaultAsync(a => a.Id == id, ct)
                    ?? throw NotFound();
        db.ExpectVersion(alert, request.Version);
        alert.Dismiss(request.Reason, request.Note, user.UserName ?? "", clock.GetUtcNow());
        await SaveAsync(db, ct);
    }

    /// Marks alerts as escalated into the case <paramref name="caseId"/> (opened by the caller).
    public async Task EscalateAsync(IReadOnlyList<(Guid Id, Guid Version)> ids, Guid caseId, string? note, CancellationToken ct)
    {
        var access = await user.AccessAsync(ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var wanted = ids.Select(i => i.Id).ToList();
        var alerts = await db.RiskAlerts.VisibleTo(access, RiskPermissions.AlertTriage).Where(a => wanted.Contains(a.Id)).ToListAsync(ct);
        if (alerts.Count != wanted.Count) throw NotFound();
        foreach (var alert in alerts)
        {
            db.ExpectVersion(alert, ids.First(i => i.Id == alert.Id).Version);
            alert.Escalate(caseId, note, user.UserName ?? "", clock.GetUtcNow());
        }
        await SaveAsync(db, ct);
    }

    /// Opens a case about the people of <paramref name="ids"/> (open alerts within the caller's sight),
    /// with the alerts and the records they link to as its first evidence, and marks the alerts escalated.
    public async Task<Guid> EscalateToCaseAsync(IReadOnlyList<Guid> ids, string title, string? note, Cases.CaseService cases, CancellationToken ct)
    {
        if (ids.Count is 0 or > 100) throw new DomainException("Risk.Alert.EscalateCount", 1, 100) { Field = "alertIds" };
        var alerts = await SubjectsAsync(ids, ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var records = (await db.RiskAlerts.AsNoTracking().Where(a => ids.Contains(a.Id)).Select(a => a.RecordsJson).ToListAsync(ct))
            .SelectMany(json => RuleJson.Read<List<SignalRef>>(json)).Select(r => (r.Type, r.Key)).Distinct().Take(500).ToList();
        var caseId = await cases.OpenAsync(title, alerts.Select(a => a.EmployeeId).Distinct().ToList(), ids, note, ct, records);
        await EscalateAsync(alerts.Select(a => (a.Id, a.Version)).ToList(), caseId, note, ct);
        return caseId;
    }

    /// The alerts about employees; to check a case's subjects against the alerts escalated into it.
    public async Task<IReadOnlyList<(Guid Id, Guid EmployeeId, Guid Version)>> SubjectsAsync(IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        var access = await user.AccessAsync(ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var rows = await db.RiskAlerts.AsNoTracking().VisibleTo(access, RiskPermissions.AlertTriage).Where(a => ids.Contains(a.Id))
            .Select(a => new { a.Id, a.EmployeeId, a.Version, a.Status }).ToListAsync(ct);
        if (rows.Count != ids.Distinct().Count()) throw NotFound();
        if (rows.Any(r => r.Status != AlertStatus.Open)) throw new DomainException("Risk.Alert.NotOpen") { StatusCode = 409 };
        return rows.Select(r => (r.Id, r.EmployeeId, r.Version)).ToList();
    }

    public async Task<IReadOnlyList<RiskScore>> ScoresAsync(CancellationToken ct)
    {
        var access = await user.AccessAsync(ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var since = clock.GetUtcNow().AddDays(-ScoreDays);
        var alerts = await db.RiskAlerts.AsNoTracking().VisibleTo(access, RiskPermissions.AlertTriage)
            .Where(a => a.RaisedAt >= since && a.Status != AlertStatus.Dismissed)
            .Select(a => new { a.EmployeeId, a.RuleId, a.Severity }).ToListAsync(ct);
        var rules = await RuleNamesAsync(db, ct);
        return alerts.GroupBy(a => a.EmployeeId).Select(person =>
            {
                var contributions = person.GroupBy(a => (a.RuleId, a.Severity))
                    .Select(g => new ScoreContribution(rules.GetValueOrDefault(g.Key.RuleId, ""), g.Key.Severity, g.Count(), g.Count() * Points(g.Key.Severity)))
                    .OrderByDescending(c => c.Points).ToList();
                return new RiskScore(Pseudonym(person.Key), contributions.Sum(c => c.Points), contributions);
            })
            .OrderByDescending(s => s.Points).ThenBy(s => s.Pseudonym, StringComparer.Ordinal).ToList();
    }

    public async Task<IReadOnlyList<RuleEffectiveness>> EffectivenessAsync(CancellationToken ct)
    {
        var access = await user.AccessAsync(ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var counts = await db.RiskAlerts.AsNoTracking().VisibleTo(access, RiskPermissions.AlertTriage)
            .GroupBy(a => new { a.RuleId, a.Status }).Select(g => new { g.Key.RuleId, g.Key.Status, Count = g.Count() }).ToListAsync(ct);
        var rules = await db.RiskRules.AsNoTracking().OrderBy(r => r.Code).Select(r => new { r.Id, r.Name }).ToListAsync(ct);
        return rules.Select(r =>
        {
            int Of(AlertStatus s) => counts.Where(c => c.RuleId == r.Id && c.Status == s).Sum(c => c.Count);
            var (open, dismissed, escalated) = (Of(AlertStatus.Open), Of(AlertStatus.Dismissed), Of(AlertStatus.Escalated));
            var triaged = dismissed + escalated;
            return new RuleEffectiveness(r.Id, r.Name, open + triaged, open, dismissed, escalated,
                triaged == 0 ? null : decimal.Round(escalated * 100m / triaged, 1));
        }).ToList();
    }

    /// The queue as the triager sees it (pseudonyms, no content), as an Excel workbook; audited.
    public async Task<byte[]> ExportAsync(AlertStatus? status, Guid? ruleId, CancellationToken ct)
    {
        var page = await ListAsync(new AlertQuery(status, ruleId, 1, 200), ct);
        var all = new List<AlertRow>(page.Items);
        for (var p = 2; all.Count < page.Total && p <= 50; p++) all.AddRange((await ListAsync(new AlertQuery(status, ruleId, p, 200), ct)).Items);
        var zone = await calendar.ViewerZoneAsync(user, ct);
        var sheet = all.Select(a => new Dictionary<string, object?>
        {
            [l["Risk.Alerts.RaisedAt"]] = a.RaisedAt.Show(zone),
            [l["Risk.Alerts.Person"]] = a.Pseudonym,
            [l["Risk.Alerts.Rule"]] = a.Rule,
            [l["Risk.Alerts.Severity"]] = l["Risk.Severity." + a.Severity].Value,
            [l["Risk.Alerts.Status"]] = l["Risk.AlertStatus." + a.Status].Value,
            [l["Risk.Alerts.Summary"]] = a.Summary,
        }).ToList();
        using var stream = new MemoryStream();
        await MiniExcelLibs.MiniExcel.SaveAsAsync(stream, sheet, sheetName: l["Nav.RiskAlerts"], cancellationToken: ct);
        await audit.RecordAsync(AuditAction.Export, "risk_alert", null, JsonSerializer.Serialize(new { status, ruleId, rows = all.Count }), ct);
        return stream.ToArray();
    }

    public string Pseudonym(Guid employeeId) => l["Risk.Pseudonym", pseudonyms.Code(employeeId)];

    private AlertRow Row(RiskAlert a, IReadOnlyDictionary<Guid, string> rules, TimeZoneInfo zone) =>
        new(a.Id, Pseudonym(a.EmployeeId), a.RuleId, rules.GetValueOrDefault(a.RuleId, ""), a.Severity, a.Status, a.RaisedAt,
            a.WindowStart, a.WindowEnd, AlertText.Explain(a.Facts, a.WindowStart, a.WindowEnd, zone, l)[0], a.Version);

    private static async Task<Dictionary<Guid, string>> RuleNamesAsync(AppDbContext db, CancellationToken ct) =>
        await db.RiskRules.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.Name, ct);

    private static async Task<RiskAlert> Find(AppDbContext db, UserAccess access, Guid id, CancellationToken ct) =>
        await db.RiskAlerts.AsNoTracking().VisibleTo(access, RiskPermissions.AlertTriage).FirstOrDefaultAsync(a => a.Id == id, ct)
        ?? throw NotFound();

    private async Task<bool> RevealedAsync(AppDbContext db, Guid id, CancellationToken ct)
    {
        var me = user.UserId;
        var key = id.ToString();
        return me is not null && await db.AuditEntries.AnyAsync(e => e.UserId == me && e.Entity == RevealSubject && e.EntityKey == key, ct);
    }

    private static async Task<RevealedPerson?> PersonAsync(AppDbContext db, Guid employeeId, CancellationToken ct) =>
        await db.Employees.AsNoTracking().Where(e => e.Id == employeeId)
            .Select(e => new RevealedPerson(e.Id, e.Name, e.EmployeeNumber,
                db.Departments.Where(d => d.Id == e.DepartmentId).Select(d => d.Name).FirstOrDefault() ?? "")).FirstOrDefaultAsync(ct);

    /// The linked records: kind and time always; what they are (customer, order number, the hit
    /// words) only once the person is revealed, and never the message text itself here.
    private async Task<IReadOnlyList<AlertRecord>> RecordsAsync(AppDbContext db, IReadOnlyList<SignalRef> refs, bool revealed,
        TimeZoneInfo zone, CancellationToken ct)
    {
        Guid[] Guids(string type) => refs.Where(r => r.Type == type).Select(r => Guid.TryParse(r.Key, out var g) ? g : Guid.Empty).ToArray();
        var followUps = Guids(SignalRecordTypes.FollowUp);
        var orders = Guids(SignalRecordTypes.Order);
        var audits = Guids(SignalRecordTypes.Audit);
        var seqs = refs.Where(r => r.Type == SignalRecordTypes.Archive).Select(r => long.TryParse(r.Key, out var s) ? s : -1).ToArray();
        var f = await db.FollowUps.AsNoTracking().Where(x => followUps.Contains(x.Id))
            .Select(x => new { x.Id, x.At, Customer = x.Customer!.Name, x.CustomerId }).ToDictionaryAsync(x => x.Id.ToString(), ct);
        var o = await db.Orders.AsNoTracking().Where(x => orders.Contains(x.Id))
            .Select(x => new { x.Id, x.Number, x.TotalFen, x.EffectiveAt, x.CreatedAt }).ToDictionaryAsync(x => x.Id.ToString(), ct);
        var a = await db.AuditEntries.AsNoTracking().Where(x => audits.Contains(x.Id))
            .Select(x => new { x.Id, x.At, x.Entity, x.Action }).ToDictionaryAsync(x => x.Id.ToString(), ct);
        var m = await db.ArchivedRecords.AsNoTracking().Where(x => seqs.Contains(x.Seq))
            .Select(x => new { x.Seq, x.At, x.MsgType }).ToDictionaryAsync(x => x.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
        var hits = await db.ScanHits.AsNoTracking().Where(h => seqs.Contains(h.Seq))
            .Select(h => new { h.Seq, h.Word }).ToListAsync(ct);
        return refs.Select(r =>
        {
            var type = l["Risk.RecordType." + r.Type].Value;
            switch (r.Type)
            {
                case SignalRecordTypes.FollowUp when f.TryGetValue(r.Key, out var x):
                    return new AlertRecord(type, r.Key, x.At, revealed ? x.Customer : null, revealed ? $"/sales/customers/{x.CustomerId}" : null);
                case SignalRecordTypes.Order when o.TryGetValue(r.Key, out var x):
                    return new AlertRecord(type, r.Key, x.EffectiveAt ?? x.CreatedAt,
                        revealed ? $"{x.Number} · {MoneyFormat.Format(x.TotalFen)}" : null, revealed ? $"/sales/orders/{x.Id}" : null);
                case SignalRecordTypes.Audit when a.TryGetValue(r.Key, out var x):
                    return new AlertRecord(type, r.Key, x.At, revealed ? $"{x.Entity} · {x.Action}" : null, null);
                case SignalRecordTypes.Archive when m.TryGetValue(r.Key, out var x):
                    var words = hits.Where(h => h.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture) == r.Key).Select(h => h.Word).Distinct();
                    return new AlertRecord(type, r.Key, x.At, revealed ? l["Risk.Alert.ArchiveRecord", r.Key, string.Join("、", words)].Value : null,
                        revealed ? $"/risk/archive/search?seq={r.Key}" : null);
                default:
                    return new AlertRecord(type, r.Key, null, null, null);
            }
        }).ToList();
    }

    /// A concurrent triage of the same alert fails its version check: 409 (ExceptionProblemHandler).
    private static Task SaveAsync(AppDbContext db, CancellationToken ct) => db.SaveChangesAsync(ct);

    /// Out of scope and missing look the same.
    private static NotFoundException NotFound() => new();
}
