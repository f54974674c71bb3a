using System.Globalization;
using System.Text;
using MiniExcelLibs;
using Renhe.Modules.Risk.Scanning;
using Renhe.Platform.Problems;

namespace Renhe.Modules.Risk.Lexicon;

/// One line of an import file as written: Row is the line number people see in Excel or an editor.
public sealed record LexiconImportLine(int Row, string? Word, string? Category, string? Severity, string? Note);

public enum LexiconImportStatus { New, Existing, Error }

/// A line as it would be imported: New is stored, Existing is skipped (the word, or one the
/// scanner reads the same, is already in the lexicon), Error stops the whole import.
public sealed record LexiconImportRow(int Row, string Word, string? Category, HitSeverity? Severity, string? Note,
    LexiconImportStatus Status, IReadOnlyList<string> Messages);

public sealed record LexiconImportError(int Row, string Column, string Message);

/// Stored says whether the words went in; with any error nothing is stored (all or nothing, so
/// a half-imported file never changes what the scanner looks for).
public sealed record LexiconImportResult(bool Stored, int Imported, int Skipped, IReadOnlyList<LexiconImportError> Errors,
    IReadOnlyList<LexiconImportRow> Rows);

/// Reads an import file into lines. Formats: Excel (.xlsx), CSV (.csv, comma or tab) and plain
/// text (.txt, one word per line, optionally with more columns after a tab or comma). The first
/// line is a heading when it names the word column — 词/敏感词/word — and the other columns then
/// go by their headings (分类/category, 级别/severity, 备注/note, unknown ones ignored); without
/// a heading the columns are word, category, severity, note in that order. Blank lines are skipped
/// and, in .txt files, lines starting with #.
public static class LexiconImportReader
{
    public const int MaxRows = 10_000;
    public const long MaxBytes = 5 * 1024 * 1024;

    private static readonly Dictionary<string, string> Headings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["词"] = "word", ["敏感词"] = "word", ["词语"] = "word", ["关键词"] = "word", ["word"] = "word", ["words"] = "word",
        ["分类"] = "category", ["类别"] = "category", ["category"] = "category",
        ["级别"] = "severity", ["严重程度"] = "severity", ["等级"] = "severity", ["severity"] = "severity", ["level"] = "severity",
        ["备注"] = "note", ["说明"] = "note", ["note"] = "note", ["notes"] = "note", ["remark"] = "note",
    };

    public static IReadOnlyList<LexiconImportLine> Read(Stream file, string fileName)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (extension is not (".xlsx" or ".csv" or ".txt")) throw new DomainException("Risk.Lexicon.ImportFileType") { Field = "file" };
        var content = new MemoryStream();
        file.CopyTo(content);
        if (content.Length > MaxBytes) throw new DomainException("Risk.Lexicon.ImportTooBig", MaxBytes / 1024 / 1024) { Field = "file" };
        List<(int Row, string?[] Cells)> rows;
        try
        {
            rows = extension == ".xlsx" ? ReadExcel(content) : ReadText(content, comments: extension == ".txt");
        }
        catch (Exception ex) when (ex is not DomainException and not OperationCanceledException)
        {
            throw new DomainException("Risk.Lexicon.ImportUnreadable") { Field = "file" };
        }
        rows = rows.Where(r => r.Cells.Any(c => !string.IsNullOrWhiteSpace(c))).ToList();
        if (rows.Count == 0) throw new DomainException("Risk.Lexicon.ImportEmpty") { Field = "file" };

        // Column positions: from the heading when there is one, else word, category, severity, note.
        var columns = new Dictionary<string, int> { ["word"] = 0, ["category"] = 1, ["severity"] = 2, ["note"] = 3 };
        var first = rows[0].Cells.Select(c => Headings.GetValueOrDefault((c ?? "").Trim())).ToList();
        if (first.Any(h => h is not null))
        {
            if (!first.Contains("word")) throw new DomainException("Risk.Lexicon.ImportNoWordColumn") { Field = "file" };
            columns = first.Select((h, i) => (h, i)).Where(x => x.h is not null).GroupBy(x => x.h!).ToDictionary(g => g.Key, g => g.First().i);
            rows.RemoveAt(0);
            if (rows.Count == 0) throw new DomainException("Risk.Lexicon.ImportEmpty") { Field = "file" };
        }
        if (rows.Count > MaxRows) throw new DomainException("Risk.Lexicon.ImportTooLarge", MaxRows) { Field = "file" };
        string? Cell(string?[] cells, string column) =>
            columns.TryGetValue(column, out var i) && i < cells.Length && cells[i]?.Trim() is { Length: > 0 } s ? s : null;
        return rows.Select(r => new LexiconImportLine(r.Row, Cell(r.Cells, "word"), Cell(r.Cells, "category"),
            Cell(r.Cells, "severity"), Cell(r.Cells, "note"))).ToList();
    }

    private static List<(int, string?[])> ReadExcel(MemoryStream content)
    {
        content.Position = 0;
        var rows = new List<(int, string?[])>();
        var number = 0;
        // Without a heading row MiniExcel names columns A, B, C…; every row is read, the first included.
        foreach (IDictionary<string, object?> row in content.Query(useHeaderRow: false, excelType: ExcelType.XLSX))
        {
            number++;
            rows.Add((number, row.Values.Select(v => v switch
            {
                null => null,
                double d => d.ToString(CultureInfo.InvariantCulture),
                _ => Convert.ToString(v, CultureInfo.InvariantCulture),
            }).ToArray()));
        }
        return rows;
    }

    private static List<(int, string?[])> ReadText(MemoryStream content, bool comments)
    {
        var bytes = content.GetBuffer().AsSpan(0, (int)content.Length);
        var text = Decode(bytes);
        var rows = new List<(int, string?[])>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (comments && line.TrimStart().StartsWith('#')) continue;
            rows.Add((i + 1, SplitLine(line)));
        }
        return rows;
    }

    /// Tab-separated when the line has a tab (Excel's copy and paste), else comma-separated with
    /// RFC 4180 quotes. A word containing a comma has to be quoted in CSV.
    internal static string?[] SplitLine(string line)
    {
        if (line.Contains('\t')) return line.Split('\t');
        var cells = new List<string?>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"' && cell.Length == 0) quoted = true;
            else if (c == ',') { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(c);
        }
        cells.Add(cell.ToString());
        return [.. cells];
    }

    // Excel on Chinese Windows saves CSV and text as GB18030 (ANSI); everything else sends UTF-8.
    private static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) bytes = bytes[3..];
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding("GB18030").GetString(bytes);
        }
    }
}

/// What the lines would do to the lexicon, decided without touching the database: the caller
/// passes the lexicon's current words and the labels categories and severities may be written as.
public sealed class LexiconImportPlan
{
    /// Existing words by their normalised form: (word as stored, category).
    public required IReadOnlyDictionary<string, (string Word, string Category)> Existing { get; init; }
    /// Category codes and labels (any language, case-insensitive) → code.
    public required IReadOnlyDictionary<string, string> Categories { get; init; }
    /// Severity labels (any language, case-insensitive) → severity; codes and 1–3 always work.
    public required IReadOnlyDictionary<string, HitSeverity> Severities { get; init; }
    /// For lines without a category (a plain list of words); null makes the category required.
    public string? DefaultCategory { get; init; }
    public HitSeverity DefaultSeverity { get; init; } = HitSeverity.Medium;
    /// Renders a message key with its arguments in the user's language.
    public required Func<string, object[], string> Text { get; init; }
    /// The category as the user reads it, for messages about existing words.
    public required Func<string, string> CategoryLabel { get; init; }

    public IReadOnlyList<LexiconImportRow> Decide(IReadOnlyList<LexiconImportLine> lines)
    {
        var seen = new Dictionary<string, (int Row, string Word)>(StringComparer.Ordinal);
        var rows = new List<LexiconImportRow>(lines.Count);
        foreach (var line in lines)
        {
            var messages = new List<string>();
            var word = LexiconRules.Clean(line.Word);
            if (LexiconRules.Problem(word) is { } problem) messages.Add(Text(problem.Key, problem.Args));

            string? category = null;
            if (line.Category is null)
            {
                category = DefaultCategory;
                if (category is null) messages.Add(Text("Risk.Lexicon.CategoryRequired", []));
            }
            else if (Categories.TryGetValue(line.Category, out var known)) category = known;
            else if (LexiconRules.IsCategoryCode(line.Category)) category = line.Category;
            else messages.Add(Text("Risk.Lexicon.UnknownCategory", [line.Category]));

            HitSeverity? severity = DefaultSeverity;
            if (line.Severity is not null)
            {
                severity = LexiconRules.ParseSeverity(line.Severity, Severities);
                if (severity is null) messages.Add(Text("Risk.Lexicon.UnknownSeverity", [line.Severity]));
            }
            if (LexiconRules.NoteProblem(line.Note) is { } noteProblem) messages.Add(Text(noteProblem.Key, noteProblem.Args));

            var status = messages.Count > 0 ? LexiconImportStatus.Error : LexiconImportStatus.New;
            if (word.Length > 0 && LexiconRules.Normal(word) is { Length: > 0 } normal)
            {
                if (seen.TryGetValue(normal, out var earlier))
                {
                    messages.Add(Text("Risk.Lexicon.DuplicateInFile", [earlier.Row, earlier.Word]));
                    status = LexiconImportStatus.Error;
                }
                else
                {
                    seen[normal] = (line.Row, word);
                    if (status == LexiconImportStatus.New && Existing.TryGetValue(normal, out var existing))
                    {
                        status = LexiconImportStatus.Existing;
                        messages.Add(Text("Risk.Lexicon.ImportExisting", [existing.Word, CategoryLabel(existing.Category)]));
                    }
                }
            }
            rows.Add(new LexiconImportRow(line.Row, word, category, severity, line.Note, status, messages));
        }
        return rows;
    }
}
