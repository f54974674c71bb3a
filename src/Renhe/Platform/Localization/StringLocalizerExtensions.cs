using Microsoft.Extensions.Localization;

namespace Renhe.Platform.Localization;

public static class StringLocalizerExtensions
{
    /// The resource for <paramref name="key"/>, or <paramref name="fallback"/> when there is none:
    /// for names that are partly data (a role an administrator created, a permission a newer
    /// module declared before its translation landed), so the raw key never reaches the screen.
    public static string Or(this IStringLocalizer l, string key, string fallback)
    {
        var text = l[key];
        return text.ResourceNotFound ? fallback : text.Value;
    }
}
