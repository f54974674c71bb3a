using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Modules.Risk.Alerts;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Risk.Demo;

/// Replay = online, on the demo's real records through the real signal sources: the online pass,
/// run every seven hours over the last two weeks (some passes inside a day, some across a day's end),
/// stores exactly the alerts, byte for byte, that one replay of those days through the same
/// evaluator raises.
[Trait("Category", "Integration")]
public sealed class RiskReplayTests(RiskDemoTests.DemoFactory factory) : IClassFixture<RiskDemoTests.DemoFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Online_passes_store_exactly_the_alerts_a_replay_of_history_raises()
    {
        var end = DateTimeOffset.UtcNow;
        var start = end.AddDays(-14);
        await using (var db = factory.OpenDb())
        {
            // The demo's own replay stored these days' alerts already; the passes must find them again.
            await db.RiskAlerts.Where(a => a.RaisedAt >= start).ExecuteDeleteAsync(Ct);
            var mark = await db.RiskEvaluationMarks.SingleAsync(Ct);
            mark.EvaluatedTo = start;
            await db.SaveChangesAsync(Ct);
        }

        await using var scope = factory.Services.CreateAsyncScope();
        var evaluation = scope.ServiceProvider.GetRequiredService<RiskEvaluationService>();
        for (var at = start.AddHours(7); at < end; at = at.AddHours(7)) await evaluation.PassAsync(at, Ct);
        await evaluation.PassAsync(end, Ct);

        await using var check = factory.OpenDb();
        var online = (await check.RiskAlerts.AsNoTracking().Where(a => a.RaisedAt >= start).ToListAsync(Ct))
            .Select(a => Describe(a.RuleId, a.RuleRevision, a.EmployeeId, a.RaisedAt, a.WindowStart, a.WindowEnd, a.Severity.ToString(), a.FactsJson, a.RecordsJson))
            .Order(StringComparer.Ordinal).ToList();
        var rules = await evaluation.ActiveRulesAsync(check, Ct);
        var replay = (await evaluation.EvaluateAsync(check, rules, start, end, null, Ct))
            .Select(raised => RiskAlert.From(raised, end))
            .Select(a => Describe(a.RuleId, a.RuleRevision, a.EmployeeId, a.RaisedAt, a.WindowStart, a.WindowEnd, a.Severity.ToString(), a.FactsJson, a.RecordsJson))
            .Order(StringComparer.Ordinal).ToList();

        TestContext.Current.TestOutputHelper?.WriteLine($"{online.Count} alerts online, {replay.Count} in the replay");
        Assert.NotEmpty(replay);
        Assert.Equal(string.Join("\n", replay), string.Join("\n", online));
    }

    private static string Describe(Guid rule, int revision, Guid employee, DateTimeOffset raised, DateTimeOffset from, DateTimeOffset to,
        string severity, string facts, string records) =>
        $"{rule}|{revision}|{employee}|{raised.UtcTicks}|{from.UtcTicks}|{to.UtcTicks}|{severity}|{facts}|{records}";
}
