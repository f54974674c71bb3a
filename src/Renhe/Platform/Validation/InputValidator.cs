using System.Collections;
using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Localization;
using Renhe.Platform.Formatting;
using Renhe.Platform.Localization;
using Renhe.Platform.Problems;

namespace Renhe.Platform.Validation;

/// Checks an input against its DataAnnotations and the rules every field has without saying so:
/// no control characters in text (line breaks only where [MultilineText] allows them), no text
/// that is blank but for invisible characters, no number an enum does not name, and every date inside its window (DateKind.Any
/// unless the field names its kind). The API runs it on every request before the endpoint
/// (ValidationFilter); pages and services call <see cref="EnsureValid"/> for the same checks, so
/// a rejected input writes nothing whichever way it came. Messages are ours (the framework's are
/// English only) and name the field as the page names it (<see cref="Label"/>: 跟进内容, not
/// "notes"); the error's key stays the field as the client sends it (camelCase).
public sealed class InputValidator(IStringLocalizer<Strings> l, TimeProvider time, IServiceProvider services)
{
    private const int MaxDepth = 5;

    /// Field → messages; empty when the input is acceptable.
    public Dictionary<string, string[]> Validate(object input)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        ValidateObject(input, "", "", errors, 0);
        return errors;
    }

    /// Throws a 400 naming every field at fault.
    public void EnsureValid(object input)
    {
        var errors = Validate(input);
        if (errors.Count > 0) throw new InvalidInputException(errors);
    }

    /// One value that is not an object of ours: a query or route parameter.
    public void ValidateValue(string name, object? value, IReadOnlyList<Attribute> attributes, Dictionary<string, string[]> errors)
    {
        var label = Label(name, attributes);
        var messages = Check(label, value, attributes, new ValidationContext(value ?? name, services, null) { MemberName = name }).ToArray();
        if (messages.Length > 0) errors[name] = messages;
        else if (value is not null && IsValidatable(value.GetType())) ValidateObject(value, name + ".", label + " · ", errors, 1);
    }

    /// Objects of our own types are walked property by property; strings and framework types are values.
    public static bool IsValidatable(Type t) =>
        t.IsClass && t != typeof(string) && t.Namespace?.StartsWith("Renhe", StringComparison.Ordinal) == true;

    private void ValidateObject(object instance, string prefix, string labelPrefix, Dictionary<string, string[]> errors, int depth)
    {
        if (depth > MaxDepth) return;
        foreach (var field in FieldsOf(instance.GetType()))
        {
            var name = prefix + field.Name;
            var label = labelPrefix + Label(field.Name, field.Attributes);
            var value = field.Property.GetValue(instance);
            // A reference the type declares non-nullable is required, as if it said [Required]: a
            // `null` sent for it would otherwise reach the service as a NullReferenceException.
            var messages = value is null && field.NonNullable
                ? [l["Validation.Required", label].Value]
                : Check(label, value, field.Attributes, new ValidationContext(instance, services, null) { MemberName = field.Property.Name }).ToArray();
            if (messages.Length > 0)
            {
                errors[name] = messages;
                continue;
            }
            if (value is null || value is string) continue;
            if (IsValidatable(value.GetType())) ValidateObject(value, name + ".", label + " · ", errors, depth + 1);
            else if (value is IEnumerable items)
            {
                var i = 0;
                foreach (var item in items)
                {
                    var itemLabel = l["Validation.Item", label, i + 1].Value;
                    // No list an input carries means "nothing" by a null item (a null tag, a null line).
                    if (item is null) errors[$"{name}[{i}]"] = [l["Validation.Required", itemLabel].Value];
                    else if (item is string text)
                    {
                        if (TextMessage(itemLabel, text, multiline: false, required: false) is { } m) errors[$"{name}[{i}]"] = [m];
                    }
                    else if (IsValidatable(item.GetType())) ValidateObject(item, $"{name}[{i}].", itemLabel + " · ", errors, depth + 1);
                    i++;
                }
            }
        }
    }

    /// The field as people see it on the page: the resource its [Display(Name = "…")] names, else
    /// the shared "Field.&lt;name&gt;" resource (one vocabulary for every form), else the name as sent.
    /// InputLabelsTests holds every endpoint's fields to having one in both languages.
    public string Label(string name, IReadOnlyList<Attribute> attributes)
    {
        if (LabelKey(name, attributes) is { } key && l[key] is { ResourceNotFound: false } text) return text.Value;
        return name;
    }

    /// The resource key a field's label comes from.
    public static string? LabelKey(string name, IReadOnlyList<Attribute> attributes) =>
        attributes.OfType<DisplayAttribute>().FirstOrDefault()?.Name ?? (name.Length > 0 ? "Field." + name : null);

    private IEnumerable<string> Check(string name, object? value, IReadOnlyList<Attribute> attributes, ValidationContext context)
    {
        var declared = attributes.OfType<ValidationAttribute>().ToList();
        var failed = declared.Where(a => a.GetValidationResult(value, context) != ValidationResult.Success).ToList();
        foreach (var a in failed) yield return Message(a, name);
        if (failed.Count > 0) yield break;

        if (value is string text
            && TextMessage(name, text, attributes.OfType<MultilineTextAttribute>().Any(), declared.OfType<RequiredAttribute>().Any()) is { } problem)
            yield return problem;
        // A number the enum does not name ("kind": 99) would reach a switch that has no arm for it.
        else if (value is Enum e && !Enum.IsDefined(e.GetType(), e))
            yield return l["Validation.Format", name];
        else if (DateWindows.DateOf(value) is { } date && !declared.OfType<DateWindowAttribute>().Any()
                 && !DateWindows.Contains(DateKind.Any, DateWindows.Today(time), date))
            yield return WindowMessage(name, DateKind.Any);
    }

    private string? TextMessage(string name, string text, bool multiline, bool required) => TextRules.Check(text, multiline) switch
    {
        TextProblem.ControlCharacters => l["Validation.ControlCharacters", name].Value,
        TextProblem.Invisible => (required ? l["Validation.Required", name] : l["Validation.Invisible", name]).Value,
        _ => null,
    };

    private string WindowMessage(string name, DateKind kind)
    {
        var (from, to) = DateWindows.For(kind, DateWindows.Today(time));
        return l["Validation.DateWindow", name, from.ToString("yyyy-MM-dd"), to.ToString("yyyy-MM-dd")];
    }

    private string Message(ValidationAttribute a, string field) => a switch
    {
        RequiredAttribute => l["Validation.Required", field],
        StringLengthAttribute s => l["Validation.MaxLength", field, s.MaximumLength],
        MaxLengthAttribute m => l["Validation.MaxLength", field, m.Length],
        MinLengthAttribute m => l["Validation.MinLength", field, m.Length],
        RangeAttribute r => l["Validation.Range", field, r.Minimum, r.Maximum],
        DateWindowAttribute w => WindowMessage(field, w.Kind),
        YuanAttribute y => l["Validation.Yuan", field, MoneyFormat.Format(y.MinFen), MoneyFormat.Format(y.MaxFen)],
        PercentAttribute => l["Validation.Percent", field],
        ItemMaxLengthAttribute i => l["Validation.ItemMaxLength", field, i.Length],
        _ => l["Validation.Format", field],
    };

    private sealed record Field(PropertyInfo Property, string Name, IReadOnlyList<Attribute> Attributes, bool NonNullable);

    private static readonly ConcurrentDictionary<Type, Field[]> Fields = new();

    /// A type's public properties with their attributes; for a positional record the attributes
    /// written on the constructor's parameters count too (`record R([Required] string Name)`).
    private static Field[] FieldsOf(Type type) => Fields.GetOrAdd(type, t =>
    {
        var parameters = t.GetConstructors().SelectMany(c => c.GetParameters())
            .Where(p => p.Name is not null)
            .GroupBy(p => p.Name!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.SelectMany(p => p.GetCustomAttributes()).ToList(), StringComparer.Ordinal);
        var nullability = new NullabilityInfoContext();
        return t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.CanRead)
            .Select(p => new Field(p, JsonNamingPolicy.CamelCase.ConvertName(p.Name),
                p.GetCustomAttributes().Concat(parameters.GetValueOrDefault(p.Name) ?? []).Distinct().ToList(),
                !p.PropertyType.IsValueType && nullability.Create(p).ReadState == NullabilityState.NotNull))
            .ToArray();
    });
}

/// Input refused by <see cref="InputValidator"/>: a 400 with every field at fault. A page shows
/// the first message (Fallback), the API all of them.
public sealed class InvalidInputException : DomainException
{
    public InvalidInputException(IReadOnlyDictionary<string, string[]> errors) : base("Validation.Invalid")
    {
        Errors = errors;
        Field = errors.Keys.First();
        Fallback = errors.Values.First()[0];
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; }
}
