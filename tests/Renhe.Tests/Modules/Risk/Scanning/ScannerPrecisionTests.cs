using CsCheck;
using Renhe.Modules.Risk.Scanning;
using static Renhe.Modules.Risk.Scanning.HitSeverity;
using static Renhe.Modules.Risk.Scanning.LexiconCategories;

namespace Renhe.Tests.Modules.Risk.Scanning;

/// What the scanner must not report: ASCII and digit words inside longer tokens (tracking, phone,
/// order numbers, amounts, dates, English, URLs), while CJK words keep matching anywhere and
/// separators inside any word stay ignored.
[Trait("Category", "Unit")]
public sealed class ScannerPrecisionTests
{
    // Words administrators add that ordinary business text is full of as parts of longer tokens:
    // courier prefixes and dates written as digits (6。4, 8。9, 7。22 normalise to 64, 89, 722).
    private static readonly LexiconEntry[] ProbeWords =
    [
        new("sf", "probe", Medium),
        new("yt", "probe", Medium),
        new("jd", "probe", Medium),
        new("6。4", "probe", High),
        new("8。9", "probe", High),
        new("7。22", "probe", High),
    ];

    private static readonly SensitiveWordScanner WithProbes = new([.. DefaultLexicon.Entries, .. ProbeWords]);

    /// Realistic text with nothing anyone would call a hit.
    public static TheoryData<string> Corpus =>
    [
        // tracking numbers
        "快递单号SF1234567890，预计后天到，注意查收。",
        "顺丰：SF1402938475612",
        "圆通 YT7512345678901 已揽收",
        "京东物流JD0098765432101，明天送达",
        "中通 78912345678964 派送中",
        "韵达单号4318906412345，请留意短信。",
        "sf1234567890 yt9876543210 jd0012345678",
        // phone numbers
        "我的电话13864128922，随时联系",
        "座机 021-64895722 转 8",
        "+86 138 6489 7220",
        "售后电话400-800-7722，工作时间9点到18点。",
        "手机尾号7722的客户已付款",
        // amounts
        "总价¥6,489.00，含税",
        "定金722元，尾款货到付款",
        "优惠后 ￥1,864.50",
        "共计89元，另付运费",
        "现在打8.9折，老客户再减64元",
        "利率7.22%，比上月低",
        "$64 plus shipping",
        "64GB内存，8.9英寸屏幕",
        // order numbers, codes, ranks
        "订单号 DD20240604123456，请备注",
        "订单 2024060412345678 已完成回访",
        "工单#64 已关闭",
        "No.722 批次已入库",
        "第64期培训下周开始",
        "型号X722和A89都有货",
        // dates and times
        "2024.6.4 发货，2023.8.9 签约",
        "2023-08-09 14:30 到店",
        "会议在19:22开始，08:09:22 记录",
        "6月4日和8月9日都可以",
        "我们2024年7月22日签的合同",
        // English
        "Please find the tracking number attached, thanks.",
        "The transfer is safe and fast; see you at 9:30 tomorrow.",
        "JDK 17 and Python 3.12 are installed; PDF attached.",
        "Sorry for the delay, the shipment left Shenzhen on Monday.",
        "Happy birthday! Best wishes from the whole team.",
        // URLs
        "https://www.renhe.example/orders/20240604?id=6489",
        "官网 https://jdcloud.example.com/docs/sfu/index.html",
        "https://m.sfexpress.example/track?no=SF1234567890",
        "http://192.168.64.89:7220/api",
        "邮箱 sales64@renhe.example，抄送 yt2024@renhe.example",
    ];

    [Theory]
    [MemberData(nameof(Corpus))]
    public void The_precision_corpus_has_no_hits_with_the_default_lexicon(string text) =>
        Assert.Empty(SensitiveWordScanner.Default.Scan(text));

    [Theory]
    [MemberData(nameof(Corpus))]
    public void The_precision_corpus_has_no_hits_even_with_courier_prefixes_and_digit_dates_in_the_lexicon(string text) =>
        Assert.Empty(WithProbes.Scan(text));

    private static string Hits(SensitiveWordScanner scanner, string text) =>
        string.Join(", ", scanner.Scan(text).Select(h => string.Concat(text.AsSpan(h.Start, h.Length), "=", h.Word)));

    [Theory]
    // ASCII words: whole tokens, separators inside still ignored; letters and digits run together
    [InlineData("SF1234567890", "")]
    [InlineData("SF-1234567890", "SF=sf")]              // a separator ends a token: SF stands alone here
    [InlineData("用sf发货", "sf=sf")]
    [InlineData("ＳＦ到付", "ＳＦ=sf")]
    [InlineData("s.f", "s.f=sf")]
    [InlineData("usf", "")]
    [InlineData("sf123", "")]
    [InlineData("123sf", "")]
    // digit words: a number runs on through separators and is not a code when it is an amount
    [InlineData("6。4", "6。4=6。4")]
    [InlineData("纪念6 4那天", "6 4=6。4")]
    [InlineData("7.22那天见", "7.22=7。22")]
    [InlineData("2024.7.22", "")]
    [InlineData("13864128922", "")]
    [InlineData("¥6,489.00", "")]
    [InlineData("722元", "")]
    [InlineData("¥ 722", "")]
    [InlineData("7.22%", "")]
    [InlineData("64GB", "")]
    [InlineData("No.64", "")]
    [InlineData("第64", "")]
    // CJK words match anywhere, separators inside ignored
    [InlineData("私.单", "私.单=私单")]
    [InlineData("私 单", "私 单=私单")]
    [InlineData("abc私单123", "私单=私单")]
    public void Worked_examples_with_courier_prefixes_and_digit_dates(string text, string expected) =>
        Assert.Equal(expected, Hits(WithProbes, text));

    [Theory]
    [InlineData("走sidan吧", "sidan=sidan")]
    [InlineData("咱们 si dan 吧", "si dan=sidan")]
    [InlineData("SiDan", "SiDan=sidan")]
    [InlineData("zousidan", "zousidan=zousidan")]       // one token: only its own entry hits, not sidan inside it
    [InlineData("jie sidan", "jie sidan=jiesidan, sidan=sidan")]
    [InlineData("转gerenshoukuan就行", "gerenshoukuan=gerenshoukuan")]
    [InlineData("ge ren zhang hu", "ge ren zhang hu=gerenzhanghu")]
    [InlineData("pinduoduo上便宜", "pinduoduo=pinduoduo")]
    [InlineData("去PDD看看", "PDD=pdd")]
    [InlineData("p-d-d", "p-d-d=pdd")]
    [InlineData("转我ＺＦＢ", "转我ＺＦＢ=转我zfb")]
    [InlineData("ipdd", "")]
    [InlineData("pdd2024", "")]
    [InlineData("sidanwei", "")]
    [InlineData("支持wx和zfb付款", "")]
    [InlineData("SD卡和1TB硬盘", "")]
    public void Pinyin_spellings_and_short_forms_hit_as_whole_tokens(string text, string expected) =>
        Assert.Equal(expected, Hits(SensitiveWordScanner.Default, text));

    private static readonly string DigitWords = "64|89|722";

    private static Gen<string> OneOf(params string[] choices) => Gen.Int[0, choices.Length - 1].Select(i => choices[i]);

    // Digits with the separators numbers are written with; CJK around that is in no word.
    private static readonly Gen<string> Digits = Gen.Char["0123456789"].Array[0, 8].Select(c => new string(c));
    private static readonly Gen<string> NumberSeparator = OneOf("", "", "", ".", ",", " ", "-", "。", ":", "/");
    private static readonly Gen<string> CjkContext = Gen.Char["您好今天订单已经发到明天请查收谢谢"].Array[0, 4].Select(c => new string(c));

    /// A digit string containing a digit word with more digits on at least one side: wherever
    /// separators fall in it, it is one number and no hit.
    [Fact]
    public void A_digit_word_inside_a_longer_number_is_never_a_hit()
    {
        var scanner = new SensitiveWordScanner(DigitWords.Split('|').Select(w => new LexiconEntry(w, "probe", High)));
        Gen.Select(Digits, OneOf(DigitWords.Split('|')), Digits, NumberSeparator.Array[20], CjkContext, CjkContext,
                (before, word, after, separators, left, right) =>
                {
                    // More digits on at least one side.
                    var digits = before + word + (before.Length + after.Length == 0 ? "0" : after);
                    return left + string.Concat(digits.Select((d, i) => (i == 0 ? "" : separators[i]) + d)) + right;
                })
            .Sample(text => Assert.Empty(scanner.Scan(text)));
    }

    /// Any ASCII word, in any case, with or without separators between its letters, is a hit when
    /// CJK text surrounds it; glued to one more ASCII letter or digit it is not.
    [Fact]
    public void An_ascii_word_is_a_hit_between_cjk_text_and_not_glued_to_another_letter_or_digit()
    {
        var letter = Gen.Char['a', 'z'];
        Gen.Select(letter.Array[2, 8].Select(c => new string(c)), Gen.Bool.Array[8], OneOf("", " ", "-", ".", "·", "\u200B"),
                CjkContext, CjkContext, Gen.Char["abcxyz0189"], (word, upper, separator, left, right, glue) => (word, upper, separator, left, right, glue))
            .Sample(t =>
            {
                var (word, upper, separator, left, right, glue) = t;
                var scanner = new SensitiveWordScanner([new LexiconEntry(word, "probe", Medium)]);
                var written = string.Join(separator, word.Select((c, i) => upper[i] ? char.ToUpperInvariant(c) : c));
                var hit = Assert.Single(scanner.Scan(left + written + right));
                Assert.Equal((left.Length, written.Length), (hit.Start, hit.Length));
                Assert.Empty(scanner.Scan(left + glue + written + right));
                Assert.Empty(scanner.Scan(left + written + glue + right));
            });
    }

    /// CJK words keep matching inside any text, ASCII or CJK, with separators between their characters.
    [Fact]
    public void A_cjk_word_is_a_hit_wherever_it_is_written()
    {
        var scanner = new SensitiveWordScanner([new LexiconEntry("私单", PrivateDeal, High)]);
        Gen.Select(Gen.Char["ab19您好 ."].Array[0, 6].Select(c => new string(c)), OneOf("", " ", ".", "-", "，"),
                Gen.Char["ab19您好 ."].Array[0, 6].Select(c => new string(c)), (left, separator, right) => (left, separator, right))
            .Sample(t => Assert.Contains(scanner.Scan(t.left + "私" + t.separator + "单" + t.right),
                h => h.Start == t.left.Length && h.Length == 2 + t.separator.Length));
    }
}
