using Renhe.Modules.Integrations.WeCom.Directory;
using Renhe.Modules.Org.Employees;

namespace Renhe.Tests.Modules.Integrations.WeCom.Directory;

/// The matching rules as worked examples: one member against a small staff, and what the sync decides.
public sealed class DirectoryMatcherTests
{
    private static readonly Guid Zhang = Guid.Parse("00000000-0000-0000-0000-000000000001");
    private static readonly Guid Li = Guid.Parse("00000000-0000-0000-0000-000000000002");
    private static readonly Guid Wang = Guid.Parse("00000000-0000-0000-0000-000000000003");
    private static readonly Guid Left = Guid.Parse("00000000-0000-0000-0000-000000000004");

    // 张 and 李 share a mobile (a family phone typed twice), 王 has his own, 韩 has left.
    private static EmployeeCandidate[] Staff(string? zhangUserId = null, string? wangUserId = null) =>
    [
        new(Zhang, "E0001", EmploymentStatus.Active, "13800000001", zhangUserId),
        new(Li, "E0002", EmploymentStatus.Probation, "13800000001", null),
        new(Wang, "E0003", EmploymentStatus.Active, "13900000003", wangUserId),
        new(Left, "E0004", EmploymentStatus.Left, "13700000004", null),
    ];

    public static TheoryData<string, string, string?, string?, string?, MemberMatch?, MemberMatch, string?, bool> Cases => new()
    {
        // case, member user id, member mobile, 张's user id, 王's user id, previous match (linked to 王 when set), expected match, expected employee, new link
        { "mobile matches exactly one employee", "wangwu", "+86 139-0000-0003", null, null, null, MemberMatch.Mobile, "王", true },
        { "mobile matches two employees: ambiguous, nobody linked", "zhang", "13800000001", null, null, null, MemberMatch.Ambiguous, null, false },
        { "no mobile: employee number equals the user id", "e0003", null, null, null, null, MemberMatch.EmployeeNumber, "王", true },
        { "mobile of nobody, number of nobody: unmatched", "stranger", "13600000000", null, null, null, MemberMatch.Unmatched, null, false },
        { "an employee who left is never matched", "hanmei", "13700000004", null, null, null, MemberMatch.Unmatched, null, false },
        { "an employee already carrying another id is not taken", "wang2", "13900000003", null, "wangwu", null, MemberMatch.Unmatched, null, false },
        { "the employee already carries the id: kept as it was set", "wangwu", "13600000000", null, "wangwu", null, MemberMatch.Existing, "王", false },
        { "a hand link is kept whatever the mobile says", "wangwu", "13800000001", null, "wangwu", MemberMatch.Manual, MemberMatch.Manual, "王", false },
        { "a hand unlink is kept: no automatic link", "wangwu", "13900000003", null, null, MemberMatch.ManualUnlinked, MemberMatch.ManualUnlinked, null, false },
        { "a hand link whose id was taken off the employee stays unlinked", "wangwu", "13900000003", null, null, MemberMatch.Manual, MemberMatch.ManualUnlinked, null, false },
        { "an earlier mobile link keeps its method", "wangwu", "13900000003", null, "wangwu", MemberMatch.Mobile, MemberMatch.Mobile, "王", false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_member_is_linked_only_when_exactly_one_employee_matches(string @case, string userId, string? mobile, string? zhangUserId,
        string? wangUserId, MemberMatch? previous, MemberMatch expected, string? expectedEmployee, bool newLink)
    {
        var before = previous is { } p
            ? new Dictionary<string, PreviousLink> { [userId] = new(p is MemberMatch.ManualUnlinked ? null : Wang, p) }
            : new Dictionary<string, PreviousLink>();
        var link = Assert.Single(DirectoryMatcher.Match([new MemberCandidate(userId, PersonalData.NormalisePhone(mobile))], Staff(zhangUserId, wangUserId), before));
        var employee = expectedEmployee switch { "王" => Wang, "张" => Zhang, _ => (Guid?)null };
        Assert.True((expected, employee, newLink) == (link.Match, link.EmployeeId, link.IsNewLink), $"{@case}: got {link.Match} {link.EmployeeId} {link.IsNewLink}");
    }

    [Fact]
    public void Ambiguous_candidates_are_named_for_the_administrator()
    {
        var link = Assert.Single(DirectoryMatcher.Match([new MemberCandidate("zhang", "13800000001")], Staff(), new Dictionary<string, PreviousLink>()));
        Assert.Equal([Zhang, Li], link.Candidates.Order());
    }

    [Fact]
    public void Two_members_claiming_one_employee_link_neither()
    {
        // One by mobile, the other by employee number: 王 cannot be both.
        var links = DirectoryMatcher.Match([new MemberCandidate("wangwu", "13900000003"), new MemberCandidate("E0003", null)], Staff(),
            new Dictionary<string, PreviousLink>());
        Assert.All(links, l => Assert.Equal((MemberMatch.Ambiguous, (Guid?)null), (l.Match, l.EmployeeId)));
    }
}
