using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Risk.Scanning;
using Renhe.Platform.Audit;
using Renhe.Platform.Data;
using Renhe.Platform.Problems;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Risk.Archive;

public sealed record ArchiveSearchQuery(
    [property: MaxLength(FieldLimits.Search)] string? Q = null, Guid? EmployeeId = null,
    [property: MaxLength(200)] string? Counterpart = null, [property: MaxLength(32)] string? Channel = null,
    [property: DateWindow(DateKind.Report)] DateTimeOffset? From = null, [property: DateWindow(DateKind.Report)] DateTimeOffset? To = null,
    [property: MaxLength(50)] string? Category = null,
    [property: Range(1, 100_000)] int? Page = null, [property: Range(1, FieldLimits.PageSize)] int? PageSize = null);

/// A stretch of a record's text to highlight: the searched term ("keyword") or a scanner hit ("hit").
public sealed record HighlightRange(int Start, int Length, string Kind, string? Category = null, string? Word = null);

/// <param name="CustomerName">The counterpart as a customer of the sales module (matched by WeCom external id), when known.</param>
/// <param name="NoticeAcknowledged">Whether the employee had acknowledged a monitoring notice by the time of the record
/// (ADR 0009); null when the record has no known employee.</param>
public sealed record ArchiveSearchHit(long Seq, DateTimeOffset At, string Channel, string? MsgType, Guid? EmployeeId,
    string? EmployeeName, string? Sender, string? Counterpart, string? Content, IReadOnlyList<HighlightRange> Highlights, string ContextLink,
    string? CustomerName = null, bool? NoticeAcknowledged = null)
{
    /// Sent by the counterpart (the customer) rather than by the employee.
    public bool FromCounterpart => Sender is not null && Sender == Counterpart;
}

/// Total counts matches up to <see cref="ArchiveSearchService.TotalCap"/>; beyond it Total is the cap
/// and TotalIsLowerBound is set (shown as "1000+").
public sealed record ArchiveSearchPage(int Total, int Page, int PageSize, IReadOnlyList<ArchiveSearchHit> Items, bool TotalIsLowerBound = false);

public sealed record ArchiveContext(long Seq, IReadOnlyList<ArchiveSearchHit> Messages);

/// Searches archived content for investigators. Reading content needs risk.archive.search (checked
/// at the endpoint and the page); every search and every context view is recorded as an audited
/// read with the query and filters (PIPL: who looked at whose messages). Keyword matching goes
/// through <see cref="ArchiveSearchIndex"/>, so a two-character term never scans the table.
/// Besides the entry for the search itself, each employee whose records the returned page shows
/// gets a read entry naming them as its subject, so they can see who read their messages.
public sealed class ArchiveSearchService(IDbContextFactory<AppDbContext> dbFactory, AuditService audit)
{
    public const int MaxPageSize = 100;

    /// Counting stops here. An investigator needs "a handful", "hundreds" or "too many, narrow it
    /// down", not that 价格 occurs 152,318 times; and an exact count of a frequent term costs a walk
    /// over every match (hundreds of ms over a million messages), where the first page costs a few.
    public const int TotalCap = 1000;

    /// SQLite: up to about this many matches (estimated from their density among the newest), the
    /// page is found by walking the time index through the set of all the matches' seqs; beyond, a
    /// window of records at a time (ArchiveSearchIndex.WalkTimeInWindowsAsync).
    public const int ThroughMatchesUpTo = 50_000;

    public async Task<ArchiveSearchPage> SearchAsync(ArchiveSearchQuery query, CancellationToken ct)
    {
        var term = string.IsNullOrWhiteSpace(query.Q) ? null : ScanNormalization.Normalize(query.Q.Trim());
        if (term is not null && term.Length < 2)
            throw new DomainException("Risk.Search.TermTooShort") { Field = "q" };
        if (term is { Length: > 100 })
            throw new DomainException("Validation.MaxLength", "q", 100) { Field = "q" };
        var page = Math.Max(1, query.Page ?? 1);
        var pageSize = Math.Clamp(query.PageSize ?? 20, 1, MaxPageSize);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        IQueryable<ArchivedRecord> Filtered(IQueryable<ArchivedRecord> records)
        {
            if (query.EmployeeId is { } employeeId) records = records.Where(r => r.EmployeeId == employeeId);
            if (!string.IsNullOrWhiteSpace(query.Counterpart))
            {
                var c = query.Counterpart.Trim();
                records = records.Where(r => r.CounterpartRaw == c || r.CounterpartExternalId == c || r.CounterpartPhone == c);
            }
            if (!string.IsNullOrWhiteSpace(query.Channel)) records = records.Where(r => r.Channel == query.Channel);
            // Instants are stored in UTC and PostgreSQL takes only UTC parameters (ADR 0001).
            if (query.From is { } from) { var utc = from.ToUniversalTime(); records = records.Where(r => r.At >= utc); }
            if (query.To is { } to) { var utc = to.ToUniversalTime(); records = records.Where(r => r.At < utc); }
            if (!string.IsNullOrWhiteSpace(query.Category))
                records = records.Where(r => db.ScanHits.Any(h => h.Seq == r.Seq && h.Category == query.Category));
            return records;
        }

        var all = db.ArchivedRecords.AsNoTracking();
        var matching = Filtered(term is null ? all : all.Where(r => ArchiveSearchIndex.Matching(db, term).Contains(r.Seq)));
        var filtered = query.EmployeeId is not null || !string.IsNullOrWhiteSpace(query.Counterpart) || !string.IsNullOrWhiteSpace(query.Channel)
                       || query.From is not null || query.To is not null || !string.IsNullOrWhiteSpace(query.Category);

        // The page in two steps: the seqs of the page first (only seq and time are read per match,
        // not whole rows), then those rows. How the seqs are found depends on how common the term is.
        var skip = (page - 1) * pageSize;
        int counted;
        List<long> pageSeqs;
        List<Guid?>? pageEmployees = null;
        IQueryable<long> NewestFirst(IQueryable<ArchivedRecord> source) =>
            source.OrderByDescending(r => r.At).ThenByDescending(r => r.Seq).Skip(skip).Take(pageSize).Select(r => r.Seq);
        if (term is null)
        {
            counted = await matching.Take(TotalCap + 1).CountAsync(ct);
            pageSeqs = await NewestFirst(matching).ToListAsync(ct);
        }
        else if (db.Database.IsNpgsql() && !filtered)
        {
            // The term alone: the capped count, the page and whose records it shows in one call
            // (ArchiveSearchIndex.NewestPostgresAsync: a two-character term from its day counts,
            // a longer one a stretch of days at a time).
            (counted, pageSeqs, pageEmployees) = await ArchiveSearchIndex.NewestPostgresAsync(db, term, skip, pageSize, ct);
        }
        else if (db.Database.IsNpgsql())
        {
            counted = await matching.Select(r => r.Seq).Take(TotalCap + 1).CountAsync(ct);
            // With filters, a frequent term's records are walked newest first and each checked (the
            // planner's choice); a rarer one's few matches are read and sorted.
            pageSeqs = await NewestFirst(counted > TotalCap ? Filtered(ArchiveSearchIndex.NewestFirstMatching(db, term)) : matching).ToListAsync(ct);
        }
        else
        {
            // SQLite: the newest matches in the index (up to the cap) give the total of the term
            // alone and how dense its matches are, which chooses the plan (ArchiveSearchIndex).
            var (termCount, density) = await ArchiveSearchIndex.SurveyAsync(db, term, TotalCap + 1, ct);
            counted = filtered ? await matching.Take(TotalCap + 1).CountAsync(ct) : termCount;
            var expectedMatches = termCount <= TotalCap ? termCount : density * (await db.ArchivedRecords.MaxAsync(r => (long?)r.Seq, ct) ?? 0);
            pageSeqs = expectedMatches <= TotalCap || (filtered && counted <= TotalCap) ? await NewestFirst(matching).ToListAsync(ct)
                // A longer term's set of matches would have every candidate's text confirmed first.
                : expectedMatches <= ThroughMatchesUpTo && !ArchiveSearchIndex.NeedsConfirmation(term) ? await NewestFirst(Filtered(ArchiveSearchIndex.WalkTimeThroughMatches(db, term))).ToListAsync(ct)
                : await ArchiveSearchIndex.WalkTimeInWindowsAsync(db, Filtered(all), term, density, skip, pageSize, ct);
        }
        var totalIsLowerBound = counted > TotalCap;
        var total = Math.Min(counted, TotalCap);
        // The rows, their scan hits and the audit at once, each on a connection of its own. The audit
        // needs only whose records the page shows: on PostgreSQL's term-alone path that comes with the
        // page (so it does not wait for the rows), otherwise with the rows.
        var rowsRead = ReadRowsAsync(db, pageSeqs, ct);
        var hitsRead = ReadHitsAsync(pageSeqs, ct);
        var audited = pageEmployees is not null ? AuditAsync(pageEmployees) : AuditAfterRowsAsync();
        await Task.WhenAll(rowsRead, hitsRead, audited);
        var items = WithHighlights(await rowsRead, await hitsRead, term);
        return new ArchiveSearchPage(total, page, pageSize, items, totalIsLowerBound);

        async Task AuditAfterRowsAsync() => await AuditAsync((await rowsRead).Select(r => r.EmployeeId));

        Task AuditAsync(IEnumerable<Guid?> employees) => audit.RecordDisclosureAsync(AuditAction.Read, "risk.archive.search", query.Q,
            JsonSerializer.Serialize(new
            {
                q = query.Q, query.EmployeeId, query.Counterpart, query.Channel, query.From, query.To, query.Category, page, pageSize, total, totalIsLowerBound,
            }),
            search => employees.OfType<Guid>().GroupBy(e => e)
                .Select(g => (g.Key, (string?)JsonSerializer.Serialize(new { search, q = query.Q, records = g.Count() }))), ct);
    }

    /// The conversation around a record: the same employee (or raw sender) with the same
    /// counterpart, <paramref name="around"/> messages before and after, oldest first.
    public async Task<ArchiveContext?> ContextAsync(long seq, string? q, int around, CancellationToken ct)
    {
        around = Math.Clamp(around, 1, 50);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var anchor = await db.ArchivedRecords.AsNoTracking().Where(r => r.Seq == seq)
            .Select(r => new { r.Seq, r.At, r.EmployeeId, r.SenderRaw, r.CounterpartRaw }).SingleOrDefaultAsync(ct);
        if (anchor is null) return null;

        var conversation = db.ArchivedRecords.AsNoTracking().Where(r => r.CounterpartRaw == anchor.CounterpartRaw);
        conversation = anchor.EmployeeId is { } e
            ? conversation.Where(r => r.EmployeeId == e)
            : conversation.Where(r => r.EmployeeId == null && r.SenderRaw == anchor.SenderRaw);
        var before = await Project(db, conversation
            .Where(r => r.At < anchor.At || (r.At == anchor.At && r.Seq < anchor.Seq))
            .OrderByDescending(r => r.At).ThenByDescending(r => r.Seq).Take(around)).ToListAsync(ct);
        var after = await Project(db, conversation
            .Where(r => r.At > anchor.At || (r.At == anchor.At && r.Seq >= anchor.Seq))
            .OrderBy(r => r.At).ThenBy(r => r.Seq).Take(around + 1)).ToListAsync(ct);
        before.Reverse();
        var term = string.IsNullOrWhiteSpace(q) ? null : ScanNormalization.Normalize(q.Trim());
        List<Row> rows = [.. before, .. after];
        var messages = WithHighlights(rows, await ReadHitsAsync(db, rows.Select(r => r.Seq).ToList(), ct), term is { Length: >= 2 } ? term : null);

        // A conversation is one employee's (or an unknown sender's): that employee is the subject.
        await audit.RecordReadAsync("risk.archive.context", seq.ToString(System.Globalization.CultureInfo.InvariantCulture),
            JsonSerializer.Serialize(new { seq, q, around, first = messages.FirstOrDefault()?.Seq, last = messages.LastOrDefault()?.Seq }),
            subjectEmployeeId: anchor.EmployeeId, ct);
        return new ArchiveContext(seq, messages);
    }

    /// <param name="InformedSince">When the employee first acknowledged a monitoring notice: records
    /// before it were made before they had been told (ADR 0009). Kept and searchable, but marked.</param>
    private sealed record Row(long Seq, DateTimeOffset At, string Channel, string? MsgType, Guid? EmployeeId, string? EmployeeName,
        string? Sender, string? Counterpart, string? Content, string? CustomerName, DateTimeOffset? InformedSince);

    private static IQueryable<Row> Project(AppDbContext db, IQueryable<ArchivedRecord> records) =>
        records.Select(r => new Row(r.Seq, r.At, r.Channel, r.MsgType, r.EmployeeId,
            db.Employees.Where(e => e.Id == r.EmployeeId).Select(e => e.Name).FirstOrDefault(),
            r.SenderRaw, r.CounterpartRaw, r.Content,
            // Not null on both sides spelled out: otherwise EF adds "or both null", which no index answers.
            db.Customers.Where(c => r.CounterpartExternalId != null && c.WeComExternalId != null && c.WeComExternalId == r.CounterpartExternalId)
                .Select(c => c.Name).FirstOrDefault(),
            db.MonitoringAcknowledgements.Where(a => a.EmployeeId == r.EmployeeId).OrderBy(a => a.AcknowledgedAt)
                .Select(a => (DateTimeOffset?)a.AcknowledgedAt).FirstOrDefault()));

    /// The page's rows, newest first.
    private static async Task<List<Row>> ReadRowsAsync(AppDbContext db, List<long> seqs, CancellationToken ct) =>
        (await Project(db, db.ArchivedRecords.AsNoTracking().Where(r => seqs.Contains(r.Seq))).ToListAsync(ct))
            .OrderByDescending(r => r.At).ThenByDescending(r => r.Seq).ToList();

    /// On a context of its own, to be read alongside the rows.
    private async Task<ILookup<long, ScanHitRecord>> ReadHitsAsync(List<long> seqs, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ReadHitsAsync(db, seqs, ct);
    }

    private static async Task<ILookup<long, ScanHitRecord>> ReadHitsAsync(AppDbContext db, List<long> seqs, CancellationToken ct) =>
        (await db.ScanHits.AsNoTracking().Where(h => seqs.Contains(h.Seq)).ToListAsync(ct)).ToLookup(h => h.Seq);

    private static List<ArchiveSearchHit> WithHighlights(List<Row> rows, ILookup<long, ScanHitRecord> hits, string? term)
    {
        return rows.Select(r =>
        {
            var ranges = new List<HighlightRange>();
            if (term is not null)
                ranges.AddRange(ArchiveSearchIndex.Occurrences(r.Content, term).Select(o => new HighlightRange(o.Start, o.Length, "keyword")));
            ranges.AddRange(hits[r.Seq].Select(h => new HighlightRange(h.Start, h.Length, "hit", h.Category, h.Word)));
            return new ArchiveSearchHit(r.Seq, r.At, r.Channel, r.MsgType, r.EmployeeId, r.EmployeeName, r.Sender, r.Counterpart, r.Content,
                ranges.OrderBy(x => x.Start).ToList(), $"/risk/archive/search?context={r.Seq}", r.CustomerName,
                r.EmployeeId is not null ? r.InformedSince <= r.At : null);
        }).ToList();
    }
}
