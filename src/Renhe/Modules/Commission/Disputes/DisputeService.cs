using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Commission.Adjustments;
using Renhe.Modules.Commission.Statements;
using Renhe.Platform.Approvals;
using Renhe.Platform.Data;
using Renhe.Platform.Files;
using Renhe.Platform.Formatting;
using Renhe.Platform.Notifications;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;
using Renhe.Platform.Validation;
using Renhe.Platform.Time;
using Renhe.Modules.Sales.FollowUps;

namespace Renhe.Modules.Commission.Disputes;

/// 提成申诉: the salesperson disputes their own closed statement within the window; the manager,
/// then finance, handle it through the approval engine. A handler first records what they propose
/// (an amount and their words), then approves or rejects the step; the last approval accepts it.
public sealed class DisputeService(
    IDbContextFactory<AppDbContext> dbs, CurrentUser currentUser, ApprovalService approvals, InputValidator validator, TimeProvider clock,
    BranchCalendar calendar)
{
    public const string RequestType = "commission.dispute";
    public const string AttachmentOwnerKind = "commission.dispute";

    public static readonly ApprovalFlow DefaultFlow = new()
    {
        RequestType = RequestType, Name = "提成申诉处理",
        Steps =
        [
            new() { Name = "销售主管处理", Kind = ApproverKind.DirectManager },
            new() { Name = "财务复核", Kind = ApproverKind.RoleInScope, Role = Roles.Finance },
        ],
    };

    public async Task<Guid> CreateAsync(DisputeInput input, CancellationToken ct)
    {
        validator.EnsureValid(input);
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var statement = await db.CommissionStatements.AsNoTracking().VisibleTo(access, CommissionPermissions.DisputeCreate)
            .Where(s => s.Id == input.StatementId && s.EmployeeId == access.EmployeeId)
            .Select(s => new { s.Id, s.EmployeeId, s.Month, s.ClosedAt, Name = s.Employee!.Name })
            .SingleOrDefaultAsync(ct) ?? throw new NotFoundException();
        var now = clock.GetUtcNow();
        if (!CommissionDispute.InWindow(statement.ClosedAt, now))
            throw new DomainException("Commission.Dispute.Late", CommissionDispute.WindowDays) { Field = "statementId" };
        if (input.LineId is { } line && !await db.CommissionStatementLines.AnyAsync(l => l.Id == line && l.StatementId == statement.Id, ct))
            throw new DomainException("Commission.Dispute.UnknownLine") { Field = "lineId" };
        if (await db.CommissionDisputes.AnyAsync(d => d.StatementId == statement.Id && d.LineId == input.LineId && d.Status == DisputeStatus.Open, ct))
            throw new DomainException("Commission.Dispute.AlreadyOpen") { Field = "lineId", StatusCode = StatusCodes.Status409Conflict };
        var text = input.Text!.Trim();
        if (text.Length == 0) throw new DomainException("Validation.Required", "text") { Field = "text" };

        var dispute = new CommissionDispute
        {
            StatementId = statement.Id, LineId = input.LineId, EmployeeId = statement.EmployeeId, Month = statement.Month,
            Reason = input.Reason!.Value, Text = text, ClaimedFen = input.Claimed is { } y ? MoneyFormat.ToFen(y) : null, CreatedAt = now,
        };
        db.CommissionDisputes.Add(dispute);
        await db.SaveChangesAsync(ct);
        dispute.ApprovalRequestId = await approvals.SubmitSavedAsync(db, dispute, RequestType, dispute.Id,
            $"提成申诉：{statement.Name} {statement.Month:yyyy-MM}", input.Claimed, ct);
        await db.SaveChangesAsync(ct);
        return dispute.Id;
    }

    /// One file (a screenshot, an order confirmation) backing the dispute, by the person who raised it, while it is open.
    public async Task AttachAsync(Guid id, UploadedFile file, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var dispute = await db.CommissionDisputes.VisibleTo(access, CommissionPermissions.DisputeCreate)
            .SingleOrDefaultAsync(d => d.Id == id && d.EmployeeId == access.EmployeeId, ct) ?? throw new NotFoundException();
        if (dispute.Status != DisputeStatus.Open) throw new DomainException("Commission.Dispute.NotOpen") { StatusCode = StatusCodes.Status409Conflict };
        var name = Path.GetFileName(file.FileName.Trim());
        if (file.Content.LongLength > AttachmentRules.MaxBytes)
            throw new DomainException("Sales.FollowUp.FileTooLarge", name, AttachmentRules.MaxBytes / 1024 / 1024) { Field = "file" };
        var type = AttachmentRules.ContentTypeFor(name, file.Content.AsSpan(0, Math.Min(16, file.Content.Length)));
        if (type is null || name.Length is 0 or > 255) throw new DomainException("Sales.FollowUp.FileType", name) { Field = "file" };
        var stored = new StoredFile
        {
            OwnerKind = AttachmentOwnerKind, OwnerId = dispute.Id, FileName = name, ContentType = type,
            Size = file.Content.LongLength, Content = file.Content, UploadedByUserId = access.UserId, CreatedAt = clock.GetUtcNow(),
        };
        db.StoredFiles.Add(stored);
        dispute.AttachmentId = stored.Id;
        db.MarkChanged(dispute);
        await db.SaveChangesAsync(ct);
    }

    public async Task<StoredFile> AttachmentAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var dispute = await ReadableAsync(db, id, ct);
        return await db.StoredFiles.AsNoTracking()
                   .SingleOrDefaultAsync(f => f.Id == dispute.AttachmentId && f.OwnerKind == AttachmentOwnerKind && f.OwnerId == dispute.Id, ct)
               ?? throw new NotFoundException();
    }

    /// The caller's own closed statements still open to dispute, newest first, with their lines.
    public async Task<IReadOnlyList<DisputableStatement>> DisputableAsync(CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        if (access.EmployeeId is not { } me) return [];
        await using var db = await dbs.CreateDbContextAsync(ct);
        var since = clock.GetUtcNow().AddDays(-CommissionDispute.WindowDays);
        var statements = await db.CommissionStatements.AsNoTracking().VisibleTo(access, CommissionPermissions.DisputeCreate)
            .Where(s => s.EmployeeId == me && s.ClosedAt >= since)
            .OrderByDescending(s => s.Month)
            .Select(s => new { s.Id, s.Month, s.TotalFen, s.ClosedAt, Lines = s.Lines.OrderBy(l => l.Seq).Select(l => new { l.Id, l.Kind, l.OrderNumber, l.CustomerName, l.AmountFen }).ToList() })
            .ToListAsync(ct);
        var zone = await calendar.CompanyZoneAsync(ct);
        return statements.Select(s => new DisputableStatement(s.Id, s.Month, s.TotalFen, BranchCalendar.DayOf(s.ClosedAt.AddDays(CommissionDispute.WindowDays), zone),
            s.Lines.Select(l => new DisputableLine(l.Id, l.Kind, l.OrderNumber, l.CustomerName, l.AmountFen)).ToList())).ToList();
    }

    /// Disputes of the people whose statements the caller reads (a salesperson: their own), newest first.
    public async Task<IReadOnlyList<DisputeView>> ListAsync(CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var rows = await db.CommissionDisputes.AsNoTracking().VisibleTo(access, CommissionPermissions.StatementRead)
            .OrderByDescending(d => d.CreatedAt).Take(FieldLimits.PageSize).ToListAsync(ct);
        return await ViewsAsync(db, rows, ct);
    }

    public async Task<DisputeView> GetAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return (await ViewsAsync(db, [await ReadableAsync(db, id, ct)], ct))[0];
    }

    /// The dispute behind an approval request, for its approver.
    public async Task<DisputeView> ForApprovalAsync(Guid requestId, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var id = await db.CommissionDisputes.Where(d => d.ApprovalRequestId == requestId).Select(d => (Guid?)d.Id).SingleOrDefaultAsync(ct)
                 ?? throw new NotFoundException();
        return await GetAsync(id, ct);
    }

    /// What the current approver proposes: an amount (at most what was claimed, when a claim was
    /// made) and their words. They then approve the step (accept) or reject it (their words are the reason).
    public async Task ProposeAsync(Guid id, DisputeProposalInput input, CancellationToken ct)
    {
        validator.EnsureValid(input);
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var dispute = await db.CommissionDisputes.SingleOrDefaultAsync(d => d.Id == id, ct) ?? throw new NotFoundException();
        if (!await IsCurrentApproverAsync(db, dispute, access, ct))
        {
            if (await db.CommissionDisputes.VisibleTo(access, CommissionPermissions.StatementRead).AnyAsync(d => d.Id == id, ct))
                throw new DomainException("Error.Forbidden") { StatusCode = StatusCodes.Status403Forbidden };
            throw new NotFoundException();
        }
        db.ExpectVersion(dispute, input.Version!.Value);
        long? fen = input.Amount is { } y ? MoneyFormat.ToFen(y) : null;
        if (fen is <= 0) throw new DomainException("Commission.Dispute.AmountRequired") { Field = "amount" };
        if (fen is { } f && dispute.ClaimedFen is { } claimed && f > claimed)
            throw new DomainException("Commission.Dispute.AboveClaim", MoneyFormat.Format(claimed)) { Field = "amount" };
        var by = access.EmployeeId is { } me ? await db.Employees.Where(e => e.Id == me).Select(e => e.Name).FirstOrDefaultAsync(ct) : null;
        dispute.Propose(fen, input.Response!.Trim(), by);
        await db.SaveChangesAsync(ct);
    }

    private static async Task<bool> IsCurrentApproverAsync(AppDbContext db, CommissionDispute dispute, UserAccess access, CancellationToken ct)
    {
        if (dispute.ApprovalRequestId is not { } request || access.EmployeeId is not { } me) return false;
        var step = await db.ApprovalRequests.Where(r => r.Id == request && r.Status == ApprovalStatus.Pending).Select(r => (int?)r.CurrentStep).SingleOrDefaultAsync(ct);
        return step is { } s && await db.ApprovalTasks.AnyAsync(t => t.RequestId == request && t.StepIndex == s && t.ApproverEmployeeId == me && t.Status == ApprovalTaskStatus.Open, ct);
    }

    private async Task<CommissionDispute> ReadableAsync(AppDbContext db, Guid id, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        var dispute = await db.CommissionDisputes.AsNoTracking().VisibleTo(access, CommissionPermissions.StatementRead).SingleOrDefaultAsync(d => d.Id == id, ct);
        if (dispute is not null) return dispute;
        // An approver of the dispute reads it without reading the person's statements otherwise.
        dispute = await db.CommissionDisputes.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, ct);
        if (dispute?.ApprovalRequestId is { } request && access.EmployeeId is { } me
            && await db.ApprovalTasks.AnyAsync(t => t.RequestId == request && t.ApproverEmployeeId == me, ct))
            return dispute;
        throw new NotFoundException();
    }

    private static async Task<List<DisputeView>> ViewsAsync(AppDbContext db, List<CommissionDispute> rows, CancellationToken ct)
    {
        var people = rows.Select(r => r.EmployeeId).Distinct().ToList();
        var names = await db.Employees.AsNoTracking().Where(e => people.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Name, ct);
        var lineIds = rows.Where(r => r.LineId != null).Select(r => r.LineId!.Value).ToList();
        var lines = await db.CommissionStatementLines.AsNoTracking().Where(l => lineIds.Contains(l.Id))
            .ToDictionaryAsync(l => l.Id, l => $"{l.OrderNumber ?? l.Kind.ToString()} {MoneyFormat.Format(l.AmountFen)}", ct);
        var files = rows.Where(r => r.AttachmentId != null).Select(r => r.AttachmentId!.Value).ToList();
        var fileNames = await db.StoredFiles.AsNoTracking().Where(f => files.Contains(f.Id)).ToDictionaryAsync(f => f.Id, f => f.FileName, ct);
        return rows.Select(d => new DisputeView(d.Id, d.StatementId, d.LineId, d.LineId is { } l ? lines.GetValueOrDefault(l) : null,
            d.EmployeeId, names.GetValueOrDefault(d.EmployeeId, ""), d.Month, d.Reason, d.Text, d.ClaimedFen,
            d.AttachmentId is not null, d.AttachmentId is { } a ? fileNames.GetValueOrDefault(a) : null,
            d.Status, d.Response, d.AcceptedFen, d.DecidedByName, d.CreatedAt, d.DecidedAt, d.ApprovalRequestId, d.AdjustmentId, d.Version)).ToList();
    }
}

/// What the end of a dispute's approval does. Approved: accepted for the proposed amount (the
/// claim when nobody proposed one), as an adjustment in the first open month; partially when less
/// than the claim. Rejected: with the rejecting approver's words. The salesperson is notified.
public sealed class CommissionDisputeHandler(TimeProvider clock) : IApprovalHandler
{
    public string RequestType => DisputeService.RequestType;

    public string DisplayNameKey => "ApprovalType.commission.dispute";

    public string? SubjectLink(ApprovalRequest request) => "/commission/disputes";

    public Type? SubjectComponent => typeof(Pages.DisputeApprovalSubject);

    public async Task OnApprovedAsync(ApprovalRequest request, AppDbContext db, CancellationToken ct)
    {
        var dispute = await DisputeAsync(request, db, ct);
        var now = clock.GetUtcNow();
        var action = LastAction(db, request, ApprovalActionKind.Approved);
        var amount = dispute.AcceptedFen ?? dispute.ClaimedFen
                     ?? throw new DomainException("Commission.Dispute.AmountRequired") { Field = "amount", StatusCode = StatusCodes.Status409Conflict };
        var partial = dispute.ClaimedFen is { } claimed && amount < claimed;
        dispute.Decide(partial ? DisputeStatus.PartiallyAccepted : DisputeStatus.Accepted, amount,
            dispute.Response ?? action?.Comment, dispute.DecidedByName ?? action?.ByName, now);
        var booked = await CommissionMonth.FirstOpenAsync(db, dispute.Month.AddMonths(1), ct);
        var adjustment = CommissionAdjustment.FromDispute(dispute.EmployeeId, dispute.Id, booked, amount, $"提成申诉（{dispute.Month:yyyy-MM}）：{dispute.Response ?? dispute.Text}", now);
        db.CommissionAdjustments.Add(adjustment);
        dispute.AdjustmentId = adjustment.Id;
        await NotifyAsync(db, dispute, partial ? "Commission.Notify.DisputePartiallyAccepted" : "Commission.Notify.DisputeAccepted", [dispute.Month.ToString("yyyy-MM"), MoneyFormat.Format(amount)], now, ct);
    }

    public async Task OnRejectedAsync(ApprovalRequest request, AppDbContext db, CancellationToken ct)
    {
        var dispute = await DisputeAsync(request, db, ct);
        var now = clock.GetUtcNow();
        var action = LastAction(db, request, ApprovalActionKind.Rejected);
        dispute.Decide(DisputeStatus.Rejected, null, action?.Comment ?? dispute.Response, action?.ByName, now);
        await NotifyAsync(db, dispute, "Commission.Notify.DisputeRejected", [dispute.Month.ToString("yyyy-MM"), dispute.Response ?? ""], now, ct);
    }

    /// Sent back for more: it stays open, and the salesperson may resubmit it from the approvals centre.
    public Task OnReturnedAsync(ApprovalRequest request, AppDbContext db, CancellationToken ct) => Task.CompletedTask;

    public async Task OnWithdrawnAsync(ApprovalRequest request, AppDbContext db, CancellationToken ct) =>
        (await DisputeAsync(request, db, ct)).Decide(DisputeStatus.Withdrawn, null, null, null, clock.GetUtcNow());

    private static ApprovalAction? LastAction(AppDbContext db, ApprovalRequest request, ApprovalActionKind kind) =>
        db.ChangeTracker.Entries<ApprovalAction>().Select(e => e.Entity).LastOrDefault(a => a.RequestId == request.Id && a.Kind == kind);

    private static async Task NotifyAsync(AppDbContext db, CommissionDispute dispute, string key, string[] args, DateTimeOffset now, CancellationToken ct)
    {
        var user = await db.Users.Where(u => u.EmployeeId == dispute.EmployeeId && u.IsActive).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(ct);
        if (user is { } recipient) NotificationService.Add(db, recipient, key, args, "/commission/disputes", now);
    }

    private static async Task<CommissionDispute> DisputeAsync(ApprovalRequest request, AppDbContext db, CancellationToken ct) =>
        await db.CommissionDisputes.SingleOrDefaultAsync(d => d.Id == request.SubjectId, ct) ?? throw new NotFoundException();
}
