using MudBlazor;

namespace Renhe.Modules.Sales.Pages;

internal static class SalesUi
{
    public static Color StageColor(CustomerStage stage) => stage switch
    {
        CustomerStage.Lead => Color.Default,
        CustomerStage.Intent => Color.Info,
        CustomerStage.Ordered => Color.Success,
        CustomerStage.Repurchase => Color.Primary,
        _ => Color.Error,
    };

    public static readonly CustomerStage[] Stages = Enum.GetValues<CustomerStage>();

    /// Bar-chart options for amounts in yuan: about five gridlines on a round step (1, 2 or 5 × 10ⁿ)
    /// labelled "¥20,000", so people read the axis as money rather than as raw numbers.
    public static BarChartOptions YuanChart(IEnumerable<double> values)
    {
        var max = values.DefaultIfEmpty(0).Max();
        return new BarChartOptions
        {
            ShowLegend = true,
            YAxisTicks = (int)Math.Max(1, RoundStep(max / 5)),
            YAxisToStringFunc = v => "¥" + v.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
        };
    }

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
