using Renhe.Modules.Sales;
using Renhe.Platform.Security;

namespace Renhe.Tests.Modules.Sales;

/// The customer list is called what it holds: 我的客户 for a salesperson, 客户 for whoever sees more
/// (the owner's 524 customers are not "his").
public sealed class SalesPermissionsTests
{
    [Theory]
    [InlineData(DataScope.Self, "Nav.Customers")]
    [InlineData(DataScope.Team, "Nav.CustomersAll")]
    [InlineData(DataScope.Branch, "Nav.CustomersAll")]
    [InlineData(DataScope.All, "Nav.CustomersAll")]
    public void The_customer_list_is_named_by_the_scope_it_shows(DataScope scope, string key)
    {
        var access = new UserAccess(Guid.NewGuid(), Guid.NewGuid(), null, [],
            new Dictionary<string, DataScope> { [SalesPermissions.CustomerRead] = scope });
        Assert.Equal(key, SalesPermissions.CustomersTitleKey(access, "Nav.Customers", "Nav.CustomersAll"));
    }
}
