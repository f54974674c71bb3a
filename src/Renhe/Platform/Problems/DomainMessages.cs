using Microsoft.Extensions.Localization;
using Renhe.Platform.Localization;

namespace Renhe.Platform.Problems;

/// A refusal in the user's words, the same for the API and the pages.
public static class DomainMessages
{
    /// The message of <paramref name="ex"/>: its resource with its arguments, where an argument that
    /// is the refused field's name ("notes") reads as the field's label (跟进内容), so the sentence
    /// is all in the user's language. The library's own text when the key has no resource.
    public static string Message(this IStringLocalizer<Strings> l, DomainException ex)
    {
        var args = ex.Args.Select(a => a is string name && name == ex.Field && l["Field." + name] is { ResourceNotFound: false } label ? label.Value : a).ToArray();
        var localised = l[ex.MessageKey, args];
        return localised.ResourceNotFound && ex.Fallback is not null ? ex.Fallback : localised.Value;
    }
}
