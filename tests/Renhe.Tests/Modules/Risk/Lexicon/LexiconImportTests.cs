using System.Text;
using MiniExcelLibs;
using Renhe.Modules.Risk.Lexicon;
using Renhe.Modules.Risk.Scanning;
using Renhe.Platform.Problems;
using static Renhe.Modules.Risk.Scanning.HitSeverity;
using static Renhe.Modules.Risk.Scanning.LexiconCategories;

namespace Renhe.Tests.Modules.Risk.Lexicon;

/// Reading import files (headings in Chinese or English, or none) and deciding each row, without
/// a database: messages are checked by their resource keys.
[Trait("Category", "Unit")]
public sealed class LexiconImportTests
{
    private static IReadOnlyList<LexiconImportLine> Read(string text, string fileName = "words.csv") =>
        LexiconImportReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), fileName);

    private static string Show(IReadOnlyList<LexiconImportLine> lines) =>
        string.Join(" | ", lines.Select(l => $"{l.Row}:{l.Word}/{l.Category}/{l.Severity}/{l.Note}"));

    [Theory]
    [InlineData("词,分类,级别,备注\n私单,私单,高,老词\n加我vx,contact_poaching,Medium,", "2:私单/私单/高/老词 | 3:加我vx/contact_poaching/Medium/")]
    [InlineData("word,category,severity,note\n私单,private_deal,high,x", "2:私单/private_deal/high/x")]
    [InlineData("Word,Severity\n私单,High", "2:私单//High/")]                                // any order, any subset, any case
    [InlineData("备注,敏感词,无关列\n说明文字,私单,忽略", "2:私单///说明文字")]             // unknown columns are ignored
    [InlineData("私单\n加我微信\n\n拼多多", "1:私单/// | 2:加我微信/// | 4:拼多多///")]       // no heading: one word per line, blank lines skipped
    [InlineData("私单,private_deal,3", "1:私单/private_deal/3/")]                               // no heading: word, category, severity, note
    [InlineData("\"私,单\",private_deal\n\"说\"\"了\"\"\",abuse", "1:私,单/private_deal// | 2:说\"了\"/abuse//")] // RFC 4180 quotes
    [InlineData("词\t分类\n私单\t私单", "2:私单/私单//")]                                       // tab-separated (pasted from Excel)
    [InlineData("\uFEFF词,分类\r\n私单,私单\r\n", "2:私单/私单//")]                            // BOM and CRLF
    public void Csv_files_are_read_by_their_headings_or_by_position(string text, string expected) =>
        Assert.Equal(expected, Show(Read(text)));

    [Fact]
    public void Text_files_take_one_word_per_line_and_skip_comments()
    {
        var lines = Read("# 新增的私单说法\n走私单\n  飞单  \n#跳过\n跳单\tprivate_deal", "words.txt");
        Assert.Equal("2:走私单/// | 3:飞单/// | 5:跳单/private_deal//", Show(lines));
    }

    [Fact]
    public void Gb18030_files_from_chinese_excel_are_read()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var bytes = Encoding.GetEncoding("GB18030").GetBytes("词,分类\n私单,私单\n");
        Assert.Equal("2:私单/私单//", Show(LexiconImportReader.Read(new MemoryStream(bytes), "gbk.csv")));
    }

    [Fact]
    public void Excel_workbooks_are_read_with_chinese_or_english_headings()
    {
        foreach (var (word, category, severity, note) in new[] { ("词", "分类", "级别", "备注"), ("Word", "Category", "Severity", "Note") })
        {
            var rows = new[]
            {
                new Dictionary<string, object?> { [word] = "私单", [category] = "私单", [severity] = "高", [note] = "n" },
                new Dictionary<string, object?> { [word] = "加我vx", [category] = "contact_poaching", [severity] = 2, [note] = null },
            };
            using var stream = new MemoryStream();
            stream.SaveAs(rows);
            stream.Position = 0;
            Assert.Equal("2:私单/私单/高/n | 3:加我vx/contact_poaching/2/", Show(LexiconImportReader.Read(stream, "lexicon.xlsx")));
        }
    }

    [Theory]
    [InlineData("words.pdf", "", "Risk.Lexicon.ImportFileType")]
    [InlineData("words.csv", "", "Risk.Lexicon.ImportEmpty")]
    [InlineData("words.csv", "词,分类\n", "Risk.Lexicon.ImportEmpty")]
    [InlineData("words.csv", "分类,级别\n私单,高", "Risk.Lexicon.ImportNoWordColumn")]
    [InlineData("words.xlsx", "not a workbook", "Risk.Lexicon.ImportUnreadable")]
    public void Unusable_files_are_refused_as_a_whole(string fileName, string text, string key)
    {
        var ex = Assert.Throws<DomainException>(() => Read(text, fileName));
        Assert.Equal(key, ex.MessageKey);
    }

    // ---- deciding rows ----

    private static LexiconImportPlan Plan(string? defaultCategory = null) => new()
    {
        Existing = new Dictionary<string, (string, string)> { [ScanNormalization.Normalize("私单")] = ("私单", PrivateDeal) },
        Categories = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [PrivateDeal] = PrivateDeal, ["私单"] = PrivateDeal, ["Private deal"] = PrivateDeal,
            [ContactPoaching] = ContactPoaching, ["挖客户"] = ContactPoaching, [Abuse] = Abuse, ["辱骂"] = Abuse,
        },
        Severities = new Dictionary<string, HitSeverity>(StringComparer.OrdinalIgnoreCase) { ["高"] = High, ["中"] = Medium, ["低"] = Low },
        DefaultCategory = defaultCategory,
        DefaultSeverity = Medium,
        Text = (key, args) => args.Length == 0 ? key : key + "(" + string.Join(",", args) + ")",
        CategoryLabel = code => "[" + code + "]",
    };

    private static string Decide(LexiconImportPlan plan, params LexiconImportLine[] lines) =>
        string.Join(" | ", plan.Decide(lines).Select(r =>
            $"{r.Row}:{r.Word}:{r.Category}:{r.Severity}:{r.Status}" + (r.Messages.Count > 0 ? ":" + string.Join(";", r.Messages) : "")));

    public static TheoryData<string?, string?, string?, string?, string> Rows => new()
    {
        // word, category, severity, note → row 2 as decided
        { "飞单", "私单", "高", null, "2:飞单:private_deal:High:New" },
        { "飞单", "Private deal", "high", null, "2:飞单:private_deal:High:New" },
        { "飞单", "private_deal", "1", null, "2:飞单:private_deal:Low:New" },
        { " 加我 薇信 ", "挖客户", null, null, "2:加我 薇信:contact_poaching:Medium:New" },   // trimmed, kept as written; default severity
        { "赌球", "gambling", "中", null, "2:赌球:gambling:Medium:New" },                     // a new category, written as a code
        { "私 单", "私单", "高", null, "2:私 单:private_deal:High:Existing:Risk.Lexicon.ImportExisting(私单,[private_deal])" },
        { "私單", "私单", "高", null, "2:私單:private_deal:High:Existing:Risk.Lexicon.ImportExisting(私单,[private_deal])" },
        { null, "私单", "高", null, "2::private_deal:High:Error:Risk.Lexicon.WordRequired" },
        { "微❤", "私单", "高", null, "2:微❤:private_deal:High:Error:Risk.Lexicon.WordTooShort(微❤,微,2)" },
        { "单", "私单", "高", null, "2:单:private_deal:High:Error:Risk.Lexicon.WordTooShort(单,单,2)" },
        { new string('词', 101), "私单", "高", null, $"2:{new string('词', 101)}:private_deal:High:Error:Risk.Lexicon.WordTooLong(100)" },
        { "飞单", "赌博类", "高", null, "2:飞单::High:Error:Risk.Lexicon.UnknownCategory(赌博类)" },
        { "飞单", null, "高", null, "2:飞单::High:Error:Risk.Lexicon.CategoryRequired" },
        { "飞单", "私单", "很高", null, "2:飞单:private_deal::Error:Risk.Lexicon.UnknownSeverity(很高)" },
        { "飞单", "私单", "4", null, "2:飞单:private_deal::Error:Risk.Lexicon.UnknownSeverity(4)" },
        { "飞单", "私单", "高", new string('x', 501), "2:飞单:private_deal:High:Error:Risk.Lexicon.NoteTooLong(500)" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Each_row_is_decided_with_its_reasons(string? word, string? category, string? severity, string? note, string expected) =>
        Assert.Equal(expected, Decide(Plan(), new LexiconImportLine(2, word, category, severity, note)));

    [Fact]
    public void A_row_can_have_several_errors_and_all_are_reported()
    {
        Assert.Equal("2:单:::Error:Risk.Lexicon.WordTooShort(单,单,2);Risk.Lexicon.CategoryRequired;Risk.Lexicon.UnknownSeverity(x)",
            Decide(Plan(), new LexiconImportLine(2, "单", null, "x", null)));
    }

    [Fact]
    public void Rows_without_a_category_take_the_default_when_one_is_chosen() =>
        Assert.Equal("1:飞单:abuse:Medium:New", Decide(Plan(defaultCategory: Abuse), new LexiconImportLine(1, "飞单", null, null, null)));

    [Fact]
    public void A_word_twice_in_the_file_is_an_error_on_the_second_row_naming_the_first()
    {
        var decided = Decide(Plan(), new LexiconImportLine(2, "飞单", "私单", null, null), new LexiconImportLine(5, "飛 单", "私单", null, null));
        Assert.Equal("2:飞单:private_deal:Medium:New | 5:飛 单:private_deal:Medium:Error:Risk.Lexicon.DuplicateInFile(2,飞单)", decided);
    }

    // ---- the rules shared with the form and the API ----

    [Theory]
    [InlineData("私单", null)]
    [InlineData("  vx  ", null)]
    [InlineData("", "Risk.Lexicon.WordRequired")]
    [InlineData("   ", "Risk.Lexicon.WordRequired")]
    [InlineData("-单-", "Risk.Lexicon.WordTooShort")]
    [InlineData("😀😀", "Risk.Lexicon.WordTooShort")]
    [InlineData("v", "Risk.Lexicon.WordTooShort")]
    [InlineData("bad\0word", "Risk.Lexicon.WordInvalid")]
    public void Words_are_checked_as_the_scanner_will_read_them(string word, string? key) =>
        Assert.Equal(key, LexiconRules.Problem(word)?.Key);

    [Theory]
    [InlineData("High", High)]
    [InlineData("low", Low)]
    [InlineData("2", Medium)]
    [InlineData("中", Medium)]
    [InlineData("0", null)]
    [InlineData("Critical", null)]
    [InlineData("", null)]
    public void Severities_are_read_from_codes_numbers_and_labels(string text, HitSeverity? expected) =>
        Assert.Equal(expected, LexiconRules.ParseSeverity(text, new Dictionary<string, HitSeverity> { ["中"] = Medium }));

    [Fact]
    public void Every_default_word_passes_the_rules_and_no_two_read_the_same()
    {
        Assert.All(DefaultLexicon.Entries, e => Assert.Null(LexiconRules.Problem(e.Word)));
        Assert.Equal(DefaultLexicon.Entries.Count, DefaultLexicon.Entries.Select(e => LexiconRules.Normal(e.Word)).Distinct().Count());
    }
}
