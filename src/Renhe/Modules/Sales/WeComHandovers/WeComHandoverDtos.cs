namespace Renhe.Modules.Sales.WeComHandovers;

/// A customer WeCom did not hand over: who held them, who should have taken over, what WeCom said
/// (<see cref="ReasonText"/> in the reader's language) and whether Renhe gave them back to their
/// former owner. <see cref="At"/> is when it settled.
public sealed record FailedHandoverListItem(Guid Id, HandoverKind Kind, Guid CustomerId, string CustomerName, string FromName, string ToName,
    HandoverState State, int? ErrCode, string ReasonText, bool ReturnedToOwner, Guid OriginId, DateTimeOffset QueuedAt, DateTimeOffset? At);
