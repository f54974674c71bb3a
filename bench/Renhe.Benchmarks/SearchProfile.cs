using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Modules.Risk.Archive;

namespace Renhe.Benchmarks;

/// `search-profile [Sqlite|Postgres] [term] [searches]`: where one search's time goes, step by step,
/// over the cached 1,000,000-message archive (the benchmark's). Prints each database command's time
/// as EF reports it, then the median wall time of <c>searches</c> more (60 unless given; not logged).
/// Searches as the demo auditor, who sees every record (SearchArchive.InvestigatorAsync), and
/// exits with an error when the search finds nothing.
public static class SearchProfile
{
    public static async Task RunAsync(string provider, string term, int searches)
    {
        var app = await SearchArchive.StartAsync(provider, commandLog: true);
        await SearchArchive.EnsureBuiltAsync(app, provider);
        var investigator = await SearchArchive.InvestigatorAsync(app);
        using var scope = app.Services.CreateScope();
        // The request this search would run in: CurrentUser reads its user (an AsyncLocal, so set
        // here it holds for every search this method awaits).
        scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>().HttpContext = investigator;
        var search = scope.ServiceProvider.GetRequiredService<ArchiveSearchService>();
        var warmUp = await SearchArchive.WarmUpAsync(() => search.SearchAsync(new ArchiveSearchQuery(Q: term), CancellationToken.None));
        Console.WriteLine($"warm-up: {warmUp} searches");
        SearchArchive.CommandLog.Clear();
        SearchArchive.CaptureCommands = true;
        // EF Core rechecks whether command logging is enabled only once its LoggingCacheTime (1 s by
        // default) has passed: captured at once, the search after the warm-up logged nothing.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var watch = Stopwatch.StartNew();
        var page = await search.SearchAsync(new ArchiveSearchQuery(Q: term), CancellationToken.None);
        var once = watch.Elapsed.TotalMilliseconds;
        SearchArchive.CaptureCommands = false;
        SearchArchive.RequireMatches(term, page.Total);
        foreach (var line in SearchArchive.CommandLog) Console.WriteLine(line);
        Console.WriteLine($"one search: {once:F2} ms, total {page.Total}{(page.TotalIsLowerBound ? "+" : "")}, {page.Items.Count} items");
        var times = new List<double>();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < searches; i++)
        {
            watch.Restart();
            await search.SearchAsync(new ArchiveSearchQuery(Q: term), CancellationToken.None);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / searches;
        Console.WriteLine($"CPU time of this process per search: {cpu:F2} ms (the database server's not included)");
        Console.WriteLine($"{times.Count} searches: median {times[times.Count / 2]:F2} ms, min {times[0]:F2} ms, max {times[^1]:F2} ms");
        await app.DisposeAsync();
    }
}
