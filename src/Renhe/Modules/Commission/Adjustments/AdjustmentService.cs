using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Commission.Statements;
using Renhe.Modules.Sales.Targets;
using Renhe.Platform.Approvals;
using Renhe.Platform.Data;
using Renhe.Platform.Formatting;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;
using Renhe.Platform.Time;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Commission.Adjustments;

/// Manual adjustments: a sales manager (or finance) asks for a person within their scope; finance
/// approves through the approval engine. Nothing here writes an approved adjustment: only the
/// handler does, when the approval ends.
public sealed class AdjustmentService(
    IDbContextFactory<AppDbContext> dbs, CurrentUser currentUser, ApprovalService approvals, BranchCalendar calendar,
    InputValidator validator, TimeProvider clock)
{
    public const string RequestType = "commission.adjustment";

    public static readonly ApprovalFlow DefaultFlow = new()
    {
        RequestType = RequestType, Name = "提成调整审批",
        Steps = [new() { Name = "财务审批", Kind = ApproverKind.RoleInScope, Role = Roles.Finance }],
    };

    public async Task<Guid> RequestAsync(AdjustmentInput input, CancellationToken ct)
    {
        validator.EnsureValid(input);
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var person = await db.Employees.AsNoTracking().VisibleTo(access, CommissionPermissions.AdjustmentRequest)
            .Where(e => e.Id == input.EmployeeId).Select(e => new { e.Id, e.Name }).SingleOrDefaultAsync(ct)
            ?? throw new DomainException("Commission.Adjustment.UnknownPerson") { Field = "employeeId" };
        var month = TargetEndpoints.ParseMonth(input.Month);
        var current = BranchCalendar.FirstOfMonth(calendar.Today(await calendar.CompanyZoneAsync(ct)));
        if (month > current) throw new DomainException("Commission.Statement.FutureMonth") { Field = "month" };
        if (await db.CommissionMonths.AnyAsync(m => m.Month == month, ct))
            throw new DomainException("Commission.Adjustment.MonthClosed", month.ToString("yyyy-MM")) { Field = "month" };
        var fen = MoneyFormat.ToFen(input.Amount!.Value);
        if (fen == 0) throw new DomainException("Commission.Adjustment.Zero") { Field = "amount" };
        var reason = input.Reason!.Trim();
        if (reason.Length == 0) throw new DomainException("Validation.Required", "reason") { Field = "reason" };
        var by = access.EmployeeId is { } me ? await db.Employees.Where(e => e.Id == me).Select(e => e.Name).FirstOrDefaultAsync(ct) : null;

        var adjustment = new CommissionAdjustment
        {
            EmployeeId = person.Id, Month = month, AmountFen = fen, Reason = reason,
            RequestedByUserId = access.UserId, RequestedByName = by, CreatedAt = clock.GetUtcNow(),
        };
        db.CommissionAdjustments.Add(adjustment);
        await db.SaveChangesAsync(ct);
        adjustment.ApprovalRequestId = await approvals.SubmitSavedAsync(db, adjustment, RequestType, adjustment.Id,
            $"提成调整：{person.Name} {month:yyyy-MM} {MoneyFormat.Format(fen)}", MoneyFormat.ToYuan(fen), ct);
        await db.SaveChangesAsync(ct);
        return adjustment.Id;
    }

    /// Whom the caller may ask an adjustment for.
    public async Task<IReadOnlyList<(Guid Id, string Name)>> PeopleAsync(CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        return (await db.Employees.AsNoTracking().VisibleTo(access, CommissionPermissions.AdjustmentRequest)
                .Where(e => e.Status != Org.Employees.EmploymentStatus.Candidate && e.Status != Org.Employees.EmploymentStatus.Left)
                .OrderBy(e => e.EmployeeNumber).Select(e => new { e.Id, e.Name }).ToListAsync(ct))
            .Select(e => (e.Id, e.Name)).ToList();
    }

    /// Adjustments of the people the caller reads statements of, newest first; a month narrows them.
    public async Task<IReadOnlyList<AdjustmentListItem>> ListAsync(DateOnly? month, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var query = db.CommissionAdjustments.AsNoTracking().VisibleTo(access, CommissionPermissions.StatementRead);
        if (month is { } m) query = query.Where(a => a.Month == m);
        return await query.OrderByDescending(a => a.CreatedAt).Take(FieldLimits.PageSize)
            .Select(a => new AdjustmentListItem(a.Id, a.EmployeeId, a.Employee!.Name, a.Month, a.AmountFen, a.Reason, a.Status,
                a.RequestedByName, a.CreatedAt, a.DecidedAt, a.DisputeId, a.ApprovalRequestId))
            .ToListAsync(ct);
    }

    /// The adjustment behind an approval request, for its approver (or whoever reads the person's statements).
    public async Task<AdjustmentListItem> ForApprovalAsync(Guid requestId, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var approver = access.EmployeeId is { } me && await db.ApprovalTasks.AnyAsync(t => t.RequestId == requestId && t.ApproverEmployeeId == me, ct);
        var query = approver ? db.CommissionAdjustments.AsNoTracking() : db.CommissionAdjustments.AsNoTracking().VisibleTo(access, CommissionPermissions.StatementRead);
        return await query.Where(a => a.ApprovalRequestId == requestId)
                   .Select(a => new AdjustmentListItem(a.Id, a.EmployeeId, a.Employee!.Name, a.Month, a.AmountFen, a.Reason, a.Status,
                       a.RequestedByName, a.CreatedAt, a.DecidedAt, a.DisputeId, a.ApprovalRequestId))
                   .SingleOrDefaultAsync(ct)
               ?? throw new NotFoundException();
    }
}

/// What the end of an adjustment's approval does: an approved one becomes a line of its month's
/// statement (or of the first open month after it, if its month closed while it waited).
public sealed class CommissionAdjustmentHandler(TimeProvider clock) : IApprovalHandler
{
    public string RequestType => AdjustmentService.RequestType;

    public string DisplayNameKey => "ApprovalType.commission.adjustment";

    public Type? SubjectComponent => typeof(Pages.AdjustmentApprovalSubject);

    public async Task OnApprovedAsync(ApprovalRequest request, AppDbContext db, CancellationToken ct)
    {
        var adjustment = await AdjustmentAsync(request, db, ct);
        adjustment.Conclude(AdjustmentStatus.Approved, await CommissionMonth.FirstOpenAsync(db, adjustment.Month, ct), clock.GetUtcNow());
    }

    public async Task OnRejectedAsync(ApprovalRequest request, AppDbContext db, CancellationToken ct) =>
        (await AdjustmentAsync(request, db, ct)).Conclude(AdjustmentStatus.Rejected, default, clock.GetUtcNow());

    public async Task OnReturnedAsync(ApprovalRequest request, AppDbContext db, CancellationToken ct) =>
        (await AdjustmentAsync(request, db, ct)).Conclude(AdjustmentStatus.Returned, default, clock.GetUtcNow());

    public async Task OnWithdrawnAsync(ApprovalRequest request, AppDbContext db, CancellationToken ct) =>
        (await AdjustmentAsync(request, db, ct)).Conclude(AdjustmentStatus.Withdrawn, default, clock.GetUtcNow());

    private static async Task<CommissionAdjustment> AdjustmentAsync(ApprovalRequest request, AppDbContext db, CancellationToken ct) =>
        await db.CommissionAdjustments.SingleOrDefaultAsync(a => a.Id == request.SubjectId, ct) ?? throw new NotFoundException();
}
