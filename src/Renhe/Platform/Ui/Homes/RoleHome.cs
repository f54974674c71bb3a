namespace Renhe.Platform.Ui.Homes;

/// The page a role starts its day on: the salesperson 今日, the sales manager 团队看板, HR the
/// employee list. A module declares the homes of the roles it serves with
/// <see cref="RoleHomeExtensions.AddRoleHome"/>; the home page sends each person to theirs
/// (<see cref="HomeService"/>). <see cref="Permission"/> must be held for the home to count, so a
/// role an administrator stripped of that page falls back to the next home or the welcome page.
public sealed record RoleHome(string Role, string Href, string TitleKey, string Permission, string Icon);

public sealed class RoleHomeRegistry
{
    private readonly List<RoleHome> _homes = [];

    public IReadOnlyList<RoleHome> Homes => _homes;

    internal void Add(RoleHome home)
    {
        if (_homes.Any(h => h.Role == home.Role))
            throw new InvalidOperationException($"Role {home.Role} already has a home ({_homes.First(h => h.Role == home.Role).Href}).");
        _homes.Add(home);
    }
}

public static class RoleHomeExtensions
{
    public static IServiceCollection AddRoleHome(this IServiceCollection services, string role, string href, string titleKey, string permission, string icon)
    {
        var registry = services.FirstOrDefault(d => d.ServiceType == typeof(RoleHomeRegistry))?.ImplementationInstance as RoleHomeRegistry;
        if (registry is null)
        {
            registry = new RoleHomeRegistry();
            services.AddSingleton(registry);
            services.AddScoped<HomeService>();
        }
        registry.Add(new RoleHome(role, href, titleKey, permission, icon));
        return services;
    }
}
