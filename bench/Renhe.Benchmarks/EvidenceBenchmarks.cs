using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Modules.Risk.Archive;
using Renhe.Modules.Risk.Evidence;
using Renhe.Platform;
using Renhe.Platform.Setup;

namespace Renhe.Benchmarks;

/// The arbitration evidence package of a case with 10,000 archived records (SQLite): written by
/// EvidencePackageWriter (records, proofs to the signed digest, report, manifest and signature)
/// and verified offline by EvidenceVerifier (what `verify-evidence` runs). Targets: written in 5 s,
/// verified in 2 s. The archive is built once through ArchiveService (10,000 evidence records
/// interleaved with 2,000 others, then a signed digest) in a temporary data folder.
[Config(typeof(PerPackage))]
public class EvidenceBenchmarks
{
    public const int Records = 10_000;
    private WebApplication _app = null!;
    private EvidenceCaseInput _input = null!;
    private byte[] _package = [];
    private string _dataDir = "";

    [GlobalSetup]
    public void Setup()
    {
        _dataDir = Path.Combine(Path.GetTempPath(), "renhe-bench-evidence-" + Guid.NewGuid().ToString("N"));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite", ["Demo:Enabled"] = "true", ["Demo:Chats"] = "false", ["DataDir"] = _dataDir,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddRenhe();
        _app = builder.Build();
        _app.InitialiseAsync().GetAwaiter().GetResult();
        _input = BuildAsync().GetAwaiter().GetResult();
        _package = Write().GetAwaiter().GetResult();
        Console.WriteLine($"// package: {_package.Length:N0} bytes; verified: {EvidenceVerifier.Verify(new MemoryStream(_package)).Verified}");
    }

    private async Task<EvidenceCaseInput> BuildAsync()
    {
        var at = new DateTimeOffset(2026, 11, 2, 1, 0, 0, TimeSpan.Zero);
        var evidence = new List<long>();
        var texts = ChatCorpus.Messages(Records * 6 / 5);
        for (var batch = 0; batch < Records / 1000; batch++)
        {
            await using var scope = _app.Services.CreateAsyncScope();
            var drafts = new List<object>();
            for (var i = 0; i < 1200; i++)
            {
                var n = batch * 1200 + i;
                // Every sixth message is someone else's: it travels only as a proof record.
                var other = i % 6 == 5;
                drafts.Add(new ArchiveDraft(RecordClass.ChatMessage, "wecom-chat", $"bench-{n}", at.AddSeconds(n), other ? "lisi" : "zhangsan",
                    ["wmBenchCustomer"], texts[n], null, MsgType: "text"));
            }
            var results = await scope.ServiceProvider.GetRequiredService<ArchiveService>().AppendAsync(drafts, CancellationToken.None);
            for (var i = 0; i < results.Count; i++)
                if (i % 6 != 5 && evidence.Count < Records) evidence.Add(results[i].Seq!.Value);
        }
        await using (var scope = _app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ArchiveIntegrityService>().SignDailyDigestAsync(new DateOnly(2026, 11, 3), at.AddDays(1), CancellationToken.None);
        return new EvidenceCaseInput("RC-BENCH", "基准案件", "调查中", null, at, "王五", [], ["王五"], [],
            evidence.Select(seq => new EvidenceItemInput("archive", seq.ToString(System.Globalization.CultureInfo.InvariantCulture), "聊天记录", at, "王五", at, seq, null)).ToList(),
            [], []);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
    }

    [Benchmark]
    public async Task<byte[]> Write()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        using var output = new MemoryStream();
        await scope.ServiceProvider.GetRequiredService<IEvidencePackageWriter>().WriteAsync(_input, output, CancellationToken.None);
        return output.ToArray();
    }

    [Benchmark]
    public bool Verify() => EvidenceVerifier.Verify(new MemoryStream(_package)).Verified;

    private sealed class PerPackage : ManualConfig
    {
        public PerPackage()
        {
            AddJob(Job.Default.WithInvocationCount(1).WithUnrollFactor(1).WithWarmupCount(2).WithIterationCount(15)
                .WithToolchain(InProcessEmitToolchain.Instance));
            AddColumn(StatisticColumn.Median, StatisticColumn.P95);
            WithOptions(ConfigOptions.DisableOptimizationsValidator);
        }
    }
}
