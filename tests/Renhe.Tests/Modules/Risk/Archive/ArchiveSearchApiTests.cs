using Renhe.Modules.Sales.Customers;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Modules.Risk.Archive;
using Renhe.Modules.Risk.Scanning;
using Renhe.Modules.Sales;
using Renhe.Platform.Audit;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Risk.Archive;

/// Archive search through HTTP on SQLite (FTS5 over bigrams) and PostgreSQL (text[] bigrams under
/// GIN): 2-, 3- and 4-character terms, evasive spellings, paging newest first, filters, context,
/// permission and the audit row per search. Each test talks to its own counterpart, so the shared
/// archive's other records never disturb the counts.
public abstract class ArchiveSearchApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private static string Id() => Guid.NewGuid().ToString("N")[..12];

    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 1, 30, 0, TimeSpan.Zero);

    private async Task<IReadOnlyList<long>> StoreAsync(string counterpart, params string[] contents)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var archive = scope.ServiceProvider.GetRequiredService<ArchiveService>();
        var drafts = contents.Select((c, i) => (object)new ArchiveDraft(RecordClass.ChatMessage, "wecom-chat", $"{counterpart}-{i}",
            T0.AddMinutes(i), "xiaoli", [counterpart], c, null, MsgType: "text")).ToList();
        var results = await archive.AppendAsync(drafts, TestContext.Current.CancellationToken);
        return results.Select(r => r.Seq!.Value).ToList();
    }

    private async Task<ArchiveSearchPage> SearchAsync(HttpClient client, string q, string counterpart, string extra = "") =>
        await (await client.GetAsync($"/api/risk/archive/search?q={Uri.EscapeDataString(q)}&counterpart={counterpart}{extra}",
            TestContext.Current.CancellationToken)).ReadAsync<ArchiveSearchPage>();

    [Fact]
    public async Task Two_three_and_four_character_terms_are_found_newest_first_with_the_keyword_highlighted()
    {
        var c = "wm" + Id();
        var seqs = await StoreAsync(c,
            "这个单子我们私单做吧",          // 0
            "加我私人微信，拼多多上便宜",    // 1
            "私人问题不方便说",              // 2
            "加我私人VX也行",                // 3
            "今天天气很好");                  // 4
        var auditor = await Factory.ClientForAsync("auditor");

        var two = await SearchAsync(auditor, "私单", c);
        var hit = Assert.Single(two.Items);
        Assert.Equal(seqs[0], hit.Seq);
        var keyword = Assert.Single(hit.Highlights, h => h.Kind == "keyword");
        Assert.Equal("私单", hit.Content!.Substring(keyword.Start, keyword.Length));
        Assert.Equal($"/risk/archive/search?context={seqs[0]}", hit.ContextLink);
        Assert.Equal("李晓", hit.EmployeeName);

        var three = await SearchAsync(auditor, "私人微", c);
        Assert.Equal([seqs[1]], three.Items.Select(i => i.Seq));

        var four = await SearchAsync(auditor, "加我私人", c);
        Assert.Equal([seqs[3], seqs[1]], four.Items.Select(i => i.Seq)); // newest first

        var twoMany = await SearchAsync(auditor, "私人", c);
        Assert.Equal(3, twoMany.Total);
        Assert.Equal([seqs[3], seqs[2], seqs[1]], twoMany.Items.Select(i => i.Seq));

        // Bigrams all present but not consecutive: 人私 does not occur, so nothing.
        Assert.Empty((await SearchAsync(auditor, "微信私人", c)).Items);
        // Case and width fold like the scanner's: ｖｘ finds VX.
        Assert.Equal([seqs[3]], (await SearchAsync(auditor, "私人ｖｘ", c)).Items.Select(i => i.Seq));

        var paged = await SearchAsync(auditor, "私人", c, "&pageSize=2&page=2");
        Assert.Equal(3, paged.Total);
        Assert.False(paged.TotalIsLowerBound);
        Assert.Equal([seqs[1]], paged.Items.Select(i => i.Seq));
    }

    [Fact]
    public async Task A_term_alone_is_found_across_the_archive_newest_first_with_the_customers_name()
    {
        // No filter: on PostgreSQL the day-token path (ArchiveSearchIndex.NewestPostgresAsync). Two
        // counterparts, one of them a customer of the sales module; a record of each at the same
        // minute, so the later-archived one comes first.
        var ct = TestContext.Current.CancellationToken;
        var known = "wm" + Id();
        await using (var db = Factory.OpenDb())
        {
            var customer = Customer.Enter(null, CustodyReason.Created, null, ChangedBy.System, T0).Customer;
            (customer.Name, customer.WeComExternalId) = ("龘先生", known);
            db.Customers.Add(customer);
            await db.SaveChangesAsync(ct);
        }
        var fromKnown = await StoreAsync(known, "龘龖的事先别说", "今天不聊龘龖", "没有关键词");
        var unknown = "wm" + Id();
        var fromUnknown = await StoreAsync(unknown, "龘龖也在这里");
        var auditor = await Factory.ClientForAsync("auditor");

        var page = await (await auditor.GetAsync($"/api/risk/archive/search?q={Uri.EscapeDataString("龘龖")}", ct)).ReadAsync<ArchiveSearchPage>();
        Assert.Equal(3, page.Total);
        Assert.False(page.TotalIsLowerBound);
        Assert.Equal([fromKnown[1], fromUnknown[0], fromKnown[0]], page.Items.Select(i => i.Seq));
        Assert.Equal(["龘先生", null, "龘先生"], page.Items.Select(i => i.CustomerName));
        Assert.All(page.Items, i => Assert.Equal("龘龖", i.Content!.Substring(i.Highlights.Single(h => h.Kind == "keyword").Start, 2)));
    }

    [Fact]
    public async Task Past_a_thousand_matches_the_total_is_a_lower_bound_and_pages_stay_newest_first()
    {
        // 1,003 matches, archived in an order that is not their time order: the page of a frequent
        // term is found by walking the time index, and must equal the exact newest-first order.
        var c = "wm" + Id();
        var n = ArchiveSearchService.TotalCap + 3;
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var drafts = Enumerable.Range(0, n).Select(i => (object)new ArchiveDraft(RecordClass.ChatMessage, "wecom-chat", $"{c}-{i}",
                T0.AddMinutes(i * 7919 % 1201), "xiaoli", [c], $"这个价格第{i}次", null, MsgType: "text")).ToList();
            drafts.Add(new ArchiveDraft(RecordClass.ChatMessage, "wecom-chat", $"{c}-other", T0.AddDays(30), "xiaoli", [c], "没有关键词", null));
            await scope.ServiceProvider.GetRequiredService<ArchiveService>().AppendAsync(drafts, TestContext.Current.CancellationToken);
        }
        List<long> expected;
        await using (var db = Factory.OpenDb())
            expected = await db.ArchivedRecords.Where(r => r.CounterpartRaw == c && r.Content!.Contains("价格"))
                .OrderByDescending(r => r.At).ThenByDescending(r => r.Seq).Select(r => r.Seq).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(n, expected.Count);

        var auditor = await Factory.ClientForAsync("auditor");
        var first = await SearchAsync(auditor, "价格", c);
        Assert.Equal(ArchiveSearchService.TotalCap, first.Total);
        Assert.True(first.TotalIsLowerBound);
        Assert.Equal(expected.Take(20), first.Items.Select(i => i.Seq));
        var third = await SearchAsync(auditor, "价格", c, "&pageSize=50&page=3");
        Assert.Equal(expected.Skip(100).Take(50), third.Items.Select(i => i.Seq));

        // Narrowed below the cap, the count is exact again.
        var narrowed = await SearchAsync(auditor, "价格", c, $"&to={Uri.EscapeDataString(T0.AddMinutes(100).ToString("O"))}");
        Assert.False(narrowed.TotalIsLowerBound);
        Assert.Equal(Enumerable.Range(0, n).Count(i => i * 7919 % 1201 < 100), narrowed.Total);
    }

    [Fact]
    public async Task Evasive_spellings_are_found_and_highlighted_across_the_separator()
    {
        var c = "wm" + Id();
        var seqs = await StoreAsync(c, "咱们私-单吧", "私 單也可以", "私😀单", "私人订制");
        var auditor = await Factory.ClientForAsync("auditor");
        var page = await SearchAsync(auditor, "私单", c);
        Assert.Equal([seqs[2], seqs[1], seqs[0]], page.Items.Select(i => i.Seq));
        var first = page.Items.Single(i => i.Seq == seqs[0]);
        var keyword = Assert.Single(first.Highlights, h => h.Kind == "keyword");
        Assert.Equal("私-单", first.Content!.Substring(keyword.Start, keyword.Length));
        // The scanner's own hit on the same words is a highlight too, with its category.
        Assert.Contains(first.Highlights, h => h.Kind == "hit");
    }

    [Fact]
    public async Task Filters_narrow_by_time_channel_and_category_and_context_shows_the_conversation()
    {
        var c = "wm" + Id();
        var seqs = await StoreAsync(c, "您好", "加我私人微信", "好的", "谢谢", "再见");
        var auditor = await Factory.ClientForAsync("auditor");
        var ct = TestContext.Current.CancellationToken;

        var all = await (await auditor.GetAsync($"/api/risk/archive/search?counterpart={c}", ct)).ReadAsync<ArchiveSearchPage>();
        Assert.Equal(5, all.Total);
        var from = Uri.EscapeDataString(T0.AddMinutes(2).ToString("O"));
        var later = await (await auditor.GetAsync($"/api/risk/archive/search?counterpart={c}&from={from}", ct)).ReadAsync<ArchiveSearchPage>();
        Assert.Equal(3, later.Total);
        Assert.Equal(0, (await (await auditor.GetAsync($"/api/risk/archive/search?counterpart={c}&channel=email", ct))
            .ReadAsync<ArchiveSearchPage>()).Total);
        var flagged = await (await auditor.GetAsync($"/api/risk/archive/search?counterpart={c}&category=contact_poaching", ct))
            .ReadAsync<ArchiveSearchPage>();
        Assert.Equal([seqs[1]], flagged.Items.Select(i => i.Seq));

        var context = await (await auditor.GetAsync($"/api/risk/archive/records/{seqs[2]}/context?around=1&q=私人", ct))
            .ReadAsync<ArchiveContext>();
        Assert.Equal([seqs[1], seqs[2], seqs[3]], context.Messages.Select(m => m.Seq));
        Assert.Contains(context.Messages[0].Highlights, h => h.Kind == "keyword");

        var tooShort = await auditor.GetAsync($"/api/risk/archive/search?q=私", ct);
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
    }

    [Fact]
    public async Task A_salesperson_gets_403_and_every_search_is_audited_with_its_query()
    {
        var c = "wm" + Id();
        await StoreAsync(c, "私单");
        var ct = TestContext.Current.CancellationToken;
        var sales = await Factory.ClientForAsync("zhangsan");
        var refused = await sales.GetAsync($"/api/risk/archive/search?q=私单&counterpart={c}", ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain("私单", await refused.Content.ReadAsStringAsync(ct));
        Assert.Equal(HttpStatusCode.Forbidden, (await sales.GetAsync("/api/risk/archive/records/1/context", ct)).StatusCode);

        var auditor = await Factory.ClientForAsync("auditor");
        await SearchAsync(auditor, "私单", c);
        await using var db = Factory.OpenDb();
        var rows = await db.AuditEntries.Where(a => a.Entity == "risk.archive.search" && a.SubjectEmployeeId == null && a.Changes!.Contains(c)).ToListAsync(ct);
        var row = Assert.Single(rows);
        Assert.Equal(AuditAction.Read, row.Action);
        Assert.Equal("auditor", row.UserName);
        Assert.Equal("私单", row.EntityKey);
        Assert.DoesNotContain(await db.AuditEntries.Where(a => a.Entity == "risk.archive.search" && a.UserName == "zhangsan").ToListAsync(ct),
            a => a.Changes!.Contains(c));
    }

    [Fact]
    public async Task A_purged_record_leaves_the_index()
    {
        var c = "wm" + Id();
        await using var scope = Factory.Services.CreateAsyncScope();
        var archive = scope.ServiceProvider.GetRequiredService<ArchiveService>();
        var ct = TestContext.Current.CancellationToken;
        var old = new DateTimeOffset(2024, 1, 10, 2, 0, 0, TimeSpan.Zero);
        await archive.AppendAsync(new ArchiveDraft(RecordClass.ChatMessage, "wecom-chat", c + "-old", old, "xiaoli", [c], "旧的私单", null,
            MsgType: "text"), ct);
        var auditor = await Factory.ClientForAsync("auditor");
        Assert.Single((await SearchAsync(auditor, "私单", c)).Items);
        await scope.ServiceProvider.GetRequiredService<RetentionService>().PurgeExpiredAsync(new DateTimeOffset(2024, 12, 1, 0, 0, 0, TimeSpan.Zero), ct);
        Assert.Empty((await SearchAsync(auditor, "私单", c)).Items);
        await using var db = Factory.OpenDb();
        // No index entry is left without its record (SQLite's contentless table cannot be counted
        // row by row, but its matches can).
        var orphans = db.Database.IsNpgsql()
            ? await db.Database.SqlQuery<long>(
                $"SELECT count(*) AS \"Value\" FROM risk_archive_search s WHERE NOT EXISTS (SELECT 1 FROM risk_archived_record r WHERE r.\"Seq\" = s.\"Seq\")").SingleAsync(ct)
            : await db.Database.SqlQuery<long>(
                $"SELECT count(*) AS \"Value\" FROM risk_archive_fts WHERE risk_archive_fts MATCH '\"私单\" \"旧的\"' AND rowid NOT IN (SELECT \"Seq\" FROM risk_archived_record)").SingleAsync(ct);
        Assert.Equal(0, orphans);
    }

    private async Task<ArchiveSearchPage> SearchAllAsync(HttpClient client, string q, string extra = "") =>
        await (await client.GetAsync($"/api/risk/archive/search?q={Uri.EscapeDataString(q)}{extra}",
            TestContext.Current.CancellationToken)).ReadAsync<ArchiveSearchPage>();

    [Fact]
    public async Task Longer_terms_match_only_where_their_bigrams_are_consecutive()
    {
        // Every bigram of the term is in each decoy, never in the term's order: the index finds the
        // decoys as candidates and the confirmation on the text drops them.
        var c = "wm" + Id();
        var seqs = await StoreAsync(c,
            "人微私人",              // 0: 私人 and 人微, not 私人微
            "加我我私私人",          // 1: 加我, 我私, 私人, not 加我私人
            "私人微信加我私人号",    // 2: both
            "私-人 微");             // 3: 私人微 once separators are dropped
        var auditor = await Factory.ClientForAsync("auditor");
        Assert.Equal([seqs[3], seqs[2]], (await SearchAsync(auditor, "私人微", c)).Items.Select(i => i.Seq));
        Assert.Equal([seqs[2]], (await SearchAsync(auditor, "加我私人", c)).Items.Select(i => i.Seq));

        // The same without a filter (the plan of a term alone), with a term no other test uses.
        var word = "q" + Id();
        var own = await StoreAsync("wm" + Id(), $"{word}", $"{word[..6]} {word[6..]}", $"{word[6..]}{word[..6]}");
        var alone = await SearchAllAsync(auditor, word);
        Assert.Equal(2, alone.Total);
        Assert.Equal([own[1], own[0]], alone.Items.Select(i => i.Seq));
    }

    /// PostgreSQL writes the search rows (and so the day counts) just after an ingest's transaction
    /// (ArchiveSearchIndexer); a search waits for them by itself, a test reading the index directly here.
    protected Task IndexedAsync(CancellationToken ct) => Factory.Services.GetRequiredService<ArchiveSearchIndexer>().CatchUpAsync(ct);

    private async Task<List<long>> StoreScrambledAsync(string counterpart, string term, int count)
    {
        // Archived in an order that is not their time order, with a record without the term between.
        await using var scope = Factory.Services.CreateAsyncScope();
        var drafts = Enumerable.Range(0, count).SelectMany(i => new object[]
        {
            new ArchiveDraft(RecordClass.ChatMessage, "wecom-chat", $"{counterpart}-{i}", T0.AddMinutes(i * 7919 % 2003), "xiaoli",
                [counterpart], $"第{i}次{term}", null, MsgType: "text"),
            new ArchiveDraft(RecordClass.ChatMessage, "wecom-chat", $"{counterpart}-x{i}", T0.AddMinutes(i * 7919 % 2003 + 1), "xiaoli",
                [counterpart], "没有关键词", null, MsgType: "text"),
        }).ToList();
        await scope.ServiceProvider.GetRequiredService<ArchiveService>().AppendAsync(drafts, TestContext.Current.CancellationToken);
        await IndexedAsync(TestContext.Current.CancellationToken);
        await using var db = Factory.OpenDb();
        return await db.ArchivedRecords.Where(r => r.CounterpartRaw == counterpart && r.Content!.Contains(term))
            .OrderByDescending(r => r.At).ThenByDescending(r => r.Seq).Select(r => r.Seq).ToListAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_term_alone_is_counted_exactly_up_to_the_cap_and_paged_newest_first()
    {
        var auditor = await Factory.ClientForAsync("auditor");
        // Exactly the cap: an exact total. A rare pair of characters no other test uses.
        var atCap = await StoreScrambledAsync("wm" + Id(), "鼋鼍", ArchiveSearchService.TotalCap);
        var page = await SearchAllAsync(auditor, "鼋鼍");
        Assert.Equal(ArchiveSearchService.TotalCap, page.Total);
        Assert.False(page.TotalIsLowerBound);
        Assert.Equal(atCap.Take(20), page.Items.Select(i => i.Seq));

        // One past it: the cap, as a lower bound; pages stay in exact time order.
        var past = await StoreScrambledAsync("wm" + Id(), "龃龉", ArchiveSearchService.TotalCap + 1);
        page = await SearchAllAsync(auditor, "龃龉");
        Assert.Equal(ArchiveSearchService.TotalCap, page.Total);
        Assert.True(page.TotalIsLowerBound);
        Assert.Equal(past.Take(20), page.Items.Select(i => i.Seq));
        page = await SearchAllAsync(auditor, "龃龉", "&pageSize=100&page=4");
        Assert.Equal(past.Skip(300).Take(100), page.Items.Select(i => i.Seq));
        // A longer term past the cap (its candidates confirmed on the text).
        page = await SearchAllAsync(auditor, "次龃龉", "&pageSize=30&page=2");
        Assert.True(page.TotalIsLowerBound);
        Assert.Equal(past.Skip(30).Take(30), page.Items.Select(i => i.Seq));
    }

    [Theory]
    [InlineData(1.0)]     // windows of 128 records, doubling: the page needs several
    [InlineData(0.0005)]  // one window holds everything
    public async Task Walking_time_in_windows_finds_the_exact_newest_matches(double density)
    {
        var c = "wm" + Id();
        var term = density >= 1 ? "魑魅" : "魍魉";
        var expected = await StoreScrambledAsync(c, term, 400);
        await using var db = Factory.OpenDb();
        var records = db.ArchivedRecords.AsNoTracking().Where(r => r.CounterpartRaw == c);
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(expected.Take(20), await ArchiveSearchIndex.WalkTimeInWindowsAsync(db, records, term, density, 0, 20, ct));
        Assert.Equal(expected.Skip(250).Take(100), await ArchiveSearchIndex.WalkTimeInWindowsAsync(db, records, term, density, 250, 100, ct));
        Assert.Equal(expected.Skip(390), await ArchiveSearchIndex.WalkTimeInWindowsAsync(db, records, term, density, 390, 100, ct));
    }

    [Fact]
    public async Task A_term_that_names_a_lexicon_category_offers_the_category_and_on_request_searches_its_words()
    {
        // 私单 is the name of a category; she never wrote it, she wrote two of its words.
        var c = "wm" + Id();
        var seqs = await StoreAsync(c, "这单不走公司流程", "今天天气很好", "咱们跳单吧");
        var auditor = await Factory.ClientForAsync("auditor");

        // As typed: nothing matches the text, and the answer says what 私单 is and how many messages the category holds.
        var literal = await SearchAsync(auditor, "私单", c);
        Assert.Equal(0, literal.Total);
        var hint = Assert.IsType<ArchiveCategoryHint>(literal.CategoryHint);
        Assert.Equal(LexiconCategories.PrivateDeal, hint.Category);
        Assert.True(hint.TermIsCategoryName);
        Assert.Equal(2, hint.Messages);
        Assert.Equal(0, hint.WordsSearched);
        Assert.True(hint.Words > 10);

        // With the category's words: the two messages, each with the word it holds highlighted.
        var words = await SearchAsync(auditor, "私单", c, "&categoryWords=true");
        Assert.Equal([seqs[2], seqs[0]], words.Items.Select(i => i.Seq));
        Assert.Equal(["跳单", "不走公司"], words.Items.Select(i => KeywordIn(i)));
        Assert.Equal(hint.Words - 1, words.CategoryHint!.WordsSearched); // its words but 私单 itself, which is the term
        // The search's audit entry says the words were searched.
        await using (var db = Factory.OpenDb())
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == "risk.archive.search" && a.SubjectEmployeeId == null
                && a.Changes!.Contains(c) && a.Changes.Contains("\"categoryWords\":\"private_deal\""), TestContext.Current.CancellationToken));

        // The English name, and the category filter the hint offers giving its count.
        Assert.Equal(LexiconCategories.PrivateDeal, (await SearchAsync(auditor, "Private deal", c)).CategoryHint?.Category);
        var byCategory = await (await auditor.GetAsync($"/api/risk/archive/search?counterpart={c}&category={hint.Category}",
            TestContext.Current.CancellationToken)).ReadAsync<ArchiveSearchPage>();
        Assert.Equal(hint.Messages, byCategory.Total);
        Assert.Null(byCategory.CategoryHint);

        // One of its words: found as written, and the category offered too.
        var word = await SearchAsync(auditor, "跳单", c);
        Assert.Equal([seqs[2]], word.Items.Select(i => i.Seq));
        Assert.Equal(new ArchiveCategoryHint(LexiconCategories.PrivateDeal, false, 2, false, 0, hint.Words), word.CategoryHint);
        // An ordinary word is nothing to the lexicon.
        Assert.Null((await SearchAsync(auditor, "天气", c)).CategoryHint);
    }

    private static string KeywordIn(ArchiveSearchHit hit) =>
        hit.Content!.Substring(hit.Highlights.First(h => h.Kind == "keyword").Start, hit.Highlights.First(h => h.Kind == "keyword").Length);

    [Fact]
    public async Task Flagged_only_gives_exactly_an_employees_flagged_messages_as_the_overview_counts_them()
    {
        var ct = TestContext.Current.CancellationToken;
        var c = "wm" + Id();
        await using (var scope = Factory.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ArchiveService>().AppendAsync(
                new[] { "转我个人账户就行", "您好，报价单发您了", "加我私人微信聊" }.Select((text, i) => (object)new ArchiveDraft(
                    RecordClass.ChatMessage, "wecom-chat", $"{c}-{i}", T0.AddMinutes(i), "lisi", [c], text, null, MsgType: "text")).ToList(), ct);
        var auditor = await Factory.ClientForAsync("auditor");
        var overview = await (await auditor.GetAsync("/api/risk/archive/flagged-employees?take=200", ct)).ReadAsync<List<FlaggedEmployee>>();
        var lisi = overview.Single(f => f.Name == "李四");

        var flagged = await (await auditor.GetAsync($"/api/risk/archive/search?employeeId={lisi.EmployeeId}&flagged=true&pageSize=100", ct))
            .ReadAsync<ArchiveSearchPage>();
        Assert.Equal(lisi.FlaggedRecords, flagged.Total);
        var all = await (await auditor.GetAsync($"/api/risk/archive/search?employeeId={lisi.EmployeeId}&pageSize=100", ct)).ReadAsync<ArchiveSearchPage>();
        Assert.True(all.Total > flagged.Total, $"{all.Total} records, {flagged.Total} flagged");
        Assert.All(flagged.Items, i => Assert.Contains(i.Highlights, h => h.Kind == "hit"));
        var mine = flagged.Items.Where(i => i.Counterpart == c).Select(i => i.Content).ToList();
        Assert.Equal(["加我私人微信聊", "转我个人账户就行"], mine);
    }

    [Fact]
    public async Task The_other_party_is_the_customer_with_that_wecom_external_id_by_name_and_id()
    {
        var ct = TestContext.Current.CancellationToken;
        var known = "wm" + Id();
        Guid customerId;
        await using (var db = Factory.OpenDb())
        {
            var customer = Customer.Enter(null, CustodyReason.Created, null, ChangedBy.System, T0).Customer;
            (customer.Name, customer.WeComExternalId) = ("鼐先生", known);
            db.Customers.Add(customer);
            await db.SaveChangesAsync(ct);
            customerId = customer.Id;
        }
        await StoreAsync(known, "您好");
        var unknown = "wm" + Id();
        await StoreAsync(unknown, "您好");
        var auditor = await Factory.ClientForAsync("auditor");

        var hit = Assert.Single((await (await auditor.GetAsync($"/api/risk/archive/search?counterpart={known}", ct)).ReadAsync<ArchiveSearchPage>()).Items);
        Assert.Equal(("鼐先生", customerId), (hit.CustomerName, hit.CustomerId));
        Assert.Equal("李晓", hit.EmployeeName);
        var stranger = Assert.Single((await (await auditor.GetAsync($"/api/risk/archive/search?counterpart={unknown}", ct)).ReadAsync<ArchiveSearchPage>()).Items);
        Assert.Equal((null, null, unknown), (stranger.CustomerName, stranger.CustomerId, stranger.Counterpart));
    }
}

[Trait("Category", "Integration")]
public sealed class SqliteArchiveSearchApiTests(SqliteRenheFactory factory) : ArchiveSearchApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresArchiveSearchApiTests(PostgresRenheFactory factory) : ArchiveSearchApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>
{
    /// The day a token is qualified with is the UTC day since the Unix epoch, rounded down,
    /// whatever the session's time zone: a Shanghai morning before 08:00 is the previous day.
    [Theory]
    [InlineData("1970-01-01T00:00:00Z", "私单@0")]
    [InlineData("1970-01-01T23:59:59.999Z", "私单@0")]
    [InlineData("1969-12-31T23:00:00Z", "私单@-1")]
    [InlineData("2026-10-28T00:07:47Z", "私单@20754")]
    [InlineData("2026-10-28T07:59:59+08:00", "私单@20753")]
    [InlineData("2026-10-28T08:00:00+08:00", "私单@20754")]
    public async Task A_day_token_is_the_bigram_at_its_UTC_day(string at, string expected)
    {
        var time = DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture);
        var ct = TestContext.Current.CancellationToken;
        await using var db = Factory.OpenDb();
        await db.Database.OpenConnectionAsync(ct);
        await db.Database.ExecuteSqlRawAsync("SET TIME ZONE 'Asia/Shanghai'", ct);
        var tokens = await db.Database.SqlQueryRaw<string>(
            $"SELECT unnest({ArchiveSearchIndex.DayTokensFunction}(ARRAY['私单'], {{0}})) AS \"Value\"", time.ToUniversalTime()).ToListAsync(ct);
        Assert.Equal([expected], tokens);
    }

    [Fact]
    public async Task Each_days_records_of_a_bigram_are_counted_as_they_are_archived_and_purged()
    {
        // Three records of one old day (one holding the bigram twice, counted once) and two of a
        // later day; purging the old day takes its count away, and the term's total follows.
        var ct = TestContext.Current.CancellationToken;
        var c = "wm" + Guid.NewGuid().ToString("N")[..12];
        var oldDay = new DateTimeOffset(2023, 3, 1, 23, 30, 0, TimeSpan.Zero);
        var laterDay = new DateTimeOffset(2031, 2, 1, 0, 10, 0, TimeSpan.Zero);
        ArchiveDraft Draft(int i, DateTimeOffset at, string content) =>
            new(RecordClass.ChatMessage, "wecom-chat", $"{c}-{i}", at, "xiaoli", [c], content, null, MsgType: "text");
        await using (var scope = Factory.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ArchiveService>().AppendAsync(
                [Draft(0, oldDay, "鼗鼘一"), Draft(1, oldDay.AddMinutes(10), "鼗鼘二鼗鼘"), Draft(2, oldDay.AddMinutes(20), "三鼗鼘"),
                 Draft(3, laterDay, "鼗鼘四"), Draft(4, laterDay.AddHours(5), "五鼗鼘")], ct);
        var day = (DateTimeOffset at) => (int)(at.ToUnixTimeSeconds() / 86400);

        async Task<List<(int Day, int Records)>> CountsAsync()
        {
            await IndexedAsync(ct);
            await using var db = Factory.OpenDb();
            return (await db.Database.SqlQuery<DayCount>(
                    $"SELECT \"Day\", \"Records\" FROM risk_archive_day_count WHERE \"Bigram\" = '鼗鼘' ORDER BY \"Day\"").ToListAsync(ct))
                .Select(d => (d.Day, d.Records)).ToList();
        }

        Assert.Equal([(day(oldDay), 3), (day(laterDay), 2)], await CountsAsync());
        Assert.Equal(0, await DaysMiscountedAsync(ct));
        await using (var db = Factory.OpenDb())
            Assert.Equal(5, (await ArchiveSearchIndex.NewestPostgresAsync(db, "鼗鼘", 0, 20, ct)).Counted);

        await using (var scope = Factory.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<RetentionService>().PurgeExpiredAsync(new DateTimeOffset(2024, 12, 1, 0, 0, 0, TimeSpan.Zero), ct);
        Assert.Equal([(day(laterDay), 2)], await CountsAsync());
        Assert.Equal(0, await DaysMiscountedAsync(ct));
        await using (var db = Factory.OpenDb())
        {
            var (counted, page, _) = await ArchiveSearchIndex.NewestPostgresAsync(db, "鼗鼘", 0, 20, ct);
            Assert.Equal(2, counted);
            Assert.Equal(2, page.Count);
        }
    }

    private sealed record DayCount(int Day, int Records);

    /// Every record is counted per day too, under the bigram '': the days whose count differs from
    /// the search rows actually archived on them (none, when the triggers keep up).
    private async Task<int> DaysMiscountedAsync(CancellationToken ct)
    {
        await IndexedAsync(ct);
        await using var db = Factory.OpenDb();
        return await db.Database.SqlQuery<int>($"""
            SELECT count(*)::integer AS "Value"
            FROM (SELECT "Day", "Records" FROM risk_archive_day_count WHERE "Bigram" = '') c
            FULL JOIN (SELECT floor(extract(epoch FROM "At") / 86400)::integer AS "Day", count(*)::integer AS "Records"
                       FROM risk_archive_search GROUP BY 1) a ON a."Day" = c."Day"
            WHERE c."Records" IS DISTINCT FROM a."Records"
            """).SingleAsync(ct);
    }

    [Fact]
    public async Task A_term_frequent_on_its_newest_days_and_a_rare_one_give_the_exact_newest_matches()
    {
        // Three days of 150 records each, archived out of time order: one term in every second record,
        // another in every fortieth. The frequent one's page is found walking the time index (20 of
        // its 225 matches lie within ~40 of the newest records), the rare one's by reading its few
        // matches on the days that hold the page; deeper pages of the frequent one are read like the
        // rare one's. Each way gives the exact newest-first order, and the counts stay exact.
        var ct = TestContext.Current.CancellationToken;
        var c = "wm" + Guid.NewGuid().ToString("N")[..12];
        var start = new DateTimeOffset(2034, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var drafts = Enumerable.Range(0, 450).Select(i => (object)new ArchiveDraft(RecordClass.ChatMessage, "wecom-chat", $"{c}-{i}",
            start.AddMinutes(i * 7919 % 450 * (3 * 24 * 60 / 450.0)), "xiaoli", [c],
            (i % 2 == 0 ? "鼯鼱" : "普通") + (i % 40 == 0 ? "麑麂" : "消息") + i, null, MsgType: "text")).ToList();
        await using (var scope = Factory.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ArchiveService>().AppendAsync(drafts, ct);
        await IndexedAsync(ct);
        await using var db = Factory.OpenDb();

        foreach (var (word, skip, take) in new[] { ("鼯鼱", 0, 20), ("鼯鼱", 10, 20), ("鼯鼱", 20, 20), ("鼯鼱", 100, 100), ("鼯鼱", 200, 50), ("麑麂", 0, 20), ("麑麂", 5, 3) })
        {
            var expected = await db.ArchivedRecords.Where(r => r.CounterpartRaw == c && r.Content!.Contains(word))
                .OrderByDescending(r => r.At).ThenByDescending(r => r.Seq).Select(r => r.Seq).ToListAsync(ct);
            var (counted, page, _) = await ArchiveSearchIndex.NewestPostgresAsync(db, ScanNormalization.Normalize(word), skip, take, ct);
            Assert.Equal(expected.Count, counted);
            Assert.Equal(expected.Skip(skip).Take(take), page);
        }
        Assert.Equal(0, await DaysMiscountedAsync(ct));
    }

    [Theory]
    [InlineData("魃魈", "魃魈")]    // by the day tokens alone
    [InlineData("夔魖", "次夔魖")]  // by the first bigram's day tokens, the other bigrams and the text
    public async Task Stretches_of_days_read_back_from_the_newest_give_the_exact_newest_matches(string word, string term)
    {
        // 300 matches over 60 days, the newest of the archive, thinning out towards the present and
        // archived out of time order, and one record years older. The two-character term is answered
        // from its day counts; the three-character one stretch by stretch: a first stretch of two days
        // (a probe of one record) sees one match, the estimated second stretch of days finds the rest,
        // short of the cap, and the third, everything older, nothing more.
        var ct = TestContext.Current.CancellationToken;
        var c = "wm" + Guid.NewGuid().ToString("N")[..12];
        var start = new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var drafts = Enumerable.Range(0, 300).Select(i => (object)new ArchiveDraft(RecordClass.ChatMessage, "wecom-chat", $"{c}-{i}",
            start.AddMinutes((1 - Math.Sqrt(i * 7919 % 300 / 300d)) * 60 * 24 * 60), "xiaoli", [c], $"第{i}次{word}", null, MsgType: "text")).ToList();
        drafts.Add(new ArchiveDraft(RecordClass.ChatMessage, "wecom-chat", $"{c}-old", new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero),
            "xiaoli", [c], "没有关键词", null, MsgType: "text"));
        await using (var scope = Factory.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ArchiveService>().AppendAsync(drafts, ct);
        await IndexedAsync(ct);
        await using var db = Factory.OpenDb();
        var expected = await db.ArchivedRecords.Where(r => r.CounterpartRaw == c && r.Content!.Contains(word))
            .OrderByDescending(r => r.At).ThenByDescending(r => r.Seq).Select(r => new { r.Seq, r.EmployeeId }).ToListAsync(ct);
        var expectedSeqs = expected.Select(r => r.Seq).ToList();

        var (counted, page, employees) = await ArchiveSearchIndex.NewestPostgresAsync(db, term, 0, 20, ct, probeRecords: 1);
        Assert.Equal(300, counted);
        Assert.Equal(expectedSeqs.Take(20), page);
        // Whose records the page shows, record by record (the audit's subjects).
        Assert.Equal(expected.Take(20).Select(r => r.EmployeeId), employees);
        Assert.NotNull(employees[0]);
        (counted, page, _) = await ArchiveSearchIndex.NewestPostgresAsync(db, term, 280, 50, ct, probeRecords: 1);
        Assert.Equal(expectedSeqs.Skip(280), page);
        // A page of five is complete within the first days or stretches: the rest is only counted,
        // and the count is still exact.
        (counted, page, _) = await ArchiveSearchIndex.NewestPostgresAsync(db, term, 0, 5, ct, probeRecords: 1);
        Assert.Equal(300, counted);
        Assert.Equal(expectedSeqs.Take(5), page);
        // A probe wide enough for everything: one stretch, the same answer.
        (counted, page, _) = await ArchiveSearchIndex.NewestPostgresAsync(db, term, 100, 30, ct, probeRecords: 10_000_000);
        Assert.Equal(300, counted);
        Assert.Equal(expectedSeqs.Skip(100).Take(30), page);
    }
}
