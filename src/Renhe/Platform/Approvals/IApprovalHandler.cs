using Renhe.Platform.Data;

namespace Renhe.Platform.Approvals;

/// What a request type (an order, a leave, an export request) does when its approval ends. A module
/// registers one with <see cref="ApprovalModule.AddApprovalHandler{T}"/> and submits through
/// <see cref="ApprovalService.SubmitAsync"/>.
///
/// The calls run inside the transaction that changes the request's status, on the same context:
/// make changes through <paramref name="db"/> and do not save — the engine saves both together,
/// so an order becomes effective exactly when its approval does, and if a concurrent action wins
/// the race, the handler's changes are rolled back with the loser's.
public interface IApprovalHandler
{
    /// "sales.order": the flow this type uses has the same key.
    string RequestType { get; }

    /// Resource key of the type's name (销售订单).
    string DisplayNameKey { get; }

    /// Where the subject can be seen (the order page), or null.
    string? SubjectLink(ApprovalRequest request) => null;

    /// A component that shows what is being approved (the order's lines and discount, the old and
    /// new value of a profile field) inside the approval dialog, so the approver decides without
    /// opening the subject. It receives the request as `[Parameter] public ApprovalDetail Request`
    /// and loads what it shows through its own module's services, under the viewer's permissions.
    Type? SubjectComponent => null;

    Task OnApprovedAsync(ApprovalRequest request, AppDbContext db, CancellationToken ct);

    Task OnRejectedAsync(ApprovalRequest request, AppDbContext db, CancellationToken ct);

    /// Returned for changes: the requester may change the subject and resubmit, or withdraw.
    Task OnReturnedAsync(ApprovalRequest request, AppDbContext db, CancellationToken ct);

    Task OnWithdrawnAsync(ApprovalRequest request, AppDbContext db, CancellationToken ct);
}
