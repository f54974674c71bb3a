using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Risk.Archive;
using Renhe.Modules.Risk.Evidence;
using Renhe.Platform.Audit;
using Renhe.Platform.Data;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;
using Renhe.Platform.Time;
using Renhe.Platform.Ui;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Risk.Cases;

/// Investigation cases: opening (by hand or from alerts), evidence, notes, status, the legal hold on
/// the subjects' archived records, and the evidence package's input. A case is visible to a user
/// whose scope of the permission covers every subject: a department-scoped HR user never sees a case
/// that also names someone outside the department, and a case out of scope is "not found", never "forbidden".
public sealed class CaseService(
    IDbContextFactory<AppDbContext> dbs, CurrentUser currentUser, InputValidator validator, TimeProvider clock, BranchCalendar calendar,
    AuditService audit)
{
    /// The audit subjects of reading a case and exporting its package (written as literals where
    /// recorded, so the audit-names test reads them); the package's custody list reads them back.
    public const string ViewAudit = "risk.case";
    public const string ExportAudit = "risk.case.package";

    private static readonly JsonSerializerOptions RecordJson = new(JsonSerializerDefaults.Web)
    {
        ReferenceHandler = ReferenceHandler.IgnoreCycles,
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = true,
    };

    /// Opens a case about <paramref name="subjectEmployeeIds"/>, with the alerts that led to it as its
    /// first evidence, and puts each subject's archived records under legal hold, all in one save.
    /// Subjects must be within the caller's scope of managing cases (unknown and out of scope read the same).
    /// <paramref name="records"/> (kind and key, such as the archive records an alert links to) are added as evidence too.
    public async Task<Guid> OpenAsync(string title, IReadOnlyCollection<Guid> subjectEmployeeIds, IReadOnlyCollection<Guid> alertIds, string? note,
        CancellationToken ct, IReadOnlyCollection<(string Kind, string Key)>? records = null)
    {
        var access = await currentUser.AccessAsync(ct);
        var by = By();
        var zone = await calendar.CompanyZoneAsync(ct);
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            var subjects = subjectEmployeeIds.Distinct().ToList();
            var known = await db.Employees.AsNoTracking().VisibleTo(access, RiskPermissions.CaseManage)
                .Where(e => subjects.Contains(e.Id)).Select(e => e.Id).ToListAsync(ct);
            if (known.Count != subjects.Count || subjects.Count == 0)
                throw new DomainException(subjects.Count == 0 ? "Risk.Case.SubjectsRequired" : "Risk.Case.UnknownSubject") { Field = "subjectEmployeeIds" };

            var now = clock.GetUtcNow();
            var number = await NextNumberAsync(db, BranchCalendar.DayOf(now, zone).Year, ct);
            var c = RiskCase.Open(number, title, subjects, access.UserId, by, now);
            foreach (var alertId in alertIds.Distinct())
            {
                c.AddEvidence(EvidenceKinds.Alert, alertId.ToString(), by, now, out var added);
                c.Events.Add(added);
            }
            foreach (var (kind, key) in (records ?? []).Where(r => EvidenceKinds.All.Contains(r.Kind)).Distinct())
            {
                c.AddEvidence(kind, key, by, now, out var added);
                c.Events.Add(added);
            }
            if (!string.IsNullOrWhiteSpace(note)) c.Events.Add(c.AddNote(note, by, now));
            var names = await db.Employees.AsNoTracking().Where(e => subjects.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Name, ct);
            foreach (var subject in c.Subjects)
            {
                var hold = new LegalHold
                {
                    EmployeeId = subject.EmployeeId, Reason = HoldReason(c, names[subject.EmployeeId]), OpenedAt = now, OpenedBy = by,
                };
                db.LegalHolds.Add(hold);
                subject.LegalHoldId = hold.Id;
            }
            db.Add(c);
            try
            {
                await db.SaveChangesAsync(ct);
                return c.Id;
            }
            catch (DbUpdateException) when (attempt < 3 && !ct.IsCancellationRequested)
            {
                // Two cases opened at once took the same number: take the next one.
            }
        }
    }

    public async Task<Guid> CreateAsync(CaseInput input, CancellationToken ct)
    {
        validator.EnsureValid(input);
        return await OpenAsync(input.Title!, input.SubjectEmployeeIds ?? [], input.AlertIds ?? [], input.Note, ct);
    }

    /// Per closed case: subjects, when it was opened and closed, the outcome and the alerts it holds.
    /// Not scoped: it names no content, and its caller (the rule backtest) is already permission-checked.
    public async Task<IReadOnlyList<ClosedCaseOutcome>> ClosedOutcomesAsync(CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var cases = await db.Set<RiskCase>().AsNoTracking().Where(c => c.Status == CaseStatus.Closed)
            .Select(c => new
            {
                c.Id, c.OpenedAt, c.ClosedAt, c.Outcome,
                Subjects = c.Subjects.Select(s => s.EmployeeId).ToList(),
                Alerts = c.Evidence.Where(e => e.Kind == EvidenceKinds.Alert).Select(e => e.Key).ToList(),
            })
            .ToListAsync(ct);
        return cases.OrderBy(c => c.OpenedAt)
            .Select(c => new ClosedCaseOutcome(c.Id, c.Subjects, c.OpenedAt, c.ClosedAt!.Value, c.Outcome!.Value,
                c.Alerts.Select(a => Guid.TryParse(a, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).ToList()))
            .ToList();
    }

    public async Task<CasePage> ListAsync(CaseListQuery query, CancellationToken ct)
    {
        validator.EnsureValid(query);
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var cases = Visible(db, access, RiskPermissions.CaseView);
        if (query.Status is { } status) cases = cases.Where(c => c.Status == status);
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var q = query.Q.Trim();
            cases = cases.Where(c => c.Number.Contains(q) || c.Title.Contains(q) || c.Subjects.Any(s => s.Employee!.Name.Contains(q)));
        }
        var total = await cases.CountAsync(ct);
        var size = query.PageSize ?? 50;
        var page = query.Page ?? 1;
        var rows = await cases.OrderByDescending(c => c.OpenedAt).Skip((page - 1) * size).Take(size)
            .Select(c => new
            {
                c.Id, c.Number, c.Title, c.Status, c.Outcome, c.OpenedAt, c.ClosedAt,
                Subjects = c.Subjects.Select(s => s.Employee!.Name).ToList(),
                EvidenceCount = c.Evidence.Count,
            })
            .ToListAsync(ct);
        return new CasePage(rows.Select(r => new CaseListItem(r.Id, r.Number, r.Title, r.Status, r.Outcome, r.Subjects, r.EvidenceCount,
            r.OpenedAt, r.ClosedAt)).ToList(), total);
    }

    /// The visible cases (same filters, at most 10,000) as an Excel workbook; audited as an export.
    public async Task<byte[]> ExportAsync(CaseListQuery query, TimeZoneInfo zone, Microsoft.Extensions.Localization.IStringLocalizer l, CancellationToken ct)
    {
        var page = await ListAsync(new CaseListQuery { Status = query.Status, Q = query.Q, Page = 1, PageSize = FieldLimits.PageSize }, ct);
        var rows = page.Items.ToList();
        for (var p = 2; rows.Count < page.Total && rows.Count < 10_000; p++)
            rows.AddRange((await ListAsync(new CaseListQuery { Status = query.Status, Q = query.Q, Page = p, PageSize = FieldLimits.PageSize }, ct)).Items);
        var sheet = rows.Select(c => new Dictionary<string, object?>
        {
            [l["Risk.Case.Number"]] = c.Number,
            [l["Risk.Case.CaseTitle"]] = c.Title,
            [l["Risk.Case.Subjects"]] = string.Join("、", c.Subjects),
            [l["Risk.Case.Status"]] = l["Risk.CaseStatus." + c.Status].Value,
            [l["Risk.Case.Outcome"]] = c.Outcome is { } o ? l["Risk.CaseOutcome." + o].Value : "",
            [l["Risk.Case.EvidenceCount"]] = c.EvidenceCount,
            [l["Risk.Case.OpenedAt"]] = c.OpenedAt.Show(zone),
            [l["Risk.Case.ClosedAt"]] = c.ClosedAt.Show(zone),
        }).ToList();
        if (sheet.Count == 0) sheet.Add(new Dictionary<string, object?> { [l["Risk.Case.Number"]] = null, [l["Risk.Case.CaseTitle"]] = null });
        using var stream = new MemoryStream();
        await MiniExcelLibs.MiniExcel.SaveAsAsync(stream, sheet, sheetName: l["Risk.Case.ListTitle"], cancellationToken: ct);
        await audit.RecordAsync(AuditAction.Export, "risk.case.list", null, JsonSerializer.Serialize(new { query.Status, rows = rows.Count }), ct);
        return stream.ToArray();
    }

    /// One case with its evidence resolved, notes and timeline; audited as a disclosure about each subject.
    public async Task<CaseView> GetAsync(Guid id, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var c = await LoadAsync(db, access, RiskPermissions.CaseView, id, tracking: false, ct);
        var view = await ViewAsync(db, c, ct);
        await audit.RecordDisclosureAsync(AuditAction.Read, "risk.case", c.Id.ToString(), JsonSerializer.Serialize(new { c.Number }),
            _ => c.Subjects.Select(s => (s.EmployeeId, (string?)JsonSerializer.Serialize(new { c.Number }))), ct);
        return view;
    }

    public async Task EditAsync(Guid id, CaseEditInput input, CancellationToken ct)
    {
        validator.EnsureValid(input);
        await ChangeAsync(id, input.Version!.Value, async (db, c, by, now) =>
        {
            if (input.Title!.Trim() != c.Title) db.Add(c.Rename(input.Title, by, now));
            if (input.Investigators is { } names)
            {
                var wanted = names.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                var users = await db.Users.AsNoTracking().Where(u => wanted.Contains(u.UserName!)).Select(u => u.Id).ToListAsync(ct);
                if (users.Count != wanted.Count) throw new DomainException("Risk.Case.UnknownInvestigator") { Field = "investigators" };
                foreach (var gone in c.Investigators.Where(i => !users.Contains(i.UserId)).ToList())
                {
                    c.Investigators.Remove(gone);
                    db.Remove(gone);
                }
                foreach (var userId in users.Where(u => c.Investigators.All(i => i.UserId != u)))
                    db.Add(new RiskCaseInvestigator { CaseId = c.Id, UserId = userId });
                if (users.Count == 0) throw new DomainException("Risk.Case.InvestigatorRequired") { Field = "investigators" };
            }
        }, ct);
    }

    public async Task<Guid> AddEvidenceAsync(Guid id, CaseEvidenceInput input, CancellationToken ct)
    {
        validator.EnsureValid(input);
        var kind = input.Kind!.Trim().ToLowerInvariant();
        var key = input.Key!.Trim();
        var itemId = Guid.Empty;
        await ChangeAsync(id, input.Version!.Value, async (db, c, by, now) =>
        {
            if (EvidenceKinds.All.Contains(kind) && await ResolveAsync(db, kind, key, ct) is null)
                throw new DomainException("Risk.Case.EvidenceNotFound") { Field = "key" };
            var item = c.AddEvidence(kind, key, by, now, out var added);
            db.Add(item);
            db.Add(added);
            itemId = item.Id;
        }, ct);
        return itemId;
    }

    public async Task RemoveEvidenceAsync(Guid id, Guid evidenceId, Guid version, CancellationToken ct) =>
        await ChangeAsync(id, version, (db, c, by, now) =>
        {
            var item = c.Evidence.SingleOrDefault(e => e.Id == evidenceId) ?? throw new NotFoundException();
            db.Add(c.RemoveEvidence(item, by, now));
            db.Remove(item);
            return Task.CompletedTask;
        }, ct);

    public async Task AddNoteAsync(Guid id, CaseNoteInput input, CancellationToken ct)
    {
        validator.EnsureValid(input);
        await ChangeAsync(id, input.Version!.Value, (db, c, by, now) =>
        {
            db.Add(c.AddNote(input.Text!, by, now));
            return Task.CompletedTask;
        }, ct);
    }

    /// Moves the case on; closing it closes its legal holds in the same save.
    public async Task ChangeStatusAsync(Guid id, CaseStatusInput input, CancellationToken ct)
    {
        validator.EnsureValid(input);
        await ChangeAsync(id, input.Version!.Value, async (db, c, by, now) =>
        {
            db.Add(c.MoveTo(input.Status!.Value, input.Outcome, input.ClosingNote, by, now));
            if (c.Status != CaseStatus.Closed) return;
            var holdIds = c.Subjects.Where(s => s.LegalHoldId != null).Select(s => s.LegalHoldId!.Value).ToList();
            foreach (var hold in await db.LegalHolds.Where(h => holdIds.Contains(h.Id) && h.ClosedAt == null).ToListAsync(ct))
            {
                hold.ClosedAt = now;
                hold.ClosedBy = by;
            }
        }, ct);
    }

    /// Employees a case may be opened about: those within the caller's scope of managing cases.
    public async Task<IReadOnlyList<EmployeeChoice>> SubjectChoicesAsync(CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.Employees.AsNoTracking().VisibleTo(access, RiskPermissions.CaseManage).OrderBy(e => e.EmployeeNumber)
            .Select(e => new EmployeeChoice(e.Id, e.Name, e.EmployeeNumber)).ToListAsync(ct);
    }

    /// Cases the caller may still add evidence to (open or under review), newest first.
    public async Task<IReadOnlyList<ActiveCase>> ActiveCasesAsync(CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await Visible(db, access, RiskPermissions.CaseManage).AsNoTracking().Where(c => c.Status != CaseStatus.Closed)
            .OrderByDescending(c => c.OpenedAt).Take(200).Select(c => new ActiveCase(c.Id, c.Number, c.Title, c.Version)).ToListAsync(ct);
    }

    /// Records (not archive ones) of the case's subjects that may be added as evidence, newest first.
    /// Archive records are added from the archive search, whose reading is audited there.
    public async Task<IReadOnlyList<EvidenceCandidate>> CandidatesAsync(Guid id, string kind, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var c = await LoadAsync(db, access, RiskPermissions.CaseManage, id, tracking: false, ct);
        var people = c.Subjects.Select(s => (Guid?)s.EmployeeId).ToList();
        var ids = c.Subjects.Select(s => s.EmployeeId).ToList();
        const int take = 50;
        return kind switch
        {
            EvidenceKinds.FollowUp => (await db.FollowUps.AsNoTracking().Where(f => ids.Contains(f.EmployeeId)).OrderByDescending(f => f.At).Take(take)
                    .Select(f => new { f.Id, f.At, Customer = f.Customer!.Name, Employee = f.Employee!.Name, f.Notes }).ToListAsync(ct))
                .Select(f => new EvidenceCandidate(kind, f.Id.ToString(), $"{f.Employee} · {f.Customer} · {Short(f.Notes)}", f.At)).ToList(),
            EvidenceKinds.Order => (await db.Orders.AsNoTracking().Where(o => ids.Contains(o.SalespersonId)).OrderByDescending(o => o.CreatedAt).Take(take)
                    .Select(o => new { o.Id, o.Number, o.CreatedAt, Customer = o.Customer!.Name }).ToListAsync(ct))
                .Select(o => new EvidenceCandidate(kind, o.Id.ToString(), $"{o.Number} · {o.Customer}", o.CreatedAt)).ToList(),
            EvidenceKinds.Custody => (await db.CustodyEntries.AsNoTracking()
                    .Where(e => people.Contains(e.FromEmployeeId) || people.Contains(e.ToEmployeeId)).OrderByDescending(e => e.At).Take(take)
                    .ToListAsync(ct))
                .Select(e => new EvidenceCandidate(kind, e.Id.ToString(), $"{e.Reason} · {e.ByName}", e.At)).ToList(),
            EvidenceKinds.Approval => (await db.ApprovalRequests.AsNoTracking().Where(r => ids.Contains(r.RequesterEmployeeId))
                    .OrderByDescending(r => r.CreatedAt).Take(take).Select(r => new { r.Id, r.Title, r.CreatedAt }).ToListAsync(ct))
                .Select(r => new EvidenceCandidate(kind, r.Id.ToString(), r.Title, r.CreatedAt)).ToList(),
            EvidenceKinds.Audit => (await db.AuditEntries.AsNoTracking().Where(a => people.Contains(a.SubjectEmployeeId))
                    .OrderByDescending(a => a.At).Take(take).Select(a => new { a.Id, a.At, a.UserName, a.Action, a.Entity }).ToListAsync(ct))
                .Select(a => new EvidenceCandidate(kind, a.Id.ToString(), $"{a.UserName} · {a.Action} · {a.Entity}", a.At)).ToList(),
            EvidenceKinds.Acknowledgement => (await db.MonitoringAcknowledgements.AsNoTracking().Where(a => ids.Contains(a.EmployeeId))
                    .OrderByDescending(a => a.AcknowledgedAt).Take(take).ToListAsync(ct))
                .Select(a => new EvidenceCandidate(kind, a.Id.ToString(), $"v{a.NoticeVersion}", a.AcknowledgedAt)).ToList(),
            _ => [],
        };
    }

    /// Everything the package writer needs, read within the caller's scope of exporting; the export is
    /// audited about each subject and added to the case's timeline.
    public async Task<EvidenceCaseInput> PackageInputAsync(Guid id, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var c = await LoadAsync(db, access, RiskPermissions.EvidenceExport, id, tracking: false, ct);
        var view = await ViewAsync(db, c, ct);
        var ids = c.Subjects.Select(s => s.EmployeeId).ToList();

        var items = new List<EvidenceItemInput>();
        foreach (var e in c.Evidence.OrderBy(e => e.AddedAt))
        {
            var resolved = await ResolveAsync(db, e.Kind, e.Key, ct);
            items.Add(new EvidenceItemInput(e.Kind, e.Key, resolved?.Title ?? $"{e.Kind}:{e.Key}", resolved?.At ?? e.AddedAt, e.AddedBy, e.AddedAt,
                resolved?.ArchiveSeq, resolved?.Json));
        }

        var notices = await db.MonitoringNotices.AsNoTracking().ToDictionaryAsync(n => n.Version, ct);
        var acks = (await db.MonitoringAcknowledgements.AsNoTracking().Where(a => ids.Contains(a.EmployeeId)).OrderBy(a => a.AcknowledgedAt).ToListAsync(ct))
            .Select(a => notices.TryGetValue(a.NoticeVersion, out var n)
                ? new EvidenceAcknowledgement(view.Subjects.First(s => s.EmployeeId == a.EmployeeId).Name, a.NoticeVersion, n.Title, NoticeSha256(n.Text), a.AcknowledgedAt)
                : null)
            .OfType<EvidenceAcknowledgement>().ToList();

        // Custody: who read the case or exported its package (the overall entries, not the per-person ones).
        var key = c.Id.ToString();
        var custody = await db.AuditEntries.AsNoTracking()
            .Where(a => (a.Entity == ViewAudit || a.Entity == ExportAudit) && a.EntityKey == key && a.SubjectEmployeeId == null)
            .OrderBy(a => a.At).Select(a => new { a.At, a.UserName, a.Action }).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var by = By();
        var custodyEntries = custody.Select(a => new EvidenceCustodyEntry(a.At, a.UserName ?? "", a.Action == AuditAction.Export ? "export" : "view")).ToList();
        custodyEntries.Add(new EvidenceCustodyEntry(now, by, "export"));

        var departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, ct);
        var employees = await db.Employees.AsNoTracking().Where(e => ids.Contains(e.Id))
            .Select(e => new { e.Id, e.Name, e.EmployeeNumber, e.DepartmentId }).ToListAsync(ct);
        var input = new EvidenceCaseInput(c.Number, c.Title, c.Status.ToString(), c.Outcome?.ToString(), c.OpenedAt, c.OpenedBy,
            employees.Select(e => new EvidenceSubject(e.Id, e.Name, e.EmployeeNumber, departments.GetValueOrDefault(e.DepartmentId, ""))).ToList(),
            view.Investigators.Select(i => i.DisplayName).ToList(),
            view.Timeline.Select(t => new EvidenceTimelineEntry(t.At, t.By, t.Text is null ? t.Kind.ToString() : $"{t.Kind}: {t.Text}")).ToList(),
            items, acks, custodyEntries);

        await audit.RecordDisclosureAsync(AuditAction.Export, "risk.case.package", key, JsonSerializer.Serialize(new { c.Number, items = items.Count }),
            _ => ids.Select(e => (e, (string?)JsonSerializer.Serialize(new { c.Number }))), ct);
        // The export joins the timeline even when the case is closed: it is a fact about the case, not an edit.
        await using var again = await dbs.CreateDbContextAsync(ct);
        again.Add(c.PackageExported(by, now));
        await again.SaveChangesAsync(ct);
        return input;
    }

    public static string NoticeSha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// Cases whose every subject is within the caller's scope of <paramref name="permission"/>.
    internal static IQueryable<RiskCase> Visible(AppDbContext db, UserAccess access, string permission)
    {
        var cases = db.Set<RiskCase>().AsQueryable();
        switch (access.ScopeOf(permission))
        {
            case null: return cases.Where(_ => false);
            case DataScope.All: return cases;
            default:
                var visibleSubjects = db.Set<RiskCaseSubject>().VisibleTo(access, permission);
                return cases.Where(c => c.Subjects.All(s => visibleSubjects.Any(v => v.Id == s.Id)));
        }
    }

    private async Task<RiskCase> LoadAsync(AppDbContext db, UserAccess access, string permission, Guid id, bool tracking, CancellationToken ct)
    {
        var query = Visible(db, access, permission).Where(c => c.Id == id)
            .Include(c => c.Subjects).Include(c => c.Investigators).Include(c => c.Evidence).AsSplitQuery();
        if (!tracking) query = query.AsNoTracking();
        return await query.SingleOrDefaultAsync(ct) ?? throw new NotFoundException();
    }

    private async Task ChangeAsync(Guid id, Guid version, Func<AppDbContext, RiskCase, string, DateTimeOffset, Task> change, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var c = await LoadAsync(db, access, RiskPermissions.CaseManage, id, tracking: true, ct);
        db.ExpectVersion(c, version);
        await change(db, c, By(), clock.GetUtcNow());
        db.MarkChanged(c);
        await db.SaveChangesAsync(ct);
    }

    private async Task<CaseView> ViewAsync(AppDbContext db, RiskCase c, CancellationToken ct)
    {
        var ids = c.Subjects.Select(s => s.EmployeeId).ToList();
        var departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, ct);
        var employees = await db.Employees.AsNoTracking().Where(e => ids.Contains(e.Id))
            .Select(e => new { e.Id, e.Name, e.EmployeeNumber, e.DepartmentId }).ToDictionaryAsync(e => e.Id, ct);
        var holdIds = c.Subjects.Where(s => s.LegalHoldId != null).Select(s => s.LegalHoldId!.Value).ToList();
        var openHolds = await db.LegalHolds.AsNoTracking().Where(h => holdIds.Contains(h.Id) && h.ClosedAt == null).Select(h => h.Id).ToListAsync(ct);
        var subjects = c.Subjects.Select(s =>
        {
            var e = employees[s.EmployeeId];
            return new CaseSubjectView(s.EmployeeId, e.Name, e.EmployeeNumber, departments.GetValueOrDefault(e.DepartmentId, ""), s.LegalHoldId,
                s.LegalHoldId is { } h && openHolds.Contains(h));
        }).OrderBy(s => s.EmployeeNumber).ToList();

        var userIds = c.Investigators.Select(i => i.UserId).ToList();
        var investigators = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new CaseInvestigatorView(u.Id, u.UserName!, u.DisplayName)).ToListAsync(ct);

        var evidence = new List<CaseEvidenceView>();
        foreach (var e in c.Evidence.OrderBy(e => e.AddedAt))
        {
            var resolved = await ResolveAsync(db, e.Kind, e.Key, ct);
            evidence.Add(new CaseEvidenceView(e.Id, e.Kind, e.Key, resolved?.Title ?? $"{e.Kind}:{e.Key}", resolved?.At, resolved?.Link,
                resolved is null, e.AddedBy, e.AddedAt));
        }
        var events = await db.Set<RiskCaseEvent>().AsNoTracking().Where(x => x.CaseId == c.Id).OrderBy(x => x.At).ThenBy(x => x.Id)
            .Select(x => new CaseEventView(x.At, x.By, x.Kind, x.Text)).ToListAsync(ct);
        return new CaseView(c.Id, c.Number, c.Title, c.Status, c.Outcome, c.ClosingNote, c.OpenedAt, c.OpenedBy, c.ClosedAt, c.ClosedBy,
            subjects, investigators.OrderBy(i => i.UserName).ToList(), evidence, events.Where(x => x.Kind == CaseEventKind.Note).ToList(), events,
            subjects.Any(s => s.HoldOpen), c.Version);
    }

    private sealed record Resolved(string Title, DateTimeOffset? At, string? Link, long? ArchiveSeq, string? Json);

    /// A reference resolved to a readable title and the record as Renhe holds it; null when it does not exist.
    private static async Task<Resolved?> ResolveAsync(AppDbContext db, string kind, string key, CancellationToken ct)
    {
        if (kind == EvidenceKinds.Archive)
        {
            if (!long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var seq)) return null;
            var r = await db.ArchivedRecords.AsNoTracking().Where(x => x.Seq == seq)
                .Select(x => new { x.Seq, x.Channel, x.At, Employee = db.Employees.Where(e => e.Id == x.EmployeeId).Select(e => e.Name).FirstOrDefault(), x.CounterpartRaw })
                .SingleOrDefaultAsync(ct);
            return r is null ? null : new Resolved($"#{r.Seq} · {r.Channel} · {r.Employee} ↔ {r.CounterpartRaw}", r.At, $"/risk/archive/search?seq={r.Seq}", r.Seq, null);
        }
        if (!Guid.TryParse(key, out var id)) return null;
        switch (kind)
        {
            case EvidenceKinds.Alert:
                // Alerts are referenced by id only; the alert queue owns their content.
                return new Resolved($"alert {key}", null, $"/risk/alerts/{key}", null, JsonSerializer.Serialize(new { alertId = id }, RecordJson));
            case EvidenceKinds.FollowUp:
                var f = await db.FollowUps.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
                if (f is null) return null;
                var fc = await db.Customers.AsNoTracking().Where(x => x.Id == f.CustomerId).Select(x => x.Name).SingleOrDefaultAsync(ct);
                return new Resolved($"{fc} · {Short(f.Notes)}", f.At, $"/sales/customers/{f.CustomerId}", null, JsonSerializer.Serialize(f, RecordJson));
            case EvidenceKinds.Order:
                var o = await db.Orders.AsNoTracking().Include(x => x.Lines).SingleOrDefaultAsync(x => x.Id == id, ct);
                return o is null ? null : new Resolved(o.Number, o.CreatedAt, $"/sales/orders/{o.Id}", null, JsonSerializer.Serialize(o, RecordJson));
            case EvidenceKinds.Custody:
                var e = await db.CustodyEntries.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
                if (e is null) return null;
                var ec = await db.Customers.AsNoTracking().Where(x => x.Id == e.CustomerId).Select(x => x.Name).SingleOrDefaultAsync(ct);
                return new Resolved($"{ec} · {e.Reason}", e.At, $"/sales/customers/{e.CustomerId}", null, JsonSerializer.Serialize(e, RecordJson));
            case EvidenceKinds.Approval:
                var a = await db.ApprovalRequests.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
                return a is null ? null : new Resolved(a.Title, a.CreatedAt, $"/approvals/{a.Id}", null, JsonSerializer.Serialize(a, RecordJson));
            case EvidenceKinds.Audit:
                var u = await db.AuditEntries.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
                return u is null ? null : new Resolved($"{u.UserName} · {u.Action} · {u.Entity}", u.At, null, null, JsonSerializer.Serialize(u, RecordJson));
            case EvidenceKinds.Acknowledgement:
                var k = await db.MonitoringAcknowledgements.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
                if (k is null) return null;
                var name = await db.Employees.AsNoTracking().Where(x => x.Id == k.EmployeeId).Select(x => x.Name).SingleOrDefaultAsync(ct);
                return new Resolved($"{name} · v{k.NoticeVersion}", k.AcknowledgedAt, null, null, JsonSerializer.Serialize(k, RecordJson));
            default:
                return null;
        }
    }

    private static async Task<string> NextNumberAsync(AppDbContext db, int year, CancellationToken ct)
    {
        var prefix = $"AJ-{year}-";
        var numbers = await db.Set<RiskCase>().AsNoTracking().Where(c => c.Number.StartsWith(prefix)).Select(c => c.Number).ToListAsync(ct);
        var last = numbers.Select(n => int.TryParse(n.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : 0)
            .DefaultIfEmpty(0).Max();
        return $"{prefix}{last + 1:0000}";
    }

    private static string HoldReason(RiskCase c, string subjectName) => $"案件 {c.Number}：{c.Title}（{subjectName}）";

    private static string Short(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private string By() => currentUser.UserName ?? "system";
}
