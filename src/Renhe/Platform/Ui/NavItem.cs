using System.Security.Claims;

namespace Renhe.Platform.Ui;

/// A navigation entry a module contributes. It is shown only to users holding <see cref="Permission"/>.
/// <see cref="Badge"/>, when set, counts what waits for the user there (shown when above zero).
public sealed record NavItem(string TitleKey, string Href, string Icon, string Permission, int Order)
{
    public Func<IServiceProvider, ClaimsPrincipal, CancellationToken, Task<int>>? Badge { get; init; }
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
