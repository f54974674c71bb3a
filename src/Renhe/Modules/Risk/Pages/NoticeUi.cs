namespace Renhe.Modules.Risk.Pages;

public static class NoticeUi
{
    /// The zone notices and acknowledgements are shown in (Risk:TimeZone, head office by default).
    public static TimeZoneInfo Zone(IConfiguration configuration)
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById(configuration["Risk:TimeZone"] ?? "Asia/Shanghai"); }
        catch (TimeZoneNotFoundException) { return TimeZoneInfo.Utc; }
    }

    public static string Show(this DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
