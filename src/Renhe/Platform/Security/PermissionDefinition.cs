namespace Renhe.Platform.Security;

/// A permission as a module declares it: its id (module.resource.action), whether using it needs a
/// second factor by default, and which seeded roles get it with which scope on first start.
public sealed record PermissionDefinition(
    string Id,
    bool RequiresSecondFactor = false,
    params (string Role, DataScope Scope)[] Defaults)
{
    public string Module => Id[..Id.IndexOf('.', StringComparison.Ordinal)];
}

/// Every permission the running program knows, gathered from the modules registered in Program.cs.
public sealed class PermissionCatalog
{
    private readonly Dictionary<string, PermissionDefinition> _byId = new(StringComparer.Ordinal);

    public IReadOnlyCollection<PermissionDefinition> All => _byId.Values;

    public void Add(IEnumerable<PermissionDefinition> definitions)
    {
        foreach (var d in definitions)
        {
            if (d.Id.Count(c => c == '.') != 2 || d.Id != d.Id.ToLowerInvariant())
                throw new InvalidOperationException($"Permission id '{d.Id}' must look like module.resource.action in lower case.");
            if (!_byId.TryAdd(d.Id, d))
                throw new InvalidOperationException($"Permission '{d.Id}' is declared twice.");
        }
    }

    public bool Contains(string id) => _byId.ContainsKey(id);
}

public static class PermissionCatalogExtensions
{
    public static IServiceCollection AddPermissions(this IServiceCollection services, IEnumerable<PermissionDefinition> definitions)
    {
        var catalog = services.FirstOrDefault(d => d.ServiceType == typeof(PermissionCatalog))?.ImplementationInstance as PermissionCatalog;
        if (catalog is null)
        {
            catalog = new PermissionCatalog();
            services.AddSingleton(catalog);
        }
        catalog.Add(definitions);
        return services;
    }
}
