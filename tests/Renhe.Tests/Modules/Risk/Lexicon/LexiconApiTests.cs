using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Renhe.Modules.Risk.Archive;
using Renhe.Modules.Risk.Lexicon;
using Renhe.Modules.Risk.Scanning;
using Renhe.Platform.Audit;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Risk.Lexicon;

/// The sensitive-word lexicon through HTTP on SQLite and PostgreSQL: seeded defaults, add / edit /
/// switch off / delete with their refusals, all-or-nothing import, audited export, permissions,
/// and the scanner following every change at the next ingested message. Each test makes its own
/// words (a random tag inside), so the tests share one lexicon without colliding.
public abstract class LexiconApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private const string Api = "/api/risk/lexicon";

    // Letters only: a tag made of CJK characters keeps words clear of the default lexicon.
    private static string Tag() => new([.. Guid.NewGuid().ToByteArray()[..5].Select(b => (char)(0x4E00 + b * 37 % 20000))]);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<SensitiveWordDto> AddAsync(HttpClient client, string word, string category = "private_deal", string severity = "High") =>
        await (await client.PostAsJsonAsync(Api, new { word, category, severity }, Http.Json, Ct)).ReadAsync<SensitiveWordDto>(HttpStatusCode.Created);

    [Fact]
    public async Task The_default_lexicon_is_seeded_once_and_the_scanner_is_compiled_from_the_table()
    {
        await using (var db = Factory.OpenDb())
        {
            var words = await db.SensitiveWords.Select(w => w.Word).ToListAsync(Ct);
            Assert.All(DefaultLexicon.Entries, e => Assert.Contains(e.Word, words));
            Assert.Equal(words.Count, words.Distinct().Count());
        }
        var scanner = Factory.Services.GetRequiredService<LexiconScanner>();
        Assert.Equal(0, await scanner.SeedAsync(TimeProvider.System, Ct));
        Assert.True(scanner.Current.WordCount >= DefaultLexicon.Entries.Count);
        Assert.Contains(scanner.Current.Scan("走私 單"), h => h.Word == "私单");
    }

    [Fact]
    public async Task Words_are_listed_by_category_and_text_with_paging()
    {
        var auditor = await Factory.ClientForAsync("auditor");
        var page = await (await auditor.GetAsync($"{Api}?category=contact_poaching&pageSize=5", Ct)).ReadAsync<LexiconPage>();
        Assert.Equal(5, page.Items.Count);
        Assert.True(page.Total >= DefaultLexicon.Entries.Count(e => e.Category == LexiconCategories.ContactPoaching));
        Assert.All(page.Items, w => Assert.Equal("contact_poaching", w.Category));

        var found = await (await auditor.GetAsync($"{Api}?q=VX", Ct)).ReadAsync<LexiconPage>(); // case-insensitive
        Assert.Contains(found.Items, w => w.Word == "加我vx");
        Assert.All(found.Items, w => Assert.Contains("vx", w.Word + w.Note, StringComparison.OrdinalIgnoreCase));

        var categories = await (await auditor.GetAsync($"{Api}/categories", Ct)).ReadAsync<List<LexiconCategoryCount>>();
        Assert.Equal(LexiconRules.DefaultCategories, categories.Take(5).Select(c => c.Category));
    }

    [Fact]
    public async Task Adding_a_word_makes_the_next_ingested_message_hit_it_and_switching_it_off_stops_that()
    {
        var tag = Tag();
        var word = "暗号" + tag;
        var admin = await Factory.ClientForAsync("admin");
        var before = await IngestAsync(admin, $"今天说{word}了");
        Assert.Equal(0, before.Hits);

        var added = await AddAsync(admin, word, "gambling", "中");
        Assert.Equal("gambling", added.Category);
        Assert.Equal(HitSeverity.Medium, added.Severity);
        Assert.True(added.Enabled);

        var after = await IngestAsync(admin, $"今天说暗-号 {tag}了"); // disguised with a dash and a space
        Assert.Equal(1, after.Hits);
        await using (var db = Factory.OpenDb())
        {
            var hit = await db.ScanHits.SingleAsync(h => h.Seq == after.Seq, Ct);
            Assert.Equal((word, "gambling", HitSeverity.Medium, 3), (hit.Word, hit.Category, hit.Severity, hit.Start));
        }

        var off = await (await admin.PutJsonAsync($"{Api}/{added.Id}", new { word, category = "gambling", severity = "Medium", enabled = false, version = added.Version }))
            .ReadAsync<SensitiveWordDto>();
        Assert.False(off.Enabled);
        Assert.Equal(0, (await IngestAsync(admin, $"又说{word}")).Hits);
    }

    [Theory]
    [InlineData("", "private_deal", "High", "word", "请填写敏感词。")]
    [InlineData("单", "private_deal", "High", "word", "“单”去掉空格和符号后只剩“单”，不足 2 个字，会误报大量正常消息。")]
    [InlineData("-单-", "private_deal", "High", "word", "“-单-”去掉空格和符号后只剩“单”，不足 2 个字，会误报大量正常消息。")]
    [InlineData("飞单飞单飞单", "Private Stuff", "High", "category", "未知的分类“Private Stuff”。请用已有分类的名称，或用小写英文代码新建分类（如 gambling）。")]
    [InlineData("飞单飞单飞单", "private_deal", "Critical", "severity", "未知的级别“Critical”，可用：高、中、低（High、Medium、Low）。")]
    public async Task Bad_words_are_refused_with_the_field_and_a_reason(string word, string category, string severity, string field, string message)
    {
        var admin = await Factory.ClientForAsync("admin");
        var problem = await (await admin.PostAsJsonAsync(Api, new { word, category, severity }, Http.Json, Ct)).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(message, problem.Title);
        Assert.Contains(field, problem.Errors!.Keys);
    }

    [Fact]
    public async Task A_word_too_long_is_refused_in_english_too()
    {
        var admin = await Factory.ClientForAsync("admin", culture: "en");
        var problem = await (await admin.PostAsJsonAsync(Api, new { word = new string('词', 101), category = "abuse", severity = "Low" }, Http.Json, Ct))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("A word can have at most 100 characters.", problem.Title);
    }

    [Theory]
    [InlineData("私 单")]
    [InlineData("私單")]
    [InlineData(" 私单 ")]
    [InlineData("ＰＤＤ")]
    public async Task A_word_the_scanner_reads_like_an_existing_one_is_a_duplicate_naming_its_category(string word)
    {
        var admin = await Factory.ClientForAsync("admin");
        var problem = await (await admin.PostAsJsonAsync(Api, new { word, category = "abuse", severity = "Low" }, Http.Json, Ct))
            .ProblemAsync(HttpStatusCode.Conflict);
        Assert.Matches("^“.+”与词库中已有的“(私单|pdd)”（(私单|引流至其他平台)）是同一个词。$", problem.Title);
    }

    [Fact]
    public async Task An_edit_needs_the_current_version_and_keeps_the_word_as_written()
    {
        var admin = await Factory.ClientForAsync("admin");
        var word = await AddAsync(admin, "老词" + Tag());
        var renamed = "新 词" + Tag();
        var edited = await (await admin.PutJsonAsync($"{Api}/{word.Id}",
            new { word = "  " + renamed + " ", category = "私单", severity = "低", note = "改过", version = word.Version })).ReadAsync<SensitiveWordDto>();
        Assert.Equal(renamed, edited.Word); // trimmed, the inner space kept
        Assert.Equal((HitSeverity.Low, "改过", "private_deal"), (edited.Severity, edited.Note, edited.Category));
        Assert.NotEqual(word.Version, edited.Version);

        var stale = await (await admin.PutJsonAsync($"{Api}/{word.Id}", new { word = renamed, category = "private_deal", severity = "High", version = word.Version }))
            .ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.Conflict, (HttpStatusCode)stale.Status);
        await (await admin.PutJsonAsync($"{Api}/{word.Id}", new { word = renamed, category = "private_deal", severity = "High" }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutJsonAsync($"{Api}/{Guid.NewGuid()}",
            new { word = renamed, category = "private_deal", severity = "High", version = word.Version })).StatusCode);

        // Its own word is not a duplicate of itself.
        await (await admin.PutJsonAsync($"{Api}/{word.Id}", new { word = renamed, category = "private_deal", severity = "High", version = edited.Version }))
            .ReadAsync<SensitiveWordDto>();
    }

    [Fact]
    public async Task A_deleted_word_is_no_longer_scanned_for_and_the_change_is_audited()
    {
        var admin = await Factory.ClientForAsync("admin");
        var word = await AddAsync(admin, "删词" + Tag());
        Assert.Equal(1, (await IngestAsync(admin, word.Word)).Hits);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"{Api}/{word.Id}", Ct)).StatusCode);
        Assert.Equal(0, (await IngestAsync(admin, word.Word)).Hits);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"{Api}/{word.Id}", Ct)).StatusCode);
        await using var db = Factory.OpenDb();
        var key = word.Id.ToString();
        var actions = await db.AuditEntries.Where(a => a.Entity == "risk_sensitive_word" && a.EntityKey!.Contains(key)).Select(a => a.Action).ToListAsync(Ct);
        Assert.Contains(AuditAction.Insert, actions);
        Assert.Contains(AuditAction.Delete, actions);
    }

    [Fact]
    public async Task An_import_with_one_bad_row_stores_nothing_and_names_the_row_in_the_users_language()
    {
        var tag = Tag();
        var csv = $"词,分类,级别,备注\n甲{tag},私单,高,\n单,私单,高,\n乙{tag},赌博类,中,\n丙{tag},abuse,很高,";
        var admin = await Factory.ClientForAsync("admin");
        var result = await (await ImportAsync(admin, csv, "words.csv")).ReadAsync<LexiconImportResult>(HttpStatusCode.UnprocessableEntity);
        Assert.False(result.Stored);
        Assert.Equal([3, 4, 5], result.Errors.Select(e => e.Row));
        Assert.Equal("未知的分类“赌博类”。请用已有分类的名称，或用小写英文代码新建分类（如 gambling）。", result.Errors[1].Message);
        await using (var db = Factory.OpenDb())
            Assert.False(await db.SensitiveWords.AnyAsync(w => w.Word.Contains(tag), Ct));

        var english = await Factory.ClientForAsync("admin", culture: "en");
        var again = await (await ImportAsync(english, csv, "words.csv")).ReadAsync<LexiconImportResult>(HttpStatusCode.UnprocessableEntity);
        Assert.StartsWith("Unknown category “赌博类”", again.Errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_import_adds_new_words_skips_existing_ones_and_a_preview_stores_nothing()
    {
        var tag = Tag();
        var rows = new[]
        {
            new Dictionary<string, object?> { ["Word"] = "甲" + tag, ["Category"] = "Private deal", ["Severity"] = "High", ["Note"] = "from a colleague" },
            new Dictionary<string, object?> { ["Word"] = "乙" + tag, ["Category"] = "私加联系方式", ["Severity"] = "低", ["Note"] = null },
            new Dictionary<string, object?> { ["Word"] = "拼 多 多", ["Category"] = "rival_platform", ["Severity"] = "Medium", ["Note"] = null },
        };
        using var xlsx = new MemoryStream();
        await xlsx.SaveAsAsync(rows, cancellationToken: Ct);
        var admin = await Factory.ClientForAsync("admin");

        var preview = await (await ImportAsync(admin, xlsx.ToArray(), "words.xlsx", "?preview=true")).ReadAsync<LexiconImportResult>();
        Assert.False(preview.Stored);
        Assert.Equal([LexiconImportStatus.New, LexiconImportStatus.New, LexiconImportStatus.Existing], preview.Rows.Select(r => r.Status));
        await using (var db = Factory.OpenDb())
            Assert.False(await db.SensitiveWords.AnyAsync(w => w.Word.Contains(tag), Ct));

        var result = await (await ImportAsync(admin, xlsx.ToArray(), "words.xlsx")).ReadAsync<LexiconImportResult>();
        Assert.True(result.Stored);
        Assert.Equal((2, 1), (result.Imported, result.Skipped));
        await using (var db = Factory.OpenDb())
        {
            var stored = await db.SensitiveWords.Where(w => w.Word.Contains(tag)).ToListAsync(Ct);
            Assert.Equal([("甲" + tag, "private_deal", HitSeverity.High, "from a colleague"), ("乙" + tag, "contact_poaching", HitSeverity.Low, null)],
                stored.OrderBy(w => w.Note is null).Select(w => (w.Word, w.Category, w.Severity, w.Note)));
            Assert.All(stored, w => Assert.Equal("admin", w.CreatedBy));
        }
        Assert.Equal(1, (await IngestAsync(admin, "乙 " + tag)).Hits);

        // A plain list of words takes the category and severity given with the upload.
        var list = await (await ImportAsync(admin, $"丁{tag}\n戊{tag}\n", "words.txt", "?category=abuse&severity=低")).ReadAsync<LexiconImportResult>();
        Assert.Equal(2, list.Imported);
    }

    [Fact]
    public async Task The_export_is_a_workbook_that_imports_back_and_is_audited()
    {
        var auditor = await Factory.ClientForAsync("auditor");
        var response = await auditor.GetAsync($"{Api}/export?category=abuse", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(AuditEndpoints.XlsxContentType, response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        var rows = new MemoryStream(bytes).Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.True(rows.Count >= DefaultLexicon.Entries.Count(e => e.Category == LexiconCategories.Abuse));
        Assert.All(rows, r => Assert.Equal("辱骂", r["分类"]));
        Assert.Contains(rows, r => (string?)r["词"] == "傻逼" && (string?)r["级别"] == "高");

        // Everything in it is already in the lexicon: importing it back changes nothing.
        var back = await (await ImportAsync(auditor, bytes, "lexicon.xlsx")).ReadAsync<LexiconImportResult>();
        Assert.Equal((0, rows.Count), (back.Imported, back.Skipped));

        await using var db = Factory.OpenDb();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == "risk.lexicon" && a.Action == AuditAction.Export && a.UserName == "auditor", Ct));
    }

    [Theory]
    [InlineData("zhangsan")]  // a salesperson
    [InlineData("hr")]
    [InlineData("salesmgr")]
    public async Task Without_the_permission_every_lexicon_endpoint_is_forbidden(string user)
    {
        var client = await Factory.ClientForAsync(user);
        var id = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(Api, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"{Api}/categories", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"{Api}/export", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync(Api, new { word = "飞单飞单", category = "abuse", severity = "Low" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PutAsJsonAsync($"{Api}/{id}", new { word = "飞单飞单" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync($"{Api}/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ImportAsync(client, "飞单飞单", "words.txt")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Factory.CreateAnonymousClient().GetAsync(Api, Ct)).StatusCode);
    }

    private async Task<AppendResult> IngestAsync(HttpClient admin, string content)
    {
        var item = new { channel = "email", sourceId = "lexicon-" + Guid.NewGuid().ToString("N"), employee = "xiaoli", counterpart = "wmLexicon",
            time = DateTimeOffset.UtcNow, content };
        var response = await (await admin.PostAsJsonAsync("/api/risk/messages:batch", new { items = new[] { item } }, Ct)).ReadAsync<ArchiveBatchResponse>();
        return Assert.Single(response.Results);
    }

    private static Task<HttpResponseMessage> ImportAsync(HttpClient client, string text, string fileName, string query = "") =>
        ImportAsync(client, Encoding.UTF8.GetBytes(text), fileName, query);

    private static async Task<HttpResponseMessage> ImportAsync(HttpClient client, byte[] content, string fileName, string query = "")
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return await client.PostAsync($"{Api}/import{query}", form);
    }
}

[Trait("Category", "Integration")]
public sealed class SqliteLexiconApiTests(SqliteRenheFactory factory) : LexiconApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresLexiconApiTests(PostgresRenheFactory factory) : LexiconApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
