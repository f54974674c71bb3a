using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Modules.Risk.Demo;
using Renhe.Platform.Signals;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Platform.Signals;

/// The signals of the demo company as `--demo` seeds it (six months of sales and chats): 李晓's
/// planted diversion stands out from the other salespeople in what the archive records of her.
[Trait("Category", "Integration")]
public sealed class SignalDemoTests(SignalDemoTests.DemoFactory factory) : IClassFixture<SignalDemoTests.DemoFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Over_the_last_90_days_xiaoli_recalls_deletes_and_hits_sensitive_words_more_than_the_other_salespeople()
    {
        var to = DateTimeOffset.UtcNow;
        var (counts, xiaoli, others) = await CountAsync(to.AddDays(-90), to);
        var report = string.Join("\n", counts.Keys.Select(k => $"{k}: 李晓 {Of(xiaoli, k)}, others' median {Median(others.Select(o => Of(o, k)))}"));
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var latest = (await scope.ServiceProvider.GetRequiredService<SignalLoader>().LoadAsync(to.AddDays(-7), to, new HashSet<Guid>([.. others, xiaoli]), Ct))
                .Where(s => s.Kind.StartsWith("measure.", StringComparison.Ordinal));
            foreach (var s in latest)
                TestContext.Current.TestOutputHelper?.WriteLine($"{s.Kind} {(s.EmployeeId == xiaoli ? "李晓" : s.EmployeeId.ToString()[^4..])} {s.Value}/{s.Of}");
        }

        foreach (var kind in new[] { SignalKinds.KeywordHit, SignalKinds.MessageRecall, SignalKinds.CustomerDeleted })
            Assert.True(Of(xiaoli, kind) > Median(others.Select(o => Of(o, kind))), report);
        Assert.True(Of(xiaoli, SignalKinds.MessageRecall) >= 2, report);

        int Of(Guid person, string kind) => counts.GetValueOrDefault(kind)?.GetValueOrDefault(person) ?? 0;
    }

    private async Task<(Dictionary<string, Dictionary<Guid, int>> Counts, Guid XiaoLi, List<Guid> Others)> CountAsync(DateTimeOffset from, DateTimeOffset to)
    {
        Dictionary<string, Guid> salespeople;
        await using (var db = factory.OpenDb())
            salespeople = await db.Employees.Where(e => DemoChatSeeder.Salespeople.Contains(e.Name)).ToDictionaryAsync(e => e.Name, e => e.Id, Ct);
        await using var scope = factory.Services.CreateAsyncScope();
        var signals = await scope.ServiceProvider.GetRequiredService<SignalLoader>().LoadAsync(from, to, salespeople.Values.ToHashSet(), Ct);
        var counts = SignalLoader.DeclaredKinds.ToDictionary(k => k, k => signals.Where(s => s.Kind == k).GroupBy(s => s.EmployeeId).ToDictionary(g => g.Key, g => g.Count()));
        var xiaoli = salespeople[DemoChatSeeder.XiaoLi];
        return (counts, xiaoli, salespeople.Values.Where(id => id != xiaoli).ToList());
    }

    private static double Median(IEnumerable<int> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2.0;
    }

    public sealed class DemoFactory : RenheFactory
    {
        public override string ProviderName => "Sqlite";

        protected override IEnumerable<KeyValuePair<string, string>> DatabaseSettings() => [new("Database:Provider", "Sqlite")];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Demo:SalesActivity", "true");
            var scale = Environment.GetEnvironmentVariable("RENHE_SIGNAL_DEMO_SCALE");
            if (!string.IsNullOrEmpty(scale)) builder.UseSetting("Demo:SalesScale", scale);
        }
    }
}
