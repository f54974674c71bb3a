using Microsoft.AspNetCore.Components.Routing;
using Renhe.Platform.Ui;

namespace Renhe.Tests.Platform.Ui;

/// One page lights one menu entry: 沟通存档检索 does not light 沟通存档 as well.
public sealed class NavItemTests
{
    private static NavItem Item(string href) => new("Nav.X", href, "", "p", 0);

    private static readonly NavItem[] Menu =
        [Item("/"), Item("/risk/archive"), Item("/risk/archive/search"), Item("/sales/customers"), Item("/sales/pool")];

    [Theory]
    [InlineData("/", NavLinkMatch.All)]                      // the home page would match everything
    [InlineData("/risk/archive", NavLinkMatch.All)]          // an entry lies below it
    [InlineData("/risk/archive/search", NavLinkMatch.Prefix)]
    [InlineData("/sales/customers", NavLinkMatch.Prefix)]    // a customer's page keeps 客户 lit
    [InlineData("/sales/pool", NavLinkMatch.Prefix)]
    public void An_entry_with_another_below_it_lights_only_for_its_own_page(string href, NavLinkMatch expected) =>
        Assert.Equal(expected, Menu.Single(i => i.Href == href).MatchAmong(Menu));

    [Fact]
    public void A_similar_prefix_is_not_an_entry_below()
    {
        NavItem[] menu = [Item("/sales/customers"), Item("/sales/customers-archive")];
        Assert.Equal(NavLinkMatch.Prefix, menu[0].MatchAmong(menu));
    }
}
