using System.Globalization;

namespace Renhe.Platform.Ui;

/// Dates and times as every page shows them, and the bridge to MudBlazor's pickers (which speak
/// DateTime). Instants are shown in the zone the page got from the branch calendar.
public static class DateUi
{
    public static DateTime? ToPicker(this DateOnly? date) => date?.ToDateTime(TimeOnly.MinValue);

    public static DateTime? ToPicker(this DateOnly date) => date.ToDateTime(TimeOnly.MinValue);

    public static DateOnly? FromPicker(this DateTime? date) => date is { } d ? DateOnly.FromDateTime(d) : null;

    public static string Show(this DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—";

    public static string Show(this DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Show(this DateTimeOffset at, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Show(this DateTimeOffset? at, TimeZoneInfo zone) => at is { } a ? a.Show(zone) : "—";
}
