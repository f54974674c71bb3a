using System.Globalization;

namespace Renhe.Platform.Formatting;

/// The one way money reaches people (ADR 0001): amounts are kept in integer fen and shown as yuan
/// with the ¥ sign, thousands separators and two decimals — "¥1,234.50", "-¥80.00" — on pages, in
/// messages and in approval titles alike. Excel cells hold the yuan amount as a number (<see cref="ToYuan(long)"/>,
/// so sums and filters work) under a heading that says 元.
public static class MoneyFormat
{
    private static readonly NumberFormatInfo Numbers = CultureInfo.InvariantCulture.NumberFormat;

    /// Fen to yuan, exactly (decimal, never floating point).
    public static decimal ToYuan(long fen) => fen / 100m;

    public static decimal? ToYuan(long? fen) => fen is { } f ? f / 100m : null;

    /// "¥1,234.50"; a negative amount reads "-¥1,234.50".
    public static string Format(long fen) => FormatYuan(fen / 100m);

    /// An amount already in yuan (approval requests carry one), in the same format.
    public static string FormatYuan(decimal yuan) =>
        (yuan < 0 ? "-¥" : "¥") + Math.Abs(yuan).ToString("#,##0.00", Numbers);

    /// Whole yuan, for chart axes whose steps are round: "¥20,000".
    public static string FormatWholeYuan(double yuan) =>
        (yuan < 0 ? "-¥" : "¥") + Math.Abs(yuan).ToString("#,##0", Numbers);

    /// Fen as a chart value in yuan (charts plot doubles; nothing is summed from them).
    public static double ToChartYuan(long fen) => fen / 100.0;

    /// As <see cref="Format(long)"/>, or "—" when there is no amount.
    public static string Format(long? fen) => fen is { } f ? Format(f) : "—";

    /// Yuan typed by a person to fen when it names whole fen (at most two decimals) that a long
    /// holds; null otherwise. For checks that refuse rather than round.
    public static long? ExactFen(decimal yuan)
    {
        var fen = yuan * 100m;
        return fen == decimal.Truncate(fen) && fen is >= long.MinValue and <= long.MaxValue ? (long)fen : null;
    }

    /// Yuan typed by a person to fen; a fraction of a fen rounds half away from zero (the edge
    /// bounds the amount before it gets here).
    public static long ToFen(decimal yuan) => (long)decimal.Round(yuan * 100m, MidpointRounding.AwayFromZero);
}
