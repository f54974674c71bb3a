using System.Linq.Expressions;
using Renhe.Platform.Security;

namespace Renhe.Tests.Platform.Security;

/// VisibleTo, the one place data scope becomes a filter, worked through on a small company:
/// two branches, a sales department with a sub-team, and a service department.
[Trait("Category", "Unit")]
public sealed class DataScopeTests
{
    private static readonly Guid Shenzhen = Guid.NewGuid(), Hangzhou = Guid.NewGuid();
    private static readonly Guid Sales = Guid.NewGuid(), SalesTeamA = Guid.NewGuid(), Service = Guid.NewGuid(), HzOps = Guid.NewGuid();
    private static readonly Guid Manager = Guid.NewGuid(), Seller = Guid.NewGuid(), SubSeller = Guid.NewGuid(),
        Agent = Guid.NewGuid(), HzLead = Guid.NewGuid();

    private static readonly Row[] Rows =
    [
        new("manager", Manager, Sales, Shenzhen),
        new("seller", Seller, Sales, Shenzhen),
        new("sub-seller", SubSeller, SalesTeamA, Shenzhen),
        new("agent", Agent, Service, Shenzhen),
        new("hz-lead", HzLead, HzOps, Hangzhou),
        new("unowned", null, null, Shenzhen),
    ];

    public static TheoryData<string, DataScope?, string[]> Cases => new()
    {
        // who (employee, managed departments, branch), granted scope → rows seen
        { "seller", DataScope.Self, ["seller"] },
        { "seller", null, [] },
        { "seller", DataScope.Team, ["seller"] },                 // manages nothing: only own rows
        { "manager", DataScope.Team, ["manager", "seller", "sub-seller"] }, // sub-departments included
        { "manager", DataScope.Self, ["manager"] },
        { "manager", DataScope.Branch, ["manager", "seller", "sub-seller", "agent", "unowned"] },
        { "hz-lead", DataScope.Branch, ["hz-lead"] },
        { "hz-lead", DataScope.All, ["manager", "seller", "sub-seller", "agent", "hz-lead", "unowned"] },
        { "no-employee", DataScope.Self, [] },                   // an account without an employee owns nothing
        { "no-employee", DataScope.Branch, [] },
        { "no-employee", DataScope.All, ["manager", "seller", "sub-seller", "agent", "hz-lead", "unowned"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void VisibleTo_returns_the_rows_the_scope_reaches(string who, DataScope? scope, string[] expected)
    {
        var access = AccessFor(who, scope);
        var seen = Rows.AsQueryable().VisibleTo(access, "test.row.read").Select(r => r.Name).ToArray();
        Assert.Equal(expected.Order(), seen.Order());
    }

    [Fact]
    public void A_grant_for_another_permission_does_not_open_this_one()
    {
        var access = new UserAccess(Guid.NewGuid(), Seller, Shenzhen, [],
            new Dictionary<string, DataScope> { ["test.other.read"] = DataScope.All });
        Assert.Empty(Rows.AsQueryable().VisibleTo(access, "test.row.read"));
    }

    private static UserAccess AccessFor(string who, DataScope? scope)
    {
        var grants = scope is { } s ? new Dictionary<string, DataScope> { ["test.row.read"] = s } : new Dictionary<string, DataScope>();
        return who switch
        {
            "seller" => new UserAccess(Guid.NewGuid(), Seller, Shenzhen, [], grants),
            "manager" => new UserAccess(Guid.NewGuid(), Manager, Shenzhen, [Sales, SalesTeamA], grants),
            "hz-lead" => new UserAccess(Guid.NewGuid(), HzLead, Hangzhou, [HzOps], grants),
            _ => new UserAccess(Guid.NewGuid(), null, null, [], grants),
        };
    }

    public sealed record Row(string Name, Guid? Owner, Guid? Department, Guid? Branch) : IDataScoped<Row>
    {
        public static Expression<Func<Row, Guid?>> ScopeOwner => r => r.Owner;
        public static Expression<Func<Row, Guid?>> ScopeDepartment => r => r.Department;
        public static Expression<Func<Row, Guid?>> ScopeBranch => r => r.Branch;
    }
}
