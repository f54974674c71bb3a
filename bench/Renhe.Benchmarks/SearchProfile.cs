using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Modules.Risk.Archive;

namespace Renhe.Benchmarks;

/// `search-profile [Sqlite|Postgres] [term]`: where one search's time goes, step by step, over the
/// cached 1,000,000-message archive (the benchmark's). Prints each database command's time as EF
/// reports it, then the wall time of a few searches.
public static class SearchProfile
{
    public static async Task RunAsync(string provider, string term)
    {
        var app = await SearchArchive.StartAsync(provider, commandLog: true);
        await SearchArchive.EnsureBuiltAsync(app, provider);
        using var scope = app.Services.CreateScope();
        var search = scope.ServiceProvider.GetRequiredService<ArchiveSearchService>();
        for (var i = 0; i < 3; i++) await search.SearchAsync(new ArchiveSearchQuery(Q: term), CancellationToken.None);
        SearchArchive.CommandLog.Clear();
        var watch = Stopwatch.StartNew();
        var page = await search.SearchAsync(new ArchiveSearchQuery(Q: term), CancellationToken.None);
        var once = watch.Elapsed.TotalMilliseconds;
        foreach (var line in SearchArchive.CommandLog) Console.WriteLine(line);
        Console.WriteLine($"one search: {once:F2} ms, total {page.Total}{(page.TotalIsLowerBound ? "+" : "")}, {page.Items.Count} items");
        var times = new List<double>();
        for (var i = 0; i < 15; i++)
        {
            watch.Restart();
            await search.SearchAsync(new ArchiveSearchQuery(Q: term), CancellationToken.None);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        Console.WriteLine($"15 searches: median {times[7]:F2} ms, min {times[0]:F2} ms, max {times[^1]:F2} ms");
        await app.DisposeAsync();
    }
}
