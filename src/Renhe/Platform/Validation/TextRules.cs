using System.Globalization;

namespace Renhe.Platform.Validation;

public enum TextProblem { None, ControlCharacters, Invisible }

/// What text a person can mean. Control characters (NUL, escape, bell …) and direction overrides
/// are never typed on purpose: they break exports, logs and PostgreSQL (which refuses NUL), and a
/// right-to-left override makes one name read as another. A name made only of zero-width
/// characters looks empty but is not, so it would pass "required" and show as a blank row.
public static class TextRules
{
    public static TextProblem Check(string? text, bool multiline)
    {
        if (string.IsNullOrEmpty(text)) return TextProblem.None;
        var visible = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                visible = true;
                i++;
                continue;
            }
            // A lone half of a surrogate pair is not a character (and PostgreSQL cannot store it).
            if (char.IsSurrogate(c)) return TextProblem.ControlCharacters;
            if (c is '\n' or '\r' or '\t')
            {
                if (!multiline && c != '\t') return TextProblem.ControlCharacters;
                continue;
            }
            if (char.IsControl(c) || IsDirectionOverride(c) || c is '\uFFFE' or '\uFFFF') return TextProblem.ControlCharacters;
            if (!visible && IsVisible(c)) visible = true;
        }
        // Whitespace alone is left to the caller (trimmed to nothing, then "required"); what is
        // refused here is text that looks blank only because of invisible characters.
        return visible || string.IsNullOrWhiteSpace(text) ? TextProblem.None : TextProblem.Invisible;
    }

    /// True when <paramref name="text"/> holds at least one character a reader can see.
    public static bool HasVisible(string? text) =>
        !string.IsNullOrEmpty(text) && Check(text, multiline: true) == TextProblem.None && !string.IsNullOrWhiteSpace(text);

    private static bool IsDirectionOverride(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';

    private static bool IsVisible(char c)
    {
        if (char.IsWhiteSpace(c)) return false;
        // Fillers that render as blank although Unicode files them as letters or symbols.
        if (c is '\u115F' or '\u1160' or '\u3164' or '\uFFA0' or '\u2800' or '\u034F') return false;
        return CharUnicodeInfo.GetUnicodeCategory(c) is not (UnicodeCategory.Format or UnicodeCategory.Control
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark);
    }
}

/// Allows line breaks (notes, comments, reasons); every other text field is one line.
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class MultilineTextAttribute : Attribute;
