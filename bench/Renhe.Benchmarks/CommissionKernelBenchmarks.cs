using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using Renhe.Modules.Commission.Plans;
using Renhe.Modules.Commission.Statements;
using Renhe.Platform.Measures;
using Renhe.Platform.Time;

namespace Renhe.Benchmarks;

/// The pure kernels of one person-month under the brief's plan (<see cref="PlanRules.Brief"/>):
/// <list type="bullet">
/// <item><c>Statement</c>: <see cref="CommissionKernel.Compute"/> on 100 orders of the month
/// (conversion 5/20 and repurchase 9/29, so the top tier and the add-on apply), two clawbacks and
/// one approved adjustment: 103 lines.</item>
/// <item><c>Measures</c>: <see cref="MeasureKernel.Compute"/> for a person whose facts reach back
/// over the 180-day repurchase window: 100 orders in the month and 150 before it, 12 refunds and
/// cancellations, 60 intent spells, first orders of 220 customers.</item>
/// <item><c>Navigator</c>: <see cref="TierNavigator.Navigate"/> on the same 100 orders at conversion
/// 3/20 and repurchase 2/10: three goals open (20 %, 25 %, the add-on), each priced by the kernel
/// on its hypothetical month.</item>
/// </list>
/// Goals from the commission issue: a statement ≤ 2 µs, the navigator ≤ 20 µs.
[MemoryDiagnoser]
[Config(typeof(Columns))]
public class CommissionKernelBenchmarks
{
    public sealed class Columns : ManualConfig
    {
        public Columns() => AddColumn(StatisticColumn.Median, StatisticColumn.P95);
    }

    private CommissionInput _statement = null!;
    private CommissionInput _navigable = null!;
    private PersonFacts _facts = null!;
    private MeasurePeriod _period = null!;
    private readonly PlanRules _brief = PlanRules.Brief;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(2026);
        var zone = BranchCalendar.Zone(null);
        _period = MeasurePeriod.Month(new DateOnly(2026, 11, 1), zone);
        var person = Guid.NewGuid();

        var orders = new List<OrderCredit>();
        for (var i = 0; i < 100; i++)
            orders.Add(new OrderCredit(Guid.NewGuid(), $"SO-202611{i:00}-0001", "客户" + i, _period.Start.AddHours(7 * i + 1), random.Next(5_000, 500_000)));
        var net = orders.Sum(o => o.BaseFen);
        var clawbacks = new List<ClawbackSource>
        {
            new(Guid.NewGuid(), Guid.NewGuid(), "SO-20261012-0003", "赵总", 30_000, 400, new DateOnly(2026, 10, 1), Guid.NewGuid()),
            new(Guid.NewGuid(), Guid.NewGuid(), "SO-20260921-0007", "钱总", 12_345, 300, new DateOnly(2026, 9, 1), Guid.NewGuid()),
        };
        List<ApprovedAdjustment> adjustments = [new(Guid.NewGuid(), 50_000, "进步奖励")];
        _statement = new CommissionInput(MeasuresOf(5, 20, 9, 29, net, orders.Count), orders, clawbacks, null, false, adjustments);
        _navigable = new CommissionInput(MeasuresOf(3, 20, 2, 10, net, orders.Count), orders, [], null, false, []);

        var facts = new List<OrderFact>();
        var firsts = new Dictionary<Guid, FirstOrder>();
        var customers = new List<Guid>();
        for (var i = 0; i < 250; i++)
        {
            var inMonth = i < 100;
            var customer = i % 3 == 0 && customers.Count > 0 ? customers[random.Next(customers.Count)] : Guid.NewGuid();
            var at = inMonth ? _period.Start.AddHours(7 * i + 1) : _period.RepurchaseFrom.AddHours(random.Next(0, 24 * 179));
            var order = new OrderFact(Guid.NewGuid(), $"SO-{i:0000}", customer, person, random.Next(5_000, 500_000), at);
            facts.Add(order);
            if (!customers.Contains(customer)) customers.Add(customer);
            if (!firsts.TryGetValue(customer, out var first) || first.At > at) firsts[customer] = new FirstOrder(order.Id, person, at);
        }
        var spells = new List<IntentSpell>();
        for (var i = 0; i < 60; i++)
        {
            var customer = i < 40 ? Guid.NewGuid() : customers[random.Next(customers.Count)];
            var from = _period.Start.AddDays(-random.Next(0, 60));
            spells.Add(new IntentSpell(customer, from, i % 2 == 0 ? null : from.AddDays(random.Next(1, 40))));
        }
        while (firsts.Count < 220)
            firsts[Guid.NewGuid()] = new FirstOrder(Guid.NewGuid(), Guid.NewGuid(), _period.Start.AddDays(-random.Next(1, 400)));
        var adjusted = new List<AdjustmentFact>();
        for (var i = 0; i < 12; i++)
        {
            var o = facts[random.Next(facts.Count)];
            adjusted.Add(new AdjustmentFact(Guid.NewGuid(), o.Id, o.Number, o.CustomerId, o.EffectiveAt, i % 4 == 0, o.TotalFen / 3, o.EffectiveAt.AddDays(3)));
        }
        _facts = new PersonFacts(person, facts, adjusted, spells, firsts);
    }

    private static PersonMeasures MeasuresOf(long n, long d, long r, long b, long net, int orders)
    {
        var conversion = new HashSet<Guid>();
        for (var i = 0; i < d; i++) conversion.Add(Guid.NewGuid());
        var repurchase = new HashSet<Guid>();
        for (var i = 0; i < b; i++) repurchase.Add(Guid.NewGuid());
        return new PersonMeasures(net, orders, new Rate(n, d), new Rate(r, b), default, null,
            conversion, conversion.Take((int)n).ToHashSet(), repurchase, repurchase.Take((int)r).ToHashSet());
    }

    [Benchmark]
    public long Statement() => CommissionKernel.Compute(_brief, _statement).TotalFen;

    [Benchmark]
    public long Measures() => MeasureKernel.Compute(_facts, _period, 3_000_000).NetSalesFen;

    [Benchmark]
    public int Navigator() => TierNavigator.Navigate(_brief, _navigable, 50_000).Steps.Count;
}
