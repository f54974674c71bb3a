using CsCheck;
using Renhe.Platform.Validation;

namespace Renhe.Tests.Platform.Validation;

/// Which text a person can mean: what an outside probe stored (NUL in names, a name of zero-width
/// spaces) is refused; what people really type (Chinese, emoji, a name with a middle dot) is not.
public sealed class TextRulesTests
{
    [Theory]
    [InlineData("王建华", false, TextProblem.None)]
    [InlineData("阿卜杜·热合曼", false, TextProblem.None)]
    [InlineData("Café 👍🏽 家居", false, TextProblem.None)]
    [InlineData("👨‍👩‍👧", false, TextProblem.None)]          // a family emoji is joined by zero-width joiners, and visible
    [InlineData("  ", false, TextProblem.None)]             // plain blanks are "required"'s business
    [InlineData("a\tb", false, TextProblem.None)]
    [InlineData("第一行\n第二行", true, TextProblem.None)]
    [InlineData("第一行\r\n第二行", true, TextProblem.None)]
    [InlineData("第一行\n第二行", false, TextProblem.ControlCharacters)] // a name is one line
    [InlineData("王\0建华", false, TextProblem.ControlCharacters)]
    [InlineData("王\u0001", true, TextProblem.ControlCharacters)]
    [InlineData("\u001b[31m红", true, TextProblem.ControlCharacters)] // a terminal escape
    [InlineData("\u0085", true, TextProblem.ControlCharacters)]         // a C1 control
    [InlineData("user\u202Egpj.exe", false, TextProblem.ControlCharacters)] // right-to-left override
    [InlineData("\u200B\u200B", false, TextProblem.Invisible)]           // zero-width spaces
    [InlineData("\uFEFF", false, TextProblem.Invisible)]
    [InlineData("\u3164", false, TextProblem.Invisible)]                 // Hangul filler, drawn as nothing
    [InlineData(" \u200D ", false, TextProblem.Invisible)]
    public void Text_is_judged_as_a_reader_sees_it(string text, bool multiline, TextProblem expected) =>
        Assert.Equal(expected, TextRules.Check(text, multiline));

    [Fact]
    public void Half_a_surrogate_pair_is_not_a_character() =>
        Assert.Equal(TextProblem.ControlCharacters, TextRules.Check("a" + (char)0xD800 + "b", multiline: false));

    /// Letters, digits and punctuation of any script are always accepted, on one line or several.
    [Fact]
    public void Printable_text_is_always_accepted()
    {
        var printable = Gen.Char.Where(c => !char.IsControl(c) && !char.IsSurrogate(c)
                                           && System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) is
                                               System.Globalization.UnicodeCategory.UppercaseLetter or System.Globalization.UnicodeCategory.LowercaseLetter
                                               or System.Globalization.UnicodeCategory.OtherLetter or System.Globalization.UnicodeCategory.DecimalDigitNumber
                                               or System.Globalization.UnicodeCategory.OtherPunctuation or System.Globalization.UnicodeCategory.MathSymbol)
            .Where(c => c is not ('\u115F' or '\u1160' or '\u3164' or '\uFFA0'));
        printable.Array[1, 50].Select(a => new string(a)).Sample(text =>
        {
            Assert.Equal(TextProblem.None, TextRules.Check(text, multiline: false));
            Assert.Equal(TextProblem.None, TextRules.Check(text, multiline: true));
        });
    }

    /// Any text with a NUL anywhere is refused, wherever it sits.
    [Fact]
    public void A_nul_anywhere_is_refused()
    {
        Gen.Select(Gen.String, Gen.String).Sample((before, after) =>
            Assert.Equal(TextProblem.ControlCharacters, TextRules.Check(before + '\0' + after, multiline: true)));
    }
}
