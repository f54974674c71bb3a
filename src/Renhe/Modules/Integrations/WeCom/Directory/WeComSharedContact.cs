namespace Renhe.Modules.Integrations.WeCom.Directory;

/// An external contact (a customer on WeChat) that several members follow, as the last customer
/// import found it. Reported, never split: the customer stays one record with one owner (the
/// member who added it first, when the import brought it in), and the page lists who else follows it.
/// A report the import rewrites each time, so not audited row by row (the import's run is).
public sealed class WeComSharedContact : Renhe.Platform.Audit.IAuditedByOwner
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string ExternalUserId { get; set; } = "";
    public string Name { get; set; } = "";
    /// The members following it, earliest first.
    public List<string> FollowerUserIds { get; set; } = [];
    public Guid? CustomerId { get; set; }
    public DateTimeOffset SeenAt { get; set; }
}
