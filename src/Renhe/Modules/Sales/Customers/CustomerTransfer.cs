using Renhe.Platform.Data;

namespace Renhe.Modules.Sales.Customers;

public enum RequestState { Pending, Approved, Rejected, Returned, Withdrawn }

/// A request to move customers to another person (客户转移). Owners never change ownership
/// themselves: a salesperson asks to hand their own customers to a colleague, a manager
/// (sales.customer.manage, team scope) asks within the team; the request walks the
/// sales.customer-transfer approval flow and custody moves only when it is approved.
public sealed class CustomerTransfer
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public List<Guid> CustomerIds { get; set; } = [];
    public Guid ToEmployeeId { get; set; }
    public string Reason { get; set; } = "";
    /// What WeCom shows the customers when the handover runs there (在职继承); WeCom's own text when null.
    public string? WeComMessage { get; set; }
    public Guid RequestedByUserId { get; set; }
    public string? RequestedByName { get; set; }
    public RequestState State { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
}

/// A request to take customers out of Renhe as a spreadsheet (客户导出). Approved through the
/// sales.customer-export flow (sales manager, then administrator); the requester may then download
/// the customers of their own scope up to <see cref="CustomerExportService.MaxDownloads"/> times
/// within <see cref="CustomerExportService.ValidFor"/> of the approval. Each download is audited.
public sealed class CustomerExport : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid RequestedByUserId { get; set; }
    public string? RequestedByName { get; set; }
    public string Reason { get; set; } = "";
    public RequestState State { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ApprovedAt { get; set; }
    public int Downloads { get; set; }
    public Guid Version { get; private set; } = Guid.NewGuid();
}
