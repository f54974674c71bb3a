using static Renhe.Modules.Risk.Scanning.HitSeverity;
using static Renhe.Modules.Risk.Scanning.LexiconCategories;

namespace Renhe.Modules.Risk.Scanning;

/// The lexicon a new installation starts with; administrators edit and extend it on the lexicon
/// page. Words are written plainly: separators, full-width forms, case and the traditional
/// characters of <see cref="TraditionalChinese"/> are handled by normalisation, so only genuinely
/// different spellings (威信, V信, vx, 咸鱼) need entries of their own.
///
/// Short words that are also ordinary Chinese are written as phrases instead: "去死吧" not 去死
/// (去死角), "你个废物" not 废物 (废物回收), "你尼玛" not 尼玛 (a common Tibetan name),
/// "你神经病" not 神经病 (神经病学), and no bare "sb" (USB).
///
/// Words in ASCII letters match only as whole tokens (see <see cref="SensitiveWordScanner"/>), so
/// pinyin and its short forms can be listed without hitting inside English words, URLs or
/// tracking numbers: sidan hits "走 sidan 吧" and "si dan" but not "zousidan", which therefore has
/// its own entry. Short forms are listed only when, as a whole token, they almost always mean the
/// word: pdd (拼多多), vx (微信), tmd, nmsl, cnm, mlgb. Rejected as too often ordinary tokens: sd
/// (SD card), tb (terabyte; tb.cn stays), xy (coordinates, sizes; xianyu stays), dd (钉钉, 订单),
/// grsk (no one writes it), and bare wx and zfb (WeChat and Alipay named as payment methods:
/// 支持wx/zfb付款), which appear only in phrases (加我wx, wx号, 转我zfb).
///
/// A new installation is seeded with these words once (LexiconScanner.SeedAsync); after that the
/// lexicon belongs to its administrators, who may have deleted a default on purpose, so words added
/// here later do not reach an existing company by themselves: they are added on the lexicon page
/// or by importing them.
public static class DefaultLexicon
{
    public static IReadOnlyList<LexiconEntry> Entries { get; } =
    [
        // 私单: deals taken outside the company
        new("私单", PrivateDeal, High),
        new("走私单", PrivateDeal, High),
        new("接私单", PrivateDeal, High),
        new("私下交易", PrivateDeal, High),
        new("私下成交", PrivateDeal, High),
        new("私下接单", PrivateDeal, High),
        new("私下付款", PrivateDeal, High),
        new("线下交易", PrivateDeal, Medium),
        new("不走公司", PrivateDeal, High),
        new("绕过公司", PrivateDeal, High),
        new("别走公司", PrivateDeal, High),
        new("不走平台", PrivateDeal, High),
        new("别走平台", PrivateDeal, High),
        new("别告诉公司", PrivateDeal, High),
        new("公司不知道", PrivateDeal, Medium),
        new("跳单", PrivateDeal, High),
        new("飞单", PrivateDeal, High),
        new("跑单", PrivateDeal, High),
        new("找我拿货", PrivateDeal, Medium),
        new("直接找我买", PrivateDeal, Medium),
        new("我自己的店", PrivateDeal, Medium),
        new("私人店铺", PrivateDeal, Medium),
        new("私人小店", PrivateDeal, Medium),
        new("sidan", PrivateDeal, High),
        new("zousidan", PrivateDeal, High),
        new("jiesidan", PrivateDeal, High),

        // 个人收款: money into a personal account
        new("转我个人账户", PersonalPayment, High),
        new("个人账户", PersonalPayment, Medium),
        new("个人账号", PersonalPayment, Medium),
        new("私人账户", PersonalPayment, High),
        new("私人账号", PersonalPayment, High),
        new("转我个人", PersonalPayment, High),
        new("转给我个人", PersonalPayment, High),
        new("直接转我", PersonalPayment, High),
        new("转我支付宝", PersonalPayment, High),
        new("转我微信", PersonalPayment, High),
        new("微信转账给我", PersonalPayment, High),
        new("支付宝转账", PersonalPayment, Medium),
        new("微信转账", PersonalPayment, Medium),
        new("打到我卡上", PersonalPayment, High),
        new("打我卡上", PersonalPayment, High),
        new("转到我卡", PersonalPayment, High),
        new("我的卡号", PersonalPayment, Medium),
        new("个人收款码", PersonalPayment, High),
        new("私人收款码", PersonalPayment, High),
        new("扫我的收款码", PersonalPayment, High),
        new("发红包给我", PersonalPayment, Medium),
        new("gerenshoukuan", PersonalPayment, High),
        new("gerenzhanghu", PersonalPayment, Medium),
        new("转我zfb", PersonalPayment, High),

        // 竞品平台: other platforms and their links
        new("拼多多", RivalPlatform, Medium),
        new("pdd", RivalPlatform, Medium),
        new("pinduoduo", RivalPlatform, Medium),
        new("yangkeduo", RivalPlatform, Medium),
        new("某多多", RivalPlatform, Medium),
        new("淘宝", RivalPlatform, Medium),
        new("taobao", RivalPlatform, Medium),
        new("tb.cn", RivalPlatform, Medium),
        new("淘口令", RivalPlatform, Medium),
        new("某宝", RivalPlatform, Medium),
        new("闲鱼", RivalPlatform, Medium),
        new("咸鱼", RivalPlatform, Low),
        new("xianyu", RivalPlatform, Medium),
        new("goofish", RivalPlatform, Medium),
        new("抖音小店", RivalPlatform, Medium),
        new("快手小店", RivalPlatform, Medium),
        new("1688.com", RivalPlatform, Low),

        // 挖客户: moving the customer to a personal contact
        new("加我微信", ContactPoaching, High),
        new("加我私人微信", ContactPoaching, High),
        new("私人微信", ContactPoaching, High),
        new("个人微信", ContactPoaching, High),
        new("换个微信", ContactPoaching, Medium),
        new("微信号", ContactPoaching, Low),
        new("加微", ContactPoaching, Medium),
        new("vx", ContactPoaching, Medium),
        new("加我vx", ContactPoaching, High),
        new("vx号", ContactPoaching, High),
        new("加我wx", ContactPoaching, High),
        new("wx号", ContactPoaching, High),
        new("v信", ContactPoaching, High),
        new("威信", ContactPoaching, Medium),
        new("薇信", ContactPoaching, High),
        new("徽信", ContactPoaching, High),
        new("wei信", ContactPoaching, High),
        new("weixin", ContactPoaching, Low),
        new("私聊", ContactPoaching, Low),
        new("私信我", ContactPoaching, Medium),
        new("私下联系", ContactPoaching, High),
        new("加我qq", ContactPoaching, High),
        new("qq号", ContactPoaching, Medium),
        new("扣扣号", ContactPoaching, Medium),
        new("私人电话", ContactPoaching, Medium),
        new("私人号码", ContactPoaching, Medium),

        // 辱骂: abuse
        new("傻逼", Abuse, High),
        new("煞笔", Abuse, High),
        new("傻b", Abuse, High),
        new("滚蛋", Abuse, Medium),
        new("去死吧", Abuse, High),
        new("你去死", Abuse, High),
        new("他妈的", Abuse, Medium),
        new("你妈的", Abuse, High),
        new("tmd", Abuse, Medium),
        new("nmsl", Abuse, High),
        new("cnm", Abuse, High),
        new("mlgb", Abuse, High),
        new("草泥马", Abuse, High),
        new("操你", Abuse, High),
        new("你尼玛", Abuse, High),
        new("智障", Abuse, Medium),
        new("脑残", Abuse, Medium),
        new("白痴", Abuse, Medium),
        new("你个废物", Abuse, Medium),
        new("真是废物", Abuse, Medium),
        new("蠢货", Abuse, Medium),
        new("贱人", Abuse, High),
        new("王八蛋", Abuse, High),
        new("混蛋", Abuse, Medium),
        new("狗东西", Abuse, High),
        new("垃圾东西", Abuse, Medium),
        new("你神经病", Abuse, Medium),
        new("fuck", Abuse, Medium),
        new("shit", Abuse, Low),
    ];
}
