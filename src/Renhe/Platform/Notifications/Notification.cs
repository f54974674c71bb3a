namespace Renhe.Platform.Notifications;

/// A message for one user (someone commented on your follow-up, …). Stored as a resource key and
/// its arguments, so it reads in the recipient's language when shown, not the sender's. Only the
/// recipient sees or marks it; nothing else is ever changed.
public sealed class Notification
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid RecipientUserId { get; set; }
    /// Resource key of the text, e.g. "Notify.FollowUpCommented".
    public string TextKey { get; set; } = "";
    /// The key's arguments, in order (names, titles: already in their own language).
    public List<string> Args { get; set; } = [];
    /// Where a click on it leads (an application path).
    public string? Link { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
}
