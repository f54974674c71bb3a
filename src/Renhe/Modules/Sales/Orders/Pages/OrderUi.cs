using MudBlazor;

namespace Renhe.Modules.Sales.Orders.Pages;

internal static class OrderUi
{
    public static Color StatusColor(OrderStatus status) => status switch
    {
        OrderStatus.Draft => Color.Default,
        OrderStatus.Submitted => Color.Info,
        OrderStatus.Returned => Color.Warning,
        OrderStatus.Effective => Color.Success,
        OrderStatus.Rejected => Color.Error,
        _ => Color.Secondary,
    };

    public static readonly OrderStatus[] Statuses = Enum.GetValues<OrderStatus>();
}
