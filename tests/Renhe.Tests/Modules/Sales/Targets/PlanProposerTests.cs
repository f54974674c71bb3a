using Renhe.Modules.Sales.Targets;

namespace Renhe.Tests.Modules.Sales.Targets;

/// Worked examples of splitting a team target into per-person plans.
public sealed class PlanProposerTests
{
    private static readonly Guid A = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid B = Guid.Parse("00000000-0000-0000-0000-00000000000b");
    private static readonly Guid C = Guid.Parse("00000000-0000-0000-0000-00000000000c");

    private static PersonHistory Quiet(Guid id, long netFen = 0, bool probation = false) =>
        new(id, probation, 0, netFen, 0, 0, 0, 0, 0, 0, 0, 0);

    /// A veteran: 10 orders for ¥500,000 (¥50,000 each), 5 of 20 intent customers converted (25 %)
    /// in 30 days on average, 3 follow-ups per customer, 60 call minutes a working day.
    private static PersonHistory Veteran(Guid id) => new(id, false, 10, 50_000_000, 20, 5, 150, 5, 120, 40, 3_900, 65);

    public static TheoryData<string, long, PersonHistory[], long[]> Splits => new()
    {
        // Weighted by net sales: ¥600k and ¥200k of history share ¥1,000,000 as 3 : 1.
        { "by net sales", 100_000_000, [Quiet(A, 60_000_000), Quiet(B, 20_000_000)], [75_000_000, 25_000_000] },
        // The floor: B sold ¥100k, but weighs half the team average (¥500k ÷ 2 = ¥250k) against A's ¥900k.
        { "floor at half the average", 115_000_000, [Quiet(A, 90_000_000), Quiet(B, 10_000_000)], [90_000_000, 25_000_000] },
        // Nobody sold anything: equal shares, probation at 60 % (1 : 1 : 0.6 of ¥1,000,000 → 384,615.38…);
        // the odd yuan goes to the largest share so the plans add up to the target.
        { "probation is lighter", 100_000_000, [Quiet(A), Quiet(B), Quiet(C, probation: true)], [38_461_600, 38_461_500, 23_076_900] },
        // Fen below a yuan stay with the largest share too.
        { "fen kept", 100_000_050, [Quiet(A, 10), Quiet(B, 10)], [50_000_050, 50_000_000] },
    };

    [Theory]
    [MemberData(nameof(Splits))]
    public void The_team_amount_is_split_by_recent_net_sales_with_a_floor_and_a_lighter_share_on_probation(
        string example, long team, PersonHistory[] people, long[] expected)
    {
        var plans = PlanProposer.Propose(team, people, 21);
        Assert.True(expected.SequenceEqual(plans.Select(p => p.AmountFen)), $"{example}: {string.Join(", ", plans.Select(p => p.AmountFen))}");
        Assert.Equal(team, plans.Sum(p => p.AmountFen));
    }

    [Fact]
    public void A_figure_the_manager_typed_is_kept_and_the_rest_is_shared()
    {
        var plans = PlanProposer.Propose(100_000_000, [Quiet(A, 10_000_000), Quiet(B, 90_000_000), Quiet(C, 10_000_000)], 21,
            new Dictionary<Guid, long> { [B] = 30_000_000 });
        Assert.Equal([35_000_000, 30_000_000, 35_000_000], plans.Select(p => p.AmountFen));
    }

    [Fact]
    public void Orders_intents_customers_a_day_cycle_and_call_minutes_follow_from_the_persons_own_record()
    {
        // ¥1,000,000 ÷ ¥50,000 = 20 orders; 20 ÷ 25 % = 80 intent customers; 80 × 3 follow-ups ÷ 21 days = 11.4 → 12 a day.
        var p = Assert.Single(PlanProposer.Propose(100_000_000, [Veteran(A)], 21));
        Assert.Equal((20, 80, 80, 12, 30, 60), (p.OrdersNeeded, p.IntentCustomersNeeded, p.CustomersPerMonth, p.CustomersPerDay, p.ConversionCycleDays, p.CallMinutesPerDay));
        Assert.Equal((0.25m, 5_000_000L, false), (p.ConversionRate, p.AverageOrderFen, p.UsesTeamAverage));
    }

    [Fact]
    public void Someone_with_too_little_history_is_planned_on_the_team_average()
    {
        // B: 1 order of ¥10,000 and 2 intent customers, below 3 orders and 5 intents. The team pooled:
        // 6 of 22 intent customers converted (27.27 %), ¥510,000 over 11 orders (¥46,363.63 each).
        var thin = new PersonHistory(B, false, 1, 1_000_000, 2, 1, 10, 1, 4, 2, 30, 65);
        var plans = PlanProposer.Propose(100_000_000, [Veteran(A), thin], 21);
        var b = plans.Single(p => p.EmployeeId == B);
        Assert.True(b.UsesTeamAverage);
        Assert.Equal((0.2727m, 4_636_363L), (b.ConversionRate, b.AverageOrderFen));
        Assert.Equal((int)Math.Ceiling(b.AmountFen / 4_636_363m), b.OrdersNeeded);
    }

    [Fact]
    public void A_team_without_any_record_uses_the_defaults()
    {
        var p = Assert.Single(PlanProposer.Propose(20_000_000, [Quiet(A)], 20));
        // ¥200,000 ÷ ¥10,000 = 20 orders; ÷ 20 % = 100 intents; × 3 ÷ 20 days = 15 a day.
        Assert.Equal((20, 100, 15, 30, 60), (p.OrdersNeeded, p.IntentCustomersNeeded, p.CustomersPerDay, p.ConversionCycleDays, p.CallMinutesPerDay));
    }

    [Fact]
    public void A_small_share_still_means_a_working_day_of_contact()
    {
        // A veteran's rates on ¥60,000: 2 orders, 8 intents, × 3 ÷ 21 days = 1.1 → 2 a day, lifted
        // to the floor of 3 customers; 10 call minutes a day in the window is lifted to the 30-minute floor.
        var plans = PlanProposer.Propose(6_000_000, [Veteran(A) with { CallMinutes = 650 }], 21);
        var p = Assert.Single(plans);
        Assert.Equal((2, 8, 3, 30), (p.OrdersNeeded, p.IntentCustomersNeeded, p.CustomersPerDay, p.CallMinutesPerDay));
        // Someone whose share the manager set to nothing (on leave, say) gets no daily quota.
        var off = PlanProposer.Propose(6_000_000, [Veteran(A), Veteran(B)], 21, new Dictionary<Guid, long> { [B] = 0 });
        Assert.Equal((0, 0), (off.Single(x => x.EmployeeId == B).CustomersPerDay, off.Single(x => x.EmployeeId == B).OrdersNeeded));
    }

    [Theory]
    [InlineData(2026, 11, 21)]
    [InlineData(2026, 2, 20)]
    [InlineData(2026, 8, 21)]
    public void Working_days_are_the_weekdays_of_the_month(int year, int month, int expected) =>
        Assert.Equal(expected, PlanProposer.WorkingDays(new DateOnly(year, month, 1)));
}
