using System.Globalization;
using System.Text;

namespace Renhe.Modules.Risk.Scanning;

/// How the scanner sees a character, decided once for all 65,536 UTF-16 code units so that
/// scanning costs one table load per character. It undoes what people do to slip past a word
/// list while keeping every original position:
///
/// - compatibility forms fold (NFKC of the single character): full-width ＶＸ → vx, circled Ⓥ → v,
///   Kangxi radicals and CJK compatibility ideographs → the ordinary ideograph;
/// - case folds (VX, Vx → vx);
/// - traditional → simplified for the characters in <see cref="TraditionalChinese"/>;
/// - separators are skipped: spaces of every width, punctuation (ASCII and CJK, 。，·…),
///   symbols (- * _ | / + ❤ …), control and format characters (zero-width space U+200B, joiners,
///   BOM), combining marks and variation selectors, and both halves of surrogate pairs, which
///   in chat are overwhelmingly emoji (😀). So 私-单, 私 单, 私*单, 私　单 and 私😀单 all read 私单.
///
/// Letters and digits are kept: digits carry meaning (account numbers, "vx号123").
public static class ScanNormalization
{
    /// The value of <see cref="Map"/> for a character the scanner skips.
    public const char Skip = '\0';

    private static readonly char[] Table = Build();

    public static char Map(char c) => Table[c];

    /// The text as the scanner sees it, skipped characters removed; lexicon words are compiled
    /// in this form.
    public static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var mapped = Table[c];
            if (mapped != Skip) builder.Append(mapped);
        }
        return builder.ToString();
    }

    private static char[] Build()
    {
        var simplified = new Dictionary<char, char>();
        foreach (var (traditional, simple) in TraditionalChinese.Mappings()) simplified[traditional] = simple;

        var table = new char[65536];
        for (var i = 0; i < table.Length; i++)
        {
            var c = (char)i;
            if (char.IsSurrogate(c))
            {
                table[i] = Skip;
                continue;
            }
            var folded = Fold(c);
            if (IsSeparator(folded))
            {
                table[i] = Skip;
                continue;
            }
            folded = char.ToLowerInvariant(folded);
            table[i] = simplified.TryGetValue(folded, out var s) ? s : folded;
        }
        return table;
    }

    private static char Fold(char c)
    {
        if (c < 0x80) return c;
        // CJK unified ideographs and Hangul syllables are NFKC-stable: skip the call for speed.
        if (c is >= '\u4E00' and <= '\u9FFF' or >= '\uAC00' and <= '\uD7A3') return c;
        // Full-width ASCII and the ideographic space, also without ICU (invariant globalization).
        if (c is >= '\uFF01' and <= '\uFF5E') return (char)(c - 0xFEE0);
        if (c == '\u3000') return ' ';
        try
        {
            var normalized = c.ToString().Normalize(NormalizationForm.FormKC);
            // Only one-to-one foldings: ㍿ → 株式会社 would change lengths for no scanning gain.
            return normalized.Length == 1 ? normalized[0] : c;
        }
        catch (Exception e) when (e is ArgumentException or PlatformNotSupportedException)
        {
            return c;
        }
    }

    private static bool IsSeparator(char c) => CharUnicodeInfo.GetUnicodeCategory(c) switch
    {
        UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => true,
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate => true,
        UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.SpacingCombiningMark => true,
        UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
            or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation => true,
        UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol or UnicodeCategory.ModifierSymbol
            or UnicodeCategory.OtherSymbol => true,
        _ => false,
    };
}
