using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;
using Renhe.Modules.Risk.Scanning;
using Renhe.Platform.Audit;
using Renhe.Platform.Data;
using Renhe.Platform.Localization;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Risk.Lexicon;

public sealed record SensitiveWordDto(Guid Id, string Word, string Category, HitSeverity Severity, bool Enabled, string? Note,
    DateTimeOffset CreatedAt, string? CreatedBy, Guid Version);

public sealed record LexiconPage(IReadOnlyList<SensitiveWordDto> Items, int Total, int Page, int PageSize);

public sealed record LexiconCategoryCount(string Category, int Words, int Enabled);

/// What a searched term is to the lexicon: the name of a category (its code or its label in any
/// language Renhe speaks) or one of its enabled words; with the category's enabled words as written.
public sealed record LexiconTermMatch(string Category, bool IsCategoryName, IReadOnlyList<string> Words);

/// Add or edit a word. Severity is a code (High), a number (1–3) or its label; Enabled null keeps
/// the current state on edit (on by default when adding); Version is required on edit.
public sealed record LexiconInput([property: MaxLength(FieldLimits.Title)] string? Word, [property: MaxLength(50)] string? Category, [property: MaxLength(20)] string? Severity,
    bool? Enabled = null, [property: MaxLength(FieldLimits.Reason)] string? Note = null, Guid? Version = null);

public sealed record LexiconQuery([property: MaxLength(50)] string? Category = null, [property: MaxLength(FieldLimits.Search)] string? Q = null, bool? Enabled = null,
    [property: Range(1, 100_000)] int? Page = null, [property: Range(1, FieldLimits.PageSize)] int? PageSize = null);

/// The sensitive-word lexicon (敏感词库) as administrators and auditors keep it, with
/// risk.lexicon.manage: list, add, edit, switch on and off, delete, import and export. Every
/// change is audited by the interceptor and recompiles this instance's scanner at once (other
/// instances within half a minute, see <see cref="LexiconScanner"/>). Words are stored as written
/// (trimmed) but compared as the scanner reads them, so 私 单 and 私單 are duplicates of 私单.
public sealed class LexiconService(
    IDbContextFactory<AppDbContext> dbFactory, LexiconScanner scanner, CurrentUser currentUser, AuditService audit,
    TimeProvider clock, IStringLocalizer<Strings> l)
{
    public async Task<LexiconPage> ListAsync(LexiconQuery query, CancellationToken ct)
    {
        var page = Math.Max(1, query.Page ?? 1);
        var size = Math.Clamp(query.PageSize ?? 50, 1, 500);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = Filter(db, query);
        var total = await rows.CountAsync(ct);
        var items = await rows.OrderBy(w => w.Category).ThenBy(w => w.Word).Skip((page - 1) * size).Take(size)
            .Select(Project).ToListAsync(ct);
        return new LexiconPage(items, total, page, size);
    }

    public async Task<IReadOnlyList<LexiconCategoryCount>> CategoriesAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var counts = await db.SensitiveWords.GroupBy(w => w.Category)
            .Select(g => new LexiconCategoryCount(g.Key, g.Count(), g.Count(w => w.Enabled))).ToListAsync(ct);
        // The five built-in categories are always offered, even with no word in them yet.
        foreach (var code in LexiconRules.DefaultCategories.Where(c => counts.All(x => x.Category != c)))
            counts.Add(new LexiconCategoryCount(code, 0, 0));
        var order = LexiconRules.DefaultCategories.ToList();
        return counts.OrderBy(c => order.IndexOf(c.Category) is var i and >= 0 ? i : int.MaxValue).ThenBy(c => c.Category).ToList();
    }

    public async Task<SensitiveWordDto> GetAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.SensitiveWords.Where(w => w.Id == id).Select(Project).SingleOrDefaultAsync(ct) ?? throw new NotFoundException();
    }

    public async Task<Guid> AddAsync(LexiconInput input, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (word, category, severity, note) = await CheckAsync(db, input, null, ct);
        var row = new SensitiveWord
        {
            Word = word, Category = category, Severity = severity, Note = note, Enabled = input.Enabled ?? true,
            CreatedAt = clock.GetUtcNow(), CreatedBy = currentUser.UserName,
        };
        db.SensitiveWords.Add(row);
        await db.SaveChangesAsync(ct);
        await scanner.ReloadAsync(ct);
        return row.Id;
    }

    /// Returns the new version. A stale version fails with DbUpdateConcurrencyException (409).
    public async Task<Guid> UpdateAsync(Guid id, LexiconInput input, CancellationToken ct)
    {
        if (input.Version is not { } version) throw new DomainException("Validation.Required", "version") { Field = "version" };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.SensitiveWords.SingleOrDefaultAsync(w => w.Id == id, ct) ?? throw new NotFoundException();
        db.ExpectVersion(row, version);
        var (word, category, severity, note) = await CheckAsync(db, input, id, ct);
        (row.Word, row.Category, row.Severity, row.Note) = (word, category, severity, note);
        if (input.Enabled is { } enabled) row.Enabled = enabled;
        await db.SaveChangesAsync(ct);
        await scanner.ReloadAsync(ct);
        return row.Version;
    }

    public async Task<Guid> SetEnabledAsync(Guid id, bool enabled, Guid version, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.SensitiveWords.SingleOrDefaultAsync(w => w.Id == id, ct) ?? throw new NotFoundException();
        db.ExpectVersion(row, version);
        row.Enabled = enabled;
        await db.SaveChangesAsync(ct);
        await scanner.ReloadAsync(ct);
        return row.Version;
    }

    public async Task DeleteAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.SensitiveWords.SingleOrDefaultAsync(w => w.Id == id, ct) ?? throw new NotFoundException();
        db.SensitiveWords.Remove(row);
        await db.SaveChangesAsync(ct);
        await scanner.ReloadAsync(ct);
    }

    /// What importing the file would do, row by row, without storing anything.
    public async Task<LexiconImportResult> PreviewImportAsync(Stream file, string fileName, string? defaultCategory,
        string? defaultSeverity, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await DecideAsync(db, file, fileName, defaultCategory, defaultSeverity, ct);
        return Result(rows, stored: false);
    }

    /// Imports every new word, or nothing when any row is bad. Words already in the lexicon (as
    /// the scanner reads them) are skipped and listed, never changed: re-importing an exported
    /// and extended list is the common case, and an import should not quietly change severities.
    public async Task<LexiconImportResult> ImportAsync(Stream file, string fileName, string? defaultCategory,
        string? defaultSeverity, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await DecideAsync(db, file, fileName, defaultCategory, defaultSeverity, ct);
        if (rows.Any(r => r.Status == LexiconImportStatus.Error)) return Result(rows, stored: false);
        var now = clock.GetUtcNow();
        foreach (var r in rows.Where(r => r.Status == LexiconImportStatus.New))
            db.SensitiveWords.Add(new SensitiveWord
            {
                Word = r.Word, Category = r.Category!, Severity = r.Severity!.Value, Note = r.Note, CreatedAt = now, CreatedBy = currentUser.UserName,
            });
        // One SaveChanges is one transaction: all new words or, if the database refuses one, none.
        await db.SaveChangesAsync(ct);
        await scanner.ReloadAsync(ct);
        return Result(rows, stored: true);
    }

    public async Task<byte[]> ExportAsync(LexiconQuery query, TimeZoneInfo zone, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await Filter(db, query).OrderBy(w => w.Category).ThenBy(w => w.Word).Select(Project).ToListAsync(ct);
        // Headings and labels in the user's language; the import reads them back in either language.
        var sheet = rows.Select(w => new Dictionary<string, object?>
        {
            [l["Risk.Lexicon.Column.Word"]] = w.Word,
            [l["Risk.Lexicon.Column.Category"]] = CategoryLabel(w.Category),
            [l["Risk.Lexicon.Column.Severity"]] = l["Risk.Severity." + w.Severity].Value,
            [l["Risk.Lexicon.Column.Note"]] = w.Note,
            [l["Risk.Lexicon.Column.Enabled"]] = w.Enabled ? l["Common.Yes"].Value : l["Common.No"].Value,
            [l["Risk.Lexicon.Column.CreatedAt"]] = TimeZoneInfo.ConvertTime(w.CreatedAt, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            [l["Risk.Lexicon.Column.CreatedBy"]] = w.CreatedBy,
        }).ToList();
        if (sheet.Count == 0)
            sheet.Add(new Dictionary<string, object?> { [l["Risk.Lexicon.Column.Word"]] = null, [l["Risk.Lexicon.Column.Category"]] = null,
                [l["Risk.Lexicon.Column.Severity"]] = null, [l["Risk.Lexicon.Column.Note"]] = null });
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(sheet, sheetName: l["Nav.Lexicon"], cancellationToken: ct);
        await audit.RecordAsync(AuditAction.Export, "risk.lexicon", null,
            JsonSerializer.Serialize(new { query.Category, query.Q, query.Enabled, rows = rows.Count }), ct);
        return stream.ToArray();
    }

    /// Whether a searched term names a lexicon category or is one of its words (compared as the
    /// scanner reads them: 私 单 is 私单), so the archive search can point from a term that is a
    /// category (私单, "Private deals") to the messages the scanner flagged in it. Null otherwise.
    public async Task<LexiconTermMatch?> MatchTermAsync(string term, CancellationToken ct)
    {
        var text = term.Trim();
        if (text.Length == 0) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var words = await db.SensitiveWords.AsNoTracking().Where(w => w.Enabled).Select(w => new { w.Word, w.Category }).ToListAsync(ct);
        var categories = await CategoryNamesAsync(db, ct);
        string category;
        bool isName;
        if (categories.TryGetValue(text, out var named)) (category, isName) = (named, true);
        else if (LexiconRules.Normal(text) is var normal && words.FirstOrDefault(w => LexiconRules.Normal(w.Word) == normal) is { } word)
            (category, isName) = (word.Category, false);
        else return null;
        return new LexiconTermMatch(category, isName,
            words.Where(w => w.Category == category).Select(w => w.Word).Order(StringComparer.Ordinal).ToList());
    }

    /// A category's label for people: its resource when there is one, else the code itself.
    public string CategoryLabel(string code) => l.Or("RiskCategory." + code, code);

    private static IQueryable<SensitiveWord> Filter(AppDbContext db, LexiconQuery query)
    {
        var rows = db.SensitiveWords.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Category)) rows = rows.Where(w => w.Category == query.Category);
        if (query.Enabled is { } enabled) rows = rows.Where(w => w.Enabled == enabled);
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var q = query.Q.Trim();
            var lower = q.ToLowerInvariant();
            rows = rows.Where(w => w.Word.Contains(q) || w.Word.ToLower().Contains(lower) || (w.Note != null && w.Note.Contains(q)));
        }
        return rows;
    }

    private static readonly System.Linq.Expressions.Expression<Func<SensitiveWord, SensitiveWordDto>> Project =
        w => new SensitiveWordDto(w.Id, w.Word, w.Category, w.Severity, w.Enabled, w.Note, w.CreatedAt, w.CreatedBy, w.Version);

    private async Task<(string Word, string Category, HitSeverity Severity, string? Note)> CheckAsync(
        AppDbContext db, LexiconInput input, Guid? self, CancellationToken ct)
    {
        if (LexiconRules.Problem(input.Word) is { } problem) throw Refuse(problem);
        var word = LexiconRules.Clean(input.Word);
        var categoryText = (input.Category ?? "").Trim();
        if (categoryText.Length == 0) throw new DomainException("Risk.Lexicon.CategoryRequired") { Field = "category" };
        var categories = await CategoryNamesAsync(db, ct);
        var category = categories.TryGetValue(categoryText, out var code) ? code
            : LexiconRules.IsCategoryCode(categoryText) ? categoryText
            : throw new DomainException("Risk.Lexicon.UnknownCategory", categoryText) { Field = "category" };
        var severity = LexiconRules.ParseSeverity(input.Severity, SeverityLabels())
                       ?? throw new DomainException("Risk.Lexicon.UnknownSeverity", input.Severity ?? "") { Field = "severity" };
        var note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
        if (LexiconRules.NoteProblem(note) is { } noteProblem) throw Refuse(noteProblem);

        var normal = LexiconRules.Normal(word);
        var existing = await db.SensitiveWords.AsNoTracking().Where(w => w.Id != self).Select(w => new { w.Word, w.Category }).ToListAsync(ct);
        if (existing.FirstOrDefault(w => LexiconRules.Normal(w.Word) == normal) is { } clash)
            throw new DomainException("Risk.Lexicon.Duplicate", word, clash.Word, CategoryLabel(clash.Category))
            {
                Field = "word", StatusCode = StatusCodes.Status409Conflict,
            };
        return (word, category, severity, note);
    }

    private static DomainException Refuse(LexiconProblem p) => new(p.Key, p.Args) { Field = p.Field };

    private async Task<IReadOnlyList<LexiconImportRow>> DecideAsync(AppDbContext db, Stream file, string fileName, string? defaultCategory,
        string? defaultSeverity, CancellationToken ct)
    {
        var lines = LexiconImportReader.Read(file, fileName);
        var categories = await CategoryNamesAsync(db, ct);
        string? category = null;
        if (!string.IsNullOrWhiteSpace(defaultCategory))
            category = categories.GetValueOrDefault(defaultCategory.Trim())
                       ?? (LexiconRules.IsCategoryCode(defaultCategory.Trim()) ? defaultCategory.Trim()
                           : throw new DomainException("Risk.Lexicon.UnknownCategory", defaultCategory) { Field = "category" });
        var severity = HitSeverity.Medium;
        if (!string.IsNullOrWhiteSpace(defaultSeverity))
            severity = LexiconRules.ParseSeverity(defaultSeverity, SeverityLabels())
                       ?? throw new DomainException("Risk.Lexicon.UnknownSeverity", defaultSeverity) { Field = "severity" };
        var existing = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var w in await db.SensitiveWords.AsNoTracking().Select(w => new { w.Word, w.Category }).ToListAsync(ct))
            existing.TryAdd(LexiconRules.Normal(w.Word), (w.Word, w.Category));
        var plan = new LexiconImportPlan
        {
            Existing = existing, Categories = categories, Severities = SeverityLabels(), DefaultCategory = category, DefaultSeverity = severity,
            Text = (key, args) => l[key, args], CategoryLabel = CategoryLabel,
        };
        return plan.Decide(lines);
    }

    private LexiconImportResult Result(IReadOnlyList<LexiconImportRow> rows, bool stored)
    {
        var errors = rows.Where(r => r.Status == LexiconImportStatus.Error)
            .SelectMany(r => r.Messages.Select(m => new LexiconImportError(r.Row, r.Word, m))).ToList();
        return new LexiconImportResult(stored, stored ? rows.Count(r => r.Status == LexiconImportStatus.New) : 0,
            rows.Count(r => r.Status == LexiconImportStatus.Existing), errors, rows);
    }

    private static readonly CultureInfo[] Languages = [CultureInfo.GetCultureInfo("zh-CN"), CultureInfo.GetCultureInfo("en")];

    /// Codes and labels in every language Renhe speaks, so a file from a colleague working in
    /// English imports as well as one written in Chinese.
    private async Task<Dictionary<string, string>> CategoryNamesAsync(AppDbContext db, CancellationToken ct)
    {
        var codes = LexiconRules.DefaultCategories.Concat(await db.SensitiveWords.Select(w => w.Category).Distinct().ToListAsync(ct)).Distinct();
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var code in codes)
        {
            names.TryAdd(code, code);
            foreach (var label in InEachLanguage("RiskCategory." + code)) names.TryAdd(label, code);
        }
        return names;
    }

    private Dictionary<string, HitSeverity> SeverityLabels()
    {
        var labels = new Dictionary<string, HitSeverity>(StringComparer.OrdinalIgnoreCase);
        foreach (var severity in Enum.GetValues<HitSeverity>())
            foreach (var label in InEachLanguage("Risk.Severity." + severity)) labels.TryAdd(label, severity);
        return labels;
    }

    private IEnumerable<string> InEachLanguage(string key)
    {
        var saved = CultureInfo.CurrentUICulture;
        var labels = new List<string>();
        try
        {
            foreach (var language in Languages)
            {
                CultureInfo.CurrentUICulture = language;
                if (l[key] is { ResourceNotFound: false } text) labels.Add(text.Value);
            }
        }
        finally
        {
            CultureInfo.CurrentUICulture = saved;
        }
        return labels;
    }
}
