using Renhe.Modules.Sales.Customers;
using Renhe.Platform.Security;

namespace Renhe.Tests.Platform.Security;

[Trait("Category", "Unit")]
public sealed class PermissionCatalogTests
{
    [Theory]
    [InlineData("sales.customer.reveal", true)]
    [InlineData("platform.api-docs.read", true)]
    [InlineData("sales.customer", false)]
    [InlineData("Sales.Customer.Reveal", false)]
    [InlineData("a.b.c.d", false)]
    public void Ids_must_be_module_resource_action_in_lower_case(string id, bool valid)
    {
        var catalog = new PermissionCatalog();
        var add = () => catalog.Add([new PermissionDefinition(id)]);
        if (valid) add();
        else Assert.Throws<InvalidOperationException>(add);
    }

    [Fact]
    public void A_permission_cannot_be_declared_twice()
    {
        var catalog = new PermissionCatalog();
        catalog.Add([new PermissionDefinition("org.employee.read")]);
        Assert.Throws<InvalidOperationException>(() => catalog.Add([new PermissionDefinition("org.employee.read")]));
    }
}
