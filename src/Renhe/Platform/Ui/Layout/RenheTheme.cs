using MudBlazor;

namespace Renhe.Platform.Ui.Layout;

public static class RenheTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#C0392B",
            Secondary = "#2C3E50",
            AppbarBackground = "#C0392B",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "Roboto", "Helvetica", "Arial", "sans-serif"],
            },
            // Upper-casing does nothing for Chinese and turns "Excel" into "EXCEL" in English.
            Button = new ButtonTypography { TextTransform = "none" },
        },
    };
}
