using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Modules.Risk.Archive;
using Renhe.Modules.Risk.Scanning;

namespace Renhe.Benchmarks;

/// A quick Stopwatch look at where ingest time goes, outside BenchmarkDotNet (seconds, not
/// minutes): the whole AppendAsync per message, then each CPU part of the same work alone —
/// scanning, hashing the chain, normalising into index bigrams — so storage is the remainder.
///   dotnet run -c Release --project bench/Renhe.Benchmarks -- ingest-profile
public static class IngestProfile
{
    public static async Task RunAsync()
    {
        var bench = new IngestBenchmarks();
        bench.Setup();
        try
        {
            await bench.Ingest_batches_of_1000(); // warm-up: JIT, caches, the file's first pages
            var drafts = bench.Drafts(10_000);

            // CPU time as well as wall time: on a shared machine the wall clock measures the neighbours too.
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var total = Stopwatch.StartNew();
            for (var i = 0; i < 3; i++) await bench.Ingest_batches_of_1000();
            Report("AppendAsync end to end (wall)", total.Elapsed, 30_000);
            Report("AppendAsync end to end (CPU)", Process.GetCurrentProcess().TotalProcessorTime - cpu, 30_000);

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
