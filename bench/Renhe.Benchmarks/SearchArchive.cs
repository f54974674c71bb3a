using Microsoft.Extensions.Logging;
using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Renhe.Modules.Org;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Structure;
using Renhe.Modules.Risk;
using Renhe.Modules.Risk.Archive;
using Renhe.Platform;
using Renhe.Platform.Data;
using Renhe.Platform.Security;
using Renhe.Platform.Setup;

namespace Renhe.Benchmarks;

/// The 1,000,000-message archive the search benchmark reads, on SQLite and on PostgreSQL, built
/// once through the application itself (migrations, the demo company's employees, then
/// ArchiveService.AppendAsync in batches of 1,000: records, chain, scan hits and index rows as in
/// production) and kept between runs: the SQLite file under
/// BenchmarkDotNet.Artifacts/data/archive-1m/ at the repository root, the PostgreSQL database
/// renhe_bench. A build that stopped half way is continued, not restarted.
///
/// Six months of chat (about one message every 15.5 s, each up to ten minutes early or late, so
/// time order and seq order differ as with a real export) between the demo salespeople and 5,000
/// customers; texts from ChatCorpus (about 5 % carry a sensitive phrase: 私单 is in ~0.5 % of
/// messages, the everyday 价格 in ~12 %).
public static class SearchArchive
{
    public const int Size = 1_000_000;
    private const int BatchSize = 1000;

    private static readonly string[] Senders = ["zhangsan", "lisi", "xiaoli", "staff008", "staff009", "staff010"];
    private static readonly DateTimeOffset Start = new(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string PostgresConnection =>
        Environment.GetEnvironmentVariable("RENHE_BENCH_POSTGRES")
        ?? "Host=localhost;Port=5432;Username=postgres;Password=postgres;Database=renhe_bench;Timeout=5";

    /// RENHE_BENCH_SQLITE_DIR overrides the folder (to compare two builds on two copies of the archive).
    public static string SqliteDirectory =>
        Environment.GetEnvironmentVariable("RENHE_BENCH_SQLITE_DIR") is { Length: > 0 } dir
            ? dir
            : Path.Combine(RepositoryRoot(), "BenchmarkDotNet.Artifacts", "data", "archive-1m");

    /// Null when the server answers; otherwise why not (the benchmark then runs SQLite only).
    public static string? PostgresProblem()
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(PostgresConnection) { Database = "postgres", Timeout = 3 };
            using var connection = new NpgsqlConnection(builder.ConnectionString);
            connection.Open();
            return null;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return e.Message;
        }
    }

    /// The application on the benchmark's database (SQLite or Postgres), migrated and seeded.
    /// EF's "Executed DbCommand" lines, when started with commandLog (search-profile).
    public static readonly List<string> CommandLog = [];

    public static volatile bool CaptureCommands;

    public static async Task<WebApplication> StartAsync(string provider, bool commandLog = false)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider, ["Demo:Enabled"] = "true", ["Demo:Chats"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        if (provider == "Postgres")
        {
            settings["ConnectionStrings:Renhe"] = PostgresConnection;
            settings["DataDir"] = Path.Combine(Path.GetTempPath(), "renhe-bench-search-pg");
        }
        else
        {
            settings["DataDir"] = SqliteDirectory;
        }
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings);
        if (commandLog)
        {
            // To this list only, and only while CaptureCommands is set: written to the console, the
            // log of every command would be part of the times measured.
            builder.Logging.AddFilter<ListLoggerProvider>("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Information);
            builder.Logging.AddProvider(new ListLoggerProvider(CommandLog));
        }
        builder.AddRenhe();
        var app = builder.Build();
        await app.InitialiseAsync();
        return app;
    }

    /// Appends batches until the archive holds <see cref="Size"/> messages.
    public static async Task EnsureBuiltAsync(WebApplication app, string provider)
    {
        long have;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
            have = await db.ArchiveHeads.Where(h => h.Id == 1).Select(h => h.LastSeq).SingleOrDefaultAsync();
        if (have >= Size) return;

        Console.WriteLine($"// Building the {provider} search archive: {have:N0} of {Size:N0} messages present");
        var clock = Stopwatch.StartNew();
        for (var b = (int)(have / BatchSize); b < Size / BatchSize; b++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var archive = scope.ServiceProvider.GetRequiredService<ArchiveService>();
            await archive.AppendAsync(Batch(b), CancellationToken.None);
            if ((b + 1) % 50 == 0)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"//   {(b + 1) * BatchSize,9:N0} messages, {(b + 1 - have / BatchSize) * BatchSize / clock.Elapsed.TotalSeconds:N0}/s"));
        }
        await app.Services.GetRequiredService<ArchiveSearchIndexer>().CatchUpAsync(CancellationToken.None);
        if (provider == "Postgres")
        {
            // Fresh statistics, as autovacuum would have gathered on a live server by now.
            await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE");
        }
        else
        {
            await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            await db.Database.ExecuteSqlRawAsync("ANALYZE");
        }
        Console.WriteLine($"// Built in {clock.Elapsed:hh\\:mm\\:ss}");
    }

    /// The demo company's auditor (seeded with the application, Demo:Enabled), who holds
    /// risk.archive.search over every record, as the request a search runs in would carry them:
    /// a search sees only the records within its caller's scope, and with no user it sees none
    /// (an empty page that never reads the index). Refuses to go on when the grant is not "all",
    /// so a benchmark cannot measure a search that is narrowed or finds nothing.
    public static async Task<HttpContext> InvestigatorAsync(WebApplication app)
    {
        Guid id;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
            id = await db.Users.Where(u => u.UserName == "auditor" && u.IsActive).Select(u => u.Id).SingleOrDefaultAsync();
        if (id == Guid.Empty)
            throw new InvalidOperationException("The benchmark database has no active demo user 'auditor' to search as.");
        var access = await app.Services.GetRequiredService<AccessService>().GetAsync(id, CancellationToken.None);
        if (access.ScopeOf(RiskPermissions.ArchiveSearch) != DataScope.All)
            throw new InvalidOperationException(
                $"The demo user 'auditor' holds {RiskPermissions.ArchiveSearch} with scope {access.ScopeOf(RiskPermissions.ArchiveSearch)?.ToString() ?? "none"}, not All.");
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id.ToString()), new Claim(ClaimTypes.Name, "auditor")], "Benchmark");
        return new DefaultHttpContext { User = new ClaimsPrincipal(identity) };
    }

    /// Fails when a search found nothing: the terms measured (私单, 价格) are in thousands of the
    /// archive's messages, and a search that finds none of them was refused or narrowed somewhere,
    /// so its times would not be those of the search an investigator runs.
    public static void RequireMatches(string term, int total)
    {
        if (total == 0)
            throw new InvalidOperationException(
                $"The search for {term} found nothing in the {Size:N0}-message archive: its times would not be those of a search (measure a term the archive holds).");
    }

    /// Searches until the JIT has settled, and returns how many it took. .NET compiles a method
    /// first quickly and again, optimised, once it has run often (tiered compilation): over the
    /// first thousand or so searches the pipeline of EF and the database driver is still being
    /// compiled, on a second thread that competes for this machine's two cores, and those
    /// searches took a third to a half longer than later ones. A server reaches this state in its
    /// first minutes, so the figures are taken from it: at least 1,000 searches, then rounds of 100
    /// until one compiles fewer than 20 methods (at most 5,000 searches). The minimum matters when
    /// one process measures several searches: code the earlier ones shared is compiled already, and
    /// a round can compile few methods while those only this search runs are still on their way up.
    public static async Task<int> WarmUpAsync(Func<Task> search)
    {
        var searches = 0;
        while (searches < 5_000)
        {
            var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
            for (var i = 0; i < 100; i++) await search();
            searches += 100;
            if (searches >= 1_000 && System.Runtime.JitInfo.GetCompiledMethodCount() - compiled < 20) break;
        }
        return searches;
    }

    private static object[] Batch(int b)
    {
        var random = new Random(b);
        var texts = ChatCorpus.Messages(BatchSize, seed: 100_000 + b);
        var batch = new object[BatchSize];
        for (var i = 0; i < BatchSize; i++)
        {
            var n = (long)b * BatchSize + i;
            var sender = Senders[random.Next(Senders.Length)];
            var customer = $"wmBench{random.Next(5000):0000}";
            var id = $"search-{n}";
            var at = Start.AddMilliseconds(n * 15_552 + random.Next(-600_000, 600_000));
            var (from, to) = random.Next(3) == 0 ? (customer, sender) : (sender, customer);
            var body = $$$"""{"msgid":"{{{id}}}","action":"send","from":"{{{from}}}","tolist":["{{{to}}}"],"roomid":"","msgtime":{{{at.ToUnixTimeMilliseconds()}}},"msgtype":"text","text":{"content":{{{JsonSerializer.Serialize(texts[i], Json)}}}}}""";
            batch[i] = new ArchiveDraft(RecordClass.ChatMessage, ArchiveService.ChannelWeComChat, id, at, from, [to], texts[i], body,
                MsgType: "text", Action: "send");
        }
        return batch;
    }

    internal static string RepositoryRoot()
    {
        // BenchmarkDotNet runs each benchmark from a generated project below bin/: walk up to the repository.
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Renhe.slnx")))
                    return dir.FullName;
        return Environment.CurrentDirectory;
    }
}

/// Collects log messages in a list (search-profile's command timings).
internal sealed class ListLoggerProvider(List<string> lines) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new ListLogger(lines, categoryName);
    public void Dispose() { }

    private sealed class ListLogger(List<string> lines, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) =>
            SearchArchive.CaptureCommands && category == "Microsoft.EntityFrameworkCore.Database.Command" && logLevel >= LogLevel.Information;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var text = formatter(state, exception);
            lock (lines) lines.Add(text.Length > 400 ? text[..400] + "…" : text);
        }
    }
}
