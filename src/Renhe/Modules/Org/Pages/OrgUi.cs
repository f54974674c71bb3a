using MudBlazor;
using Renhe.Platform.Security;

namespace Renhe.Modules.Org.Pages;

/// Small pieces the organisation pages share: dates for MudBlazor's pickers
/// (which speak DateTime), colours for statuses and the viewer's time zone.
internal static class OrgUi
{
    public const long MaxImportBytes = 10 * 1024 * 1024;

    public static DateTime? ToPicker(this DateOnly? date) => date?.ToDateTime(TimeOnly.MinValue);

    public static DateTime? ToPicker(this DateOnly date) => date.ToDateTime(TimeOnly.MinValue);

    public static DateOnly? FromPicker(this DateTime? date) => date is { } d ? DateOnly.FromDateTime(d) : null;

    public static string Show(this DateOnly? date) => date?.ToString("yyyy-MM-dd") ?? "—";

    public static string Show(this DateOnly date) => date.ToString("yyyy-MM-dd");

    public static string Show(this DateTimeOffset at, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm");

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

    /// Times are stored in UTC and shown in the zone of the viewer's branch (the head office's when
    /// the account has no employee record).
    public static async Task<TimeZoneInfo> ViewerZoneAsync(CurrentUser user, StructureService structure, CancellationToken ct)
    {
        var access = await user.AccessAsync(ct);
        var branches = await structure.BranchesAsync(ct);
        var zone = branches.FirstOrDefault(b => b.Id == access.BranchId)?.TimeZone ?? branches.FirstOrDefault()?.TimeZone ?? "Asia/Shanghai";
        return TimeZoneInfo.FindSystemTimeZoneById(zone);
    }

    /// The branch's zone: day boundaries and times shown follow where people work.
    public static async Task<TimeZoneInfo> BranchZoneAsync(StructureService structure, Guid branchId, CancellationToken ct)
    {
        var zone = (await structure.BranchesAsync(ct)).FirstOrDefault(b => b.Id == branchId)?.TimeZone ?? "Asia/Shanghai";
        return TimeZoneInfo.FindSystemTimeZoneById(zone);
    }

    public static DateOnly Today(TimeProvider clock, TimeZoneInfo zone) => OrgClock.Today(clock, zone.Id);
}
