using System.Text.RegularExpressions;
using Renhe.Modules.Risk.Scanning;

namespace Renhe.Modules.Risk.Lexicon;

/// A refusal of a lexicon value: a resource key, its arguments, and the field it is about.
public sealed record LexiconProblem(string Key, object[] Args, string Field);

/// What a lexicon word must be, shared by the add/edit form, the API and the import so that all
/// three refuse the same things with the same words.
public static partial class LexiconRules
{
    public const int MaxWordLength = 100;
    /// Fewer characters than this once separators are removed would flag too much ordinary text
    /// (a single 微 or 单 is in half the messages), so such words are refused.
    public const int MinNormalisedLength = 2;
    public const int MaxNoteLength = 500;
    public const int MaxCategoryLength = 40;

    public static readonly string[] DefaultCategories =
    [
        LexiconCategories.PrivateDeal, LexiconCategories.PersonalPayment, LexiconCategories.RivalPlatform,
        LexiconCategories.ContactPoaching, LexiconCategories.Abuse,
    ];

    /// The word as stored: trimmed, otherwise as the administrator wrote it.
    public static string Clean(string? word) => (word ?? "").Trim();

    /// The form duplicates are compared in: what the scanner matches (私 单 is 私单, 私單 too).
    public static string Normal(string word) => ScanNormalization.Normalize(word);

    public static LexiconProblem? Problem(string? word)
    {
        var clean = Clean(word);
        if (clean.Length == 0) return new("Risk.Lexicon.WordRequired", [], "word");
        if (clean.Length > MaxWordLength) return new("Risk.Lexicon.WordTooLong", [MaxWordLength], "word");
        // The archive refuses texts with NUL or a lone surrogate; a word made of them could never match.
        if (!IsWellFormed(clean)) return new("Risk.Lexicon.WordInvalid", [], "word");
        var normal = Normal(clean);
        if (normal.Length < MinNormalisedLength) return new("Risk.Lexicon.WordTooShort", [clean, normal, MinNormalisedLength], "word");
        return null;
    }

    public static LexiconProblem? NoteProblem(string? note) =>
        note is { Length: > MaxNoteLength } ? new("Risk.Lexicon.NoteTooLong", [MaxNoteLength], "note") : null;

    /// A new category is written as its code: lower-case letters, digits and underscores
    /// (gambling, fake_invoice); its label is a resource RiskCategory.&lt;code&gt; when one exists.
    public static bool IsCategoryCode(string? text) => text is not null && CategoryCode().IsMatch(text);

    /// Severity from its code (High), its number (3) or a label in any language the caller knows.
    public static HitSeverity? ParseSeverity(string? text, IReadOnlyDictionary<string, HitSeverity>? labels = null)
    {
        var t = (text ?? "").Trim();
        if (t.Length == 0) return null;
        if (Enum.TryParse<HitSeverity>(t, ignoreCase: true, out var s) && Enum.IsDefined(s)) return s;
        return labels is not null && labels.TryGetValue(t, out var labelled) ? labelled : null;
    }

    private static bool IsWellFormed(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '\0') return false;
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            else if (char.IsSurrogate(s[i])) return false;
        }
        return true;
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{1,39}$")]
    private static partial Regex CategoryCode();
}
