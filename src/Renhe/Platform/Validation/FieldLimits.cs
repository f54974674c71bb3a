using Renhe.Platform.Formatting;

namespace Renhe.Platform.Validation;

/// The bounds every input is held to, shared by all modules so that a new module gets the same
/// limits by default (ADR 0013). Text limits count characters; money is in fen (ADR 0001).
/// The money and quantity bounds leave room: the largest order (lines × quantity × unit price)
/// and the sum of a hundred million largest orders still fit a 64-bit integer.
public static class FieldLimits
{
    // ---- text ----
    /// Codes and numbers people type: product codes, employee numbers, salary grades.
    public const int Code = 50;
    /// A person's name (Chinese names are 2–4 characters; foreign names are longer).
    public const int PersonName = 50;
    /// Names of things: customers, departments, branches, rules.
    public const int Name = 100;
    /// Titles and company names.
    public const int Title = 200;
    /// Telephone numbers as typed, with spaces, dashes and an extension.
    public const int Phone = 30;
    /// Reasons and short remarks (a refusal, a refund, a transfer).
    public const int Reason = 500;
    /// Notes and comments (a follow-up's notes, an order's note).
    public const int Note = 2000;
    /// Free text a person writes at length (an announcement, a notice).
    public const int LongText = 20_000;
    /// A search box.
    public const int Search = 100;
    /// One tag, and how many tags one record may carry.
    public const int Tag = 20;
    public const int TagsPerRecord = 20;

    // ---- money (fen) ----
    /// The largest single amount anyone types or an order reaches: ¥100,000,000.
    public const long AmountFen = 10_000_000_000;
    public static readonly decimal AmountYuan = MoneyFormat.ToYuan(AmountFen);
    /// The largest unit price on the price list: ¥10,000,000.
    public const long UnitPriceFen = 1_000_000_000;

    // ---- quantities ----
    /// Units of one product on one order line, or in stock.
    public const int Quantity = 100_000;
    /// Lines on one order.
    public const int OrderLines = 100;
    /// Counts people plan with (customers in a month's target, minutes of a call).
    public const int Count = 100_000;

    // ---- lists ----
    /// Items in one request that acts on many records at once (ids to assign, rows to save).
    public const int BatchItems = 500;
    /// The largest page a list returns.
    public const int PageSize = 500;
}
