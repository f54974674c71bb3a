using Renhe.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Renhe.Platform.Data;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;
using Renhe.Modules.Org.Employees;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Org.Lifecycle;

/// Joining, probation, leaving: status changes with their rules, the on- and offboarding
/// checklists, and the daily step that makes future-dated changes and last working days take effect.
public sealed class LifecycleService(
    InputValidator validator,
    IDbContextFactory<AppDbContext> dbFactory, CurrentUser currentUser, TimeProvider clock, BranchCalendar calendar,
    IEnumerable<IOffboardingContributor> contributors, ILogger<LifecycleService> log)
{
    // Default checklists: (title resource key, days relative to the start/last day, owner).
    private static readonly (string Title, int Days, Owner Owner)[] Onboarding =
    [
        ("Checklist.SignContract", 0, Owner.Hr), ("Checklist.CreateAccount", 0, Owner.Hr),
        ("Checklist.Equipment", 0, Owner.Manager), ("Checklist.Induction", 7, Owner.Manager),
    ];
    private static readonly (string Title, int Days, Owner Owner)[] Offboarding =
    [
        ("Checklist.Handover", -3, Owner.Manager), ("Checklist.ReturnEquipment", 0, Owner.Manager),
        ("Checklist.FinalPay", 0, Owner.Hr), ("Checklist.DisableAccount", 0, Owner.Hr),
    ];

    private enum Owner { Hr, Manager }

    // Changes go through org.employee.manage within its data scope; out of scope reads as not found.
    private async Task<Employee> ManageableAsync(AppDbContext db, Guid id, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        return await db.Employees.VisibleTo(access, OrgPermissions.EmployeeManage).SingleOrDefaultAsync(x => x.Id == id, ct)
               ?? throw new NotFoundException();
    }

    /// A candidate starts work: status probation from the hire date, onboarding checklist if missing.
    public async Task OnboardAsync(Guid id, DateOnly hireDate, DateOnly? probationEnd, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var e = await ManageableAsync(db, id, ct);
        if (e.Status != EmploymentStatus.Candidate) throw new DomainException("Org.NotACandidate");
        if (probationEnd is { } end && end < hireDate) throw new DomainException("Org.ProbationEndsBeforeHire") { Field = "probationEnd" };
        e.HireDate = hireDate;
        e.ProbationEnd = probationEnd ?? hireDate.AddMonths(3);
        e.Status = EmploymentStatus.Probation;
        db.JobChanges.Add(EmployeeService.Snapshot(e, hireDate, JobChangeKind.Hire, null));
        if (!await db.ChecklistItems.AnyAsync(c => c.EmployeeId == id && c.Kind == ChecklistKind.Onboarding, ct))
            AddDefaultChecklist(db, e, ChecklistKind.Onboarding, hireDate);
        await db.SaveChangesAsync(ct);
    }

    /// 转正: the end of probation.
    public async Task RegulariseAsync(Guid id, DateOnly effective, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var e = await ManageableAsync(db, id, ct);
        if (e.Status != EmploymentStatus.Probation) throw new DomainException("Org.NotOnProbation");
        if (effective < e.HireDate) throw new DomainException("Org.DateBeforeHire") { Field = "date" };
        // Regularisation is recorded when it happens: a future date would make the status lie until then.
        if (effective > await calendar.TodayAsync(e.BranchId, ct)) throw new DomainException("Org.DateInFuture") { Field = "date" };
        e.Status = EmploymentStatus.Active;
        e.ProbationEnd = effective;
        db.JobChanges.Add(EmployeeService.Snapshot(e, effective, JobChangeKind.Regularisation, null));
        await db.SaveChangesAsync(ct);
    }

    /// Resignation or termination: status "leaving" until the last working day ends, then "left"
    /// and the account is disabled. The offboarding checklist gathers items from every module.
    public async Task LeaveAsync(Guid id, LeaveInput input, CancellationToken ct)
    {
        validator.EnsureValid(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var e = await ManageableAsync(db, id, ct);
        if (e.Status is EmploymentStatus.Left or EmploymentStatus.Leaving or EmploymentStatus.Candidate)
            throw new DomainException("Org.CannotLeave");
        var lastDay = input.LastWorkingDay!.Value;
        if (lastDay < e.HireDate) throw new DomainException("Org.DateBeforeHire") { Field = "lastWorkingDay" };
        e.Status = EmploymentStatus.Leaving;
        e.LastWorkingDay = lastDay;
        e.LeaveType = input.Type;
        e.LeaveReason = input.Reason.Trim();
        AddDefaultChecklist(db, e, ChecklistKind.Offboarding, lastDay);
        foreach (var contributor in contributors)
        foreach (var (title, due) in contributor.ItemsFor(e, lastDay))
            db.ChecklistItems.Add(new ChecklistItem
            {
                EmployeeId = e.Id, Kind = ChecklistKind.Offboarding, Title = title, DueDate = due,
                Source = contributor.GetType().Name,
            });
        foreach (var contributor in contributors) await contributor.OnLeavingAsync(db, e, lastDay, ct);
        await db.SaveChangesAsync(ct);
        // A last day already past takes effect now, for this person only.
        if (lastDay < await calendar.TodayAsync(e.BranchId, ct))
            await CloseDueAsync(ct, onlyEmployee: id);
    }

    public async Task<IReadOnlyList<ChecklistItemDto>> ChecklistAsync(Guid employeeId, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Employees.VisibleTo(access, OrgPermissions.EmployeeRead).AnyAsync(e => e.Id == employeeId, ct))
            throw new NotFoundException();
        return await db.ChecklistItems.AsNoTracking().Where(c => c.EmployeeId == employeeId)
            .OrderBy(c => c.Kind).ThenBy(c => c.DueDate).ThenBy(c => c.Title)
            .Select(c => new ChecklistItemDto(c.Id, c.Kind, c.Title, c.OwnerEmployeeId,
                db.Employees.Where(o => o.Id == c.OwnerEmployeeId).Select(o => o.Name).FirstOrDefault(), c.DueDate, c.DoneAt, c.Source, c.Link))
            .ToListAsync(ct);
    }

    public async Task<Guid> AddChecklistItemAsync(Guid employeeId, ChecklistItemInput input, CancellationToken ct)
    {
        validator.EnsureValid(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await ManageableAsync(db, employeeId, ct);
        if (input.OwnerEmployeeId is { } owner && !await db.Employees.AnyAsync(e => e.Id == owner, ct))
            throw new DomainException("Org.UnknownEmployee") { Field = "ownerEmployeeId" };
        var item = new ChecklistItem
        {
            EmployeeId = employeeId, Kind = input.Kind!.Value, Title = input.Title.Trim(),
            OwnerEmployeeId = input.OwnerEmployeeId, DueDate = input.DueDate!.Value,
        };
        db.ChecklistItems.Add(item);
        await db.SaveChangesAsync(ct);
        return item.Id;
    }

    /// Ticked by the item's owner or by HR (org.employee.manage).
    public async Task CompleteChecklistItemAsync(Guid itemId, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var item = await db.ChecklistItems.SingleOrDefaultAsync(c => c.Id == itemId, ct) ?? throw new NotFoundException();
        var isOwner = item.OwnerEmployeeId is { } owner && owner == access.EmployeeId;
        var isHr = await db.Employees.VisibleTo(access, OrgPermissions.EmployeeManage).AnyAsync(e => e.Id == item.EmployeeId, ct);
        if (!isOwner && !isHr) throw new DomainException("Error.Forbidden") { StatusCode = StatusCodes.Status403Forbidden };
        if (item.DoneAt is not null) return;
        item.DoneAt = clock.GetUtcNow();
        item.DoneBy = access.EmployeeId;
        await db.SaveChangesAsync(ct);
    }

    /// The daily step, per branch time zone: future-dated job changes whose day has come are applied,
    /// and people whose last working day has ended become "left" with their sign-in disabled.
    public async Task<int> CloseDueAsync(CancellationToken ct, Guid? onlyEmployee = null, Guid? onlyBranch = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var zones = await db.Branches.AsNoTracking().ToDictionaryAsync(b => b.Id, b => BranchCalendar.Zone(b.TimeZone), ct);
        var changed = 0;

        var leaving = await db.Employees.Where(e => e.Status == EmploymentStatus.Leaving && e.LastWorkingDay != null)
            .Where(e => onlyEmployee == null || e.Id == onlyEmployee)
            .Where(e => onlyBranch == null || e.BranchId == onlyBranch).ToListAsync(ct);
        foreach (var e in leaving.Where(e => e.LastWorkingDay < calendar.Today(zones[e.BranchId])))
        {
            e.Status = EmploymentStatus.Left;
            db.JobChanges.Add(EmployeeService.Snapshot(e, e.LastWorkingDay!.Value.AddDays(1), JobChangeKind.Leave, e.LeaveReason));
            foreach (var user in await db.Users.Where(u => u.EmployeeId == e.Id && u.IsActive).ToListAsync(ct))
            {
                user.IsActive = false;
                user.SecurityStamp = Guid.NewGuid().ToString(); // ends open sessions at their next check
                log.LogInformation("Disabled sign-in of {UserName}: last working day {Day} has ended", user.UserName, e.LastWorkingDay);
            }
            changed++;
        }

        var active = await db.Employees.Where(e => e.Status != EmploymentStatus.Left)
            .Where(e => onlyEmployee == null || e.Id == onlyEmployee)
            .Where(e => onlyBranch == null || e.BranchId == onlyBranch).ToDictionaryAsync(e => e.Id, ct);
        // Snapshots are complete and written forward only, so the latest one in force is the job today.
        var applied = await db.JobChanges.AsNoTracking()
            .Where(j => j.Kind != JobChangeKind.Leave)
            .Where(j => onlyEmployee == null || j.EmployeeId == onlyEmployee)
            .ToListAsync(ct);
        foreach (var group in applied.Where(j => active.ContainsKey(j.EmployeeId)).GroupBy(j => j.EmployeeId))
        {
            var e = active[group.Key];
            var today = calendar.Today(zones[e.BranchId]);
            var latest = group.Where(j => j.EffectiveDate <= today).OrderBy(j => j.EffectiveDate).ThenBy(j => j.RecordedAt).LastOrDefault();
            if (latest is null) continue;
            if (e.DepartmentId == latest.DepartmentId && e.PositionId == latest.PositionId && e.ManagerId == latest.ManagerId
                && e.SalaryGrade == latest.SalaryGrade && e.BranchId == latest.BranchId) continue;
            EmployeeService.Apply(e, latest);
            changed++;
        }
        await db.SaveChangesAsync(ct);
        if (changed > 0) AccessService.Invalidate();
        return changed;
    }

    internal static void AddDefaultChecklist(AppDbContext db, Employee e, ChecklistKind kind, DateOnly anchor)
    {
        // An item without an owner belongs to HR as a team; manager items go to the direct manager.
        foreach (var (title, days, owner) in kind == ChecklistKind.Onboarding ? Onboarding : Offboarding)
            db.ChecklistItems.Add(new ChecklistItem
            {
                EmployeeId = e.Id, Kind = kind, Title = title, DueDate = anchor.AddDays(days),
                OwnerEmployeeId = owner == Owner.Manager ? e.ManagerId : null,
            });
    }
}
