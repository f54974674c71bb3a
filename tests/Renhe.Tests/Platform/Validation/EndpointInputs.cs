using System.Collections;
using System.Reflection;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Platform.Validation;

namespace Renhe.Tests.Platform.Validation;

/// One field an API request carries: a property of a body or [AsParameters] type (Owner is its
/// type's name), or a query parameter (Owner is the route).
public sealed record EndpointInput(string Owner, string Name, Type Type, IReadOnlyList<Attribute> Attributes);

/// Walks the endpoints the application really maps, so a new module's inputs are checked without
/// anyone listing them.
public static class EndpointInputs
{
    public static IReadOnlyList<EndpointInput> Of(IServiceProvider services)
    {
        var endpoints = services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
            .ToList();
        var isService = services.GetRequiredService<IServiceProviderIsService>();
        var found = new List<EndpointInput>();
        var seen = new HashSet<Type>();
        foreach (var endpoint in endpoints)
        {
            var method = endpoint.Metadata.GetMetadata<MethodInfo>();
            if (method is null) continue;
            foreach (var p in method.GetParameters())
            {
                var type = p.ParameterType;
                if (isService.IsService(type) || type == typeof(CancellationToken) || type == typeof(System.Security.Claims.ClaimsPrincipal)
                    || type.Namespace?.StartsWith("Microsoft", StringComparison.Ordinal) == true) continue;
                if (InputValidator.IsValidatable(type))
                {
                    if (seen.Add(type)) Walk(type, found, seen);
                    continue;
                }
                // Route values are constrained by the route ({id:guid}) and named by the page's address.
                if (endpoint.RoutePattern.Parameters.Any(r => r.Name == p.Name)) continue;
                found.Add(new EndpointInput(endpoint.RoutePattern.RawText + " ?", p.Name!, p.ParameterType, p.GetCustomAttributes().ToList()));
            }
        }
        return found;
    }

    private static void Walk(Type type, List<EndpointInput> found, HashSet<Type> seen)
    {
        var ctorAttributes = type.GetConstructors().SelectMany(c => c.GetParameters())
            .GroupBy(p => p.Name!).ToDictionary(g => g.Key, g => g.SelectMany(p => p.GetCustomAttributes()).ToList());
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanWrite && !ctorAttributes.ContainsKey(property.Name)) continue;
            var attributes = property.GetCustomAttributes().Concat(ctorAttributes.GetValueOrDefault(property.Name) ?? []).ToList();
            found.Add(new EndpointInput(type.Name, System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(property.Name), property.PropertyType, attributes));
            var element = ElementType(property.PropertyType);
            if (element is not null && InputValidator.IsValidatable(element) && seen.Add(element)) Walk(element, found, seen);
            else if (InputValidator.IsValidatable(property.PropertyType) && seen.Add(property.PropertyType)) Walk(property.PropertyType, found, seen);
        }
    }

    public static Type? ElementType(Type type)
    {
        if (type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type)) return null;
        if (type.IsArray) return type.GetElementType();
        return type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
    }
}
