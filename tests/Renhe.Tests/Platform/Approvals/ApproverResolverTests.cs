using Renhe.Platform.Approvals;

namespace Renhe.Tests.Platform.Approvals;

/// Who approves a step, worked through on a small company:
///
///   boss (HQ) ← sales head ← team lead ← rep      (sales dept ⊃ sales team)
///   finance A (HQ), finance B (Hangzhou); left: a former manager of "orphan", who has none above.
[Trait("Category", "Unit")]
public sealed class ApproverResolverTests
{
    private static readonly Guid Hq = G(100), Hangzhou = G(101);
    private static readonly Guid SalesDept = G(200), SalesTeam = G(201), FinanceDept = G(202);
    private static readonly Guid Boss = G(1), SalesHead = G(2), TeamLead = G(3), Rep = G(4), FinanceA = G(5), FinanceB = G(6),
        Former = G(7), Orphan = G(8), HzRep = G(9);

    private static readonly OrgSnapshot Org = new(
        new Dictionary<Guid, OrgPerson>
        {
            [Boss] = new(Boss, null, SalesDept, Hq, true),
            [SalesHead] = new(SalesHead, Boss, SalesDept, Hq, true),
            [TeamLead] = new(TeamLead, SalesHead, SalesTeam, Hq, true),
            [Rep] = new(Rep, TeamLead, SalesTeam, Hq, true),
            [FinanceA] = new(FinanceA, Boss, FinanceDept, Hq, true),
            [FinanceB] = new(FinanceB, Boss, FinanceDept, Hangzhou, true),
            [Former] = new(Former, null, SalesDept, Hq, false),
            [Orphan] = new(Orphan, Former, SalesDept, Hq, true),
            [HzRep] = new(HzRep, Boss, SalesTeam, Hangzhou, true),
        },
        new Dictionary<Guid, Guid?> { [SalesDept] = null, [SalesTeam] = SalesDept, [FinanceDept] = null },
        new Dictionary<string, IReadOnlyList<Guid>>
        {
            ["finance"] = [FinanceA, FinanceB],
            ["owner"] = [Boss],
            ["nobody"] = [],
        });

    public static TheoryData<string, ApprovalStep, Guid, Guid[], string?> Resolution => new()
    {
        { "direct manager", Step(ApproverKind.DirectManager), Rep, [TeamLead], null },
        { "two levels up", Step(ApproverKind.ManagerLevelsUp, levels: 2), Rep, [SalesHead], null },
        { "three levels up", Step(ApproverKind.ManagerLevelsUp, levels: 3), Rep, [Boss], null },
        { "more levels than the chain has", Step(ApproverKind.ManagerLevelsUp, levels: 5), Rep, [], ApproverResolver.SkipNoApprover },
        { "no manager at all", Step(ApproverKind.DirectManager), Boss, [], ApproverResolver.SkipNoApprover },
        { "a manager who left is passed over, nobody above", Step(ApproverKind.DirectManager), Orphan, [], ApproverResolver.SkipNoApprover },
        { "role: the requester's branch first", Step(ApproverKind.RoleInScope, role: "finance"), HzRep, [FinanceB], null },
        { "role: head office", Step(ApproverKind.RoleInScope, role: "finance"), Rep, [FinanceA], null },
        { "role nobody holds", Step(ApproverKind.RoleInScope, role: "nobody"), Rep, [], ApproverResolver.SkipNoApprover },
        { "role held only by the requester", Step(ApproverKind.RoleInScope, role: "owner"), Boss, [], ApproverResolver.SkipSelf },
        { "role: the other holder when the requester holds it too", Step(ApproverKind.RoleInScope, role: "finance"), FinanceA, [FinanceB], null },
        { "named person", Step(ApproverKind.NamedPerson, employee: FinanceB), Rep, [FinanceB], null },
        { "named person who left", Step(ApproverKind.NamedPerson, employee: Former), Rep, [], ApproverResolver.SkipNoApprover },
        { "named person is the requester", Step(ApproverKind.NamedPerson, employee: Rep), Rep, [], ApproverResolver.SkipSelf },
    };

    [Theory]
    [MemberData(nameof(Resolution))]
    public void Resolves_the_approvers_of_a_step(string because, ApprovalStep step, Guid requester, Guid[] expected, string? skipReason)
    {
        var person = Org.People[requester];
        var resolved = ApproverResolver.ResolveStep(step, new ApprovalSubject(requester, person.DepartmentId, person.BranchId, 100m), Org);
        Assert.True(expected.SequenceEqual(resolved.ApproverEmployeeIds), because);
        Assert.Equal(skipReason, resolved.SkipReason);
    }

    public static TheoryData<string, decimal?, Guid[], decimal?, bool> Conditions => new()
    {
        { "no conditions", null, [], 10m, true },
        { "amount above the threshold", 50_000m, [], 50_000.01m, true },
        { "amount exactly at the threshold", 50_000m, [], 50_000m, false },
        { "amount below", 50_000m, [], 100m, false },
        { "no amount at all", 0m, [], null, false },
        { "department listed", null, [SalesTeam], 10m, true },
        { "parent department listed covers sub-departments", null, [SalesDept], 10m, true },
        { "other department", null, [FinanceDept], 10m, false },
        { "both conditions must hold", 1_000m, [SalesDept], 500m, false },
        { "both conditions hold", 1_000m, [SalesDept], 5_000m, true },
    };

    [Theory]
    [MemberData(nameof(Conditions))]
    public void Conditions_decide_whether_a_step_applies(string because, decimal? amountAbove, Guid[] departments, decimal? amount, bool applies)
    {
        var step = Step(ApproverKind.DirectManager);
        step.AmountAbove = amountAbove;
        step.DepartmentIds = [.. departments];
        Assert.True(applies == ApproverResolver.Applies(step, new ApprovalSubject(Rep, SalesTeam, Hq, amount), Org), because);
    }

    [Fact]
    public void Steps_whose_conditions_fail_are_left_out_and_the_rest_keep_their_order()
    {
        ApprovalStep[] flow =
        [
            Step(ApproverKind.DirectManager, name: "主管"),
            Step(ApproverKind.RoleInScope, role: "finance", name: "财务"),
            new() { Name = "老板", Kind = ApproverKind.RoleInScope, Role = "owner", AmountAbove = 50_000m },
        ];
        var small = ApproverResolver.Resolve(flow, new ApprovalSubject(Rep, SalesTeam, Hq, 8_000m), Org);
        Assert.Equal(["主管", "财务"], small.Select(s => s.Name));
        var large = ApproverResolver.Resolve(flow, new ApprovalSubject(Rep, SalesTeam, Hq, 80_000m), Org);
        Assert.Equal(["主管", "财务", "老板"], large.Select(s => s.Name));
        Assert.Equal([Boss], large[2].ApproverEmployeeIds);
    }

    private static ApprovalStep Step(ApproverKind kind, int levels = 1, string? role = null, Guid? employee = null, string name = "step") =>
        new() { Name = name, Kind = kind, Levels = levels, Role = role, EmployeeId = employee };

    private static Guid G(int n) => new($"00000000-0000-0000-0000-{n:000000000000}");
}
