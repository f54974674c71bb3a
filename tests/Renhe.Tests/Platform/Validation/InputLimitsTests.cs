using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Platform.Validation;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Platform.Validation;

/// Every field an API request carries has a bound (FieldLimits): text a length, lists a size,
/// numbers a range, dates the window of their kind. Walks the endpoints the application really
/// maps, so a new module's inputs are held to it without anyone listing them.
public sealed class InputLimitsTests(SqliteRenheFactory factory) : IClassFixture<SqliteRenheFactory>
{
    [Fact]
    public void Every_input_field_of_every_endpoint_has_a_bound()
    {
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
            .ToList();
        var isService = factory.Services.GetRequiredService<IServiceProviderIsService>();
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<Type>();
        var inputs = 0;
        foreach (var endpoint in endpoints)
        {
            var method = endpoint.Metadata.GetMetadata<MethodInfo>();
            if (method is null) continue;
            foreach (var p in method.GetParameters())
            {
                var type = p.ParameterType;
                if (isService.IsService(type) || type == typeof(CancellationToken) || type.Namespace?.StartsWith("Microsoft", StringComparison.Ordinal) == true) continue;
                if (InputValidator.IsValidatable(type))
                {
                    if (seen.Add(type)) inputs += CheckType(type, missing, seen);
                    continue;
                }
                // Route values are constrained by the route ({id:guid}); query values need their own bound.
                if (endpoint.RoutePattern.Parameters.Any(r => r.Name == p.Name)) continue;
                var problem = Unbounded(p.ParameterType, p.GetCustomAttributes().ToList());
                if (problem is not null) missing.Add($"{endpoint.RoutePattern.RawText} ?{p.Name}: {problem}");
            }
        }
        Assert.True(inputs > 30, $"only {inputs} input fields found: is the endpoint walk broken?");
        Assert.True(missing.Count == 0, "Fields without a bound (use FieldLimits):\n" + string.Join('\n', missing));
    }

    private static int CheckType(Type type, SortedSet<string> missing, HashSet<Type> seen)
    {
        var ctorAttributes = type.GetConstructors().SelectMany(c => c.GetParameters())
            .GroupBy(p => p.Name!).ToDictionary(g => g.Key, g => g.SelectMany(p => p.GetCustomAttributes()).ToList());
        var count = 0;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanWrite && !ctorAttributes.ContainsKey(property.Name)) continue;
            count++;
            var attributes = property.GetCustomAttributes().Concat(ctorAttributes.GetValueOrDefault(property.Name) ?? []).ToList();
            var problem = Unbounded(property.PropertyType, attributes);
            if (problem is not null) missing.Add($"{type.Name}.{property.Name}: {problem}");
            var element = ElementType(property.PropertyType);
            if (element is not null && InputValidator.IsValidatable(element) && seen.Add(element)) count += CheckType(element, missing, seen);
            else if (InputValidator.IsValidatable(property.PropertyType) && seen.Add(property.PropertyType)) count += CheckType(property.PropertyType, missing, seen);
        }
        return count;
    }

    private static string? Unbounded(Type type, IReadOnlyList<Attribute> attributes)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
            return attributes.Any(a => a is MaxLengthAttribute or StringLengthAttribute) ? null : "text without [MaxLength]";
        if (type == typeof(DateOnly) || type == typeof(DateTime) || type == typeof(DateTimeOffset))
            return attributes.Any(a => a is DateWindowAttribute) ? null : "date without [DateWindow]";
        if (type == typeof(int) || type == typeof(long) || type == typeof(decimal) || type == typeof(double) || type == typeof(short))
            return attributes.Any(a => a is RangeAttribute or YuanAttribute or PercentAttribute) ? null : "number without a range";
        if (ElementType(type) is { } element)
        {
            if (!attributes.Any(a => a is MaxLengthAttribute)) return "list without [MaxLength]";
            if (element == typeof(string) && !attributes.Any(a => a is ItemMaxLengthAttribute)) return "texts without [ItemMaxLength]";
        }
        return null;
    }

    private static Type? ElementType(Type type)
    {
        if (type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type)) return null;
        if (type.IsArray) return type.GetElementType();
        return type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
    }
}
