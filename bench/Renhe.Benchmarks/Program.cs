using BenchmarkDotNet.Running;

namespace Renhe.Benchmarks;

// A named entry class: the application's own top-level Program is visible through the project reference.
public static class BenchmarkProgram
{
    public static async Task Main(string[] args)
    {
        switch (args)
        {
            case ["ingest-profile", .. var ingestArgs]:
                await IngestProfile.RunAsync(ingestArgs);
                return;
            case ["search-profile", .. var rest]:
                await SearchProfile.RunAsync(rest.Length > 0 ? rest[0] : "Sqlite", rest.Length > 1 ? rest[1] : "私单",
                    rest.Length > 2 ? int.Parse(rest[2], System.Globalization.CultureInfo.InvariantCulture) : 60);
                return;
            case ["month-close", .. var closeArgs]:
                await MonthCloseRun.RunAsync(closeArgs);
                return;
            case ["load", .. var loadArgs]:
                await LoadRun.RunAsync(loadArgs);
                return;
            case ["page-timings", .. var scales]:
                await PageTimings.RunAsync(scales.Select(int.Parse).ToList());
                return;
            case ["build-search-archive", .. var providers]:
                // Builds (or completes) the 1,000,000-message archives ahead of the search benchmark.
                foreach (var provider in providers.Length > 0 ? providers : SearchBenchmarks.Providers())
                {
                    var app = await SearchArchive.StartAsync(provider);
                    await SearchArchive.EnsureBuiltAsync(app, provider);
                    await app.DisposeAsync();
                }
                return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
    }
}
