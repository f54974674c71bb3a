using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Modules.Risk.Archive;
using Renhe.Platform.Data;

namespace Renhe.Benchmarks;

/// Searching the 1,000,000-message archive (<see cref="SearchArchive"/>) for a two-character term,
/// as an investigator does: the newest-first first page of 20 with its total. Index_search is the
/// application's own ArchiveSearchService (the bigram index: FTS5 on SQLite, text[] under GIN on
/// PostgreSQL; the audited-read row it writes included); Like_scan is the same page and count from
/// a LIKE '%term%' over the records. One search per iteration, so Median and P95 are per search.
/// The index search runs as the demo auditor, who sees every record (SearchArchive.InvestigatorAsync):
/// with no user it would find nothing and read no index.
/// PostgreSQL (RENHE_BENCH_POSTGRES, default localhost postgres/postgres, database renhe_bench)
/// is skipped with a message when the server does not answer.
[Config(typeof(PerSearch))]
public class SearchBenchmarks
{
    private WebApplication _app = null!;
    private IServiceScope _scope = null!;
    private ArchiveSearchService _search = null!;
    private IDbContextFactory<AppDbContext> _db = null!;
    private IHttpContextAccessor _http = null!;
    private HttpContext _investigator = null!;

    [ParamsSource(nameof(Providers))]
    public string Provider { get; set; } = "Sqlite";

    [Params("私单", "价格")]
    public string Term { get; set; } = "";

    public static IEnumerable<string> Providers()
    {
        yield return "Sqlite";
        if (SearchArchive.PostgresProblem() is { } problem)
            Console.WriteLine($"// PostgreSQL search benchmarks skipped: {problem}");
        else
            yield return "Postgres";
    }

    [GlobalSetup(Target = nameof(Like_scan))]
    public void Setup()
    {
        _app = SearchArchive.StartAsync(Provider).GetAwaiter().GetResult();
        SearchArchive.EnsureBuiltAsync(_app, Provider).GetAwaiter().GetResult();
        _scope = _app.Services.CreateScope();
        _search = _scope.ServiceProvider.GetRequiredService<ArchiveSearchService>();
        _db = _app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        _http = _scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>();
        _investigator = SearchArchive.InvestigatorAsync(_app).GetAwaiter().GetResult();
    }

    /// The index search is measured once the JIT has settled (SearchArchive.WarmUpAsync), as on a
    /// server that has been up a few minutes; the LIKE scan, at a second or more a search, is not.
    [GlobalSetup(Target = nameof(Index_search))]
    public void SetupWarm()
    {
        Setup();
        var searches = SearchArchive.WarmUpAsync(Index_search).GetAwaiter().GetResult();
        SearchArchive.RequireMatches(Term, Index_search().GetAwaiter().GetResult());
        Console.WriteLine($"// {Provider} {Term}: warmed up with {searches} searches");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _scope.Dispose();
        _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true)]
    public async Task<int> Like_scan()
    {
        await using var db = await _db.CreateDbContextAsync();
        var pattern = "%" + Term + "%";
        var matching = db.ArchivedRecords.AsNoTracking().Where(r => EF.Functions.Like(r.Content!, pattern));
        var total = await matching.CountAsync();
        var page = await matching.OrderByDescending(r => r.At).ThenByDescending(r => r.Seq).Take(20)
            .Select(r => new { r.Seq, r.At, r.Channel, r.SenderRaw, r.CounterpartRaw, r.Content }).ToListAsync();
        return total + page.Count;
    }

    [Benchmark]
    public async Task<int> Index_search()
    {
        // The user of the request the search would run in, set for each search: the accessor keeps it
        // in an AsyncLocal, which a value set during the setup need not reach.
        _http.HttpContext = _investigator;
        var page = await _search.SearchAsync(new ArchiveSearchQuery(Q: Term), CancellationToken.None);
        return page.Total + page.Items.Count;
    }

    private sealed class PerSearch : ManualConfig
    {
        public PerSearch()
        {
            // One search per measurement: the distribution is of single searches, as users see them.
            // In process: the setup opens (or builds) the cached archive once, and there is no
            // generated project to build on a busy machine.
            AddJob(Job.Default.WithInvocationCount(1).WithUnrollFactor(1).WithWarmupCount(2).WithIterationCount(20)
                .WithToolchain(InProcessEmitToolchain.Instance));
            AddColumn(StatisticColumn.Median, StatisticColumn.P95);
            WithOptions(ConfigOptions.DisableOptimizationsValidator);
        }
    }
}
