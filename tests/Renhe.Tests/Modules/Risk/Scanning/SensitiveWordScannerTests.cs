using System.Globalization;
using Renhe.Modules.Risk.Scanning;
using static Renhe.Modules.Risk.Scanning.HitSeverity;
using static Renhe.Modules.Risk.Scanning.LexiconCategories;

namespace Renhe.Tests.Modules.Risk.Scanning;

[Trait("Category", "Unit")]
public sealed class SensitiveWordScannerTests(ITestOutputHelper output)
{
    private static readonly SensitiveWordScanner Small = new(
    [
        new("私单", PrivateDeal, High),
        new("走私单", PrivateDeal, High),
        new("加我微信", ContactPoaching, High),
        new("vx", ContactPoaching, Medium),
        new("个人账户", PersonalPayment, High),
        new("账户", PersonalPayment, Low),
        new("拼多多", RivalPlatform, Medium),
        // Aho and Corasick's own example (he, she, his, hers): overlapping words and suffixes of
        // other words; in CJK (he = 何额, she = 是何额, his = 何一是, hers = 何额人是), which matches
        // anywhere, and in ASCII, which matches whole tokens only.
        new("何额", "test", Low),
        new("是何额", "test", Low),
        new("何一是", "test", Low),
        new("何额人是", "test", Low),
        new("he", "test", Low),
        new("she", "test", Low),
        new("his", "test", Low),
        new("hers", "test", Low),
    ]);

    private static string Hits(SensitiveWordScanner scanner, string text) =>
        string.Join(", ", scanner.Scan(text).Select(h => $"{h.Start}:{h.Length}:{h.Word}"));

    [Theory]
    [InlineData("", "")]
    [InlineData("您好，请问需要报价吗？", "")]
    [InlineData("私单", "0:2:私单")]
    [InlineData("我们走私单吧", "2:3:走私单, 3:2:私单")]
    [InlineData("私-单", "0:3:私单")]
    [InlineData("私 - 单", "0:5:私单")]
    [InlineData("私\u200B单", "0:3:私单")]
    [InlineData("私😀单", "0:4:私单")]                   // the emoji is two UTF-16 units
    [InlineData("私，，，，单", "0:6:私单")]
    [InlineData("私單", "0:2:私单")]
    [InlineData("－私单－", "1:2:私单")]                 // leading and trailing separators are not part of the hit
    [InlineData("加我ＶＸ", "2:2:vx")]
    [InlineData("加我 V x 吧", "3:3:vx")]
    [InlineData("加-我-微-信", "0:7:加我微信")]
    [InlineData("转到个人帳戶", "2:4:个人账户, 4:2:账户")]  // a word and a shorter word ending at the same place
    [InlineData("拼多多拼多多", "0:3:拼多多, 3:3:拼多多")]
    [InlineData("拼多拼多多", "2:3:拼多多")]             // a failed partial match resumes on its suffix
    [InlineData("私x单", "")]                            // a letter between is not a separator
    [InlineData("私1单", "")]                            // nor is a digit
    [InlineData("有是何额人是", "1:3:是何额, 2:2:何额, 2:4:何额人是")]  // ushers
    [InlineData("何-一-是", "0:5:何一是")]
    [InlineData("ushers", "")]                           // ASCII words inside a longer token are not hits
    [InlineData("he she hers", "0:2:he, 3:3:she, 7:4:hers")]
    [InlineData("SHE说HERS", "0:3:she, 4:4:hers")]
    [InlineData("h-i-s", "0:5:his")]
    [InlineData("加我vx吧", "2:2:vx")]
    [InlineData("加我vx1", "")]
    public void Worked_examples(string text, string expected) =>
        Assert.Equal(expected, Hits(Small, text));

    [Fact]
    public void Hits_point_at_the_text_as_it_was_written()
    {
        const string text = "亲，走私 单更便宜，转到我個人帳戶就行";
        var found = Small.Scan(text).Select(h => text.Substring(h.Start, h.Length)).ToList();
        Assert.Equal(["走私 单", "私 单", "個人帳戶", "帳戶"], found);
    }

    [Fact]
    public void Hits_carry_category_and_severity_of_their_word()
    {
        var hit = Assert.Single(Small.Scan("拼 多 多"));
        Assert.Equal(RivalPlatform, hit.Category);
        Assert.Equal(Medium, hit.Severity);
        Assert.Equal("拼多多", hit.Word);
        Assert.Equal(5, hit.End);
    }

    [Fact]
    public void Counting_and_any_agree_with_the_full_scan()
    {
        const string text = "加我微信，走私单，个人账户，拼多多拼多多 ushers";
        Assert.Equal(Small.Scan(text).Count, Small.CountHits(text));
        Assert.True(Small.ContainsAny(text));
        Assert.False(Small.ContainsAny("您好，请问需要报价吗？"));
        Assert.Equal(0, Small.CountHits(""));
    }

    [Fact]
    public void Words_equal_after_normalisation_are_one_word_with_the_highest_severity()
    {
        var scanner = new SensitiveWordScanner([new("帳戶", PersonalPayment, Low), new("账户", PersonalPayment, High), new("賬戶", PersonalPayment, Medium)]);
        Assert.Equal(1, scanner.WordCount);
        var hit = Assert.Single(scanner.Scan("账户"));
        Assert.Equal(High, hit.Severity);
        Assert.Equal("账户", hit.Word);
    }

    [Theory]
    [InlineData("--")]
    [InlineData("微❤")]  // would shrink to the single character 微
    [InlineData(" ")]
    public void Words_that_are_only_separators_are_refused(string word) =>
        Assert.Throws<ArgumentException>(() => new SensitiveWordScanner([new(word, Abuse, Low)]));

    [Fact]
    public void An_empty_lexicon_finds_nothing()
    {
        var scanner = new SensitiveWordScanner([]);
        Assert.Empty(scanner.Scan("私单"));
        Assert.Equal(0, scanner.AlphabetSize);
    }

    [Fact]
    public void The_scanner_agrees_with_a_naive_search_on_random_texts()
    {
        // A small alphabet with separators, traditional and full-width forms makes overlaps,
        // shared prefixes and failure transitions frequent.
        const string letters = "私单單人个個账帳户戶ab64";
        const string noise = "私单人个账户ab64- ·.ＡＢ😀x¥元%第";
        var random = new Random(20250301);
        var lexicon = Enumerable.Range(0, 150)
            .Select(_ => new string([.. Enumerable.Range(0, random.Next(1, 5)).Select(_ => letters[random.Next(letters.Length)])]))
            .Select((w, i) => new LexiconEntry(w, "c" + i.ToString(CultureInfo.InvariantCulture), Low))
            .ToList();
        var scanner = new SensitiveWordScanner(lexicon);
        var words = lexicon.GroupBy(e => ScanNormalization.Normalize(e.Word)).Select(g => g.Key).ToList();

        for (var round = 0; round < 1000; round++)
        {
            var text = new string([.. Enumerable.Range(0, random.Next(0, 40)).Select(_ => noise[random.Next(noise.Length)])]);
            Assert.Equal(Naive(words, text), scanner.Scan(text).Select(h => (h.Start, h.Length, ScanNormalization.Normalize(h.Word))).Order().ToList());
        }
    }

    // Normalise with a position map, then look for every word at every position.
    private static List<(int Start, int Length, string Word)> Naive(List<string> words, string text)
    {
        var kept = new List<(char C, int Position)>();
        for (var i = 0; i < text.Length; i++)
            if (ScanNormalization.Map(text[i]) is var m && m != ScanNormalization.Skip) kept.Add((m, i));
        var normalised = new string([.. kept.Select(k => k.C)]);
        var hits = new List<(int, int, string)>();
        foreach (var word in words)
            for (var at = normalised.IndexOf(word, StringComparison.Ordinal); at >= 0; at = normalised.IndexOf(word, at + 1, StringComparison.Ordinal))
            {
                var start = kept[at].Position;
                var end = kept[at + word.Length - 1].Position;
                if (WholeToken(text, kept, at, at + word.Length - 1, word)) hits.Add((start, end - start + 1, word));
            }
        return [.. hits.Order()];
    }

    // The token rule of SensitiveWordScanner, restated over the normalised text and its positions.
    private static bool WholeToken(string text, List<(char C, int Position)> kept, int first, int last, string word)
    {
        static bool Ascii(char c) => c is >= 'a' and <= 'z' or >= '0' and <= '9';
        static string Between(string text, int from, int to) => from < to ? text[from..to] : "";
        if (Ascii(word[0]) && kept[first].Position > 0)
        {
            var before = ScanNormalization.Map(text[kept[first].Position - 1]);
            if (Ascii(before)) return false;
            var previous = first > 0 ? kept[first - 1] : (C: '\0', Position: -1);
            if (char.IsAsciiDigit(word[0])
                && (Ascii(previous.C) || previous.C == '第' || Between(text, previous.Position + 1, kept[first].Position).Any(c => "¥￥$＄€£#＃№".Contains(c))))
                return false;
        }
        if (Ascii(word[^1]) && kept[last].Position < text.Length - 1)
        {
            var after = ScanNormalization.Map(text[kept[last].Position + 1]);
            if (Ascii(after)) return false;
            var next = last + 1 < kept.Count ? kept[last + 1] : (C: '\0', Position: text.Length);
            if (char.IsAsciiDigit(word[^1])
                && (Ascii(next.C) || "元块圆角毛分厘万千百亿折个件台套只位名岁号路次斤克米吨升度英寸公楼层室栋期张条箱包盒瓶袋".Contains(next.C)
                    || Between(text, kept[last].Position + 1, next.Position).Any(c => "%％‰".Contains(c))))
                return false;
        }
        return true;
    }

    [Fact]
    public void A_five_thousand_word_lexicon_compiles_and_finds_each_of_its_words()
    {
        var random = new Random(5000);
        var words = new HashSet<string>();
        while (words.Count < 5000)
            words.Add(new string([.. Enumerable.Range(0, random.Next(2, 5)).Select(_ => (char)random.Next(0x4E00, 0x4E00 + 3000))]));
        var scanner = new SensitiveWordScanner(words.Select(w => new LexiconEntry(w, "generated", Low)));
        Assert.Equal(5000, scanner.WordCount);
        Assert.All(words, w => Assert.Contains(scanner.Scan("，" + w + "。"), h => h.Word == w && h.Start == 1 && h.Length == w.Length));
        output.WriteLine($"5,000 words: {scanner.StateCount} states, {scanner.AlphabetSize} symbols");
    }

    // ---- the default lexicon against evasion and against ordinary sales talk ----

    // Evasive spellings as they appear in chats, with the category they must be caught as.
    // Collected from common evasion habits, not from the lexicon: a few are expected to slip.
    private static readonly (string Text, string Category)[] EvasiveVariants =
    [
        // 私单: spacing, punctuation, zero-width, emoji, traditional
        ("咱们走私 单，别让公司知道", PrivateDeal),
        ("私-单价格更低", PrivateDeal),
        ("可以私*单", PrivateDeal),
        ("私　单更划算", PrivateDeal),
        ("私\u200B单", PrivateDeal),
        ("私.单", PrivateDeal),
        ("私_单", PrivateDeal),
        ("私|单", PrivateDeal),
        ("私/单也行", PrivateDeal),
        ("私·单", PrivateDeal),
        ("私，单", PrivateDeal),
        ("私。单", PrivateDeal),
        ("这个走私單", PrivateDeal),
        ("私😀单", PrivateDeal),
        ("私❤单", PrivateDeal),
        ("私\n单", PrivateDeal),
        ("咱们私下交 易", PrivateDeal),
        ("私下　成交吧", PrivateDeal),
        ("这单跳-单给我", PrivateDeal),
        ("飛單", PrivateDeal),
        ("跑 单的事别说", PrivateDeal),
        ("绕过 公 司直接买", PrivateDeal),
        ("別走平臺", PrivateDeal),
        ("s单", PrivateDeal),
        ("私 单", PrivateDeal),
        ("私單", PrivateDeal),
        // 个人收款
        ("转我個人帳戶", PersonalPayment),
        ("转我个人賬戶", PersonalPayment),
        ("直接轉我個人賬戶", PersonalPayment),
        ("转我个-人-账-户", PersonalPayment),
        ("个人账 户也行", PersonalPayment),
        ("打 到 我 卡 上", PersonalPayment),
        ("转我支付寶", PersonalPayment),
        ("个人收款碼", PersonalPayment),
        ("私人收款 码发你", PersonalPayment),
        ("微信轉賬給我", PersonalPayment),
        ("支付宝转-账", PersonalPayment),
        ("转给我個人", PersonalPayment),
        ("私人賬號", PersonalPayment),
        ("转我ＺＦＢ", PersonalPayment),
        ("轉我個人賬戶", PersonalPayment),
        // 竞品平台
        ("拼 多 多上便宜", RivalPlatform),
        ("拼-多-多", RivalPlatform),
        ("ＰＤＤ上有", RivalPlatform),
        ("PDD上更便宜", RivalPlatform),
        ("淘 宝店里买", RivalPlatform),
        ("淘寶", RivalPlatform),
        ("TaoBao 搜一下", RivalPlatform),
        ("闲 鱼上挂了", RivalPlatform),
        ("閒魚", RivalPlatform),
        ("鹹魚上", RivalPlatform),
        ("https://m.tb.cn/h.5abcXYZ", RivalPlatform),
        ("https://mobile.yangkeduo.com/goods.html?id=1", RivalPlatform),
        ("某-宝", RivalPlatform),
        ("抖音 小店", RivalPlatform),
        ("Xian Yu", RivalPlatform),
        ("多多买菜", RivalPlatform),
        // 挖客户
        ("加我薇信", ContactPoaching),
        ("加我威信", ContactPoaching),
        ("加我V信", ContactPoaching),
        ("加我ｖ信", ContactPoaching),
        ("加我ＶＸ", ContactPoaching),
        ("加我Vx", ContactPoaching),
        ("加我vX", ContactPoaching),
        ("加我 v x", ContactPoaching),
        ("加我w x", ContactPoaching),
        ("加我wX", ContactPoaching),
        ("加我徽信", ContactPoaching),
        ("加我微 信", ContactPoaching),
        ("加-我-微-信", ContactPoaching),
        ("私-聊吧", ContactPoaching),
        ("私 信 我", ContactPoaching),
        ("加我ＱＱ", ContactPoaching),
        ("qq號發你", ContactPoaching),
        ("扣扣号多少", ContactPoaching),
        ("私人微信加一下", ContactPoaching),
        ("我的個人微信", ContactPoaching),
        ("wei信联系", ContactPoaching),
        ("WeiXin 联系我", ContactPoaching),
        ("加我\u200Bvx", ContactPoaching),
        ("加我v❤x", ContactPoaching),
        ("＋ｖｘ", ContactPoaching),
        ("加我绿色软件", ContactPoaching),
        ("加我VX", ContactPoaching),
        ("Vx号发你", ContactPoaching),
        ("加我 薇 信", ContactPoaching),
        ("加我ｗｅｉ信", ContactPoaching),
        // 辱骂
        ("傻-逼", Abuse),
        ("傻 逼", Abuse),
        ("滾蛋", Abuse),
        ("你他媽的", Abuse),
        ("腦殘", Abuse),
        ("TMD", Abuse),
        ("Ｎｍｓｌ", Abuse),
        ("去　死吧", Abuse),
        ("狗東西", Abuse),
        ("草-泥-马", Abuse),
        ("白癡", Abuse),
        ("你个 廢物", Abuse),
    ];

    [Fact]
    public void Evasive_variants_are_caught_with_at_least_95_percent_recall()
    {
        var scanner = SensitiveWordScanner.Default;
        var misses = EvasiveVariants.Where(v => !scanner.Scan(v.Text).Any(h => h.Category == v.Category)).ToList();
        var recall = 1.0 - (double)misses.Count / EvasiveVariants.Length;

        output.WriteLine($"Recall on evasive variants: {EvasiveVariants.Length - misses.Count}/{EvasiveVariants.Length} = {recall:P1}");
        foreach (var (category, total) in EvasiveVariants.GroupBy(v => v.Category).Select(g => (g.Key, g.Count())))
            output.WriteLine($"  {category}: {total - misses.Count(m => m.Category == category)}/{total}");
        foreach (var miss in misses) output.WriteLine($"  missed ({miss.Category}): {miss.Text}");

        Assert.True(EvasiveVariants.Length >= 60);
        Assert.True(recall >= 0.95, $"Recall {recall:P1} is below 95%; missed: {string.Join(" | ", misses.Select(m => m.Text))}");
    }

    public static TheoryData<string> OrdinarySalesSentences =>
    [
        "您好，我是仁和的销售顾问小李，很高兴为您服务。",
        "这款产品本周有优惠，订单满500元包邮。",
        "请问您方便的时间是周几？我们安排上门演示。",
        "合同已经发到您的邮箱，请查收并签字。",
        "付款请走公司对公账户，我们会开具增值税发票。",
        "我们的客服电话是400-800-1234，工作时间9点到18点。",
        "您的订单已发货，快递单号稍后同步给您。",
        "感谢您的支持，有任何问题随时联系我。",
        "这个价格已经是最低价了，我帮您申请一下折扣。",
        "下单后三天内发货，支持七天无理由退换。",
        "私有化部署需要另外报价。",
        "私人定制的方案需要额外收费，大概多两周。",
        "我们单位采购需要走流程。",
        "您可以在企业微信里找到我，也可以打公司座机。",
        "这份单子我已经提交给主管审批。",
        "公司规定所有款项必须转入对公账户。",
        "您的发票抬头和税号麻烦发我一下。",
        "个人用户和企业用户的价格不一样。",
        "单价是每件28元，批量另议。",
        "这是我们的官方收款二维码，付款后请截图。",
        "VIP客户享受专属服务和优先发货。",
        "请提供一下营业执照复印件。",
        "我们支持微信支付和支付宝付款，也支持银行转账到对公账户。",
        "客户反馈很好，复购率很高。",
        "周末也可以下单，系统自动处理。",
        "货到付款需要另外收取手续费。",
        "这批货下周一到仓库。",
        "您是要单人套餐还是双人套餐？",
        "我把报价单发到群里了。",
        "有问题可以在群里私信管理员。",
        "请问您是通过什么渠道了解到我们的？",
        "我们的售后团队会在24小时内联系您。",
        "这个型号暂时缺货，预计下周补货。",
        "会议纪要已经整理好，请大家查阅。",
        "签约之后会有专属客户经理跟进。",
        "如果您是个人消费者，可以直接在官网下单。",
        "请将款项汇入公司账户，备注订单号。",
        "我们提供WiFi和USB两种连接方式。",
        "Excel表格已经发给您了，请查收。",
        "这件衣服有XL和XXL两个尺码。",
        "我们可以帮您拼单发货，运费更省。",
        "淘汰的旧款已经下架了。",
        "这款吸尘器去死角清洁很方便。",
        "废物回收的费用我们包了。",
        "尼玛次仁先生的订单已经确认。",
        "神经病学科室也在用我们的设备。",
        "今天天气不错，适合出去走走。",
    ];

    [Theory]
    [MemberData(nameof(OrdinarySalesSentences))]
    public void Ordinary_sales_sentences_do_not_hit(string sentence) =>
        Assert.Empty(SensitiveWordScanner.Default.Scan(sentence));

    // Decision: nested words are each reported, not only the longest. 走私单 and 私单 are both
    // lexicon words; a message saying 走私单 stores two hits. Each word is its own signal (an
    // administrator may switch one off, or file them under different categories, and the category
    // filter of the archive search needs every category hit), and the page highlights the union of
    // the ranges, so the reader sees one marked stretch either way.
    [Fact]
    public void Nested_words_are_each_reported_and_highlighting_shows_their_union()
    {
        var hits = SensitiveWordScanner.Default.Scan("我们走私单吧");
        Assert.Equal(["走私单", "私单"], hits.Select(h => h.Word));
        var ranges = hits.Select(h => new Renhe.Modules.Risk.Archive.HighlightRange(h.Start, h.Length, "hit", h.Category)).ToList();
        Assert.Equal([("我们", null), ("走私单", "hit"), ("吧", null)], Renhe.Modules.Risk.Archive.Pages.ArchiveUi.Segments("我们走私单吧", ranges));
    }

    [Fact]
    public void Separators_are_skipped_even_across_sentence_punctuation_which_can_join_two_sentences()
    {
        // The price of catching 加，我，微，信: words split by a full stop or comma are joined too.
        // Investigators see the highlighted original and judge; this documents the trade-off.
        var hit = Assert.Single(SensitiveWordScanner.Default.Scan("有事请加我。微信和电话都行"), h => h.Word == "加我微信");
        Assert.Equal("加我。微信", "有事请加我。微信和电话都行".Substring(hit.Start, hit.Length));
    }

    [Fact]
    public void Every_category_of_the_default_lexicon_is_present_with_several_words()
    {
        var categories = DefaultLexicon.Entries.GroupBy(e => e.Category).ToDictionary(g => g.Key, g => g.Count());
        foreach (var category in new[] { PrivateDeal, PersonalPayment, RivalPlatform, ContactPoaching, Abuse })
            Assert.True(categories.GetValueOrDefault(category) >= 10, category);
        Assert.Equal(DefaultLexicon.Entries.Count, SensitiveWordScanner.Default.WordCount);
    }
}
