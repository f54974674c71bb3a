using Renhe.Platform.Ui;

namespace Renhe.Tests.Platform.Ui;

/// The money charts' axis: about five gridlines on a round step, labelled in yuan.
[Trait("Category", "Unit")]
public sealed class YuanChartTests
{
    [Theory]
    [InlineData(71_680 / 5.0, 20_000)]   // the demo team: ¥0, ¥20,000 … ¥80,000
    [InlineData(10_000, 10_000)]
    [InlineData(10_001, 20_000)]
    [InlineData(2_300, 5_000)]
    [InlineData(460, 500)]
    [InlineData(0.4, 1)]
    public void Steps_are_one_two_or_five_times_a_power_of_ten(double raw, double step) =>
        Assert.Equal(step, YuanChart.RoundStep(raw));

    [Fact]
    public void The_axis_reads_as_money()
    {
        var options = YuanChart.Options([67_378, 37_960, 6_836]);
        Assert.Equal(20_000, options.YAxisTicks);
        Assert.Equal("¥60,000", options.YAxisToStringFunc!(60_000));
    }
}
