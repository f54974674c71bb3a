using Microsoft.EntityFrameworkCore;
using Renhe.Platform.Approvals;
using Renhe.Platform.Data;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;

namespace Renhe.Modules.Commission.Plans;

/// What the end of a plan version's publication approval does (commission.plan-publish), inside
/// the engine's transaction: approved, the version is published and counts from its effective
/// month; rejected, returned or withdrawn, it can be edited again.
public sealed class PlanPublishHandler(TimeProvider clock) : IApprovalHandler
{
    public string RequestType => PlanService.RequestType;

    public string DisplayNameKey => "ApprovalType.commission.plan-publish";

    /// The subject is the version; the plan page finds its plan by the version's id.
    public string? SubjectLink(ApprovalRequest request) => $"/commission/plans/{request.SubjectId}";

    public Type? SubjectComponent => typeof(Pages.PlanApprovalSubject);

    public async Task OnApprovedAsync(ApprovalRequest request, AppDbContext db, CancellationToken ct)
    {
        var version = await VersionAsync(request, db, ct);
        // Closed while in approval: publishing now would contradict the closed statements.
        await PlanService.EnsureOpenMonthAsync(db, version.EffectiveMonth, ct);
        // Sent on again from the approvals centre after a return, or approved at once when every
        // step was skipped: the version is still a draft here.
        if (version.Status != PlanVersionStatus.InApproval) version.Submit(request.Id);
        version.ApprovalRequestId = request.Id;
        version.Conclude(PlanVersionStatus.Published, clock.GetUtcNow());
    }

    public Task OnRejectedAsync(ApprovalRequest request, AppDbContext db, CancellationToken ct) => EndAsync(request, db, PlanVersionStatus.Rejected, ct);

    /// Back to a draft finance edits and sends again (on the same request).
    public Task OnReturnedAsync(ApprovalRequest request, AppDbContext db, CancellationToken ct) => EndAsync(request, db, PlanVersionStatus.Draft, ct);

    public Task OnWithdrawnAsync(ApprovalRequest request, AppDbContext db, CancellationToken ct) => EndAsync(request, db, PlanVersionStatus.Withdrawn, ct);

    private static async Task EndAsync(ApprovalRequest request, AppDbContext db, PlanVersionStatus outcome, CancellationToken ct)
    {
        var version = await VersionAsync(request, db, ct);
        // A returned version is a draft already; withdrawing its request leaves it one.
        if (version.Status == PlanVersionStatus.InApproval) version.Conclude(outcome, DateTimeOffset.MinValue);
    }

    private static async Task<CommissionPlanVersion> VersionAsync(ApprovalRequest request, AppDbContext db, CancellationToken ct)
    {
        var version = await db.CommissionPlanVersions.SingleOrDefaultAsync(v => v.Id == request.SubjectId, ct) ?? throw new NotFoundException();
        if (version.Status is PlanVersionStatus.Published)
            throw new DomainException("Commission.Plan.NotInApproval") { StatusCode = StatusCodes.Status409Conflict };
        return version;
    }

    /// Finance, then the owner (老板). A finance person's own request skips the finance step when
    /// nobody else holds the role (ApproverResolver never lets anyone approve their own request).
    public static readonly ApprovalFlow DefaultFlow = new()
    {
        RequestType = PlanService.RequestType, Name = "提成方案发布审批",
        Steps =
        [
            new() { Name = "财务审批", Kind = ApproverKind.RoleInScope, Role = Roles.Finance },
            new() { Name = "老板审批", Kind = ApproverKind.RoleInScope, Role = Roles.Owner },
        ],
    };
}
