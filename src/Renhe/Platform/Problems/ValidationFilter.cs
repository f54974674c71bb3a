using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Renhe.Platform.Validation;

namespace Renhe.Platform.Problems;

/// Runs the InputValidator on every API request before the endpoint, so a rejected request writes
/// nothing: bodies and [AsParameters] objects property by property, and query and route values
/// (text, dates, and whatever carries a validation attribute) one by one.
public static class ValidationFilter
{
    public static EndpointFilterDelegate Factory(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var isService = context.ApplicationServices.GetService<Microsoft.Extensions.DependencyInjection.IServiceProviderIsService>();
        var checkedArguments = context.MethodInfo.GetParameters()
            .Select((p, i) => (Parameter: p, Index: i, Attributes: (IReadOnlyList<Attribute>)p.GetCustomAttributes().ToList()))
            // Services injected into the handler are not input.
            .Where(x => isService?.IsService(x.Parameter.ParameterType) != true && NeedsChecking(x.Parameter, x.Attributes))
            .ToArray();
        if (checkedArguments.Length == 0) return next;

        return async invocation =>
        {
            var validator = invocation.HttpContext.RequestServices.GetRequiredService<InputValidator>();
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            foreach (var (parameter, index, attributes) in checkedArguments)
            {
                var value = invocation.Arguments[index];
                if (InputValidator.IsValidatable(parameter.ParameterType))
                {
                    if (value is not null)
                        foreach (var (field, messages) in validator.Validate(value)) errors[field] = messages;
                }
                else validator.ValidateValue(QueryName(parameter, attributes), value, attributes, errors);
            }
            if (errors.Count == 0) return await next(invocation);
            var problems = invocation.HttpContext.RequestServices.GetRequiredService<Problems>();
            return TypedResults.Problem(problems.Create(StatusCodes.Status400BadRequest, errors.First().Value[0], errors));
        };
    }

    /// The name the client sends: [FromQuery(Name = "msg_signature")] rather than the C# name.
    private static string QueryName(ParameterInfo p, IReadOnlyList<Attribute> attributes) =>
        attributes.OfType<Microsoft.AspNetCore.Http.Metadata.IFromQueryMetadata>().FirstOrDefault()?.Name ?? p.Name ?? "value";

    private static bool NeedsChecking(ParameterInfo p, IReadOnlyList<Attribute> attributes)
    {
        var type = Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType;
        return InputValidator.IsValidatable(type) || type == typeof(string) || type == typeof(DateOnly) || type == typeof(DateTime)
               || type == typeof(DateTimeOffset) || attributes.OfType<ValidationAttribute>().Any();
    }
}
