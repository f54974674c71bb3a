using System.Text;
using Renhe.Modules.Risk.Scanning;

namespace Renhe.Benchmarks;

/// Deterministic, synthetic but realistic inputs for the scanner benchmarks: sales chat messages
/// built from everyday templates (about 60 characters each, one in twenty carrying a sensitive
/// phrase, some of them disguised) and Chinese lexicons of a given size made of the default
/// lexicon plus generated words. Generated words draw 60% of their characters from the few
/// hundred most frequent characters, which chat text is made of, and the rest from the whole
/// CJK block, so the automaton leaves its root often, as it does with real word lists.
public static class ChatCorpus
{
    private const string CommonCharacters =
        "的一是不了人我在有他这中大来上个国到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心" +
        "多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外" +
        "但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电" +
        "四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性" +
        "通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清" +
        "物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连" +
        "远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告" +
        "江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单" +
        "据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坐集编宝谈府拉黑且随格尽讲布杀微怕母调局根曾准" +
        "团段终乐切级克精哪官示冷域存价钟";

    private static readonly string[] Products = ["净水器", "空气净化器", "按摩椅", "扫地机器人", "智能门锁", "家用投影仪", "洗碗机", "乳胶枕"];
    private static readonly string[] Names = ["王姐", "张总", "李先生", "刘女士", "陈老师", "赵经理"];

    private static readonly string[] Templates =
    [
        "{name}您好，我是仁和的小李，上次您问的{product}今天有活动。",
        "这款{product}现在下单立减{num}元，还送一年延保。",
        "您看周{day}下午方便吗？我们安排师傅上门安装。",
        "合同我已经发到您邮箱了，麻烦您签字后拍照发我一下。",
        "好的，收到，我这边马上帮您申请，稍等一下哈。",
        "{product}的滤芯建议{num}个月换一次，到时候我提醒您。",
        "快递单号是SF{code}，预计后天到，注意查收。",
        "发票抬头和税号发我一下，我让财务开专票。",
        "{name}，您家里几口人？我帮您看看哪个型号合适。",
        "上个月的订单已经完成回访，客户反馈都不错。",
        "这个价格已经是最低了，再低我真做不了主。",
        "没问题，售后电话400-800-{num}，随时可以打。",
        "您考虑一下，有问题随时微信里找我就行。",
        "老客户介绍新客户，两个人都能领{num}元券。",
        "今天仓库盘点，发货可能晚一天，不好意思。",
        "收到款项了，谢谢{name}，我们明天排产。",
    ];

    private static readonly string[] Sensitive =
    [
        "加我私人微信吧，", "拼多多上便宜{num}块，", "转我个人账户就行，", "咱们走私-单，", "加我V信，",
        "淘 宝上有同款，", "别走公司了，", "私 聊吧，", "直接轉我個人帳戶，", "闲鱼上也有，",
    ];

    /// Chat messages of 48 to 70 characters (mean about 60).
    public static string[] Messages(int count, int seed = 42)
    {
        var random = new Random(seed);
        var messages = new string[count];
        for (var i = 0; i < count; i++)
        {
            var builder = new StringBuilder();
            if (random.Next(20) == 0) builder.Append(Fill(Sensitive[random.Next(Sensitive.Length)], random));
            while (builder.Length < 48) builder.Append(Fill(Templates[random.Next(Templates.Length)], random));
            if (builder.Length > 70) builder.Length = 70;
            messages[i] = builder.ToString();
        }
        return messages;
    }

    /// A block of about the given number of characters made of messages joined by new lines, as
    /// an export or a day's archive would be scanned in one go.
    public static string Block(int characters, int seed = 7)
    {
        var builder = new StringBuilder(characters + 100);
        foreach (var message in Messages(characters / 50 + 1, seed))
        {
            builder.Append(message).Append('\n');
            if (builder.Length >= characters) break;
        }
        return builder.ToString(0, Math.Min(characters, builder.Length));
    }

    /// The default lexicon's words followed by generated ones, <paramref name="size"/> in all.
    public static string[] Lexicon(int size, int seed = 2025)
    {
        var random = new Random(seed);
        var words = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in DefaultLexicon.Entries)
            if (words.Count < size && seen.Add(entry.Word)) words.Add(entry.Word);
        while (words.Count < size)
        {
            var length = random.Next(10) switch { < 5 => 2, < 8 => 3, _ => 4 };
            var word = new char[length];
            for (var i = 0; i < length; i++)
                word[i] = random.Next(10) < 6
                    ? CommonCharacters[random.Next(CommonCharacters.Length)]
                    : (char)random.Next(0x4E00, 0x9FA6);
            var text = new string(word);
            if (seen.Add(text)) words.Add(text);
        }
        return [.. words];
    }

    private static string Fill(string template, Random random) => template
        .Replace("{name}", Names[random.Next(Names.Length)], StringComparison.Ordinal)
        .Replace("{product}", Products[random.Next(Products.Length)], StringComparison.Ordinal)
        .Replace("{num}", random.Next(2, 2000).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{day}", "一二三四五六日"[random.Next(7)].ToString(), StringComparison.Ordinal)
        .Replace("{code}", random.NextInt64(1_000_000_000, 9_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
}
