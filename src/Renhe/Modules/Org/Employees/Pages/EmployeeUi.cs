using MudBlazor;

namespace Renhe.Modules.Org.Employees.Pages;

/// Small pieces the employee pages share: the import size limit and colours for statuses.
internal static class EmployeeUi
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
}
