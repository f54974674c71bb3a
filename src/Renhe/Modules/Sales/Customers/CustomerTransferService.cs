using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Org;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Structure;
using Renhe.Modules.Sales.WeComHandovers;
using Renhe.Platform.Time;
using Renhe.Platform.Approvals;
using Renhe.Platform.Data;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Sales.Customers;

public sealed class TransferInput
{
    /// More customers to move with the one in the address (a manager handing over a book).
    [MaxLength(FieldLimits.BatchItems)] public List<Guid>? CustomerIds { get; set; }
    [Required] public Guid? ToEmployeeId { get; set; }
    [Required, MaxLength(FieldLimits.Reason), MultilineText] public string Reason { get; set; } = "";
    /// What WeCom shows the customers of the handover (the receiver's greeting); WeCom's own text when empty.
    [MaxLength(WeComHandover.MessageMax), MultilineText, Display(Name = "Sales.Transfer.Message")] public string? Message { get; set; }
}

public sealed record TransferCreated(Guid Id, Guid ApprovalRequestId);

/// Transfer requests (客户转移申请). Who may ask: anyone holding sales.customer.manage for every
/// customer named — a salesperson their own customers, a manager the team's. The receiver must be
/// an active employee: for a manager someone in their team, for a salesperson a colleague of
/// their own department. Nothing moves until the sales.customer-transfer approval is approved.
public sealed class CustomerTransferService(InputValidator validator, IDbContextFactory<AppDbContext> dbFactory, CurrentUser currentUser, ApprovalService approvals,
    TimeProvider clock, BranchCalendar calendar)
{
    public const string RequestType = "sales.customer-transfer";

    /// WeCom lets a customer be handed from one serving employee to another at most
    /// <see cref="WeComLimitTransfers"/> times in <see cref="WeComLimitDays"/> calendar days (在职继承).
    public const int WeComLimitDays = 90;
    public const int WeComLimitTransfers = 2;

    public async Task<TransferCreated> RequestAsync(Guid customerId, TransferInput input, CancellationToken ct)
    {
        validator.EnsureValid(input);
        var access = await currentUser.AccessAsync(ct);
        if (access.EmployeeId is not { } me) throw new DomainException("Approval.NoEmployeeRecord");
        var reason = input.Reason?.Trim() ?? "";
        if (reason.Length == 0) throw new DomainException("Validation.Required", "reason") { Field = "reason" };
        if (input.ToEmployeeId is not { } to) throw new DomainException("Validation.Required", "toEmployeeId") { Field = "toEmployeeId" };
        var ids = new[] { customerId }.Concat(input.CustomerIds ?? []).Distinct().ToList();
        if (ids.Count > 500) throw new DomainException("Sales.Transfer.TooMany", 500) { Field = "customerIds" };

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var customers = await db.Customers.AsNoTracking().Where(c => c.DeletedAt == null && ids.Contains(c.Id))
            .VisibleTo(access, SalesPermissions.CustomerManage).Select(c => new { c.Id, c.Name, c.OwnerId, c.WeComExternalId }).ToListAsync(ct);
        if (customers.Count != ids.Count)
        {
            if (!customers.Any(c => c.Id == customerId)) throw new NotFoundException();
            throw new DomainException("Sales.Transfer.OutOfScope") { Field = "customerIds" };
        }
        await Inheritance.CustomerFreeze.EnsureActorNotLeavingAsync(db, me, ct);
        await Inheritance.CustomerFreeze.EnsureNotFrozenAsync(db, customers.Select(c => c.OwnerId), ct);
        if (customers.Any(c => c.OwnerId is null)) throw new DomainException("Sales.Transfer.InPool") { Field = "customerIds" };
        if (customers.All(c => c.OwnerId == to)) throw new DomainException("Sales.Transfer.SameOwner") { Field = "toEmployeeId" };

        var receivers = db.Employees.Where(e => e.Status == EmploymentStatus.Active || e.Status == EmploymentStatus.Probation);
        receivers = access.ScopeOf(SalesPermissions.CustomerManage) is DataScope.Self
            ? receivers.Where(e => db.Employees.Any(x => x.Id == me && x.DepartmentId == e.DepartmentId))
            : receivers.VisibleTo(access, SalesPermissions.CustomerManage);
        var receiver = await receivers.Where(e => e.Id == to).Select(e => e.Name).FirstOrDefaultAsync(ct)
                       ?? throw new DomainException("Sales.Transfer.ReceiverOutOfScope") { Field = "toEmployeeId" };

        // One open transfer per customer: two requests racing for the same customer would both pass the approver.
        var open = await db.CustomerTransfers.AsNoTracking().Where(t => t.State == RequestState.Pending || t.State == RequestState.Returned)
            .Select(t => t.CustomerIds).ToListAsync(ct);
        if (open.SelectMany(x => x).Intersect(ids).Any())
            throw new DomainException("Sales.Transfer.AlreadyOpen") { StatusCode = StatusCodes.Status409Conflict };

        await EnsureWithinWeComLimitAsync(db, customers.Where(c => c.WeComExternalId != null && c.OwnerId != to).Select(c => (c.Id, c.Name)).ToList(), ct);

        var by = await db.Employees.Where(e => e.Id == me).Select(e => e.Name).FirstAsync(ct);
        var transfer = new CustomerTransfer
        {
            CustomerIds = ids, ToEmployeeId = to, Reason = reason, RequestedByUserId = access.UserId, RequestedByName = by,
            WeComMessage = string.IsNullOrWhiteSpace(input.Message) ? null : input.Message.Trim(),
            State = RequestState.Pending, CreatedAt = clock.GetUtcNow(),
        };
        db.CustomerTransfers.Add(transfer);
        await db.SaveChangesAsync(ct);
        var title = ids.Count == 1 ? $"客户转移：{customers[0].Name} → {receiver}" : $"客户转移：{customers[0].Name} 等 {ids.Count} 位 → {receiver}";
        // No approval, no request: the row would otherwise block the customers forever.
        var requestId = await approvals.SubmitSavedAsync(db, transfer, RequestType, transfer.Id, title, null, ct);
        return new TransferCreated(transfer.Id, requestId);
    }

    /// Refuses, before anyone approves, a transfer WeCom would refuse: a customer on WeCom (one with an
    /// external id; WeCom's rule is about its customers, so others move freely) that already changed
    /// hands twice in the last 90 calendar days of the caller's branch. A transfer counts when it was
    /// approved in Renhe, unless its WeCom handover did not happen (the customer refused, the receiver
    /// was at WeCom's limit, WeCom refused the call). The message names the dates and when the next
    /// transfer is possible.
    private async Task EnsureWithinWeComLimitAsync(AppDbContext db, IReadOnlyList<(Guid Id, string Name)> linked, CancellationToken ct)
    {
        if (linked.Count == 0) return;
        var zone = await calendar.ViewerZoneAsync(currentUser, ct);
        var today = calendar.Today(zone);
        var since = BranchCalendar.StartUtc(today.AddDays(-(WeComLimitDays - 1)), zone);
        var ids = linked.Select(c => c.Id).ToList();
        var moves = await db.CustodyEntries.AsNoTracking()
            .Where(e => ids.Contains(e.CustomerId) && e.Reason == CustodyReason.Transferred && e.At >= since)
            .Select(e => new { e.CustomerId, e.At }).ToListAsync(ct);
        if (moves.Count == 0) return;
        var undone = (await db.WeComHandovers.AsNoTracking()
            .Where(h => ids.Contains(h.CustomerId) && h.Kind == HandoverKind.InService && h.QueuedAt >= since
                        && (h.State == HandoverState.Refused || h.State == HandoverState.TakeoverAtLimit || h.State == HandoverState.Failed))
            .Select(h => new { h.CustomerId, h.QueuedAt }).ToListAsync(ct)).Select(h => (h.CustomerId, h.QueuedAt)).ToHashSet();
        foreach (var (id, name) in linked)
        {
            var days = moves.Where(m => m.CustomerId == id && !undone.Contains((id, m.At)))
                .Select(m => BranchCalendar.DayOf(m.At, zone)).OrderBy(d => d).ToList();
            if (days.Count < WeComLimitTransfers) continue;
            var dates = string.Join("、", days.Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
            var next = days[^WeComLimitTransfers].AddDays(WeComLimitDays).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            throw new DomainException("Sales.Transfer.WeComLimit", name, dates, next) { Field = "customerIds", StatusCode = StatusCodes.Status409Conflict };
        }
    }

    /// Whom the caller may hand customers to: the team for a manager, the own department's colleagues for a salesperson.
    public async Task<IReadOnlyList<AssignmentTarget>> ReceiversAsync(CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        if (access.EmployeeId is not { } me || access.ScopeOf(SalesPermissions.CustomerManage) is not { } scope) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var receivers = db.Employees.AsNoTracking().Where(e => e.Status == EmploymentStatus.Active || e.Status == EmploymentStatus.Probation);
        receivers = scope is DataScope.Self
            ? receivers.Where(e => e.Id != me && db.Employees.Any(x => x.Id == me && x.DepartmentId == e.DepartmentId))
            : receivers.VisibleTo(access, SalesPermissions.CustomerManage);
        return await receivers.OrderBy(e => e.Name)
            .Select(e => new AssignmentTarget(e.Id, e.Name, db.Departments.Where(d => d.Id == e.DepartmentId).Select(d => d.Name).FirstOrDefault()))
            .ToListAsync(ct);
    }

    public static readonly ApprovalFlow DefaultFlow = new()
    {
        RequestType = RequestType, Name = "客户转移审批",
        Steps = [new() { Name = "销售主管审批", Kind = ApproverKind.RoleInScope, Role = Roles.SalesManager }],
    };
}

/// Moves the customers when the transfer is approved, in the engine's transaction. Customers that
/// left the pool meanwhile or were deleted stay where they are; the others move from whoever holds
/// them now, with the approval request named in the custody note.
public sealed class CustomerTransferHandler(TimeProvider clock) : IApprovalHandler
{
    public string RequestType => CustomerTransferService.RequestType;

    public string DisplayNameKey => "ApprovalType.sales.customer-transfer";

    public async Task OnApprovedAsync(ApprovalRequest request, AppDbContext db, CancellationToken ct)
    {
        var transfer = await db.CustomerTransfers.SingleAsync(t => t.Id == request.SubjectId, ct);
        var now = clock.GetUtcNow();
        transfer.State = RequestState.Approved;
        transfer.DecidedAt = now;
        var customers = await db.Customers.Where(c => transfer.CustomerIds.Contains(c.Id) && c.DeletedAt == null && c.OwnerId != null).ToListAsync(ct);
        var moved = new List<(Guid From, Guid Customer)>();
        foreach (var customer in customers.Where(c => c.OwnerId != transfer.ToEmployeeId))
        {
            moved.Add((customer.OwnerId!.Value, customer.Id));
            db.CustodyEntries.Add(customer.ChangeCustody(transfer.ToEmployeeId, CustodyReason.Transferred, $"审批单 {request.Id}：{transfer.Reason}",
                new ChangedBy(transfer.RequestedByUserId, transfer.RequestedByName), now));
        }
        // WeCom follows through the outbox (在职继承): the rows are stored with the custody change and
        // the sales.wecom-handover job calls WeCom after this transaction, never inside it.
        foreach (var from in moved.GroupBy(m => m.From))
            await WeComHandoverOutbox.QueueAsync(db, HandoverKind.InService, from.Select(m => m.Customer).ToList(), from.Key, transfer.ToEmployeeId,
                transfer.Id, now, transfer.WeComMessage, ct);
    }

    public Task OnRejectedAsync(ApprovalRequest request, AppDbContext db, CancellationToken ct) => SetAsync(request, db, RequestState.Rejected, ct);

    public Task OnReturnedAsync(ApprovalRequest request, AppDbContext db, CancellationToken ct) => SetAsync(request, db, RequestState.Returned, ct);

    public Task OnWithdrawnAsync(ApprovalRequest request, AppDbContext db, CancellationToken ct) => SetAsync(request, db, RequestState.Withdrawn, ct);

    private async Task SetAsync(ApprovalRequest request, AppDbContext db, RequestState state, CancellationToken ct)
    {
        var transfer = await db.CustomerTransfers.SingleAsync(t => t.Id == request.SubjectId, ct);
        transfer.State = state;
        transfer.DecidedAt = state == RequestState.Returned ? null : clock.GetUtcNow();
    }
}
