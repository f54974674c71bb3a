using Renhe.Platform.Validation;

namespace Renhe.Tests.Platform.Validation;

/// One window of plausible dates per kind (ADR 0001), on 2026-12-07.
public sealed class DateWindowTests
{
    private static readonly DateOnly Today = new(2026, 12, 7);

    [Theory]
    [InlineData(DateKind.Birth, "1900-01-01", true)]
    [InlineData(DateKind.Birth, "1899-12-31", false)]
    [InlineData(DateKind.Birth, "2026-12-07", true)]
    [InlineData(DateKind.Birth, "9999-12-31", false)]
    [InlineData(DateKind.Employment, "1966-12-07", true)]  // sixty years back
    [InlineData(DateKind.Employment, "1800-01-01", false)]
    [InlineData(DateKind.Employment, "2027-12-07", true)]  // a hire agreed a year ahead
    [InlineData(DateKind.Employment, "2027-12-08", false)]
    [InlineData(DateKind.Employment, "9999-12-30", false)]
    [InlineData(DateKind.ContractEnd, "2036-12-07", true)]
    [InlineData(DateKind.ContractEnd, "2036-12-08", false)]
    [InlineData(DateKind.Activity, "2021-12-07", true)]
    [InlineData(DateKind.Activity, "2026-12-08", true)]    // tomorrow: a branch ahead of UTC
    [InlineData(DateKind.Activity, "2026-12-09", false)]
    [InlineData(DateKind.Activity, "0001-01-01", false)]
    [InlineData(DateKind.Plan, "2028-12-07", true)]
    [InlineData(DateKind.Plan, "9999-01-01", false)]
    [InlineData(DateKind.Report, "2000-01-01", true)]
    [InlineData(DateKind.Report, "1999-12-31", false)]
    [InlineData(DateKind.Report, "2099-12-31", true)]
    [InlineData(DateKind.Report, "9999-12-31", false)]
    [InlineData(DateKind.Any, "1900-01-01", true)]
    [InlineData(DateKind.Any, "0001-01-01", false)]
    public void Each_kind_of_date_has_its_window(DateKind kind, string date, bool allowed) =>
        Assert.Equal(allowed, DateWindows.Contains(kind, Today, DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)));

    /// Whatever the kind, a day's arithmetic inside a window stays far from DateOnly's ends.
    [Theory]
    [InlineData(DateKind.Any)]
    [InlineData(DateKind.Birth)]
    [InlineData(DateKind.Employment)]
    [InlineData(DateKind.ContractEnd)]
    [InlineData(DateKind.Activity)]
    [InlineData(DateKind.Plan)]
    [InlineData(DateKind.Report)]
    public void Windows_leave_room_for_a_century_of_arithmetic(DateKind kind)
    {
        var (from, to) = DateWindows.For(kind, Today);
        Assert.True(from.AddYears(-100) > DateOnly.MinValue && to.AddYears(100) < DateOnly.MaxValue);
    }
}
