using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.Localization;
using Renhe.Platform.Localization;

namespace Renhe.Platform.Validation;

/// Whether a form field is required, read from the input type the service validates, so a page
/// marks it (Required="@RequiredFields.Of&lt;FollowUpInput&gt;(nameof(FollowUpInput.Notes))") before
/// the user fails it, and the mark never disagrees with the rule. Its message is the service's own
/// ("跟进内容不能为空。"), naming the field by the page's label: RequiredError="@L.RequiredError(labelKey)".
public static class RequiredFields
{
    public static bool Of<T>(string property)
    {
        var p = typeof(T).GetProperty(property, BindingFlags.Public | BindingFlags.Instance)
                ?? throw new ArgumentException($"{typeof(T).Name} has no property {property}.", nameof(property));
        if (p.GetCustomAttribute<RequiredAttribute>() is not null) return true;
        // A positional record carries its attributes on the constructor's parameter.
        return typeof(T).GetConstructors().SelectMany(c => c.GetParameters())
            .Any(a => a.Name == property && a.GetCustomAttribute<RequiredAttribute>() is not null);
    }

    /// "{label}不能为空。" with the label the page shows, the words InputValidator uses for a [Required] field.
    public static string RequiredError(this IStringLocalizer<Strings> l, string labelKey) => l["Validation.Required", l[labelKey]];
}
