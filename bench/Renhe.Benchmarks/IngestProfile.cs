using System.Diagnostics;
using System.Globalization;
using Renhe.Modules.Risk.Archive;
using Renhe.Modules.Risk.Scanning;

namespace Renhe.Benchmarks;

/// A quick Stopwatch look at where ingest time goes, outside BenchmarkDotNet (seconds, not
/// minutes): the whole AppendAsync per message on each database, then each CPU part of the same
/// work alone — scanning, hashing the chain, normalising into index bigrams — so storage is the
/// remainder. Both databases by default (PostgreSQL when its server answers), one after the other
/// in the same run, each into a fresh archive.
///   dotnet run -c Release --project bench/Renhe.Benchmarks -- ingest-profile [Sqlite|Postgres …] [messages]
public static class IngestProfile
{
    public static async Task RunAsync(IReadOnlyList<string> args)
    {
        var providers = args.Where(a => !a.All(char.IsAsciiDigit)).ToList();
        if (providers.Count == 0) providers = [.. IngestBenchmarks.Providers()];
        var invocations = args.FirstOrDefault(a => a.All(char.IsAsciiDigit)) is { } n
            ? Math.Max(1, int.Parse(n, CultureInfo.InvariantCulture) / 10_000)
            : 3;

        foreach (var provider in providers) await ProfileAsync(provider, invocations);

        var bench = new IngestBenchmarks();
        var drafts = bench.Drafts(10_000);
        var scan = Stopwatch.StartNew();
        foreach (var d in drafts) SensitiveWordScanner.Default.Scan(d.Content);
        Report("  scanning", scan.Elapsed, drafts.Count);

        var hash = Stopwatch.StartNew();
        var previous = HashChain.Genesis;
        long seq = 0;
        foreach (var d in drafts)
        {
            var record = new ArchivedRecord
            {
                Class = d.Class, Channel = d.Channel, SourceId = d.SourceId, SenderRaw = d.Sender, CounterpartRaw = d.Recipients[0],
                At = d.At, MsgType = d.MsgType, Action = d.Action, Content = d.Content, Body = d.Body,
            };
            previous = HashChain.ComputeHash(++seq, record.ChainFields(), previous);
        }
        Report("  hashing the chain", hash.Elapsed, drafts.Count);

        var index = Stopwatch.StartNew();
        foreach (var d in drafts) _ = string.Join(' ', ArchiveSearchIndex.Bigrams(ScanNormalization.Normalize(d.Content!)));
        Report("  index bigrams", index.Elapsed, drafts.Count);

        var json = Stopwatch.StartNew();
        _ = bench.Drafts(10_000);
        Report("  (bench) building drafts with JSON bodies", json.Elapsed, 10_000);
        Console.WriteLine($"load average: {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a")}");
    }

    private static async Task ProfileAsync(string provider, int invocations)
    {
        var bench = new IngestBenchmarks { Provider = provider };
        bench.Setup();
        try
        {
            await bench.Ingest_batches_of_1000(); // warm-up: JIT, caches, the file's first pages

            // CPU time as well as wall time: on a shared machine the wall clock measures the neighbours too
            // (and on PostgreSQL the server's share is not in this process's CPU time).
            var server = bench.ServerCpu();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var total = Stopwatch.StartNew();
            for (var i = 0; i < invocations; i++) await bench.Ingest_batches_of_1000();
            var messages = invocations * 10_000;
            Report($"{provider}: AppendAsync end to end (wall)", total.Elapsed, messages);
            Report($"{provider}: AppendAsync end to end (CPU)", Process.GetCurrentProcess().TotalProcessorTime - cpu, messages);
            if (server is { } before && bench.ServerCpu() is { } after)
                Report($"{provider}: the server's CPU", after - before, messages);
        }
        finally
        {
            bench.Cleanup();
        }
    }

    private static void Report(string what, TimeSpan elapsed, int messages) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what,-45} {elapsed.TotalMicroseconds / messages,8:F2} µs/message  {messages / elapsed.TotalSeconds,10:N0} messages/s"));
}
