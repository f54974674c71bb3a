using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Commission.Statements;
using Renhe.Modules.Org.Employees;
using Renhe.Platform.Approvals;
using Renhe.Platform.Data;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;
using Renhe.Platform.Time;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Commission.Plans;

/// Commission plans as finance keeps them: plans and whom they apply to, draft versions, sending a
/// draft for publication (commission.plan-publish: finance, then the owner; the second factor is
/// required because commission.plan.manage declares it), and each salesperson's acknowledgement of
/// the version that applies to them. Every write checks commission.plan.manage here too, so a page
/// gets the same refusal as the API, second factor included.
public sealed class PlanService(
    IDbContextFactory<AppDbContext> dbs, CurrentUser currentUser, IAuthorizationService authorization, ApprovalService approvals,
    BranchCalendar calendar, InputValidator validator, PlanText text, TimeProvider clock)
{
    public const string RequestType = "commission.plan-publish";

    // ---- reading ----

    public async Task<IReadOnlyList<PlanView>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var plans = await db.CommissionPlans.AsNoTracking().Include(p => p.Versions).OrderBy(p => p.Name).ToListAsync(ct);
        return await ViewsAsync(db, plans, ct);
    }

    /// A plan by its id, or the plan a version belongs to (an approval links to the version).
    public async Task<PlanView> GetAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var plan = await db.CommissionPlans.AsNoTracking().Include(p => p.Versions)
                       .SingleOrDefaultAsync(p => p.Id == id || p.Versions.Any(v => v.Id == id), ct)
                   ?? throw new NotFoundException();
        return (await ViewsAsync(db, [plan], ct))[0];
    }

    private async Task<List<PlanView>> ViewsAsync(AppDbContext db, IReadOnlyList<CommissionPlan> plans, CancellationToken ct)
    {
        var departmentIds = plans.SelectMany(p => p.DepartmentIds).Distinct().ToList();
        var positionIds = plans.SelectMany(p => p.PositionIds).Distinct().ToList();
        var employeeIds = plans.SelectMany(p => p.EmployeeIds).Distinct().ToList();
        var departments = await db.Departments.AsNoTracking().Where(d => departmentIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Name, ct);
        var positions = await db.Positions.AsNoTracking().Where(d => positionIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Name, ct);
        var employees = await db.Employees.AsNoTracking().Where(d => employeeIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Name, ct);
        var month = await CurrentMonthAsync(ct);
        static List<NamedRef> Named(IEnumerable<Guid> ids, Dictionary<Guid, string> names) =>
            ids.Select(id => new NamedRef(id, names.GetValueOrDefault(id, "—"))).OrderBy(n => n.Name, StringComparer.Ordinal).ToList();
        return plans.Select(p =>
        {
            var inForce = p.InForce(month);
            return new PlanView(p.Id, p.Name, p.Description, Named(p.DepartmentIds, departments), Named(p.PositionIds, positions),
                Named(p.EmployeeIds, employees),
                p.Versions.OrderByDescending(v => v.Number).Select(v => VersionView(v, v.Id == inForce?.Id)).ToList(), p.CreatedAt, p.Version);
        }).ToList();
    }

    private PlanVersionView VersionView(CommissionPlanVersion v, bool inForce)
    {
        var rules = v.Rules;
        return new PlanVersionView(v.Id, v.Number, v.EffectiveMonth, v.Status, rules, text.Lines(rules), v.Note, v.CreatedAt, v.PublishedAt,
            v.ApprovalRequestId, inForce, v.Version);
    }

    /// The people a plan may name, for the editor's pickers.
    public async Task<(IReadOnlyList<NamedRef> Departments, IReadOnlyList<NamedRef> Positions, IReadOnlyList<NamedRef> Employees)> ChoicesAsync(CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var departments = await db.Departments.AsNoTracking().OrderBy(d => d.Name).Select(d => new NamedRef(d.Id, d.Name)).ToListAsync(ct);
        var positions = await db.Positions.AsNoTracking().OrderBy(d => d.Name).Select(d => new NamedRef(d.Id, d.Name)).ToListAsync(ct);
        var employees = await db.Employees.AsNoTracking()
            .Where(e => e.Status == EmploymentStatus.Active || e.Status == EmploymentStatus.Probation || e.Status == EmploymentStatus.Leaving)
            .OrderBy(e => e.EmployeeNumber).Select(e => new NamedRef(e.Id, e.Name + " " + e.EmployeeNumber)).ToListAsync(ct);
        return (departments, positions, employees);
    }

    // ---- writing ----

    public async Task<PlanView> CreateAsync(PlanInput input, CancellationToken ct)
    {
        await EnsureManageAsync(ct);
        validator.EnsureValid(input);
        var name = input.Name!.Trim();
        await using var db = await dbs.CreateDbContextAsync(ct);
        if (await db.CommissionPlans.AnyAsync(p => p.Name == name, ct))
            throw new DomainException("Commission.Plan.NameTaken", name) { Field = "name", StatusCode = StatusCodes.Status409Conflict };
        var plan = new CommissionPlan
        {
            Name = name, Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim(), CreatedAt = clock.GetUtcNow(),
        };
        await SetScopeAsync(db, plan, input.EmployeeIds, input.PositionIds, input.DepartmentIds, ct);
        db.CommissionPlans.Add(plan);
        await db.SaveChangesAsync(ct);
        return await GetAsync(plan.Id, ct);
    }

    /// Changes whom the plan applies to; a concurrent change since the editor read it is refused (409).
    public async Task<PlanView> ChangeScopeAsync(Guid id, PlanScopeInput input, CancellationToken ct)
    {
        await EnsureManageAsync(ct);
        validator.EnsureValid(input);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var plan = await db.CommissionPlans.SingleOrDefaultAsync(p => p.Id == id, ct) ?? throw new NotFoundException();
        db.ExpectVersion(plan, input.Version!.Value);
        await SetScopeAsync(db, plan, input.EmployeeIds, input.PositionIds, input.DepartmentIds, ct);
        await db.SaveChangesAsync(ct);
        return await GetAsync(plan.Id, ct);
    }

    private static async Task SetScopeAsync(AppDbContext db, CommissionPlan plan, List<Guid>? employeeIds, List<Guid>? positionIds, List<Guid>? departmentIds, CancellationToken ct)
    {
        var employees = (employeeIds ?? []).Distinct().ToList();
        var positions = (positionIds ?? []).Distinct().ToList();
        var departments = (departmentIds ?? []).Distinct().ToList();
        if (await db.Employees.CountAsync(e => employees.Contains(e.Id), ct) != employees.Count)
            throw new DomainException("Commission.Plan.UnknownPeople") { Field = "employeeIds" };
        if (await db.Positions.CountAsync(e => positions.Contains(e.Id), ct) != positions.Count)
            throw new DomainException("Commission.Plan.UnknownPositions") { Field = "positionIds" };
        if (await db.Departments.CountAsync(e => departments.Contains(e.Id), ct) != departments.Count)
            throw new DomainException("Commission.Plan.UnknownDepartments") { Field = "departmentIds" };
        plan.EmployeeIds = employees;
        plan.PositionIds = positions;
        plan.DepartmentIds = departments;
    }

    public async Task<PlanVersionView> AddVersionAsync(Guid planId, PlanVersionInput input, CancellationToken ct)
    {
        await EnsureManageAsync(ct);
        validator.EnsureValid(input);
        var month = ParseMonth(input.EffectiveMonth);
        var rules = input.Rules!.ToRules();
        await using var db = await dbs.CreateDbContextAsync(ct);
        var plan = await db.CommissionPlans.Include(p => p.Versions).SingleOrDefaultAsync(p => p.Id == planId, ct) ?? throw new NotFoundException();
        rules.Validate();
        await EnsureOpenMonthAsync(db, month, ct);
        var version = plan.AddDraft(month, rules, Note(input.Note), clock.GetUtcNow());
        db.CommissionPlanVersions.Add(version);
        await db.SaveChangesAsync(ct);
        return VersionView(version, false);
    }

    /// Changes a draft (or a version whose approval was rejected, returned or withdrawn).
    public async Task<PlanVersionView> EditVersionAsync(Guid planId, Guid versionId, PlanVersionInput input, CancellationToken ct)
    {
        await EnsureManageAsync(ct);
        validator.EnsureValid(input);
        if (input.Version is null) throw new DomainException("Validation.Required", "version") { Field = "version" };
        var month = ParseMonth(input.EffectiveMonth);
        var rules = input.Rules!.ToRules();
        await using var db = await dbs.CreateDbContextAsync(ct);
        var plan = await db.CommissionPlans.Include(p => p.Versions).SingleOrDefaultAsync(p => p.Id == planId, ct) ?? throw new NotFoundException();
        var version = plan.Versions.SingleOrDefault(v => v.Id == versionId) ?? throw new NotFoundException();
        db.ExpectVersion(version, input.Version.Value);
        rules.Validate();
        await EnsureEditableAsync(db, version, ct);
        await EnsureOpenMonthAsync(db, month, ct);
        EnsureNoOverlap(plan, version, month);
        version.ChangeRules(rules, month);
        version.Note = Note(input.Note);
        await SaveAsync(db, ct);
        return VersionView(version, false);
    }

    /// Sends a draft for publication through the approval engine. The version is published when
    /// the last approver agrees (<see cref="PlanPublishHandler"/>); until then it is in approval
    /// and cannot change. A version returned for changes is sent again on the same request.
    public async Task<PlanVersionView> SendAsync(Guid planId, Guid versionId, PlanSendInput input, CancellationToken ct)
    {
        await EnsureManageAsync(ct);
        validator.EnsureValid(input);
        var access = await currentUser.AccessAsync(ct);
        if (access.EmployeeId is null) throw new DomainException("Approval.NoEmployeeRecord");
        Guid requestId;
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            var plan = await db.CommissionPlans.AsNoTracking().Include(p => p.Versions).SingleOrDefaultAsync(p => p.Id == planId, ct) ?? throw new NotFoundException();
            var version = plan.Versions.SingleOrDefault(v => v.Id == versionId) ?? throw new NotFoundException();
            // The approval is written before the version is marked, so a stale form is refused first.
            if (version.Version != input.Version) throw new DomainException("Error.Concurrency") { StatusCode = StatusCodes.Status409Conflict };
            await EnsureEditableAsync(db, version, ct);
            await EnsureOpenMonthAsync(db, version.EffectiveMonth, ct);
            EnsureNoOverlap(plan, version, version.EffectiveMonth);
            version.Rules.Validate();
            var title = $"提成方案发布：{plan.Name} 第 {version.Number} 版（{version.EffectiveMonth:yyyy-MM} 起）";
            var returned = version.ApprovalRequestId is { } previous
                ? await db.ApprovalRequests.AsNoTracking().SingleOrDefaultAsync(r => r.Id == previous && r.Status == ApprovalStatus.Returned, ct)
                : null;
            if (returned is not null)
            {
                await approvals.ResubmitAsync(returned.Id, new ApprovalActionInput { Version = returned.Version }, ct, title: title);
                requestId = returned.Id;
            }
            else requestId = await approvals.SubmitAsync(RequestType, version.Id, title, null, ct);
        }

        // Read again: when every step was skipped, the handler has published it already.
        await using var again = await dbs.CreateDbContextAsync(ct);
        var sent = await again.CommissionPlanVersions.SingleAsync(v => v.Id == versionId, ct);
        if (sent.Status is PlanVersionStatus.Draft or PlanVersionStatus.Rejected or PlanVersionStatus.Withdrawn)
        {
            sent.Submit(requestId);
            await SaveAsync(again, ct);
        }
        var month = await CurrentMonthAsync(ct);
        var plans = await again.CommissionPlans.AsNoTracking().Include(p => p.Versions).Where(p => p.Id == planId).ToListAsync(ct);
        return VersionView(sent, plans[0].InForce(month)?.Id == sent.Id);
    }

    private static async Task SaveAsync(AppDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainException("Error.Concurrency") { StatusCode = StatusCodes.Status409Conflict };
        }
    }

    private static async Task EnsureEditableAsync(AppDbContext db, CommissionPlanVersion version, CancellationToken ct)
    {
        if (version.Status is not (PlanVersionStatus.Draft or PlanVersionStatus.Rejected or PlanVersionStatus.Withdrawn))
            throw new DomainException("Commission.Plan.NotDraft") { StatusCode = StatusCodes.Status409Conflict };
        // A returned version sent on from the approvals centre is pending again while still a draft here.
        if (await db.ApprovalRequests.AnyAsync(r => r.SubjectId == version.Id && r.RequestType == RequestType && r.Status == ApprovalStatus.Pending, ct))
            throw new DomainException("Commission.Plan.InApproval") { StatusCode = StatusCodes.Status409Conflict };
    }

    private static void EnsureNoOverlap(CommissionPlan plan, CommissionPlanVersion version, DateOnly month)
    {
        if (plan.Versions.Any(v => v.Id != version.Id && v.EffectiveMonth == month && v.Status is not (PlanVersionStatus.Rejected or PlanVersionStatus.Withdrawn)))
            throw new DomainException("Commission.Plan.VersionOverlaps") { Field = "effectiveMonth", StatusCode = StatusCodes.Status409Conflict };
    }

    /// A version may not take effect in a month whose statements are already closed: they would
    /// say one plan and the plan page another.
    public static async Task EnsureOpenMonthAsync(AppDbContext db, DateOnly month, CancellationToken ct)
    {
        if (await db.CommissionMonths.AnyAsync(m => m.Month == month, ct))
            throw new DomainException("Commission.Plan.MonthClosed", month.ToString("yyyy-MM", CultureInfo.InvariantCulture)) { Field = "effectiveMonth" };
    }

    private static string? Note(string? note) => string.IsNullOrWhiteSpace(note) ? null : note.Trim();

    /// "2026-12" → 2026-12-01; anything else is refused naming effectiveMonth.
    public static DateOnly ParseMonth(string? month)
    {
        if (DateOnly.TryParseExact(month?.Trim(), "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m)
            && m >= DateWindows.ReportFrom && m <= DateWindows.ReportTo)
            return new DateOnly(m.Year, m.Month, 1);
        throw new DomainException("Commission.Plan.BadMonth") { Field = "effectiveMonth" };
    }

    /// Writes need commission.plan.manage with the second factor it declares: the same check the
    /// API's endpoints make, for the pages that call this service directly.
    private async Task EnsureManageAsync(CancellationToken ct)
    {
        switch (await authorization.CheckPermissionAsync(currentUser.Principal, CommissionPermissions.PlanManage))
        {
            case PermissionCheck.Granted: return;
            case PermissionCheck.NeedsSecondFactor: throw new DomainException("Error.SecondFactorRequired") { StatusCode = StatusCodes.Status403Forbidden };
            default: throw new DomainException("Error.Forbidden") { StatusCode = StatusCodes.Status403Forbidden };
        }
    }

    public async Task<PermissionCheck> ManageCheckAsync() =>
        await authorization.CheckPermissionAsync(currentUser.Principal, CommissionPermissions.PlanManage);

    // ---- acknowledgements ----

    /// The published version that applies to the caller this month and whether they acknowledged
    /// it; null when no plan applies to them (or they have no employee record).
    public async Task<MyPlanView?> MineAsync(CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        if (access.EmployeeId is not { } me) return null;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var (plan, applied) = await AppliedAsync(db, me, ct);
        if (plan is null || applied is null) return null;
        var version = plan.Versions.Single(v => v.Id == applied.VersionId);
        var at = await db.PlanAcknowledgements.AsNoTracking()
            .Where(a => a.EmployeeId == me && a.PlanVersionId == version.Id).Select(a => (DateTimeOffset?)a.AcknowledgedAt).FirstOrDefaultAsync(ct);
        var rules = version.Rules;
        return new MyPlanView(plan.Id, plan.Name, version.Id, version.Number, version.EffectiveMonth, text.Lines(rules), text.Summary(rules), at is not null, at);
    }

    /// For the performance panel's banner: the version the caller still has to acknowledge, or null.
    public async Task<PendingPlanAcknowledgement?> PendingAcknowledgementAsync(CancellationToken ct) =>
        await MineAsync(ct) is { Acknowledged: false } mine
            ? new PendingPlanAcknowledgement(mine.PlanName, mine.VersionNumber, mine.VersionId, mine.EffectiveMonth, mine.RulesSummary)
            : null;

    /// The caller acknowledges the version that applies to them. Idempotent: again (a double tap, a
    /// retry) returns the first acknowledgement. The version read must still be the one in force.
    public async Task<MyPlanView> AcknowledgeAsync(PlanAcknowledgeInput input, CancellationToken ct)
    {
        validator.EnsureValid(input);
        var access = await currentUser.AccessAsync(ct);
        var me = access.EmployeeId ?? throw new DomainException("Org.NoEmployeeRecord") { StatusCode = StatusCodes.Status404NotFound };
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            var (_, applied) = await AppliedAsync(db, me, ct);
            if (applied is null) throw new DomainException("Commission.Plan.NoneApplies") { StatusCode = StatusCodes.Status404NotFound };
            if (applied.VersionId != input.VersionId)
                throw new DomainException("Commission.Plan.AcknowledgeOutdated", applied.VersionNumber) { Field = "versionId", StatusCode = StatusCodes.Status409Conflict };
            if (!await db.PlanAcknowledgements.AnyAsync(a => a.EmployeeId == me && a.PlanVersionId == applied.VersionId, ct))
            {
                db.PlanAcknowledgements.Add(new PlanAcknowledgement
                {
                    PlanVersionId = applied.VersionId, EmployeeId = me, UserId = access.UserId, AcknowledgedAt = clock.GetUtcNow(),
                });
                try
                {
                    await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateException)
                {
                    // The same person acknowledged at the same moment elsewhere: theirs stands.
                }
            }
        }
        return (await MineAsync(ct))!;
    }

    private async Task<(CommissionPlan? Plan, AppliedPlan? Applied)> AppliedAsync(AppDbContext db, Guid employeeId, CancellationToken ct)
    {
        var month = await CurrentMonthAsync(ct);
        var staff = await db.Employees.AsNoTracking().Where(e => e.Id == employeeId)
            .Select(e => new CommissionCalculator.Staff(e.Id, e.Name, e.EmployeeNumber, e.DepartmentId, e.PositionId, e.Status, e.HireDate))
            .SingleOrDefaultAsync(ct);
        if (staff is null) return (null, null);
        var plans = await db.CommissionPlans.AsNoTracking().Include(p => p.Versions).OrderBy(p => p.Id).ToListAsync(ct);
        var applied = CommissionCalculator.Resolve(plans, staff, month);
        return applied is null ? (null, null) : (plans.Single(p => p.Id == applied.PlanId), applied);
    }

    /// Who a published version applies to (this month, or its first month if it starts later) and
    /// who of them has acknowledged it; people who acknowledged it and have since moved on are
    /// listed too. Those still to acknowledge come first.
    public async Task<PlanAcknowledgementStatus> AcknowledgementsAsync(Guid planId, Guid versionId, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var plans = await db.CommissionPlans.AsNoTracking().Include(p => p.Versions).OrderBy(p => p.Id).ToListAsync(ct);
        var plan = plans.SingleOrDefault(p => p.Id == planId) ?? throw new NotFoundException();
        var version = plan.Versions.SingleOrDefault(v => v.Id == versionId) ?? throw new NotFoundException();
        var current = await CurrentMonthAsync(ct);
        var month = version.EffectiveMonth > current ? version.EffectiveMonth : current;
        var people = await db.Employees.AsNoTracking().VisibleTo(access, CommissionPermissions.PlanRead)
            .Where(e => e.Status != EmploymentStatus.Candidate && (e.LastWorkingDay == null || e.LastWorkingDay >= month))
            .Select(e => new { Staff = new CommissionCalculator.Staff(e.Id, e.Name, e.EmployeeNumber, e.DepartmentId, e.PositionId, e.Status, e.HireDate), Department = db.Departments.Where(d => d.Id == e.DepartmentId).Select(d => d.Name).First() })
            .ToListAsync(ct);
        // A version superseded since applies to no one now: list those it applied to in its first month.
        var covered = people.Where(p => CommissionCalculator.Resolve(plans, p.Staff, month)?.VersionId == versionId).ToList();
        if (covered.Count == 0 && version.Status == PlanVersionStatus.Published)
        {
            month = version.EffectiveMonth;
            covered = people.Where(p => CommissionCalculator.Resolve(plans, p.Staff, month)?.VersionId == versionId).ToList();
        }
        var acks = await db.PlanAcknowledgements.AsNoTracking().Where(a => a.PlanVersionId == versionId)
            .ToDictionaryAsync(a => a.EmployeeId, a => a.AcknowledgedAt, ct);
        var listed = covered.Concat(people.Where(p => acks.ContainsKey(p.Staff.Id) && !covered.Contains(p))).ToList();
        var rows = listed.Select(p => new PlanAcknowledgementRow(p.Staff.Id, p.Staff.EmployeeNumber, p.Staff.Name, p.Department,
                acks.ContainsKey(p.Staff.Id), acks.TryGetValue(p.Staff.Id, out var at) ? at : null))
            .OrderBy(r => r.Acknowledged).ThenBy(r => r.EmployeeNumber, StringComparer.Ordinal).ToList();
        return new PlanAcknowledgementStatus(versionId, version.Number, month, rows.Count, rows.Count(r => r.Acknowledged), rows);
    }

    public async Task<DateOnly> CurrentMonthAsync(CancellationToken ct) =>
        BranchCalendar.FirstOfMonth(calendar.Today(await calendar.CompanyZoneAsync(ct)));
}
