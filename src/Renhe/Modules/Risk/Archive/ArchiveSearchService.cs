using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;
using Renhe.Modules.Risk.Lexicon;
using Renhe.Modules.Risk.Scanning;
using Renhe.Platform.Audit;
using Renhe.Platform.Data;
using Renhe.Platform.Localization;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Risk.Archive;

/// <param name="Flagged">Only records the scanner flagged (at least one sensitive-word hit).</param>
/// <param name="CategoryWords">When <paramref name="Q"/> names a lexicon category (私单, "Private deal"), search the
/// category's enabled words as well as the name itself (the search page asks for it; the API searches the text as typed).</param>
public sealed record ArchiveSearchQuery(
    [property: MaxLength(FieldLimits.Search)] string? Q = null, Guid? EmployeeId = null,
    [property: MaxLength(200)] string? Counterpart = null, [property: MaxLength(32)] string? Channel = null,
    [property: DateWindow(DateKind.Report)] DateTimeOffset? From = null, [property: DateWindow(DateKind.Report)] DateTimeOffset? To = null,
    [property: MaxLength(50)] string? Category = null, bool? Flagged = null, bool? CategoryWords = null,
    [property: Range(1, 100_000)] int? Page = null, [property: Range(1, FieldLimits.PageSize)] int? PageSize = null);

/// A stretch of a record's text to highlight: the searched term ("keyword") or a scanner hit ("hit").
public sealed record HighlightRange(int Start, int Length, string Kind, string? Category = null, string? Word = null);

/// <param name="CustomerName">The counterpart as a customer of the sales module (matched by WeCom external id), when known.</param>
/// <param name="CustomerId">That customer's id, for a link to the customer page (which applies its own access rules).</param>
/// <param name="NoticeAcknowledged">Whether the employee had acknowledged a monitoring notice by the time of the record
/// (ADR 0009); null when the record has no known employee.</param>
public sealed record ArchiveSearchHit(long Seq, DateTimeOffset At, string Channel, string? MsgType, Guid? EmployeeId,
    string? EmployeeName, string? Sender, string? Counterpart, string? Content, IReadOnlyList<HighlightRange> Highlights, string ContextLink,
    string? CustomerName = null, bool? NoticeAcknowledged = null, Guid? CustomerId = null)
{
    /// Sent by the counterpart (the customer) rather than by the employee.
    public bool FromCounterpart => Sender is not null && Sender == Counterpart;
}

/// The searched term is a lexicon category's name or one of its words. Category: its code;
/// Messages: how many records the scanner flagged in it under the search's other filters (capped
/// like the total, MessagesIsLowerBound beyond); WordsSearched: how many of the category's words
/// were searched besides the term (0 unless the term is the category's name and the query asked);
/// Words: how many enabled words the category has.
public sealed record ArchiveCategoryHint(string Category, bool TermIsCategoryName, int Messages, bool MessagesIsLowerBound, int WordsSearched, int Words);

/// Total counts matches up to <see cref="ArchiveSearchService.TotalCap"/>; beyond it Total is the cap
/// and TotalIsLowerBound is set (shown as "1000+").
public sealed record ArchiveSearchPage(int Total, int Page, int PageSize, IReadOnlyList<ArchiveSearchHit> Items, bool TotalIsLowerBound = false,
    ArchiveCategoryHint? CategoryHint = null);

public sealed record ArchiveContext(long Seq, IReadOnlyList<ArchiveSearchHit> Messages);

/// Searches archived content for investigators. Reading content needs risk.archive.search (checked
/// at the endpoint and the page); every search and every context view is recorded as an audited
/// read with the query and filters (PIPL: who looked at whose messages). Keyword matching goes
/// through <see cref="ArchiveSearchIndex"/>, so a two-character term never scans the table.
/// Besides the entry for the search itself, each employee whose records the returned page shows
/// gets a read entry naming them as its subject, so they can see who read their messages.
///
/// What a search, an export and a context show is limited to the caller's data scope for
/// risk.archive.search, through VisibleTo on the records' employees: a department (team) grant
/// sees the records of the employees it reaches. Records whose sender matched no employee
/// (shown as an unknown employee) belong to no department, so only an "all" grant sees them.
/// Hidden records are never counted: totals, the category hint and the export are computed inside
/// the scope, and a context outside it is not found, as if the record did not exist.
public sealed class ArchiveSearchService(IDbContextFactory<AppDbContext> dbFactory, AuditService audit, LexiconService lexicon,
    CurrentUser currentUser, IStringLocalizer<Strings> l, ArchiveSearchIndexer indexer)
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

    /// An export holds at most this many records, the newest: enough for a case file, and a search
    /// matching more is one to narrow down before its messages leave the application.
    public const int MaxExportRows = 10_000;

    /// What a search asks for, checked and normalised: the term as the index reads it, the words of
    /// the category it names when those are searched too, and what the lexicon knows of the term.
    private sealed record Plan(string? Term, IReadOnlyList<string> Words, LexiconTermMatch? Lexicon, bool Filtered, UserAccess Access)
    {
        /// Every normalised text searched for: the term and the category's words.
        public IReadOnlyList<string> Terms => Term is null ? [] : [Term, .. Words];
    }

    private async Task<Plan> PlanAsync(ArchiveSearchQuery query, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        var term = string.IsNullOrWhiteSpace(query.Q) ? null : ScanNormalization.Normalize(query.Q.Trim());
        if (term is not null && term.Length < 2)
            throw new DomainException("Risk.Search.TermTooShort") { Field = "q" };
        if (term is { Length: > 100 })
            throw new DomainException("Validation.MaxLength", "q", 100) { Field = "q" };
        var known = term is null ? null : await lexicon.MatchTermAsync(query.Q!, ct);
        IReadOnlyList<string> words = known is { IsCategoryName: true } && query.CategoryWords == true
            ? known.Words.Select(ScanNormalization.Normalize).Where(w => w.Length >= 2 && w != term).Distinct(StringComparer.Ordinal).ToList()
            : [];
        var filtered = query.EmployeeId is not null || !string.IsNullOrWhiteSpace(query.Counterpart) || !string.IsNullOrWhiteSpace(query.Channel)
                       || query.From is not null || query.To is not null || !string.IsNullOrWhiteSpace(query.Category) || query.Flagged == true
                       // A narrower scope filters too: the term's own counts would count hidden records.
                       || !SeesAll(access);
        return new Plan(term, words, known, filtered, access);
    }

    private static bool SeesAll(UserAccess access) => access.ScopeOf(RiskPermissions.ArchiveSearch) == DataScope.All;

    /// The records of employees within the caller's scope; records without an employee only for "all".
    private static IQueryable<ArchivedRecord> InScope(AppDbContext db, IQueryable<ArchivedRecord> records, UserAccess access)
    {
        if (SeesAll(access)) return records;
        var visible = db.Employees.VisibleTo(access, RiskPermissions.ArchiveSearch).Select(e => e.Id);
        return records.Where(r => r.EmployeeId != null && visible.Contains(r.EmployeeId.Value));
    }

    /// The records the filters and the caller's scope allow (every filter but the term), with
    /// <paramref name="category"/> in place of the query's own.
    private static IQueryable<ArchivedRecord> Filtered(AppDbContext db, IQueryable<ArchivedRecord> records, ArchiveSearchQuery query, string? category,
        UserAccess access)
    {
        records = InScope(db, records, access);
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
        if (!string.IsNullOrWhiteSpace(category))
            records = records.Where(r => db.ScanHits.Any(h => h.Seq == r.Seq && h.Category == category));
        if (query.Flagged == true) records = records.Where(r => db.ScanHits.Any(h => h.Seq == r.Seq));
        return records;
    }

    /// The records matching the whole query, in no order.
    private static IQueryable<ArchivedRecord> Matching(AppDbContext db, ArchiveSearchQuery query, Plan plan)
    {
        var all = db.ArchivedRecords.AsNoTracking();
        if (plan.Term is null) return Filtered(db, all, query, query.Category, plan.Access);
        var seqs = ArchiveSearchIndex.Matching(db, plan.Term);
        // A category's name searched with its words: a union of each text's index matches.
        foreach (var word in plan.Words) seqs = seqs.Union(ArchiveSearchIndex.Matching(db, word));
        return Filtered(db, all.Where(r => seqs.Contains(r.Seq)), query, query.Category, plan.Access);
    }

    public async Task<ArchiveSearchPage> SearchAsync(ArchiveSearchQuery query, CancellationToken ct)
    {
        var plan = await PlanAsync(query, ct);
        var term = plan.Term;
        var filtered = plan.Filtered;
        var page = Math.Max(1, query.Page ?? 1);
        var pageSize = Math.Clamp(query.PageSize ?? 20, 1, MaxPageSize);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // PostgreSQL indexes after the ingest's transaction: what was stored before this search is indexed first.
        if (term is not null) await indexer.CatchUpIfBehindAsync(db, ct);
        var all = db.ArchivedRecords.AsNoTracking();
        IQueryable<ArchivedRecord> Filter(IQueryable<ArchivedRecord> records) => Filtered(db, records, query, query.Category, plan.Access);
        var matching = Matching(db, query, plan);

        // The page in two steps: the seqs of the page first (only seq and time are read per match,
        // not whole rows), then those rows. How the seqs are found depends on how common the term is.
        var skip = (page - 1) * pageSize;
        int counted;
        List<long> pageSeqs;
        List<Guid?>? pageEmployees = null;
        IQueryable<long> NewestFirst(IQueryable<ArchivedRecord> source) =>
            source.OrderByDescending(r => r.At).ThenByDescending(r => r.Seq).Skip(skip).Take(pageSize).Select(r => r.Seq);
        if (term is null || plan.Words.Count > 0)
        {
            // No term, or a category's name with its words: the filters or the union of the words'
            // matches narrow the records, whose newest are read in time order.
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
            pageSeqs = await NewestFirst(counted > TotalCap ? Filter(ArchiveSearchIndex.NewestFirstMatching(db, term)) : matching).ToListAsync(ct);
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
                : expectedMatches <= ThroughMatchesUpTo && !ArchiveSearchIndex.NeedsConfirmation(term) ? await NewestFirst(Filter(ArchiveSearchIndex.WalkTimeThroughMatches(db, term))).ToListAsync(ct)
                : await ArchiveSearchIndex.WalkTimeInWindowsAsync(db, Filter(all), term, density, skip, pageSize, ct);
        }
        var totalIsLowerBound = counted > TotalCap;
        var total = Math.Min(counted, TotalCap);

        // A term the lexicon knows (a category's name, one of its words): how many records the
        // scanner flagged in that category under the same other filters, offered as the filter to use.
        ArchiveCategoryHint? hint = null;
        if (plan.Lexicon is { } known && known.Category != query.Category)
        {
            // Driven by the category's scan hits (indexed), not by a check on every record.
            var flaggedInCategory = db.ScanHits.Where(h => h.Category == known.Category).Select(h => h.Seq);
            // Unfiltered and seeing all, the flagged messages are the hits' distinct seqs (every hit has
            // its record): counted from the hits alone, not joined to a thousand records (14 → 2 ms for
            // 私单 on a million messages).
            var inCategory = filtered
                ? await Filtered(db, all.Where(r => flaggedInCategory.Contains(r.Seq)), query, null, plan.Access).Take(TotalCap + 1).CountAsync(ct)
                : await flaggedInCategory.Distinct().Take(TotalCap + 1).CountAsync(ct);
            hint = new ArchiveCategoryHint(known.Category, known.IsCategoryName, Math.Min(inCategory, TotalCap), inCategory > TotalCap, plan.Words.Count,
                known.Words.Count);
        }
        else if (plan.Words.Count > 0)
            hint = new ArchiveCategoryHint(plan.Lexicon!.Category, true, total, totalIsLowerBound, plan.Words.Count, plan.Lexicon.Words.Count);

        // The rows, their scan hits and the audit at once, each on a connection of its own. The audit
        // needs only whose records the page shows: on PostgreSQL's term-alone path that comes with the
        // page (so it does not wait for the rows), otherwise with the rows.
        var rowsRead = ReadRowsAsync(db, pageSeqs, ct);
        var hitsRead = ReadHitsAsync(pageSeqs, ct);
        var audited = pageEmployees is not null ? AuditAsync(pageEmployees) : AuditAfterRowsAsync();
        await Task.WhenAll(rowsRead, hitsRead, audited);
        var items = WithHighlights(await rowsRead, await hitsRead, plan.Terms);
        return new ArchiveSearchPage(total, page, pageSize, items, totalIsLowerBound, hint);

        async Task AuditAfterRowsAsync() => await AuditAsync((await rowsRead).Select(r => r.EmployeeId));

        Task AuditAsync(IEnumerable<Guid?> employees) => audit.RecordDisclosureAsync(AuditAction.Read, "risk.archive.search", query.Q,
            JsonSerializer.Serialize(new
            {
                q = query.Q, query.EmployeeId, query.Counterpart, query.Channel, query.From, query.To, query.Category, query.Flagged,
                categoryWords = plan.Words.Count > 0 ? plan.Lexicon!.Category : null, page, pageSize, total, totalIsLowerBound,
            }),
            search => employees.OfType<Guid>().GroupBy(e => e)
                .Select(g => (g.Key, (string?)JsonSerializer.Serialize(new { search, q = query.Q, records = g.Count() }))), ct);
    }

    /// The search's records as an Excel workbook, newest first (at most <see cref="MaxExportRows"/>):
    /// the same query and the same rows as the page, with the same names (customer, employee,
    /// channel and categories in words) and local times. Recorded as an export that discloses each
    /// employee whose messages it holds, so they see it under 我的数据访问记录.
    public async Task<byte[]> ExportAsync(ArchiveSearchQuery query, TimeZoneInfo zone, CancellationToken ct)
    {
        var plan = await PlanAsync(query, ct);
        List<Row> rows;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (plan.Term is not null) await indexer.CatchUpIfBehindAsync(db, ct);
            var seqs = await Matching(db, query, plan).OrderByDescending(r => r.At).ThenByDescending(r => r.Seq)
                .Take(MaxExportRows + 1).Select(r => r.Seq).ToListAsync(ct);
            var truncated = seqs.Count > MaxExportRows;
            if (truncated) seqs.RemoveAt(seqs.Count - 1);
            rows = await ReadRowsAsync(db, seqs, ct);
            var hits = (await db.ScanHits.AsNoTracking().Where(h => seqs.Contains(h.Seq)).Select(h => new { h.Seq, h.Category, h.Word }).ToListAsync(ct))
                .ToLookup(h => h.Seq);

            var sheet = rows.Select(r => new Dictionary<string, object?>
            {
                [l["Risk.Export.Seq"]] = r.Seq,
                [l["Risk.Export.At"]] = TimeZoneInfo.ConvertTime(r.At, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                [l["Risk.Search.Channel"]] = ArchiveChannels.Name(l, r.Channel),
                [l["Risk.Search.Employee"]] = r.EmployeeName ?? r.Sender ?? l["Risk.Search.UnknownEmployee"].Value,
                [l["Risk.Export.Direction"]] = r.Sender is not null && r.Sender == r.Counterpart ? l["Risk.Export.FromCounterpart"].Value : l["Risk.Export.FromEmployee"].Value,
                [l["Risk.Export.Customer"]] = r.CustomerName,
                [l["Risk.Export.CounterpartId"]] = r.Counterpart,
                [l["Risk.Export.Content"]] = r.Content ?? ArchiveChannels.Placeholder(l, r.MsgType),
                [l["Risk.Search.Category"]] = string.Join("、", hits[r.Seq].Select(h => l.Or("RiskCategory." + h.Category, h.Category)).Distinct()),
                [l["Risk.Export.Words"]] = string.Join("、", hits[r.Seq].Select(h => h.Word).Distinct()),
            }).ToList();
            if (sheet.Count == 0)
                sheet.Add(new Dictionary<string, object?> { [l["Risk.Export.Seq"]] = null, [l["Risk.Export.At"]] = null, [l["Risk.Export.Content"]] = null });
            using var stream = new MemoryStream();
            await stream.SaveAsAsync(sheet, sheetName: l["Nav.ArchiveSearch"], cancellationToken: ct);

            await audit.RecordDisclosureAsync(AuditAction.Export, "risk.archive.search", query.Q,
                JsonSerializer.Serialize(new
                {
                    q = query.Q, query.EmployeeId, query.Counterpart, query.Channel, query.From, query.To, query.Category, query.Flagged,
                    categoryWords = plan.Words.Count > 0 ? plan.Lexicon!.Category : null, rows = rows.Count, truncated,
                }),
                export => rows.Where(r => r.EmployeeId is not null).GroupBy(r => r.EmployeeId!.Value)
                    .Select(g => (g.Key, (string?)JsonSerializer.Serialize(new { export, q = query.Q, records = g.Count() }))), ct);
            return stream.ToArray();
        }
    }

    /// The conversation around a record: the same employee (or raw sender) with the same
    /// counterpart, <paramref name="around"/> messages before and after, oldest first.
    public async Task<ArchiveContext?> ContextAsync(long seq, string? q, int around, CancellationToken ct)
    {
        around = Math.Clamp(around, 1, 50);
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Outside the caller's scope a record is not found, as if it did not exist. The conversation
        // is the anchor's employee's, so it stays inside the scope too.
        var anchor = await InScope(db, db.ArchivedRecords.AsNoTracking(), access).Where(r => r.Seq == seq)
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
        var messages = WithHighlights(rows, await ReadHitsAsync(db, rows.Select(r => r.Seq).ToList(), ct), term is { Length: >= 2 } ? [term] : []);

        // A conversation is one employee's (or an unknown sender's): that employee is the subject.
        await audit.RecordReadAsync("risk.archive.context", seq.ToString(System.Globalization.CultureInfo.InvariantCulture),
            JsonSerializer.Serialize(new { seq, q, around, first = messages.FirstOrDefault()?.Seq, last = messages.LastOrDefault()?.Seq }),
            subjectEmployeeId: anchor.EmployeeId, ct);
        return new ArchiveContext(seq, messages);
    }

    /// <param name="InformedSince">When the employee first acknowledged a monitoring notice: records
    /// before it were made before they had been told (ADR 0009). Kept and searchable, but marked.</param>
    private sealed record Row(long Seq, DateTimeOffset At, string Channel, string? MsgType, Guid? EmployeeId, string? EmployeeName,
        string? Sender, string? Counterpart, string? Content, string? CustomerName, Guid? CustomerId, DateTimeOffset? InformedSince);

    private static IQueryable<Row> Project(AppDbContext db, IQueryable<ArchivedRecord> records) =>
        records.Select(r => new Row(r.Seq, r.At, r.Channel, r.MsgType, r.EmployeeId,
            db.Employees.Where(e => e.Id == r.EmployeeId).Select(e => e.Name).FirstOrDefault(),
            r.SenderRaw, r.CounterpartRaw, r.Content,
            // Not null on both sides spelled out: otherwise EF adds "or both null", which no index answers.
            db.Customers.Where(c => r.CounterpartExternalId != null && c.WeComExternalId != null && c.WeComExternalId == r.CounterpartExternalId)
                .Select(c => c.Name).FirstOrDefault(),
            db.Customers.Where(c => r.CounterpartExternalId != null && c.WeComExternalId != null && c.WeComExternalId == r.CounterpartExternalId)
                .Select(c => (Guid?)c.Id).FirstOrDefault(),
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

    private static List<ArchiveSearchHit> WithHighlights(List<Row> rows, ILookup<long, ScanHitRecord> hits, IReadOnlyList<string> terms)
    {
        return rows.Select(r =>
        {
            var ranges = new List<HighlightRange>();
            foreach (var term in terms)
                ranges.AddRange(ArchiveSearchIndex.Occurrences(r.Content, term).Select(o => new HighlightRange(o.Start, o.Length, "keyword")));
            ranges.AddRange(hits[r.Seq].Select(h => new HighlightRange(h.Start, h.Length, "hit", h.Category, h.Word)));
            return new ArchiveSearchHit(r.Seq, r.At, r.Channel, r.MsgType, r.EmployeeId, r.EmployeeName, r.Sender, r.Counterpart, r.Content,
                ranges.OrderBy(x => x.Start).ToList(), $"/risk/archive/search?context={r.Seq}", r.CustomerName,
                r.EmployeeId is not null ? r.InformedSince <= r.At : null, r.CustomerId);
        }).ToList();
    }
}
