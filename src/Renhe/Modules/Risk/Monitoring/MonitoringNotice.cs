namespace Renhe.Modules.Risk.Monitoring;

/// The monitoring notice (PIPL art. 13–17: tell people what is collected, why and for how long
/// before collecting it). HR writes it; each publication is a new version and earlier versions
/// stay as they were, so an acknowledgement always points at the exact text that was shown.
public sealed class MonitoringNotice
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// 1, 2, 3… in publication order; the highest is in force.
    public int Version { get; set; }
    public string Title { get; set; } = "";
    public string Text { get; set; } = "";
    public DateTimeOffset PublishedAt { get; set; }
    public string PublishedBy { get; set; } = "";
}

/// An employee's acknowledgement of one notice version. Append-only.
public sealed class MonitoringAcknowledgement
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EmployeeId { get; set; }
    public int NoticeVersion { get; set; }
    public DateTimeOffset AcknowledgedAt { get; set; }
    /// The account that clicked (the employee's own).
    public Guid? UserId { get; set; }
}
