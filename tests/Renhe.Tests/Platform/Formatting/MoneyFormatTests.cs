using CsCheck;
using Renhe.Platform.Formatting;

namespace Renhe.Tests.Platform.Formatting;

/// The one money format (ADR 0001): ¥, thousands separators, two decimals, minus before the sign.
[Trait("Category", "Unit")]
public sealed class MoneyFormatTests
{
    [Theory]
    [InlineData(0L, "¥0.00")]
    [InlineData(1L, "¥0.01")]
    [InlineData(123_450L, "¥1,234.50")]
    [InlineData(398_000L, "¥3,980.00")]
    [InlineData(100_000_000_00L, "¥100,000,000.00")]
    [InlineData(-8_000L, "-¥80.00")]
    [InlineData(-1L, "-¥0.01")]
    public void Fen_are_shown_as_yuan_with_two_decimals(long fen, string shown) => Assert.Equal(shown, MoneyFormat.Format(fen));

    [Fact]
    public void No_amount_reads_as_a_dash() => Assert.Equal("—", MoneyFormat.Format((long?)null));

    [Theory]
    [InlineData("14000", "¥14,000.00")]
    [InlineData("0.5", "¥0.50")]
    [InlineData("-3980", "-¥3,980.00")]
    public void Approval_amounts_in_yuan_read_the_same_way(string yuan, string shown) =>
        Assert.Equal(shown, MoneyFormat.FormatYuan(decimal.Parse(yuan, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("39.80", 3_980L)]
    [InlineData("0.005", 1L)]
    [InlineData("-0.005", -1L)]
    [InlineData("83333.334", 8_333_333L)]
    public void Typed_yuan_become_fen_rounding_half_away_from_zero(string yuan, long fen) =>
        Assert.Equal(fen, MoneyFormat.ToFen(decimal.Parse(yuan, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Fen_survive_the_trip_to_yuan_and_back_and_the_text_reads_back_as_the_amount()
    {
        Gen.Long[-1_000_000_000_000L, 1_000_000_000_000L].Sample(fen =>
        {
            Assert.Equal(fen, MoneyFormat.ToFen(MoneyFormat.ToYuan(fen)));
            var text = MoneyFormat.Format(fen);
            var number = decimal.Parse(text.Replace("¥", "").Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(MoneyFormat.ToYuan(fen), number);
        });
    }

    [Theory]
    [InlineData(12.34, 1234L)]
    [InlineData(-0.01, -1L)]
    [InlineData(0.005, null)]                          // half a fen is refused, not rounded
    [InlineData(100_000_000_000_000_000_000.0, null)]  // 1e20 yuan does not fit a long of fen
    public void Exact_fen_refuses_fractions_of_a_fen_and_what_a_long_cannot_hold(decimal yuan, long? fen) =>
        Assert.Equal(fen, MoneyFormat.ExactFen(yuan));
}
