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
}
