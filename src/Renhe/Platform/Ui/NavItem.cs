namespace Renhe.Platform.Ui;

/// A navigation entry a module contributes. It is shown only to users holding <see cref="Permission"/>.
public sealed record NavItem(string TitleKey, string Href, string Icon, string Permission, int Order);

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
