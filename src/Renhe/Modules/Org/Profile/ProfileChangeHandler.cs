using Microsoft.EntityFrameworkCore;
using Renhe.Platform.Approvals;
using Renhe.Platform.Data;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;

namespace Renhe.Modules.Org.Profile;

/// A profile change in the approval engine ("org.profile-change"): HR decides in 审批中心 like on
/// any other request, seeing the field and its old and new value through
/// <see cref="Pages.ProfileChangeSubject"/>. Runs in the engine's transaction, so the employee's
/// record changes exactly when the approval does.
public sealed class ProfileChangeHandler(FieldCipher cipher, TimeProvider clock) : IApprovalHandler
{
    public const string Type = "org.profile-change";

    public string RequestType => Type;

    public string DisplayNameKey => "ApprovalType." + Type;

    public Type? SubjectComponent => typeof(Pages.ProfileChangeSubject);

    /// Written once, when the type has no flow yet; administrators change it under 审批流程.
    public static readonly ApprovalFlow DefaultFlow = new()
    {
        RequestType = Type, Name = "资料变更审批",
        Steps = [new() { Name = "人事审批", Kind = ApproverKind.RoleInScope, Role = Roles.Hr }],
    };

    public async Task OnApprovedAsync(ApprovalRequest request, AppDbContext db, CancellationToken ct)
    {
        // The engine approves a request whose every step was skipped — the only HR person asking
        // about their own data. A bank account is a payroll-fraud route: someone else must decide.
        if (request.Steps.All(s => s.SkipReason is not null))
            throw new DomainException("Org.Profile.NoApprover") { StatusCode = StatusCodes.Status409Conflict, Field = "field" };
        var change = await db.ProfileChangeRequests.SingleAsync(r => r.Id == request.SubjectId, ct);
        var employee = await db.Employees.SingleAsync(e => e.Id == change.EmployeeId, ct);
        change.Approve(employee, cipher, Last(db, request, ApprovalActionKind.Approved)?.ByUserId, clock.GetUtcNow());
    }

    public async Task OnRejectedAsync(ApprovalRequest request, AppDbContext db, CancellationToken ct)
    {
        var action = Last(db, request, ApprovalActionKind.Rejected);
        (await ChangeAsync(db, request, ct)).Reject(action?.Comment, action?.ByUserId, clock.GetUtcNow());
    }

    public async Task OnReturnedAsync(ApprovalRequest request, AppDbContext db, CancellationToken ct)
    {
        var action = Last(db, request, ApprovalActionKind.Returned);
        (await ChangeAsync(db, request, ct)).Return(action?.Comment, action?.ByUserId, clock.GetUtcNow());
    }

    public async Task OnWithdrawnAsync(ApprovalRequest request, AppDbContext db, CancellationToken ct) =>
        (await ChangeAsync(db, request, ct)).Withdraw(clock.GetUtcNow());

    private static Task<ProfileChangeRequest> ChangeAsync(AppDbContext db, ApprovalRequest request, CancellationToken ct) =>
        db.ProfileChangeRequests.SingleAsync(r => r.Id == request.SubjectId, ct);

    /// The action the engine has just recorded (not saved yet): who decided, and their comment.
    private static ApprovalAction? Last(AppDbContext db, ApprovalRequest request, ApprovalActionKind kind) =>
        db.ApprovalActions.Local.Where(a => a.RequestId == request.Id && a.Kind == kind).OrderBy(a => a.At).LastOrDefault();
}
