namespace Renhe.Platform.Measures;

/// A measured rate kept as its numerator and denominator, so it is compared exactly: 5 of 20 is
/// 25 % and meets a 25 % threshold, which a binary floating-point quotient may not. A rate whose
/// denominator is empty is undefined ("—") and meets no threshold.
public readonly record struct Rate(long Numerator, long Denominator)
{
    /// Thresholds and commission rates are written in basis points: 1 bp = 0.01 %, 2500 = 25 %.
    public const int Whole = 10_000;

    public bool IsDefined => Denominator > 0;

    public bool Meets(long thresholdBp) => IsDefined && Numerator * Whole >= thresholdBp * Denominator;

    /// The percentage rounded half-up to one decimal for display (25.0); null when undefined.
    public decimal? Percent => IsDefined ? Math.Round(Numerator * 100m / Denominator, 1, MidpointRounding.AwayFromZero) : null;

    /// "25.0 % (5/20)" or "—".
    public override string ToString() => IsDefined ? $"{Percent:0.0} % ({Numerator}/{Denominator})" : "—";

    /// A basis-point figure as a percentage for display: 2500 → "25", 50 → "0.5", 1234 → "12.34".
    public static string PercentOf(long bp) => decimal.Divide(bp, 100).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
}
