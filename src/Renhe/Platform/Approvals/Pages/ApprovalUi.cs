using MudBlazor;

namespace Renhe.Platform.Approvals.Pages;

internal static class ApprovalUi
{
    public static Color StatusColor(ApprovalStatus status) => status switch
    {
        ApprovalStatus.Approved => Color.Success,
        ApprovalStatus.Rejected => Color.Error,
        ApprovalStatus.Returned => Color.Warning,
        ApprovalStatus.Withdrawn => Color.Default,
        _ => Color.Info,
    };

    public static Color ActionColor(ApprovalActionKind kind) => kind switch
    {
        ApprovalActionKind.Approved => Color.Success,
        ApprovalActionKind.Rejected => Color.Error,
        ApprovalActionKind.Returned => Color.Warning,
        ApprovalActionKind.Skipped or ApprovalActionKind.Withdrawn => Color.Default,
        _ => Color.Info,
    };
}
