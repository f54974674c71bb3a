using Renhe.Modules.Sales.Customers;
using Renhe.Modules.Sales.Inheritance;

namespace Renhe.Tests.Modules.Sales.Inheritance;

/// Who is proposed to inherit a leaver's customers, without a database: same team first, within
/// capacity, taking turns; then the parent department's team; nobody when both are full.
public sealed class InheritancePlannerTests
{
    private static readonly Guid Team = Guid.Parse("00000000-0000-0000-0000-00000000d001");
    private static readonly Guid Parent = Guid.Parse("00000000-0000-0000-0000-00000000d000");
    private static readonly Guid Other = Guid.Parse("00000000-0000-0000-0000-00000000d002");
    private static readonly Guid Zhang = Guid.Parse("00000000-0000-0000-0000-0000000000a1");
    private static readonly Guid Li = Guid.Parse("00000000-0000-0000-0000-0000000000a2");
    private static readonly Guid Wang = Guid.Parse("00000000-0000-0000-0000-0000000000a3");
    private static readonly Guid Boss = Guid.Parse("00000000-0000-0000-0000-0000000000a4");
    private static readonly Guid Sun = Guid.Parse("00000000-0000-0000-0000-0000000000a5");

    private static readonly Dictionary<string, Guid> Names = new() { ["张"] = Zhang, ["李"] = Li, ["王"] = Wang, ["总"] = Boss, ["孙"] = Sun, ["-"] = Guid.Empty };

    /// 张三 and 李四 sell in the leaver's team (ordinal name order: 张, 李), 王五 is in the team but no
    /// salesperson, 总监 sells in the parent department, 孙丽 in another team.
    private static List<PlannerPerson> People(int zhang, int li, int boss) =>
    [
        new(Zhang, "张三", Team, true, zhang),
        new(Li, "李四", Team, true, li),
        new(Wang, "王五", Team, false, 0),
        new(Boss, "总监", Parent, true, boss),
        new(Sun, "孙丽", Other, true, 0),
    ];

    public static TheoryData<string, int, int, int, int, bool, string> Cases => new()
    {
        // case, customers, 张's load, 李's load, 总监's load, parent team exists, expected receivers in order (- = nobody)
        { "same team, taking turns", 4, 0, 0, 0, true, "张李张李" },
        { "turns skip someone who reaches capacity", 3, 9, 0, 0, true, "张李李" },
        { "the team full: the parent team", 2, 10, 10, 0, true, "总总" },
        { "everyone full: nobody proposed", 2, 10, 10, 10, true, "--" },
        { "no parent department: nobody once the team is full", 3, 9, 9, 0, false, "张李-" },
        { "another team is never proposed", 1, 10, 10, 10, true, "-" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_plan_proposes_the_same_team_first_within_capacity_taking_turns(string @case, int customers, int zhang, int li, int boss, bool parent, string expected)
    {
        var ids = Enumerable.Range(0, customers).Select(_ => Guid.NewGuid()).ToList();
        var plan = InheritancePlanner.Propose(ids, Team, parent ? Parent : null, People(zhang, li, boss), capacity: 10);
        Assert.Equal(ids, plan.Select(p => p.CustomerId));
        var receivers = plan.Select(p => p.ReceiverId ?? Guid.Empty).ToList();
        Assert.True(expected.Select(c => Names[c.ToString()]).SequenceEqual(receivers), @case);
    }
}
