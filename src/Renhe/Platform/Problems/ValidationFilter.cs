using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Localization;
using Renhe.Platform.Localization;

namespace Renhe.Platform.Problems;

/// Validates request bodies with their DataAnnotations before the endpoint runs, so a rejected
/// request writes nothing. Messages come from our resources (the framework's are English only)
/// and name the field as the client sent it (camelCase).
public static class ValidationFilter
{
    public static EndpointFilterDelegate Factory(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var bodies = context.MethodInfo.GetParameters()
            .Select((p, i) => (p, i))
            .Where(x => IsValidatable(x.p.ParameterType))
            .Select(x => x.i)
            .ToArray();
        if (bodies.Length == 0) return next;

        return async invocation =>
        {
            var l = invocation.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<Strings>>();
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            foreach (var index in bodies)
            {
                if (invocation.Arguments[index] is { } body) Validate(body, "", l, errors, depth: 0);
            }
            if (errors.Count == 0) return await next(invocation);
            var problems = invocation.HttpContext.RequestServices.GetRequiredService<Problems>();
            var first = errors.First().Value[0];
            var problem = problems.Create(StatusCodes.Status400BadRequest, first, errors);
            return TypedResults.Problem(problem);
        };
    }

    private static bool IsValidatable(Type t) =>
        t.IsClass && t != typeof(string) && t.Namespace?.StartsWith("Renhe", StringComparison.Ordinal) == true;

    private static void Validate(object instance, string prefix, IStringLocalizer<Strings> l,
        Dictionary<string, string[]> errors, int depth)
    {
        if (depth > 5) return;
        foreach (var property in instance.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = prefix + JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            var value = property.GetValue(instance);
            var messages = property.GetCustomAttributes<ValidationAttribute>()
                .Where(a => a.GetValidationResult(value, new ValidationContext(instance) { MemberName = property.Name })
                    != ValidationResult.Success)
                .Select(a => Message(a, name, l))
                .ToArray();
            if (messages.Length > 0) errors[name] = messages;
            else if (value is not null && IsValidatable(property.PropertyType))
                Validate(value, name + ".", l, errors, depth + 1);
            else if (value is System.Collections.IEnumerable items and not string)
            {
                var i = 0;
                foreach (var item in items)
                {
                    if (item is not null && IsValidatable(item.GetType())) Validate(item, $"{name}[{i}].", l, errors, depth + 1);
                    i++;
                }
            }
        }
    }

    private static string Message(ValidationAttribute a, string field, IStringLocalizer<Strings> l) => a switch
    {
        RequiredAttribute => l["Validation.Required", field],
        StringLengthAttribute s => l["Validation.MaxLength", field, s.MaximumLength],
        MaxLengthAttribute m => l["Validation.MaxLength", field, m.Length],
        MinLengthAttribute m => l["Validation.MinLength", field, m.Length],
        RangeAttribute r => l["Validation.Range", field, r.Minimum, r.Maximum],
        _ => l["Validation.Format", field],
    };
}
