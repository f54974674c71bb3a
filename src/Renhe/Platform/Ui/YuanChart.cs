using Renhe.Platform.Formatting;
using MudBlazor;

namespace Renhe.Platform.Ui;

/// Bar charts of money: amounts are plotted in yuan and the axis reads "¥20,000", so people read it
/// as money rather than as raw numbers.
public static class YuanChart
{
    /// Options for amounts in yuan: about five gridlines on a round step (1, 2 or 5 × 10ⁿ).
    public static BarChartOptions Options(IEnumerable<double> values) =>
        new() { ShowLegend = true, YAxisTicks = Ticks(values), YAxisToStringFunc = MoneyFormat.FormatWholeYuan };

    /// The same axis for a line chart (a running total against its pace).
    public static LineChartOptions LineOptions(IEnumerable<double> values) =>
        new() { ShowLegend = true, YAxisTicks = Ticks(values), YAxisToStringFunc = MoneyFormat.FormatWholeYuan };

    private static int Ticks(IEnumerable<double> values) => (int)Math.Max(1, RoundStep(values.DefaultIfEmpty(0).Max() / 5));

    /// The smallest of 1, 2, 5 × 10ⁿ at or above <paramref name="raw"/>.
    public static double RoundStep(double raw)
    {
        if (raw <= 1) return 1;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        foreach (var m in new[] { 1, 2, 5, 10 })
            if (m * magnitude >= raw) return m * magnitude;
        return 10 * magnitude;
    }
}
