using Microsoft.AspNetCore.Components;

namespace Renhe.Platform.Ui;

/// A component a module wraps around every page of the main layout. It receives the page as
/// <c>ChildContent</c> and may show something else first — the monitoring notice a person must
/// acknowledge before using Renhe (ADR 0009). Registered like nav items, in the module's AddX().
public sealed class LayoutGateRegistry
{
    private readonly List<Type> _gates = [];

    public IReadOnlyList<Type> Gates => _gates;

    internal void Add(Type component)
    {
        if (!typeof(IComponent).IsAssignableFrom(component))
            throw new InvalidOperationException($"{component} is not a component.");
        _gates.Add(component);
    }
}

public static class LayoutGateRegistryExtensions
{
    public static IServiceCollection AddLayoutGate<TComponent>(this IServiceCollection services) where TComponent : IComponent
    {
        var registry = services.FirstOrDefault(d => d.ServiceType == typeof(LayoutGateRegistry))?.ImplementationInstance as LayoutGateRegistry;
        if (registry is null)
        {
            registry = new LayoutGateRegistry();
            services.AddSingleton(registry);
        }
        registry.Add(typeof(TComponent));
        return services;
    }
}
