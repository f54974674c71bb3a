using Renhe.Platform.Time;

namespace Renhe.Modules.Org.Structure;

/// A branch office. Its IANA time zone decides day boundaries for everyone who works there.
public sealed class Branch
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string Name { get; set; } = "";
    public string City { get; set; } = "";
    public string TimeZone { get; set; } = BranchCalendar.DefaultZoneId;
}
