using System.ComponentModel.DataAnnotations;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Sales.Customers;

/// A row of 我的客户: the phone only masked (lists never decrypt).
public sealed record CustomerListItem(Guid Id, string Name, string? Company, string? PhoneMasked, string? Region, string? Industry,
    string? SourceChannel, IReadOnlyList<string> Tags, CustomerStage Stage, Guid? OwnerId, string? OwnerName,
    DateTimeOffset? AssignedAt, DateTimeOffset? LastFollowUpAt, DateTimeOffset CreatedAt)
{
    /// Why it was lost; shown while the stage is Lost.
    public string? LostReason { get; init; }
    /// The next step and its date as the customer's latest follow-up set them (null when it set none):
    /// what a salesperson scanning the list on a phone acts on.
    public string? NextStep { get; init; }
    public DateOnly? NextDate { get; init; }
}

public sealed record CustomerPage(IReadOnlyList<CustomerListItem> Items, int Total);

/// One line of the customer's timeline: a custody change (who held it, from whom, why) or a stage change.
public sealed record CustomerTimelineEntry(DateTimeOffset At, string Kind, CustodyReason? Reason, string? FromName, string? ToName,
    CustomerStage? FromStage, CustomerStage? ToStage, string? ByName, string? Note);

public sealed record CustomerView(Guid Id, string Name, string? Company, string? PhoneMasked, string? WeComExternalId,
    string? Region, string? Industry, string? SourceChannel, IReadOnlyList<string> Tags, CustomerStage Stage,
    Guid? OwnerId, string? OwnerName, DateTimeOffset? AssignedAt, DateTimeOffset? LastFollowUpAt, DateTimeOffset CreatedAt,
    Guid Version, bool CanReveal, bool CanManage, bool CanDelete, IReadOnlyList<CustomerTimelineEntry> Timeline)
{
    public string? LostReason { get; init; }
}

/// A customer in the public pool, as anyone who may claim sees it.
public sealed record PoolCustomer(Guid Id, string Name, string? Company, string? PhoneMasked, string? Region, string? Industry,
    string? SourceChannel, CustomerStage Stage, DateTimeOffset CreatedAt, Guid Version);

/// Create or edit a customer. On edit a null phone keeps the stored number and an empty string
/// clears it; the owner is set only on creation (afterwards ownership moves through the ledger).
public sealed class CustomerInput
{
    [Required, MaxLength(100), Display(Name = "Field.customerName")] public string Name { get; set; } = "";
    [MaxLength(200)] public string? Company { get; set; }
    [MaxLength(30)] public string? Phone { get; set; }
    [MaxLength(100)] public string? WeComExternalId { get; set; }
    [MaxLength(50)] public string? Region { get; set; }
    [MaxLength(50)] public string? Industry { get; set; }
    [MaxLength(50)] public string? SourceChannel { get; set; }
    [MaxLength(FieldLimits.TagsPerRecord), ItemMaxLength(FieldLimits.Tag)] public List<string>? Tags { get; set; }
    /// A manager may enter a customer for someone in the team; others own what they enter.
    public Guid? OwnerId { get; set; }
    public Guid? Version { get; set; }
}

public sealed record StageInput([property: Required] CustomerStage? Stage, Guid? Version, [property: MaxLength(Customer.LostReasonMax)] string? LostReason = null);

