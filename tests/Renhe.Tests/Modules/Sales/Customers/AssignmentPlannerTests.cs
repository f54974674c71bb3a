using Renhe.Modules.Sales.Customers;

namespace Renhe.Tests.Modules.Sales.Customers;

/// 分配规则 without a database: worked examples of matching, turns and capacity.
public sealed class AssignmentPlannerTests
{
    private static readonly Guid Sales = Guid.Parse("00000000-0000-0000-0000-00000000d001");
    private static readonly Guid Service = Guid.Parse("00000000-0000-0000-0000-00000000d002");
    private static readonly Guid Zhang = Guid.Parse("00000000-0000-0000-0000-0000000000a1");
    private static readonly Guid Li = Guid.Parse("00000000-0000-0000-0000-0000000000a2");
    private static readonly Guid Wang = Guid.Parse("00000000-0000-0000-0000-0000000000a3");
    private static readonly Guid Sun = Guid.Parse("00000000-0000-0000-0000-0000000000a4");

    /// 张三, 李四 and 王五 sell in 销售部 (ordinal name order: 张 U+5F20, 李 U+674E, 王 U+738B); 孙丽 is in 客服部.
    private static List<PlannerPerson> People(int zhang = 0, int li = 0, int wang = 0) =>
    [
        new(Zhang, "张三", Sales, true, zhang),
        new(Li, "李四", Sales, true, li),
        new(Wang, "王五", Sales, true, wang),
        new(Sun, "孙丽", Service, false, 0),
    ];

    private static PlannerRule Team(string name, string? region = null, string? industry = null, string? source = null, int? capacity = null,
        Guid? last = null) =>
        new(Guid.NewGuid(), name, region, industry, source, Sales, null, capacity, last);

    private static PlannerRule Person(string name, Guid who, string? region = null, int? capacity = null) =>
        new(Guid.NewGuid(), name, region, null, null, null, who, capacity, null);

    public static TheoryData<string?, string?, string?, bool> MatchCases => new()
    {
        // rule: region 华东, industry 制造, source any
        { "华东", "制造", "官网", true },
        { " 华东 ", "制造", null, true },       // trimmed; the empty source criterion matches anything
        { "华东", "零售", "官网", false },       // industry differs
        { "华南", "制造", "官网", false },       // region differs
        { null, "制造", "展会", false },         // the customer has no region: a region rule does not match
    };

    [Theory]
    [MemberData(nameof(MatchCases))]
    public void A_rule_matches_on_every_criterion_it_names_and_ignores_the_empty_ones(string? region, string? industry, string? source, bool matches) =>
        Assert.Equal(matches, AssignmentPlanner.Matches(Team("华东制造", "华东", "制造"), new LeadFacts(region, industry, source)));

    [Fact]
    public void A_team_takes_turns_in_name_order_and_the_pointer_remembers_whose_turn_it_is()
    {
        var rule = Team("华东", "华东");
        var planner = new AssignmentPlanner([rule], People(), 10);
        var lead = new LeadFacts("华东", null, null);
        // Ordinal order of the names: 张 (U+5F20), 李 (U+674E), 王 (U+738B).
        Assert.Equal(["张三", "李四", "王五", "张三"], Enumerable.Range(0, 4).Select(_ => planner.Assign(lead).EmployeeName));
        Assert.Equal(Zhang, planner.Pointers[rule.Id]);

        // The stored pointer after 李四: the next planner (another instance, after a restart) continues with 王五.
        var next = new AssignmentPlanner([rule with { LastAssignedEmployeeId = Li }], People(), 10);
        Assert.Equal("王五", next.Assign(lead).EmployeeName);
    }

    [Fact]
    public void People_at_capacity_are_skipped_and_when_everyone_is_full_the_customer_goes_to_the_pool()
    {
        // Capacity 5: 张三 holds 5 (full), 李四 4, 王五 5 (full).
        var rule = Team("全部", capacity: 5);
        var planner = new AssignmentPlanner([rule], People(zhang: 5, li: 4, wang: 5), 100);
        var first = planner.Assign(new LeadFacts(null, null, null));
        Assert.Equal(("李四", "全部"), (first.EmployeeName, first.RuleName));
        // Now 李四 holds 5 too: everyone is full.
        var second = planner.Assign(new LeadFacts(null, null, null));
        Assert.True(second.ToPool);
        Assert.True(second.AllFull);
    }

    [Fact]
    public void A_full_rule_passes_the_customer_to_the_next_matching_rule_and_no_match_is_the_pool()
    {
        var named = Person("华东给孙丽", Sun, region: "华东", capacity: 1);
        var catchAll = Team("兜底");
        var planner = new AssignmentPlanner([named, catchAll], People(), 100);
        Assert.Equal(("孙丽", "华东给孙丽"), Pick(planner.Assign(new LeadFacts("华东", null, null))));
        // 孙丽 is at her capacity of 1: the catch-all team rule takes the next one.
        Assert.Equal(("张三", "兜底"), Pick(planner.Assign(new LeadFacts("华东", null, null))));

        var onlyEast = new AssignmentPlanner([Person("华东给孙丽", Sun, region: "华东")], People(), 100);
        var none = onlyEast.Assign(new LeadFacts("华北", null, null));
        Assert.True(none.ToPool);
        Assert.False(none.AllFull);
        Assert.Null(none.RuleName);
    }

    [Fact]
    public void The_default_capacity_applies_when_the_rule_names_none_and_non_salespeople_do_not_take_team_turns()
    {
        var planner = new AssignmentPlanner([Team("全部")], People(zhang: 3, li: 3, wang: 2), defaultCapacity: 3);
        Assert.Equal("王五", planner.Assign(new LeadFacts(null, null, null)).EmployeeName);
        Assert.True(planner.Assign(new LeadFacts(null, null, null)).ToPool);

        var serviceTeam = new PlannerRule(Guid.NewGuid(), "客服部", null, null, null, Service, null, null, null);
        Assert.True(new AssignmentPlanner([serviceTeam], People(), 100).Assign(new LeadFacts(null, null, null)).ToPool);
    }

    [Fact]
    public void A_preview_moves_neither_the_pointer_nor_the_counts()
    {
        var rule = Team("全部");
        var planner = new AssignmentPlanner([rule], People(), 100);
        Assert.Equal("张三", planner.Preview(new LeadFacts(null, null, null)).EmployeeName);
        Assert.Equal("张三", planner.Preview(new LeadFacts(null, null, null)).EmployeeName);
        Assert.Empty(planner.ChangedRules);
    }

    [Fact]
    public void A_rule_that_gives_a_customer_is_used_even_when_its_pointer_stays_put()
    {
        // 张三 and 李四 are full (capacity 5), the pointer already rests on 王五: he takes the lead, the
        // pointer does not move, yet the save must still claim the rule (its version) against a concurrent one.
        var team = Team("团队", capacity: 5, last: Wang);
        var named = Person("指定孙丽", Sun, region: "华南");
        var idle = Team("没用上", region: "西北");
        var planner = new AssignmentPlanner([named, team, idle], People(zhang: 5, li: 5, wang: 1), 100);
        Assert.Equal("王五", planner.Assign(new LeadFacts(null, null, null)).EmployeeName);
        Assert.Equal("孙丽", planner.Assign(new LeadFacts("华南", null, null)).EmployeeName);
        Assert.Equal("孙丽", planner.Assign(new LeadFacts("华南", null, null)).EmployeeName);
        Assert.Equal([named.Id], planner.ChangedRules);
        Assert.Equal(new HashSet<Guid> { team.Id, named.Id }, planner.UsedRules.ToHashSet());
        planner.Preview(new LeadFacts("西北", null, null));
        Assert.DoesNotContain(idle.Id, planner.UsedRules);
    }

    private static (string?, string?) Pick(AssignmentDecision d) => (d.EmployeeName, d.RuleName);
}
