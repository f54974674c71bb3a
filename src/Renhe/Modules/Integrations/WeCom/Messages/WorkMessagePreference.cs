namespace Renhe.Modules.Integrations.WeCom.Messages;

/// A person's choice for one kind of work message. No row means on. Turning a kind back on keeps
/// the row with the moment it was turned on, so notices made while it was off are never sent late.
/// A person's own switches, each set to an absolute value: the last choice wins, no version needed.
public sealed class WorkMessagePreference
{
    public Guid UserId { get; set; }
    public WorkMessageKind Kind { get; set; }
    public bool Enabled { get; set; }
    public DateTimeOffset ChangedAt { get; set; }

    /// Whether a notice made at <paramref name="noticeAt"/> may go out under this choice.
    public bool Allows(DateTimeOffset noticeAt) => Enabled && noticeAt >= ChangedAt;
}
