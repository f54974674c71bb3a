using MudBlazor;

namespace Renhe.Modules.Org.Pages;

/// Small pieces the organisation pages share: colours for statuses.
internal static class OrgUi
{
    public const long MaxImportBytes = 10 * 1024 * 1024;

    public static Color StatusColor(EmploymentStatus status) => status switch
    {
        EmploymentStatus.Active => Color.Success,
        EmploymentStatus.Probation => Color.Info,
        EmploymentStatus.Candidate => Color.Secondary,
        EmploymentStatus.Leaving => Color.Warning,
        _ => Color.Default,
    };

    public static Color RequestColor(RequestStatus status) => status switch
    {
        RequestStatus.Approved => Color.Success,
        RequestStatus.Rejected => Color.Error,
        _ => Color.Warning,
    };
}
