using Renhe.Modules.Risk.Scanning;

namespace Renhe.Tests.Modules.Risk.Scanning;

[Trait("Category", "Unit")]
public sealed class ScanNormalizationTests
{
    private const char Skip = ScanNormalization.Skip;

    [Theory]
    // width, case and compatibility forms
    [InlineData('Ａ', 'a')]
    [InlineData('Ｖ', 'v')]
    [InlineData('ｘ', 'x')]
    [InlineData('V', 'v')]
    [InlineData('１', '1')]
    [InlineData('Ⓥ', 'v')]          // circled letter
    [InlineData('\u2F08', '人')]    // Kangxi radical ⼈ looks like 人
    [InlineData('\uF900', '豈')]    // CJK compatibility ideograph
    // traditional → simplified
    [InlineData('單', '单')]
    [InlineData('個', '个')]
    [InlineData('帳', '账')]
    [InlineData('賬', '账')]
    [InlineData('戶', '户')]
    [InlineData('轉', '转')]
    [InlineData('買', '买')]
    [InlineData('賣', '卖')]
    [InlineData('價', '价')]
    [InlineData('錢', '钱')]
    [InlineData('貨', '货')]
    [InlineData('閒', '闲')]
    [InlineData('魚', '鱼')]
    // kept as they are
    [InlineData('私', '私')]
    [InlineData('单', '单')]
    [InlineData('5', '5')]
    [InlineData('x', 'x')]
    public void Characters_fold_to_what_the_scanner_compares(char original, char expected) =>
        Assert.Equal(expected, ScanNormalization.Map(original));

    [Theory]
    [InlineData(' ')]
    [InlineData('\u3000')] // ideographic space
    [InlineData('\u00A0')] // no-break space
    [InlineData('\t')]
    [InlineData('\n')]
    [InlineData('-')]
    [InlineData('－')]
    [InlineData('*')]
    [InlineData('_')]
    [InlineData('.')]
    [InlineData('·')]
    [InlineData('，')]
    [InlineData('。')]
    [InlineData('、')]
    [InlineData('|')]
    [InlineData('/')]
    [InlineData('+')]
    [InlineData('~')]
    [InlineData('【')]
    [InlineData('"')]
    [InlineData('\u200B')] // zero-width space
    [InlineData('\u200D')] // zero-width joiner
    [InlineData('\uFEFF')] // byte order mark
    [InlineData('\uFE0F')] // emoji variation selector
    [InlineData('❤')]
    [InlineData('★')]
    [InlineData('\uD83D')] // high surrogate of 😀
    [InlineData('\uDE00')] // low surrogate of 😀
    public void Separators_are_skipped(char separator) =>
        Assert.Equal(Skip, ScanNormalization.Map(separator));

    [Theory]
    [InlineData("私-单", "私单")]
    [InlineData("加我ＶＸ！", "加我vx")]
    [InlineData("轉我個人帳戶😀", "转我个人账户")]
    [InlineData("tb.cn/Abc", "tbcnabc")]
    [InlineData("", "")]
    public void Whole_texts_normalise_by_dropping_skipped_characters(string text, string expected) =>
        Assert.Equal(expected, ScanNormalization.Normalize(text));

    [Fact]
    public void The_traditional_table_is_one_way_and_consistent()
    {
        var pairs = TraditionalChinese.Mappings().ToList();
        var keys = pairs.Select(p => p.Traditional).ToHashSet();
        Assert.All(pairs, p => Assert.NotEqual(p.Traditional, p.Simplified));
        // No chains: a simplified form is never itself mapped again.
        Assert.All(pairs, p => Assert.DoesNotContain(p.Simplified, keys));
        // A character listed twice must map the same way both times.
        Assert.All(pairs.GroupBy(p => p.Traditional), g => Assert.Single(g.Select(p => p.Simplified).Distinct()));
        Assert.True(pairs.Count > 300, $"only {pairs.Count} pairs");
    }
}
