using MudBlazor;

namespace Renhe.Modules.Sales.Customers.Pages;

internal static class CustomerUi
{
    public static Color StageColor(CustomerStage stage) => stage switch
    {
        CustomerStage.Lead => Color.Default,
        CustomerStage.Intent => Color.Info,
        CustomerStage.Ordered => Color.Success,
        CustomerStage.Repurchase => Color.Primary,
        _ => Color.Error,
    };

    /// Every stage, for filtering lists (not for moving a customer: see Customer.StageChoices).
    public static readonly CustomerStage[] Stages = Enum.GetValues<CustomerStage>();
}
