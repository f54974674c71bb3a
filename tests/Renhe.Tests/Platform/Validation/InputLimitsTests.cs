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
        var inputs = EndpointInputs.Of(factory.Services);
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var input in inputs)
            if (Unbounded(input.Type, input.Attributes) is { } problem) missing.Add($"{input.Owner}.{input.Name}: {problem}");
        Assert.True(inputs.Count > 30, $"only {inputs.Count} input fields found: is the endpoint walk broken?");
        Assert.True(missing.Count == 0, "Fields without a bound (use FieldLimits):\n" + string.Join('\n', missing));
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
        if (EndpointInputs.ElementType(type) is { } element)
        {
            if (!attributes.Any(a => a is MaxLengthAttribute)) return "list without [MaxLength]";
            if (element == typeof(string) && !attributes.Any(a => a is ItemMaxLengthAttribute)) return "texts without [ItemMaxLength]";
        }
        return null;
    }
}
