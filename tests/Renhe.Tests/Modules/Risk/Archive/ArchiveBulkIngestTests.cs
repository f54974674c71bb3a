using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Modules.Risk.Archive;
using Renhe.Modules.Risk.Scanning;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Risk.Archive;

/// PostgreSQL's bulk ingest (a batch is one binary COPY per table, and the search rows' statement
/// triggers count and merge a whole batch at once) stores exactly what the same messages store
/// appended one at a time, as the WeCom callback appends them: the same records and hashes, scan
/// hits, search rows, day counts and head. Each path runs on a database of its own.
[Trait("Category", "Postgres")]
public sealed class PostgresArchiveBulkIngestTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 22, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_batch_stores_the_records_hashes_hits_search_rows_and_day_counts_that_single_appends_store()
    {
        var drafts = Drafts();
        // Without the demo's six months of chats: the two archives hold these messages only.
        await using var bulk = new PostgresRenheFactory { Settings = { ["Demo:Chats"] = "false" } };
        await bulk.InitializeAsync();
        bulk.SkipIfUnavailable();
        await using var single = new PostgresRenheFactory { Settings = { ["Demo:Chats"] = "false" } };
        await single.InitializeAsync();

        var ct = TestContext.Current.CancellationToken;
        foreach (var batch in drafts.Chunk(250))
            await AppendAsync(bulk, batch, ct);
        foreach (var draft in drafts)
            await AppendAsync(single, [draft], ct);

        var bulkRows = await DumpAsync(bulk);
        var singleRows = await DumpAsync(single);
        Assert.Equal(drafts.Count - 1, bulkRows["records"].Count); // one source id is sent twice
        foreach (var (table, rows) in singleRows) Assert.Equal(rows, bulkRows[table]);

        foreach (var factory in new[] { bulk, single })
        {
            await using var db = factory.OpenDb();
            using var scope = factory.Services.CreateScope();
            var verified = await scope.ServiceProvider.GetRequiredService<ArchiveIntegrityService>().VerifyAsync(ct);
            Assert.True(verified.Intact, string.Join("; ", verified.Findings.Select(f => $"{f.Seq} {f.Kind}")));

            // The token arrays written as bytes read back as the bigrams the index is made of.
            var search = await db.Set<ArchiveSearchEntry>().AsNoTracking().OrderBy(e => e.Seq).ToListAsync(ct);
            var contents = await db.ArchivedRecords.AsNoTracking().ToDictionaryAsync(r => r.Seq, r => r.Content, ct);
            foreach (var entry in search)
            {
                var normalized = ScanNormalization.Normalize(contents[entry.Seq]!);
                Assert.Equal(ArchiveSearchIndex.Bigrams(normalized).Distinct().ToArray(), entry.Tokens);
                Assert.Equal(normalized, entry.Normalized);
            }

            var connection = await OpenAsync(db); // the context's, closed with it
            // The counts are what the rows hold, per bigram and day, and every record per day under ''.
            Assert.Empty(await RowsAsync(connection, """
                (SELECT t, floor(extract(epoch FROM s."At") / 86400)::integer, count(*)::integer
                 FROM risk_archive_search s, unnest(array_append(s."Tokens", '')) t GROUP BY 1, 2
                 EXCEPT SELECT "Bigram", "Day", "Records" FROM risk_archive_day_count)
                UNION ALL
                (SELECT "Bigram", "Day", "Records" FROM risk_archive_day_count
                 EXCEPT SELECT t, floor(extract(epoch FROM s."At") / 86400)::integer, count(*)::integer
                 FROM risk_archive_search s, unnest(array_append(s."Tokens", '')) t GROUP BY 1, 2)
                """));
            // Every insert leaves the GIN pending lists merged: a search reads none.
            Assert.Equal(["0|0"], await RowsAsync(connection, """
                SELECT gin_clean_pending_list('"IX_risk_archive_search_Tokens"'), gin_clean_pending_list('"IX_risk_archive_search_DayTokens"')
                """));
        }
    }

    /// The search rows follow the records' transaction (ArchiveSearchIndexer). A process killed after
    /// an ingest committed and before its rows were written leaves the records after the indexed
    /// mark; the next run writes them exactly once, however many indexers start at the same time,
    /// and a search finds them whether or not one has run.
    [Fact]
    public async Task Records_left_unindexed_by_a_crash_are_indexed_once_by_the_next_run_or_search()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = new PostgresRenheFactory { Settings = { ["Demo:Chats"] = "false" } };
        await factory.InitializeAsync();
        factory.SkipIfUnavailable();
        var drafts = Drafts();
        foreach (var batch in drafts.Chunk(250))
            await AppendAsync(factory, batch, ct);
        var expected = await DumpAsync(factory);

        // What a kill -9 between the two transactions leaves: the last 350 records without search rows.
        await using (var db = factory.OpenDb())
            await db.Database.ExecuteSqlRawAsync("""
                DELETE FROM risk_archive_search WHERE "Seq" > (SELECT "LastSeq" - 350 FROM risk_archive_head);
                UPDATE risk_archive_search_mark SET "IndexedSeq" = (SELECT "LastSeq" - 350 FROM risk_archive_head);
                """, ct);
        var indexer = factory.Services.GetRequiredService<ArchiveSearchIndexer>();
        var runs = await Task.WhenAll(indexer.CatchUpAsync(ct), indexer.CatchUpAsync(ct), indexer.CatchUpAsync(ct));
        Assert.Equal(350, runs.Sum());
        Assert.Equal(expected, await DumpAsync(factory));

        // A search catches up by itself before it reads.
        var auditor = await factory.ClientForAsync("auditor");
        async Task<int> TotalAsync() =>
            (await (await auditor.GetAsync($"/api/risk/archive/search?q={Uri.EscapeDataString("私单")}", ct)).ReadAsync<ArchiveSearchPage>()).Total;
        var total = await TotalAsync();
        Assert.True(total > 0);
        await using (var db = factory.OpenDb())
            await db.Database.ExecuteSqlRawAsync("""
                DELETE FROM risk_archive_search WHERE "Seq" > (SELECT "LastSeq" - 100 FROM risk_archive_head);
                UPDATE risk_archive_search_mark SET "IndexedSeq" = (SELECT "LastSeq" - 100 FROM risk_archive_head);
                """, ct);
        Assert.Equal(total, await TotalAsync());
        Assert.Equal(expected, await DumpAsync(factory));
    }

    [Fact]
    public async Task The_day_tokens_are_those_of_the_previous_definition_for_any_tokens()
    {
        await using var factory = new PostgresRenheFactory();
        await factory.InitializeAsync();
        factory.SkipIfUnavailable();
        await using var db = factory.OpenDb();
        var connection = await OpenAsync(db); // the context's, closed with it
        // The definition the ArchiveSearchDayTokens migration created, which the index was built with.
        Assert.Empty(await RowsAsync(connection, """
            SELECT tokens::text, at::text FROM (VALUES
                ('{私单,单价}'::text[], '2026-11-02 23:59:59.999+00'::timestamptz),
                ('{私单}', '2026-11-03 00:00:00+00'),
                ('{a}', '1969-12-31 23:00:00+00'),
                ('{}', '2026-11-03 00:00:00+00'),
                ('{私单,NULL}', '2026-11-03 00:00:00+00'),
                (ARRAY['a' || chr(1) || 'b', 'c'], '2026-11-03 00:00:00+00'),
                (ARRAY['a' || chr(1) || 'b', NULL], '2026-11-03 00:00:00+00'),
                ('{私单}', NULL),
                (NULL, '2026-11-03 00:00:00+00')) v(tokens, at)
            WHERE risk_day_tokens(tokens, at) IS DISTINCT FROM
                  ARRAY(SELECT t || '@' || floor(extract(epoch FROM at) / 86400)::bigint FROM unnest(tokens) t)
            """));
    }

    /// Chat messages over three UTC days (the day counts and day tokens change at midnight), with flagged words, traditional characters and separators, a
    /// one-character and an empty text, a picture without text, and one source id sent twice.
    private static List<ArchiveDraft> Drafts()
    {
        // Senders no employee answers to: employees' ids differ between the two databases, and with
        // them every later hash of the chain.
        string[] senders = ["wmStranger1", "13800138000", "ghost7", "wmStranger2", "13900139000"];
        string[] phrases =
        [
            "王姐您好，上次您问的净水器今天有活动", "这款扫地机器人现在下单立减200元", "合同我已经发到您邮箱了",
            "这个价格已经是最低了", "快递单号是SF1234567890", "咱们走私单，转我个人账户就行", "拼多多上便宜30块",
        ];
        var drafts = new List<ArchiveDraft>();
        for (var n = 0; n < 600; n++)
        {
            var content = (n % 50) switch
            {
                7 => "私-单 價格 😀 加我私人微信",
                8 => "好",
                9 => "",
                10 => null,
                _ => phrases[n % phrases.Length] + "，" + phrases[n * 3 % phrases.Length] + n,
            };
            drafts.Add(new ArchiveDraft(RecordClass.ChatMessage, ArchiveService.ChannelWeComChat, $"bulk-{n}", Start.AddMinutes(n * 7.3),
                senders[n % senders.Length], [$"wmCustomer{n % 40}"], content, $$"""{"msgid":"bulk-{{n}}"}""",
                MsgType: content is null ? "image" : "text", Action: "send"));
        }
        drafts.Insert(300, drafts[299] with { Content = "重发" });
        return drafts;
    }

    private static async Task AppendAsync(RenheFactory factory, IReadOnlyList<ArchiveDraft> drafts, CancellationToken ct)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ArchiveService>().AppendAsync(drafts.Cast<object>().ToList(), ct);
    }

    /// Each table as text rows in a fixed order.
    private static async Task<Dictionary<string, List<string>>> DumpAsync(RenheFactory factory)
    {
        // The search rows follow the records' transaction (ArchiveSearchIndexer): wait for the last.
        await factory.Services.GetRequiredService<ArchiveSearchIndexer>().CatchUpAsync(TestContext.Current.CancellationToken);
        await using var db = factory.OpenDb();
        var connection = await OpenAsync(db); // the context's, closed with it
        return new Dictionary<string, List<string>>
        {
            ["records"] = await RowsAsync(connection, """
                SELECT "Seq", "Class", "Channel", "SourceId", "EmployeeId", "UnknownEmployee", "SenderRaw", "CounterpartExternalId",
                       "CounterpartPhone", "CounterpartRaw", "At", "MsgType", "Action", "ReferencedSourceId", "Content", "Body",
                       encode("Hash", 'hex'), encode("PreviousHash", 'hex')
                FROM risk_archived_record ORDER BY "Seq"
                """),
            ["hits"] = await RowsAsync(connection, """
                SELECT "Seq", "Category", "Word", "Start", "Length", "Severity" FROM risk_scan_hit ORDER BY 1, 4, 3, 2
                """),
            ["search"] = await RowsAsync(connection, """
                SELECT "Seq", "At", "Tokens", "Normalized" FROM risk_archive_search ORDER BY "Seq"
                """),
            ["day counts"] = await RowsAsync(connection, """
                SELECT "Bigram", "Day", "Records" FROM risk_archive_day_count ORDER BY 1, 2
                """),
            ["head"] = await RowsAsync(connection, """SELECT "LastSeq", encode("LastHash", 'hex') FROM risk_archive_head"""),
        };
    }

    private static async Task<DbConnection> OpenAsync(DbContext db)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        return connection;
    }

    private static async Task<List<string>> RowsAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var rows = new List<string>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            var values = new string[reader.FieldCount];
            for (var i = 0; i < reader.FieldCount; i++)
                values[i] = reader.IsDBNull(i) ? "∅" : reader.GetValue(i) switch
                {
                    string[] array => "{" + string.Join(',', array) + "}",
                    DateTime time => time.ToString("O"),
                    var v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)!,
                };
            rows.Add(string.Join('|', values));
        }
        return rows;
    }
}
