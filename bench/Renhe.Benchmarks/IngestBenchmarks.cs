using System.Text.Encodings.Web;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Modules.Org;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Structure;
using Renhe.Modules.Risk;
using Renhe.Modules.Risk.Archive;
using Renhe.Modules.Risk.Scanning;
using Renhe.Platform;
using Renhe.Platform.Setup;

namespace Renhe.Benchmarks;

/// The archive's ingest end to end: ArchiveService.AppendAsync into a fresh SQLite file or a fresh
/// PostgreSQL database (the application's own services, migrations and triggers; the demo company's
/// employees so senders resolve), batches of 1,000 chat messages with scanning (default lexicon)
/// and chaining on. One invocation ingests 10,000 new messages; Mean is per message, so
/// messages/s = 1 s / Mean. The archive grows over the run, as a real one does. PostgreSQL
/// (the server of RENHE_BENCH_POSTGRES, a database of its own created and dropped here) is skipped
/// with a message when the server does not answer.
[MemoryDiagnoser]
public class IngestBenchmarks
{
    private const int BatchSize = 1000;
    private const int PerInvoke = 10_000;

    private static readonly string[] Senders = ["zhangsan", "lisi", "xiaoli", "staff008", "staff009", "staff010"];

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private WebApplication _app = null!;
    private string _dataDir = "";
    private readonly string[] _texts = ChatCorpus.Messages(4096);
    private int _run;
    private string? _database;

    [ParamsSource(nameof(Providers))]
    public string Provider { get; set; } = "Sqlite";

    public static IEnumerable<string> Providers() => SearchBenchmarks.Providers();

    [GlobalSetup]
    public void Setup()
    {
        _dataDir = Path.Combine(Path.GetTempPath(), "renhe-bench-ingest-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?>
        {
            ["DataDir"] = _dataDir, ["Database:Provider"] = Provider, ["Demo:Enabled"] = "true", ["Demo:Chats"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        if (Provider == "Postgres")
        {
            _database = "renhe_bench_ingest_" + Guid.NewGuid().ToString("N")[..12];
            settings["ConnectionStrings:Renhe"] =
                new Npgsql.NpgsqlConnectionStringBuilder(SearchArchive.PostgresConnection) { Database = _database }.ConnectionString;
        }
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddRenhe();
        _app = builder.Build();
        _app.InitialiseAsync().GetAwaiter().GetResult();
    }

    /// The PostgreSQL server's CPU time so far in the backends serving this benchmark's database, when
    /// the server runs on this machine (Linux: /proc/&lt;pid&gt;/schedstat); null on SQLite or elsewhere.
    internal TimeSpan? ServerCpu()
    {
        if (_database is null) return null;
        using var connection = new Npgsql.NpgsqlConnection(
            new Npgsql.NpgsqlConnectionStringBuilder(SearchArchive.PostgresConnection) { Database = _database, Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new Npgsql.NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", connection);
        using var reader = command.ExecuteReader();
        long nanoseconds = 0;
        while (reader.Read())
        {
            var stat = $"/proc/{reader.GetInt32(0)}/schedstat";
            if (!File.Exists(stat)) return null;
            nanoseconds += long.Parse(File.ReadAllText(stat).Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        return TimeSpan.FromTicks(nanoseconds / 100);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
        if (_database is null) return;
        Npgsql.NpgsqlConnection.ClearAllPools();
        using var connection = new Npgsql.NpgsqlConnection(
            new Npgsql.NpgsqlConnectionStringBuilder(SearchArchive.PostgresConnection) { Database = "postgres" }.ConnectionString);
        connection.Open();
        using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
        drop.ExecuteNonQuery();
    }

    [Benchmark(OperationsPerInvoke = PerInvoke)]
    public async Task<int> Ingest_batches_of_1000()
    {
        var run = ++_run;
        var start = new DateTimeOffset(2026, 11, 2, 1, 0, 0, TimeSpan.Zero).AddHours(run);
        var stored = 0;
        for (var b = 0; b < PerInvoke / BatchSize; b++)
        {
            var batch = Batch(run, start, b);
            await using var scope = _app.Services.CreateAsyncScope();
            var results = await scope.ServiceProvider.GetRequiredService<ArchiveService>().AppendAsync(batch, CancellationToken.None);
            stored += results.Count(r => r.Status == AppendStatus.Stored);
        }
        if (stored != PerInvoke) throw new InvalidOperationException($"stored {stored} of {PerInvoke}");
        // Ingested means searchable: on PostgreSQL the search rows follow the records (ArchiveSearchIndexer),
        // and the time until the last of them is written is part of the measure.
        await _app.Services.GetRequiredService<ArchiveSearchIndexer>().CatchUpAsync(CancellationToken.None);
        return stored;
    }

    /// The CPU part of the same work without the database: scanning each message and chaining its
    /// hash (the canonical fields the archive hashes). Ingest minus this is what storage costs.
    [Benchmark(OperationsPerInvoke = PerInvoke)]
    public int Scan_and_chain_only()
    {
        var start = new DateTimeOffset(2026, 11, 2, 1, 0, 0, TimeSpan.Zero);
        var previous = HashChain.Genesis;
        var hits = 0;
        long seq = 0;
        for (var b = 0; b < PerInvoke / BatchSize; b++)
        {
            foreach (ArchiveDraft d in Batch(0, start, b))
            {
                hits += SensitiveWordScanner.Default.Scan(d.Content).Count;
                var record = new ArchivedRecord
                {
                    Class = d.Class, Channel = d.Channel, SourceId = d.SourceId, SenderRaw = d.Sender, CounterpartRaw = d.Recipients[0],
                    CounterpartExternalId = d.Recipients[0], At = d.At, MsgType = d.MsgType, Action = d.Action, Content = d.Content, Body = d.Body,
                };
                previous = HashChain.ComputeHash(++seq, record.ChainFields(), previous);
            }
        }
        return hits;
    }

    /// The drafts of the first <paramref name="count"/> messages of a run, for the profile.
    internal List<ArchiveDraft> Drafts(int count) =>
        Enumerable.Range(0, count / BatchSize).SelectMany(b => Batch(0, new DateTimeOffset(2026, 11, 2, 1, 0, 0, TimeSpan.Zero), b))
            .Cast<ArchiveDraft>().ToList();

    private object[] Batch(int run, DateTimeOffset start, int b)
    {
        {
            var batch = new object[BatchSize];
            for (var i = 0; i < BatchSize; i++)
            {
                var n = b * BatchSize + i;
                var sender = Senders[n % Senders.Length];
                var id = $"bench-{run}-{n}";
                var at = start.AddMilliseconds(n * 250);
                var customer = $"wmBenchCustomer{n % 500:000}";
                var text = _texts[n % _texts.Length];
                // The body as WeCom's chat archive delivers it: stored and hashed with the record.
                var body = $$$"""{"msgid":"{{{id}}}","action":"send","from":"{{{sender}}}","tolist":["{{{customer}}}"],"roomid":"","msgtime":{{{at.ToUnixTimeMilliseconds()}}},"msgtype":"text","text":{"content":{{{JsonSerializer.Serialize(text, Json)}}}}}""";
                batch[i] = new ArchiveDraft(RecordClass.ChatMessage, ArchiveService.ChannelWeComChat, id, at,
                    sender, [customer], text, body, MsgType: "text", Action: "send");
            }
            return batch;
        }
    }
}
