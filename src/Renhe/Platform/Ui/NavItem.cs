using System.Security.Claims;
using Microsoft.AspNetCore.Components.Routing;

namespace Renhe.Platform.Ui;

/// A navigation entry a module contributes. It is shown only to users holding <see cref="Permission"/>.
/// <see cref="Badge"/>, when set, counts what waits for the user there (shown when above zero).
public sealed record NavItem(string TitleKey, string Href, string Icon, string Permission, int Order)
{
    public Func<IServiceProvider, ClaimsPrincipal, CancellationToken, Task<int>>? Badge { get; init; }

    /// The title key for this person when it depends on what they see (我的客户 for a salesperson
    /// who sees their own customers, 客户 for whoever sees more); <see cref="TitleKey"/> otherwise.
    public Func<Renhe.Platform.Security.UserAccess, string>? TitleFor { get; init; }

    public string TitleKeyFor(Renhe.Platform.Security.UserAccess? access) => access is not null && TitleFor is { } pick ? pick(access) : TitleKey;

    /// How the menu decides this entry is the current page. Pages below an entry keep it lit
    /// (a customer under 客户), unless another entry of the menu sits below it (沟通存档检索 under
    /// 沟通存档): then only its own address lights it, so one page never lights two entries.
    public NavLinkMatch MatchAmong(IEnumerable<NavItem> menu) =>
        Href == "/" || menu.Any(other => other.Href.StartsWith(Href.TrimEnd('/') + "/", StringComparison.OrdinalIgnoreCase))
            ? NavLinkMatch.All
            : NavLinkMatch.Prefix;
}

/// Asks the navigation to recount its badges (after a page acted on something they count).
public sealed class NavBadges
{
    public event Action? Changed;

    public void Refresh() => Changed?.Invoke();
}

public sealed class NavRegistry
{
    private readonly List<NavItem> _items = [];

    public IReadOnlyList<NavItem> Items => _items.OrderBy(i => i.Order).ToList();

    internal void Add(IEnumerable<NavItem> items) => _items.AddRange(items);
}

public static class NavRegistryExtensions
{
    public static IServiceCollection AddNavItems(this IServiceCollection services, params NavItem[] items)
    {
        var registry = services.FirstOrDefault(d => d.ServiceType == typeof(NavRegistry))?.ImplementationInstance as NavRegistry;
        if (registry is null)
        {
            registry = new NavRegistry();
            services.AddSingleton(registry);
        }
        registry.Add(items);
        return services;
    }
}
