using MudBlazor;

namespace Renhe.Modules.Org.Profile.Pages;

/// What the self-service pages share: colours for request statuses.
internal static class ProfileUi
{
    public static Color RequestColor(RequestStatus status) => status switch
    {
        RequestStatus.Approved => Color.Success,
        RequestStatus.Rejected => Color.Error,
        _ => Color.Warning,
    };
}
