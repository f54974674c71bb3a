namespace Renhe.Modules.Sales.FollowUps;

/// A manager's comment (点评) on a follow-up, with attachments stored as platform files owned by
/// it (<see cref="AttachmentOwnerKind"/>). Append-only: a comment is what was said to a
/// salesperson at the time, so it is never edited; a correction is another comment. Who may
/// comment: sales.follow-up.comment within its scope over the follow-up's author (a sales manager
/// the team's, administrators all). Whoever may read the follow-up reads its comments.
public sealed class FollowUpComment
{
    public const string AttachmentOwnerKind = "sales.follow-up-comment";

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid FollowUpId { get; set; }
    public string Text { get; set; } = "";
    public Guid? ByUserId { get; set; }
    public string? ByName { get; set; }
    public DateTimeOffset At { get; set; }
}
