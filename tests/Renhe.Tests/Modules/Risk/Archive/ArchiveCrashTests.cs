using System.Data.Common;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;
using Renhe.Modules.Risk.Archive;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Risk.Archive;

/// The program killed with SIGKILL (kill -9) half way through filling the archive — an
/// `import-chats` of a large file, and a stream of batches to the HTTP batch endpoint the WeCom
/// chat-archive ingest uses — then started again and given the same input once more. Nothing is
/// lost, nothing is stored twice, every record holds what its message said, and `verify-archive`
/// finds the chain intact. Each test runs the built program as its own process on a fresh database.
public abstract partial class ArchiveCrashSuite : IAsyncLifetime
{
    protected readonly string DataDir = Path.Combine(Path.GetTempPath(), "renhe-crash-tests", Guid.NewGuid().ToString("N"));

    private static readonly long FirstMessageMs = new DateTimeOffset(2026, 11, 3, 9, 0, 0, TimeSpan.FromHours(8)).ToUnixTimeMilliseconds();

    /// What the program is told about its database, as environment settings (ConnectionStrings:Renhe …).
    protected abstract IReadOnlyDictionary<string, string> DatabaseSettings { get; }

    /// A connection to the program's database, to read what it left.
    protected abstract Task<DbConnection> OpenAsync();

    public virtual ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(DataDir);
        return ValueTask.CompletedTask;
    }

    public virtual ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task A_chat_import_killed_mid_file_and_run_again_stores_every_message_once()
    {
        var messages = Messages(30_000);
        var file = Path.Combine(DataDir, "chats.jsonl");
        await File.WriteAllLinesAsync(file, messages.Select(m => m.Line), TestContext.Current.CancellationToken);

        await using (var import = RenheProgram.Start(DatabaseSettings, "import-chats", file, "--data-dir", DataDir))
        {
            // The import reports each committed batch of 1,000 ("… 2000 read, 2000 stored"): killed
            // once two are in, it is in the middle of the file, a batch on its way.
            await import.WaitForLineAsync(line => Progress().Match(line) is { Success: true } m && int.Parse(m.Groups["stored"].Value) >= 2_000,
                TimeSpan.FromMinutes(5));
            await import.KillHardAsync();
        }

        var left = await StoredAsync();
        TestContext.Current.TestOutputHelper?.WriteLine($"killed with {left.Count} of {messages.Count} stored");
        Assert.True(left.Count >= 2_000 && left.Count < messages.Count,
            $"killed mid-import: {left.Count} of {messages.Count} stored");
        Assert.True(left.Count % ArchiveImport.BatchSize == 0, $"whole batches only, but {left.Count} records were stored");
        AssertAsSent(messages, left);

        await using (var again = RenheProgram.Start(DatabaseSettings, "import-chats", file, "--data-dir", DataDir))
        {
            Assert.True(await again.WaitForExitAsync(TimeSpan.FromMinutes(15)) == 0, again.Tail());
            Assert.Contains($"Imported {messages.Count - left.Count}, duplicates {left.Count}, rejected 0.", again.Output);
        }

        var all = await StoredAsync();
        Assert.Equal(messages.Count, all.Count);
        AssertAsSent(messages, all);
        await AssertEveryRecordAuditedAsync();
        await AssertIntactAsync(messages.Count);
    }

    [Fact]
    public async Task A_server_killed_during_batch_ingest_and_sent_the_batches_again_stores_every_message_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var messages = Messages(8_000);
        var batches = messages.Chunk(500).Select(b => "{\"messages\":[" + string.Join(',', b.Select(m => m.Line)) + "]}").ToList();
        var settings = new Dictionary<string, string>(DatabaseSettings) { ["Demo:SalesActivity"] = "false", ["Demo:Chats"] = "false" };

        var acknowledged = new System.Collections.Concurrent.ConcurrentDictionary<int, ArchiveBatchResponse>();
        var sent = new System.Collections.Concurrent.ConcurrentDictionary<int, bool>();
        var (server, baseUrl) = await RenheProgram.StartServerAsync(settings, "--demo", "--data-dir", DataDir);
        await using (server)
        {
            using var http = await IngestClientAsync(baseUrl);
            // Two senders, as two ingest workers would be: whenever the server is killed, a batch is on its way.
            var next = -1;
            async Task SendAsync()
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < batches.Count)
                {
                    sent[i] = true;
                    try
                    {
                        acknowledged[i] = await (await http.PostJsonAsync("/api/risk/messages:batch", batches[i])).ReadAsync<ArchiveBatchResponse>();
                    }
                    catch (Exception e) when (e is HttpRequestException or IOException)
                    {
                        return; // the server is gone
                    }
                }
            }
            var senders = new[] { SendAsync(), SendAsync() };
            // The server logs each committed batch ("Archived 500 records, seq …"); killed after the third.
            var committed = 0;
            await server.WaitForLineAsync(line => line.Contains("Archived 500 records", StringComparison.Ordinal) && ++committed >= 3,
                TimeSpan.FromMinutes(5));
            await server.KillHardAsync();
            await Task.WhenAll(senders);
        }

        var left = await StoredAsync();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"killed with {left.Count} of {messages.Count} stored; {sent.Count} batches sent, {acknowledged.Count} acknowledged");
        Assert.True(left.Count >= 1_500 && left.Count < messages.Count, $"killed mid-ingest: {left.Count} of {messages.Count} stored");
        Assert.True(sent.Count > acknowledged.Count, "a batch was on its way when the server was killed");
        for (var i = 0; i < batches.Count; i++)
        {
            var ids = messages.Skip(i * 500).Take(500).Select(m => m.Id).ToList();
            var present = ids.Count(left.ContainsKey);
            // Nothing the server acknowledged is lost, and a batch it was storing is there whole or not at all.
            if (acknowledged.ContainsKey(i)) Assert.True(present == 500, $"batch {i} was acknowledged but {present} of its 500 are stored");
            else Assert.True(present is 0 or 500, $"batch {i} is half stored: {present} of 500");
        }
        AssertAsSent(messages, left);

        (server, baseUrl) = await RenheProgram.StartServerAsync(settings, "--demo", "--data-dir", DataDir);
        await using (server)
        {
            using var http = await IngestClientAsync(baseUrl);
            int stored = 0, duplicates = 0;
            foreach (var batch in batches)
            {
                var replay = await (await http.PostJsonAsync("/api/risk/messages:batch", batch)).ReadAsync<ArchiveBatchResponse>();
                Assert.Equal(0, replay.Rejected);
                stored += replay.Stored;
                duplicates += replay.Duplicates;
            }
            Assert.Equal(messages.Count - left.Count, stored);
            Assert.Equal(left.Count, duplicates);
            await server.KillHardAsync();
        }

        var all = await StoredAsync();
        Assert.Equal(messages.Count, all.Count);
        AssertAsSent(messages, all);
        await AssertEveryRecordAuditedAsync();
        await AssertIntactAsync(messages.Count);
    }

    private sealed record Message(string Id, string Line, string Content, long Ms);

    /// WeCom chat-archive messages in their decrypted JSON form, one per line; every seventh carries
    /// words the scanner flags, so scan hits are written along with the records.
    private static List<Message> Messages(int count)
    {
        string[] senders = ["zhangsan", "lisi", "xiaoli"];
        var list = new List<Message>(count);
        for (var n = 0; n < count; n++)
        {
            var id = $"crash-{n:00000}";
            var content = n % 7 == 0 ? $"第{n}条：加我私人微信，拼多多上便宜{n % 90 + 10}块" : $"第{n}条：王姐您好，净水器的滤芯{n % 12 + 1}个月换一次";
            var ms = FirstMessageMs + n * 1_000L;
            var line = JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["msgid"] = id, ["action"] = "send", ["from"] = senders[n % senders.Length], ["tolist"] = new[] { $"wmCrash{n % 100:000}" },
                ["roomid"] = "", ["msgtime"] = ms, ["msgtype"] = "text", ["text"] = new { content },
            }, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            list.Add(new Message(id, line, content, ms));
        }
        return list;
    }

    private sealed record Stored(string Content, string Body, long Ms, int Hits);

    private static readonly Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter SqliteTime = new();

    /// The archive's chat records by source id, read from the database the program left; fails if
    /// a source id is there twice.
    private async Task<Dictionary<string, Stored>> StoredAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT r."SourceId", r."Content", r."Body", r."At", (SELECT count(*) FROM risk_scan_hit h WHERE h."Seq" = r."Seq")
            FROM risk_archived_record r WHERE r."Channel" = 'wecom-chat'
            """;
        var stored = new Dictionary<string, Stored>();
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            var id = reader.GetString(0);
            // SQLite keeps the time as DateTimeOffsetToBinaryConverter's long, PostgreSQL as timestamptz.
            var at = reader.GetValue(3) is long binary ? (DateTimeOffset)SqliteTime.ConvertFromProvider(binary)! : reader.GetFieldValue<DateTimeOffset>(3);
            Assert.True(stored.TryAdd(id, new Stored(reader.GetString(1), reader.GetString(2), at.ToUnixTimeMilliseconds(), Convert.ToInt32(reader.GetValue(4)))),
                $"{id} is stored twice");
        }
        return stored;
    }

    /// ArchiveService writes one audit entry per stored batch, naming its seq range: every record
    /// is in exactly one, even for the batch that was committed just as the program died.
    private async Task AssertEveryRecordAuditedAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT "EntityKey" FROM platform_audit_entry WHERE "Entity" = 'risk.archive' AND "Action" = 'Insert';
            """;
        var audited = new Dictionary<long, int>();
        await using (var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken))
        {
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                var range = reader.GetString(0).Split("..");
                for (var seq = long.Parse(range[0]); seq <= long.Parse(range[1]); seq++) audited[seq] = audited.GetValueOrDefault(seq) + 1;
            }
        }
        command.CommandText = """SELECT "Seq" FROM risk_archived_record""";
        var seqs = new List<long>();
        await using (var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken))
            while (await reader.ReadAsync(TestContext.Current.CancellationToken)) seqs.Add(reader.GetInt64(0));
        var unaudited = seqs.Where(s => !audited.ContainsKey(s)).ToList();
        if (unaudited.Count > 0) Assert.Fail($"{unaudited.Count} records without the audit entry of their batch, seq {unaudited.Min()}..{unaudited.Max()}");
        Assert.True(audited.Count == seqs.Count && audited.Values.All(n => n == 1), "each stored record is in exactly one batch's audit entry");
    }

    private static void AssertAsSent(List<Message> messages, Dictionary<string, Stored> stored)
    {
        var byId = messages.ToDictionary(m => m.Id);
        foreach (var (id, record) in stored)
        {
            Assert.True(byId.TryGetValue(id, out var sent), $"{id} was never sent");
            Assert.Equal(sent.Content, record.Content);
            Assert.Equal(sent.Line, record.Body);
            Assert.Equal(sent.Ms, record.Ms);
            Assert.True(record.Hits > 0 == sent.Content.Contains("私人微信", StringComparison.Ordinal), $"{id}: {record.Hits} scan hits");
        }
    }

    private async Task AssertIntactAsync(int records)
    {
        var (exit, output) = await RenheProcessWithSettings.RunAsync(DatabaseSettings, "verify-archive", "--data-dir", DataDir);
        Assert.True(exit == 0, output);
        Assert.Contains($"Archive intact: {records} records", output);
    }

    private static async Task<HttpClient> IngestClientAsync(Uri baseUrl)
    {
        var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(5) };
        var response = await http.PostAsJsonAsync("/api/auth/token", new { userName = "admin", password = RenheFactory.DemoPassword });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<RenheFactory.TokenResponse>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return http;
    }

    [GeneratedRegex(@"(?<read>\d+) read, (?<stored>\d+) stored")]
    private static partial Regex Progress();
}

/// Runs a verb of the program to its end with settings in the environment, and returns its output.
internal static class RenheProcessWithSettings
{
    public static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyDictionary<string, string> settings, params string[] args)
    {
        await using var program = RenheProgram.Start(settings, args);
        var exit = await program.WaitForExitAsync(TimeSpan.FromMinutes(5));
        return (exit, program.Output);
    }
}

[Trait("Category", "Integration")]
public sealed class SqliteArchiveCrashTests : ArchiveCrashSuite
{
    protected override IReadOnlyDictionary<string, string> DatabaseSettings { get; } =
        new Dictionary<string, string> { ["Database:Provider"] = "Sqlite" };

    protected override async Task<DbConnection> OpenAsync()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(DataDir, "renhe.db"), Pooling = false,
        }.ToString());
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        return connection;
    }
}

/// A fresh database per test on the server of RENHE_TEST_POSTGRES, created by the program's
/// migrations and dropped afterwards.
[Trait("Category", "Postgres")]
public sealed class PostgresArchiveCrashTests : ArchiveCrashSuite
{
    private readonly string _database = "renhe_test_" + Guid.NewGuid().ToString("N")[..12];

    private string ConnectionString =>
        new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresConnectionString) { Database = _database }.ToString();

    protected override IReadOnlyDictionary<string, string> DatabaseSettings =>
        new Dictionary<string, string> { ["Database:Provider"] = "Postgres", ["ConnectionStrings:Renhe"] = ConnectionString };

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        try
        {
            await using var connection = new NpgsqlConnection(TestEnvironment.PostgresConnectionString);
            await connection.OpenAsync(TestContext.Current.CancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            TestEnvironment.Unavailable($"PostgreSQL ({ex.Message})");
        }
    }

    protected override async Task<DbConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ToString());
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        return connection;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            await using var connection = new NpgsqlConnection(TestEnvironment.PostgresConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
        }
    }
}
