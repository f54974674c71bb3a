using MudBlazor;
using Renhe.Platform.Approvals.Pages;

namespace Renhe.Modules.Org.Profile.Pages;

/// What the self-service pages share: colours for request statuses, and opening a request's approval.
internal static class ProfileUi
{
    public static Color RequestColor(RequestStatus status) => status switch
    {
        RequestStatus.Approved => Color.Success,
        RequestStatus.Rejected => Color.Error,
        RequestStatus.Withdrawn => Color.Default,
        _ => Color.Warning,
    };

    /// The approval itself, in the dialog 审批中心 opens: the decision, withdrawal and resubmission
    /// happen there and nowhere else.
    public static async Task OpenApprovalAsync(IDialogService dialogs, string title, Guid approvalRequestId, TimeZoneInfo zone)
    {
        var dialog = await dialogs.ShowAsync<ApprovalDialog>(title,
            new DialogParameters<ApprovalDialog> { { x => x.Id, approvalRequestId }, { x => x.Zone, zone } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true, CloseButton = true });
        await dialog.Result;
    }
}
