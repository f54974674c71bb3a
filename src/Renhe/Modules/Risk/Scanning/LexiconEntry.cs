namespace Renhe.Modules.Risk.Scanning;

/// One sensitive word. Category is a code from <see cref="LexiconCategories"/> or one an
/// administrator adds; the word is written as people write it and normalised at compile time.
public sealed record LexiconEntry(string Word, string Category, HitSeverity Severity);

public enum HitSeverity
{
    Low = 1,
    Medium = 2,
    High = 3,
}

public static class LexiconCategories
{
    /// 私单: a deal taken outside the company.
    public const string PrivateDeal = "private_deal";
    /// 个人收款: payment into a salesperson's own account.
    public const string PersonalPayment = "personal_payment";
    /// 竞品平台: steering the customer to another platform (拼多多, 淘宝, 闲鱼…).
    public const string RivalPlatform = "rival_platform";
    /// 挖客户: moving the customer to a personal contact channel (加我微信, vx, V信…).
    public const string ContactPoaching = "contact_poaching";
    /// 辱骂: abuse.
    public const string Abuse = "abuse";
}

/// A hit: Start and Length are in the ORIGINAL text (so the page highlights exactly what was
/// written, separators included: 私-单 is highlighted whole); Word is the lexicon entry as
/// written in the lexicon.
public readonly record struct ScanHit(int Start, int Length, string Word, string Category, HitSeverity Severity)
{
    public int End => Start + Length;
}
