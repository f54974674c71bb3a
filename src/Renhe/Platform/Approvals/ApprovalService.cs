using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;
using Renhe.Modules.Org.Employees;
using Renhe.Platform.Audit;
using Renhe.Platform.Data;
using Renhe.Platform.Localization;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;
using Renhe.Platform.Ui;
using Renhe.Platform.Validation;

namespace Renhe.Platform.Approvals;

/// The approval engine: submission, the inbox, and the actions on a request. Modules call
/// <see cref="SubmitAsync"/>; the request then walks its resolved steps (see ADR 0010).
///
/// Concurrency: every action runs in one transaction that starts before the request is read
/// (on SQLite BEGIN IMMEDIATE, so actions queue) and changes the request's Version, a concurrency
/// token (on PostgreSQL the second UPDATE matches no row). Either way the second of two
/// simultaneous actions is refused with 409 and its handler changes are rolled back.
public sealed class ApprovalService(
    IDbContextFactory<AppDbContext> dbFactory, CurrentUser currentUser, IEnumerable<IApprovalHandler> handlers,
    TimeProvider clock, IStringLocalizer<Strings> l, InputValidator validator, AuditService audit)
{
    private sealed record Actor(Guid UserId, Guid? EmployeeId, string Name, bool ManagesFlows);

    public IApprovalHandler? FindHandler(string requestType) => handlers.FirstOrDefault(h => h.RequestType == requestType);

    public string TypeName(string requestType) => FindHandler(requestType) is { } h ? l.Or(h.DisplayNameKey, requestType) : l.Or("ApprovalType." + requestType, requestType);

    // ---- submission ----

    /// Submits a request for the current user (who must have an employee record).
    public async Task<Guid> SubmitAsync(string requestType, Guid subjectId, string title, decimal? amount, CancellationToken ct)
    {
        var userId = currentUser.UserId ?? throw new NotFoundException();
        return await SubmitForAsync(userId, requestType, subjectId, title, amount, ct);
    }

    /// Submits a subject the caller has just saved in <paramref name="db"/>. When the engine refuses
    /// (no employee record, a request already open), the subject is removed again: nothing is left
    /// waiting that no one will ever approve.
    public async Task<Guid> SubmitSavedAsync<T>(AppDbContext db, T subject, string requestType, Guid subjectId, string title, decimal? amount, CancellationToken ct)
        where T : class
    {
        try
        {
            return await SubmitAsync(requestType, subjectId, title, amount, ct);
        }
        catch
        {
            db.Remove(subject);
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }
    }

    /// Submits on behalf of a user: for jobs, imports and the demo seeder.
    public async Task<Guid> SubmitForAsync(Guid userId, string requestType, Guid subjectId, string title, decimal? amount, CancellationToken ct)
    {
        var handler = FindHandler(requestType) ?? throw new DomainException("Approval.UnknownType", requestType);
        if (string.IsNullOrWhiteSpace(title)) throw new DomainException("Approval.TitleRequired") { Field = "title" };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await ActorForAsync(db, userId, ct);
        if (actor.EmployeeId is not { } employeeId) throw new DomainException("Approval.NoEmployeeRecord");
        var employee = await db.Employees.AsNoTracking().SingleAsync(e => e.Id == employeeId, ct);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await db.ApprovalRequests.AnyAsync(r => r.RequestType == requestType && r.SubjectId == subjectId
                                                    && (r.Status == ApprovalStatus.Pending || r.Status == ApprovalStatus.Returned), ct))
            throw new DomainException("Approval.AlreadyOpen") { StatusCode = StatusCodes.Status409Conflict };
        var now = clock.GetUtcNow();
        var request = new ApprovalRequest
        {
            RequestType = requestType, SubjectId = subjectId, Title = title.Trim(), RequesterEmployeeId = employeeId,
            RequesterUserId = userId, Amount = amount, DepartmentId = employee.DepartmentId, CreatedAt = now,
        };
        db.ApprovalRequests.Add(request);
        db.ApprovalActions.Add(new ApprovalAction
        {
            RequestId = request.Id, Kind = ApprovalActionKind.Submitted, ByUserId = userId, ByName = actor.Name, At = now,
        });
        await StartAsync(db, request, employee.BranchId, handler, now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return request.Id;
    }

    /// Resolves the current flow for the request and opens its first step.
    private async Task StartAsync(AppDbContext db, ApprovalRequest request, Guid branchId, IApprovalHandler handler, DateTimeOffset now, CancellationToken ct)
    {
        var flow = await db.ApprovalFlows.AsNoTracking().SingleOrDefaultAsync(f => f.RequestType == request.RequestType, ct);
        if (flow is null || !flow.Enabled) throw new DomainException("Approval.NoFlow", TypeName(request.RequestType));
        var org = await LoadOrgAsync(db, ct);
        request.Steps = ApproverResolver.Resolve(flow.Steps,
            new ApprovalSubject(request.RequesterEmployeeId, request.DepartmentId, branchId, request.Amount), org);
        await AdvanceAsync(db, request, 0, handler, now, ct);
    }

    /// Opens the first step at or after <paramref name="from"/> that someone can act on, recording
    /// the skipped ones; past the last step the request is approved.
    private static async Task AdvanceAsync(AppDbContext db, ApprovalRequest request, int from, IApprovalHandler handler, DateTimeOffset now, CancellationToken ct)
    {
        for (var i = from; i < request.Steps.Count; i++)
        {
            var step = request.Steps[i];
            if (step.SkipReason is not null)
            {
                db.ApprovalActions.Add(new ApprovalAction { RequestId = request.Id, StepIndex = i, Kind = ApprovalActionKind.Skipped, Comment = step.SkipReason, At = now });
                continue;
            }
            request.CurrentStep = i;
            request.Status = ApprovalStatus.Pending;
            foreach (var approver in step.ApproverEmployeeIds)
                db.ApprovalTasks.Add(new ApprovalTask { RequestId = request.Id, StepIndex = i, ApproverEmployeeId = approver, Status = ApprovalTaskStatus.Open, CreatedAt = now });
            await NotifyWaitingAsync(db, request, step.ApproverEmployeeIds, now, ct);
            return;
        }
        request.CurrentStep = request.Steps.Count;
        request.Status = ApprovalStatus.Approved;
        request.CompletedAt = now;
        await handler.OnApprovedAsync(request, db, ct);
    }

    public static async Task<OrgSnapshot> LoadOrgAsync(AppDbContext db, CancellationToken ct)
    {
        var people = await db.Employees.AsNoTracking()
            .Select(e => new OrgPerson(e.Id, e.ManagerId, e.DepartmentId, e.BranchId,
                e.Status == EmploymentStatus.Active || e.Status == EmploymentStatus.Probation || e.Status == EmploymentStatus.Leaving))
            .ToDictionaryAsync(p => p.Id, ct);
        var departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.ParentId, ct);
        var holders = await (from ur in db.UserRoles
                             join u in db.Users on ur.UserId equals u.Id
                             join r in db.Roles on ur.RoleId equals r.Id
                             where u.IsActive && u.EmployeeId != null
                             select new { Role = r.Name!, EmployeeId = u.EmployeeId!.Value }).ToListAsync(ct);
        var roles = holders.GroupBy(h => h.Role, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Guid>)g.Select(h => h.EmployeeId).Distinct().OrderBy(id => id).ToList(), StringComparer.Ordinal);
        return new OrgSnapshot(people, departments, roles);
    }

    // ---- actions ----

    public Task ApproveAsync(Guid id, ApprovalActionInput input, CancellationToken ct) => ActAsync(id, input, ApprovalActionKind.Approved, ct);

    /// Approves on behalf of a user (their open task is still required): for the demo seeder.
    public Task ApproveForAsync(Guid userId, Guid id, ApprovalActionInput input, CancellationToken ct) =>
        ActAsync(id, input, ApprovalActionKind.Approved, ct, actingUserId: userId);

    /// Approves several requests with one comment. Each is its own decision, exactly as if approved
    /// one by one: its own transaction, its own version check, its own history entry, its handler.
    /// One that cannot be approved (someone else acted first, not the caller's step) is named with
    /// the reason and the others still go through. A request the caller may not see fails as "not
    /// found", like an id that does not exist, so a batch discloses nothing.
    ///
    /// A batch holds requests of one type: the one comment is written for one kind of decision and
    /// lands in every request's history, and an approver judging like with like (orders by their
    /// amount and discount) does not carry a different kind of request (a change to someone's
    /// personal data) along with them unopened.
    public async Task<ApprovalBatchResult> ApproveManyAsync(ApprovalBatchInput input, CancellationToken ct)
    {
        validator.EnsureValid(input);
        var items = input.Items!.DistinctBy(i => i.Id!.Value).ToList();
        var ids = items.Select(i => i.Id!.Value).ToList();
        Dictionary<Guid, (string Type, string Title)> visible;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var actor = await CurrentActorAsync(db, ct);
            var candidates = await db.ApprovalRequests.AsNoTracking().Where(r => ids.Contains(r.Id)).ToListAsync(ct);
            visible = [];
            foreach (var r in candidates)
                if (await CanSeeAsync(db, r, actor, ct)) visible[r.Id] = (r.RequestType, r.Title);
        }
        if (visible.Values.Select(v => v.Type).Distinct(StringComparer.Ordinal).Count() > 1)
            throw new DomainException("Approval.BatchOneType") { Field = "items" };

        var approved = new List<Guid>();
        var failed = new List<ApprovalBatchFailure>();
        foreach (var item in items)
        {
            var id = item.Id!.Value;
            try
            {
                await ApproveAsync(id, new ApprovalActionInput { Version = item.Version, Comment = input.Comment }, ct);
                approved.Add(id);
            }
            catch (Exception ex) when (Refusals.IsRefusal(ex))
            {
                var title = ex is NotFoundException ? null : visible.GetValueOrDefault(id).Title;
                failed.Add(new ApprovalBatchFailure(id, title, l.Explain(ex)));
            }
        }
        return new ApprovalBatchResult(approved.Count, approved, failed);
    }

    public Task RejectAsync(Guid id, ApprovalActionInput input, CancellationToken ct) => ActAsync(id, input, ApprovalActionKind.Rejected, ct);

    public Task ReturnAsync(Guid id, ApprovalActionInput input, CancellationToken ct) => ActAsync(id, input, ApprovalActionKind.Returned, ct);

    public Task DelegateAsync(Guid id, ApprovalActionInput input, CancellationToken ct) => ActAsync(id, input, ApprovalActionKind.Delegated, ct);

    public Task WithdrawAsync(Guid id, ApprovalActionInput input, CancellationToken ct) => ActAsync(id, input, ApprovalActionKind.Withdrawn, ct);

    /// After a return: the request starts again at the first step of the flow as it is now (the
    /// subject may have changed; pass its new amount or title when it did).
    public Task ResubmitAsync(Guid id, ApprovalActionInput input, CancellationToken ct, decimal? amount = null, string? title = null) =>
        ActAsync(id, input, ApprovalActionKind.Resubmitted, ct, amount, title);

    private async Task ActAsync(Guid id, ApprovalActionInput input, ApprovalActionKind kind, CancellationToken ct,
        decimal? newAmount = null, string? newTitle = null, Guid? actingUserId = null)
    {
        var comment = string.IsNullOrWhiteSpace(input.Comment) ? null : input.Comment.Trim();
        if (kind is ApprovalActionKind.Rejected or ApprovalActionKind.Returned && comment is null)
            throw new DomainException(kind == ApprovalActionKind.Rejected ? "Approval.ReasonRequired" : "Approval.ReturnReasonRequired") { Field = "comment" };
        if (kind == ApprovalActionKind.Delegated && input.DelegateTo is null)
            throw new DomainException("Approval.DelegateRequired") { Field = "delegateTo" };

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = actingUserId is { } userId ? await ActorForAsync(db, userId, ct) : await CurrentActorAsync(db, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // PostgreSQL reads committed rows statement by statement: without the row lock, the second of
        // two simultaneous approvers could read the request before the first commits and its own
        // (by then closed) task after, and be told "not your step" instead of "someone was faster".
        var requests = db.Database.IsNpgsql()
            ? db.ApprovalRequests.FromSql($"SELECT * FROM platform_approval_request WHERE \"Id\" = {id} FOR UPDATE")
            : db.ApprovalRequests.Where(r => r.Id == id);
        var request = await requests.SingleOrDefaultAsync(ct) ?? throw new NotFoundException();
        if (!await CanSeeAsync(db, request, actor, ct)) throw new NotFoundException();
        if (request.Version != input.Version) throw Stale();
        var handler = FindHandler(request.RequestType) ?? throw new DomainException("Approval.UnknownType", request.RequestType);
        var now = clock.GetUtcNow();
        var isRequester = IsRequester(request, actor);

        switch (kind)
        {
            case ApprovalActionKind.Withdrawn:
                if (!isRequester) throw new DomainException("Approval.OnlyRequester") { StatusCode = StatusCodes.Status403Forbidden };
                if (request.Status is not (ApprovalStatus.Pending or ApprovalStatus.Returned)) throw Closed();
                await CancelOpenTasksAsync(db, request.Id, now, ct);
                request.Status = ApprovalStatus.Withdrawn;
                request.CompletedAt = now;
                Record(db, request, kind, actor, comment, null, now);
                await handler.OnWithdrawnAsync(request, db, ct);
                break;

            case ApprovalActionKind.Resubmitted:
                if (!isRequester) throw new DomainException("Approval.OnlyRequester") { StatusCode = StatusCodes.Status403Forbidden };
                if (request.Status != ApprovalStatus.Returned) throw new DomainException("Approval.NotReturned") { StatusCode = StatusCodes.Status409Conflict };
                if (newAmount is not null) request.Amount = newAmount;
                if (!string.IsNullOrWhiteSpace(newTitle)) request.Title = newTitle.Trim();
                Record(db, request, kind, actor, comment, null, now);
                var branchId = await db.Employees.Where(e => e.Id == request.RequesterEmployeeId).Select(e => e.BranchId).SingleAsync(ct);
                await StartAsync(db, request, branchId, handler, now, ct);
                break;

            default:
                if (request.Status != ApprovalStatus.Pending) throw Closed();
                var task = actor.EmployeeId is { } me
                    ? await db.ApprovalTasks.SingleOrDefaultAsync(t => t.RequestId == id && t.StepIndex == request.CurrentStep
                                                                      && t.ApproverEmployeeId == me && t.Status == ApprovalTaskStatus.Open, ct)
                    : null;
                if (task is null) throw new DomainException("Approval.NotYourTurn") { StatusCode = StatusCodes.Status403Forbidden };
                await DecideAsync(db, request, task, kind, actor, comment, input.DelegateTo, handler, now, ct);
                break;
        }

        db.MarkChanged(request);
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw Stale();
        }
    }

    private async Task DecideAsync(AppDbContext db, ApprovalRequest request, ApprovalTask task, ApprovalActionKind kind, Actor actor,
        string? comment, Guid? delegateTo, IApprovalHandler handler, DateTimeOffset now, CancellationToken ct)
    {
        switch (kind)
        {
            case ApprovalActionKind.Approved:
                task.Status = ApprovalTaskStatus.Done;
                task.ClosedAt = now;
                // 或签: one approver suffices, the others' tasks on this step close.
                await CancelOpenTasksAsync(db, request.Id, now, ct);
                Record(db, request, kind, actor, comment, null, now);
                await AdvanceAsync(db, request, request.CurrentStep + 1, handler, now, ct);
                break;
            case ApprovalActionKind.Rejected:
                task.Status = ApprovalTaskStatus.Done;
                task.ClosedAt = now;
                await CancelOpenTasksAsync(db, request.Id, now, ct);
                request.Status = ApprovalStatus.Rejected;
                request.CompletedAt = now;
                Record(db, request, kind, actor, comment, null, now);
                await handler.OnRejectedAsync(request, db, ct);
                break;
            case ApprovalActionKind.Returned:
                task.Status = ApprovalTaskStatus.Done;
                task.ClosedAt = now;
                await CancelOpenTasksAsync(db, request.Id, now, ct);
                request.Status = ApprovalStatus.Returned;
                Record(db, request, kind, actor, comment, null, now);
                await handler.OnReturnedAsync(request, db, ct);
                break;
            case ApprovalActionKind.Delegated:
                var target = delegateTo!.Value;
                var valid = target != request.RequesterEmployeeId && target != task.ApproverEmployeeId
                    && await db.Employees.AnyAsync(e => e.Id == target && (e.Status == EmploymentStatus.Active
                        || e.Status == EmploymentStatus.Probation || e.Status == EmploymentStatus.Leaving), ct)
                    && await db.Users.AnyAsync(u => u.EmployeeId == target && u.IsActive, ct)
                    && !await db.ApprovalTasks.AnyAsync(t => t.RequestId == request.Id && t.StepIndex == request.CurrentStep
                                                            && t.ApproverEmployeeId == target && t.Status == ApprovalTaskStatus.Open, ct);
                if (!valid) throw new DomainException("Approval.DelegateInvalid") { Field = "delegateTo" };
                task.Status = ApprovalTaskStatus.Delegated;
                task.ClosedAt = now;
                db.ApprovalTasks.Add(new ApprovalTask
                {
                    RequestId = request.Id, StepIndex = request.CurrentStep, ApproverEmployeeId = target, Status = ApprovalTaskStatus.Open,
                    DelegatedFromEmployeeId = task.ApproverEmployeeId, CreatedAt = now,
                });
                await NotifyWaitingAsync(db, request, [target], now, ct);
                Record(db, request, kind, actor, comment, target, now);
                break;
        }
    }

    /// The notice key of "a request waits for your decision" (待你审批).
    public const string WaitingNoticeKey = "Notify.ApprovalWaiting";

    /// Tells each approver whose task has just opened that a request waits for them, in the same
    /// save as the task: the bell (and whatever delivers the bell elsewhere) never announces a task
    /// that was rolled back, nor misses one that was stored.
    private static async Task NotifyWaitingAsync(AppDbContext db, ApprovalRequest request, IReadOnlyCollection<Guid> approverEmployeeIds, DateTimeOffset now,
        CancellationToken ct)
    {
        if (approverEmployeeIds.Count == 0) return;
        var requester = await db.Employees.AsNoTracking().Where(e => e.Id == request.RequesterEmployeeId).Select(e => e.Name).FirstOrDefaultAsync(ct) ?? "";
        var recipients = await db.Users.AsNoTracking().Where(u => u.IsActive && u.EmployeeId != null && approverEmployeeIds.Contains(u.EmployeeId.Value))
            .Select(u => u.Id).ToListAsync(ct);
        foreach (var user in recipients)
            Notifications.NotificationService.Add(db, user, WaitingNoticeKey, [requester, request.Title], "/platform/approvals", now);
    }

    private static async Task CancelOpenTasksAsync(AppDbContext db, Guid requestId, DateTimeOffset now, CancellationToken ct)
    {
        // Tracked entities: a task already marked Done in this unit of work is not reopened.
        foreach (var open in await db.ApprovalTasks.Where(t => t.RequestId == requestId && t.Status == ApprovalTaskStatus.Open).ToListAsync(ct))
        {
            if (open.Status != ApprovalTaskStatus.Open) continue;
            open.Status = ApprovalTaskStatus.Cancelled;
            open.ClosedAt = now;
        }
    }

    private static void Record(AppDbContext db, ApprovalRequest request, ApprovalActionKind kind, Actor actor, string? comment, Guid? delegateTo, DateTimeOffset now) =>
        db.ApprovalActions.Add(new ApprovalAction
        {
            RequestId = request.Id, StepIndex = request.CurrentStep, Kind = kind, ByUserId = actor.UserId, ByName = actor.Name,
            Comment = comment, DelegateToEmployeeId = delegateTo, At = now,
        });

    private static DomainException Stale() => new("Approval.Stale") { StatusCode = StatusCodes.Status409Conflict };

    private static DomainException Closed() => new("Approval.Closed") { StatusCode = StatusCodes.Status409Conflict };

    private static bool IsRequester(ApprovalRequest r, Actor actor) =>
        r.RequesterUserId == actor.UserId || (actor.EmployeeId is { } e && r.RequesterEmployeeId == e);

    /// The requester, anyone who holds or held a task on it, and flow administrators. Nobody else
    /// learns the request exists.
    private static async Task<bool> CanSeeAsync(AppDbContext db, ApprovalRequest r, Actor actor, CancellationToken ct) =>
        actor.ManagesFlows || IsRequester(r, actor)
        || (actor.EmployeeId is { } me && await db.ApprovalTasks.AnyAsync(t => t.RequestId == r.Id && t.ApproverEmployeeId == me, ct));

    private async Task<Actor> CurrentActorAsync(AppDbContext db, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        if (access.UserId == Guid.Empty) throw new NotFoundException();
        var actor = await ActorForAsync(db, access.UserId, ct);
        return actor with { ManagesFlows = access.Has(PlatformPermissions.ApprovalFlowManage) };
    }

    private static async Task<Actor> ActorForAsync(AppDbContext db, Guid userId, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.EmployeeId, u.DisplayName, EmployeeName = db.Employees.Where(e => e.Id == u.EmployeeId).Select(e => e.Name).FirstOrDefault() })
            .SingleOrDefaultAsync(ct) ?? throw new NotFoundException();
        return new Actor(userId, user.EmployeeId, user.EmployeeName ?? user.DisplayName, false);
    }

    // ---- reading ----

    /// Requests waiting for the current user's decision.
    public async Task<IReadOnlyList<ApprovalListItem>> InboxAsync(CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        if (access.EmployeeId is not { } me) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ids = db.ApprovalTasks.Where(t => t.ApproverEmployeeId == me && t.Status == ApprovalTaskStatus.Open).Select(t => t.RequestId);
        return await ListAsync(db, db.ApprovalRequests.Where(r => r.Status == ApprovalStatus.Pending && ids.Contains(r.Id)), ct);
    }

    /// The current user's own requests.
    public async Task<IReadOnlyList<ApprovalListItem>> MineAsync(CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var me = access.EmployeeId;
        return await ListAsync(db, db.ApprovalRequests.Where(r => r.RequesterUserId == access.UserId || (me != null && r.RequesterEmployeeId == me)), ct);
    }

    /// Requests the current user approved, rejected, returned or delegated.
    public async Task<IReadOnlyList<ApprovalListItem>> HandledAsync(CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ids = db.ApprovalActions.Where(a => a.ByUserId == access.UserId && (a.Kind == ApprovalActionKind.Approved
            || a.Kind == ApprovalActionKind.Rejected || a.Kind == ApprovalActionKind.Returned || a.Kind == ApprovalActionKind.Delegated))
            .Select(a => a.RequestId);
        return await ListAsync(db, db.ApprovalRequests.Where(r => ids.Contains(r.Id)), ct);
    }

    /// How many requests wait for this user: the navigation badge.
    public async Task<int> CountAwaitingAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        if (user.UserId() is not { } userId) return 0;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var me = await db.Users.Where(u => u.Id == userId).Select(u => u.EmployeeId).SingleOrDefaultAsync(ct);
        if (me is null) return 0;
        return await db.ApprovalTasks.Where(t => t.ApproverEmployeeId == me && t.Status == ApprovalTaskStatus.Open)
            .Select(t => t.RequestId).Distinct().CountAsync(ct);
    }

    /// One of the approvals centre's lists, as the current user sees it.
    public Task<IReadOnlyList<ApprovalListItem>> ListAsync(ApprovalTab tab, CancellationToken ct) => tab switch
    {
        ApprovalTab.Mine => MineAsync(ct),
        ApprovalTab.Handled => HandledAsync(ct),
        _ => InboxAsync(ct),
    };

    private async Task<IReadOnlyList<ApprovalListItem>> ListAsync(AppDbContext db, IQueryable<ApprovalRequest> query, CancellationToken ct)
    {
        var rows = await query.AsNoTracking()
            .OrderByDescending(r => r.CreatedAt).Take(200)
            .Select(r => new { r, Requester = db.Employees.Where(e => e.Id == r.RequesterEmployeeId).Select(e => e.Name).First() })
            .ToListAsync(ct);
        var pending = rows.Where(x => x.r.Status == ApprovalStatus.Pending).Select(x => x.r.Id).ToList();
        // Compared in memory: SQLite cannot take the largest of DateTimeOffset values in SQL.
        var lastActions = (await db.ApprovalActions.AsNoTracking().Where(a => pending.Contains(a.RequestId))
                .Select(a => new { a.RequestId, a.At }).ToListAsync(ct))
            .GroupBy(a => a.RequestId).ToDictionary(g => g.Key, g => g.Max(a => a.At));
        return rows.Select(x => new ApprovalListItem(x.r.Id, x.r.RequestType, TypeName(x.r.RequestType), x.r.Title, x.Requester, x.r.Amount, x.r.Status,
            x.r.Status == ApprovalStatus.Pending && x.r.CurrentStep < x.r.Steps.Count ? x.r.Steps[x.r.CurrentStep].Name : null,
            x.r.CreatedAt, x.r.CompletedAt,
            x.r.Status == ApprovalStatus.Pending && lastActions.TryGetValue(x.r.Id, out var since) ? since : null, x.r.Version)).ToList();
    }

    /// The list of one tab as Excel, exactly the rows the page shows the caller (the same lists,
    /// the same limit), with local times and the amount in yuan; audited with the tab and the count.
    public async Task<byte[]> ExportAsync(ApprovalTab tab, TimeZoneInfo zone, CancellationToken ct)
    {
        var rows = await ListAsync(tab, ct);
        string At(DateTimeOffset? t) => t is { } v ? TimeZoneInfo.ConvertTime(v, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "";
        var sheet = rows.Select(r => new Dictionary<string, object?>
        {
            [l["Approvals.Export.Type"]] = r.TypeName,
            [l["Approvals.Export.Title"]] = r.Title,
            [l["Approvals.Requester"]] = r.RequesterName,
            [l["Approvals.Export.Amount"]] = r.Amount,
            [l["Approvals.Export.Status"]] = l["ApprovalStatus." + r.Status].Value,
            [l["Approvals.Export.Step"]] = r.CurrentStepName ?? "",
            [l["Approvals.Export.SubmittedAt"]] = At(r.CreatedAt),
            [l["Approvals.Export.WaitingSince"]] = At(r.WaitingSince),
            [l["Approvals.Export.CompletedAt"]] = At(r.CompletedAt),
        }).ToList();
        // An empty list still has its headings.
        if (sheet.Count == 0) sheet.Add(new Dictionary<string, object?> { [l["Approvals.Export.Type"]] = null, [l["Approvals.Export.Title"]] = null });
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(sheet, sheetName: l["Approvals.Tab." + tab], cancellationToken: ct);
        await audit.RecordAsync(AuditAction.Export, "platform.approval", null, JsonSerializer.Serialize(new { tab = tab.ToString(), rows = rows.Count }), ct);
        return stream.ToArray();
    }

    /// Whether the current user holds or held a task on the request (approved it, was delegated it,
    /// waits to decide it): what lets a module show an approver the subject they decide on even when
    /// it lies outside their usual data scope.
    public async Task<bool> IsApproverAsync(Guid requestId, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        if (access.EmployeeId is not { } me) return false;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ApprovalTasks.AnyAsync(t => t.RequestId == requestId && t.ApproverEmployeeId == me, ct);
    }

    /// A request's steps and history for a module that shows them beside its own subject (the order
    /// page): that module has already decided who may see the subject, so nothing is checked here.
    public async Task<(ApprovalStatus Status, IReadOnlyList<ApprovalStepView> Steps, IReadOnlyList<ApprovalActionView> Actions)?> ProgressAsync(
        AppDbContext db, Guid requestId, CancellationToken ct)
    {
        var r = await db.ApprovalRequests.AsNoTracking().SingleOrDefaultAsync(x => x.Id == requestId, ct);
        if (r is null) return null;
        var actions = await db.ApprovalActions.AsNoTracking().Where(a => a.RequestId == requestId).OrderBy(a => a.At).ThenBy(a => a.Id).ToListAsync(ct);
        var tasks = await db.ApprovalTasks.AsNoTracking().Where(t => t.RequestId == requestId).ToListAsync(ct);
        var employeeIds = r.Steps.SelectMany(s => s.ApproverEmployeeIds).Concat(tasks.Select(t => t.ApproverEmployeeId))
            .Concat(actions.Where(a => a.DelegateToEmployeeId != null).Select(a => a.DelegateToEmployeeId!.Value)).Distinct().ToList();
        var names = await db.Employees.AsNoTracking().Where(e => employeeIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Name, ct);
        var (steps, views) = Views(r, actions, tasks, names);
        return (r.Status, steps, views);
    }

    private (List<ApprovalStepView> Steps, List<ApprovalActionView> Actions) Views(
        ApprovalRequest r, List<ApprovalAction> actions, List<ApprovalTask> tasks, Dictionary<Guid, string> names)
    {
        var steps = r.Steps.Select((s, i) =>
        {
            // The current step lists who holds it now (delegation moves it); others list who was resolved.
            var holders = i == r.CurrentStep && r.Status == ApprovalStatus.Pending
                ? tasks.Where(t => t.StepIndex == i && t.Status == ApprovalTaskStatus.Open).Select(t => t.ApproverEmployeeId)
                : s.ApproverEmployeeIds;
            var state = s.SkipReason is not null ? StepState.Skipped
                : i < r.CurrentStep || r.Status == ApprovalStatus.Approved ? StepState.Done
                : i == r.CurrentStep && r.Status == ApprovalStatus.Pending ? StepState.Current
                : StepState.Waiting;
            return new ApprovalStepView(i, s.Name, s.Kind, holders.Select(h => names.GetValueOrDefault(h, "?")).ToList(),
                s.SkipReason is null ? null : l[s.SkipReason].Value, state);
        }).ToList();
        var views = actions.Select(a => new ApprovalActionView(a.StepIndex, a.Kind, a.ByName,
            a.Kind == ApprovalActionKind.Skipped && a.Comment is not null ? l.Or(a.Comment, a.Comment) : a.Comment,
            a.DelegateToEmployeeId is { } d ? names.GetValueOrDefault(d) : null, a.At)).ToList();
        return (steps, views);
    }

    public async Task<ApprovalDetail> GetAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await CurrentActorAsync(db, ct);
        var r = await db.ApprovalRequests.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException();
        if (!await CanSeeAsync(db, r, actor, ct)) throw new NotFoundException();
        var actions = await db.ApprovalActions.AsNoTracking().Where(a => a.RequestId == id).OrderBy(a => a.At).ThenBy(a => a.Id).ToListAsync(ct);
        var tasks = await db.ApprovalTasks.AsNoTracking().Where(t => t.RequestId == id).ToListAsync(ct);
        var employeeIds = r.Steps.SelectMany(s => s.ApproverEmployeeIds).Concat(tasks.Select(t => t.ApproverEmployeeId))
            .Concat(actions.Where(a => a.DelegateToEmployeeId != null).Select(a => a.DelegateToEmployeeId!.Value))
            .Append(r.RequesterEmployeeId).Distinct().ToList();
        var names = await db.Employees.AsNoTracking().Where(e => employeeIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Name, ct);
        var department = await db.Departments.Where(d => d.Id == r.DepartmentId).Select(d => d.Name).FirstOrDefaultAsync(ct) ?? "";

        var (steps, actionViews) = Views(r, actions, tasks, names);

        var canAct = r.Status == ApprovalStatus.Pending && actor.EmployeeId is { } me
                     && tasks.Any(t => t.StepIndex == r.CurrentStep && t.ApproverEmployeeId == me && t.Status == ApprovalTaskStatus.Open);
        var isRequester = IsRequester(r, actor);
        return new ApprovalDetail(r.Id, r.RequestType, TypeName(r.RequestType), r.SubjectId, FindHandler(r.RequestType)?.SubjectLink(r), r.Title,
            r.RequesterEmployeeId, names.GetValueOrDefault(r.RequesterEmployeeId, ""), department, r.Amount, r.Status, r.CurrentStep,
            steps, actionViews, r.CreatedAt, r.CompletedAt, r.Version,
            canAct, isRequester && r.Status is ApprovalStatus.Pending or ApprovalStatus.Returned, isRequester && r.Status == ApprovalStatus.Returned);
    }

    /// Active employees with an account: who a task can be delegated to, or a flow can name.
    public async Task<IReadOnlyList<ApprovalPerson>> PeopleAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Employees.AsNoTracking()
            .Where(e => e.Status == EmploymentStatus.Active || e.Status == EmploymentStatus.Probation || e.Status == EmploymentStatus.Leaving)
            .Where(e => db.Users.Any(u => u.EmployeeId == e.Id && u.IsActive))
            .OrderBy(e => e.EmployeeNumber)
            .Select(e => new ApprovalPerson(e.Id, e.Name, db.Departments.Where(d => d.Id == e.DepartmentId).Select(d => d.Name).First()))
            .ToListAsync(ct);
    }
}
