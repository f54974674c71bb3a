using BenchmarkDotNet.Attributes;
using Renhe.Modules.Risk.Rules;
using Renhe.Modules.Risk.Scanning;
using Renhe.Platform.Signals;

namespace Renhe.Benchmarks;

/// The risk evaluator on one core: 200 active rules (the eight templates and custom expressions,
/// each with its own parameters) over 100,000 signals of 500 people in 90 days, in time order, as
/// the online pass and a replay feed it. Reported per run; events per second = 100,000 ÷ mean.
/// Baseline in the same run: the evaluator with the eight default rules only.
[MemoryDiagnoser]
[Config(typeof(CommissionKernelBenchmarks.Columns))]
public class RuleEvaluatorBenchmarks
{
    private const int People = 500;
    private const int Events = 100_000;
    private List<Signal> _signals = [];
    private Dictionary<Guid, PersonProfile> _people = [];
    private List<RuleDefinition> _defaults = [];
    private List<RuleDefinition> _twoHundred = [];
    private DateTimeOffset _from, _to;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20260);
        var zone = Renhe.Platform.Time.BranchCalendar.Zone("Asia/Shanghai");
        var branch = Guid.NewGuid();
        var departments = Enumerable.Range(0, 10).Select(_ => Guid.NewGuid()).ToArray();
        _people = Enumerable.Range(0, People).Select(i => new PersonProfile(Guid.NewGuid(), branch, departments[i % 10], null, zone, PersonProfile.Weekend))
            .ToDictionary(p => p.EmployeeId);
        var ids = _people.Keys.ToArray();
        _to = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(8));
        _from = _to.AddDays(-90);
        string[] kinds = [SignalKinds.FollowUpOwn, SignalKinds.FollowUpOwn, SignalKinds.FollowUpOwn, SignalKinds.FollowUpOther, SignalKinds.KeywordHit,
            SignalKinds.MessageRecall, SignalKinds.CustomerDeleted, SignalKinds.CustomerView, SignalKinds.OrderEffective, SignalKinds.CustodyChange];
        string[] categories = [LexiconCategories.PrivateDeal, LexiconCategories.Abuse, LexiconCategories.RivalPlatform];
        _signals = Enumerable.Range(0, Events).Select(i =>
        {
            var kind = kinds[random.Next(kinds.Length)];
            var category = kind switch
            {
                SignalKinds.KeywordHit => categories[random.Next(categories.Length)],
                SignalKinds.CustomerDeleted => SignalKinds.ByEmployee,
                SignalKinds.OrderEffective when random.Next(10) == 0 => SignalKinds.IncompleteCustomer,
                _ => null,
            };
            return new Signal(kind, ids[random.Next(ids.Length)], _from.AddSeconds(random.NextDouble() * 90 * 86400), new SignalRef("b", i.ToString()),
                kind == SignalKinds.OrderEffective ? random.Next(10_000, 2_000_000) : 1, 0, category);
        }).ToList();
        _signals.Sort(SignalLoader.Compare);

        _defaults = DefaultRules.All.Select(d => new RuleDefinition(Guid.NewGuid(), 1, d.Code, d.Template, d.Severity, d.Settings, RuleScope.Everywhere)).ToList();
        string[] expressions =
        [
            "followUpsOther + recalls >= {0}", "keywordHits >= {0} && leaving", "customerViews > {0} * max(1, customerViewsBaseline)",
            "deletionsByEmployee + deletionsByCustomer >= {0}", "hits_private_deal >= {0} || ordersIncomplete > 1",
        ];
        _twoHundred = Enumerable.Range(0, 200).Select(i =>
        {
            var template = (RuleTemplate)(i % 9);
            var settings = template == RuleTemplate.Custom
                ? new RuleSettings { WindowDays = 3 + i % 10, BaselineDays = 28, Expression = string.Format(System.Globalization.CultureInfo.InvariantCulture, expressions[i % expressions.Length], 3 + i % 7) }
                : DefaultRules.All.First(d => d.Template == template).Settings with { WindowDays = 3 + i % 10 };
            var scope = i % 3 == 0 ? new RuleScope { Departments = [departments[i % 10]] } : RuleScope.Everywhere;
            return new RuleDefinition(Guid.NewGuid(), 1, "r" + i, template, RiskSeverity.Medium, settings, scope);
        }).ToList();
    }

    [Benchmark(Baseline = true)]
    public int EightDefaultRules() => new RuleEvaluator(_defaults, _people).Run(_signals, _from, _to, _from).Count;

    [Benchmark]
    public int TwoHundredRules() => new RuleEvaluator(_twoHundred, _people).Run(_signals, _from, _to, _from).Count;
}
