using Renhe.Modules.Sales.WeComHandovers;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Sales.Customers;
using Renhe.Modules.Sales.Orders;
using Renhe.Platform.Data;
using Renhe.Platform.Notifications;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;
using Renhe.Platform.Time;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Sales.Inheritance;

/// 离职继承, the use cases: proposing the plan when a leaving is recorded (in that save), the
/// manager's review and changes, and execution on the day after the last working day. Who may do
/// what: sales.inheritance.manage within its scope (the leaver's manager for the team, HR and
/// administrators for everyone); the leaver never sees or changes their own plan.
public sealed class InheritanceService(
    InputValidator validator, IDbContextFactory<AppDbContext> dbFactory, CurrentUser currentUser, TimeProvider clock, AssignmentService assignment)
{
    public static string PlanLink(Guid planId) => $"/sales/inheritance/{planId}";

    // ---- proposal ----

    /// Proposes (or brings up to date) the leaver's plan in <paramref name="db"/>, without saving:
    /// every customer they hold gets a line with the planner's receiver. A plan already open keeps
    /// the manager's choices and only gains lines for customers it does not name yet.
    public async Task<InheritancePlan> ProposeAsync(AppDbContext db, Employee leaver, DateOnly lastWorkingDay, DateTimeOffset now, CancellationToken ct)
    {
        var plan = await db.InheritancePlans.Include(p => p.Lines)
            .SingleOrDefaultAsync(p => p.LeaverId == leaver.Id && p.State == InheritanceState.Proposed, ct);
        if (plan is null)
        {
            plan = new InheritancePlan { LeaverId = leaver.Id, ProposedAt = now };
            db.InheritancePlans.Add(plan);
        }
        plan.LastWorkingDay = lastWorkingDay;
        await AddMissingLinesAsync(db, plan, leaver, ct);
        return plan;
    }

    private async Task AddMissingLinesAsync(AppDbContext db, InheritancePlan plan, Employee leaver, CancellationToken ct)
    {
        var held = await db.Customers.AsNoTracking().Where(c => c.OwnerId == leaver.Id && c.DeletedAt == null)
            .OrderBy(c => c.Name).ThenBy(c => c.Id).Select(c => c.Id).ToListAsync(ct);
        var named = plan.Lines.Select(l => l.CustomerId).ToHashSet();
        var missing = held.Where(id => !named.Contains(id)).ToList();
        if (missing.Count == 0) return;
        var people = await PlannablePeopleAsync(db, plan, leaver.Id, ct);
        var parent = await db.Departments.Where(d => d.Id == leaver.DepartmentId).Select(d => d.ParentId).FirstOrDefaultAsync(ct);
        foreach (var (customerId, receiverId) in InheritancePlanner.Propose(missing, leaver.DepartmentId, parent, people, assignment.DefaultCapacity))
        {
            var line = new InheritanceLine { PlanId = plan.Id, CustomerId = customerId, ProposedReceiverId = receiverId, ReceiverId = receiverId };
            plan.Lines.Add(line);
            // Added explicitly: a line found only through the navigation, with its key already set, would be taken for an existing row.
            db.Add(line);
        }
    }

    /// Active and probation people other than the leaver, counting what this plan already gives them.
    private static async Task<List<PlannerPerson>> PlannablePeopleAsync(AppDbContext db, InheritancePlan plan, Guid leaverId, CancellationToken ct)
    {
        var planned = plan.Lines.Where(l => l.ReceiverId is not null).GroupBy(l => l.ReceiverId!.Value).ToDictionary(g => g.Key, g => g.Count());
        return (await AssignmentService.PeopleAsync(db, ct)).Where(p => p.EmployeeId != leaverId)
            .Select(p => p with { Owned = p.Owned + planned.GetValueOrDefault(p.EmployeeId) }).ToList();
    }

    /// The checklist item and the bell for the leaver's manager, in the same save as the plan.
    public static async Task AnnounceAsync(AppDbContext db, InheritancePlan plan, Employee leaver, DateTimeOffset now, CancellationToken ct)
    {
        if (leaver.ManagerId is not { } manager) return;
        foreach (var user in await db.Users.Where(u => u.EmployeeId == manager && u.IsActive).Select(u => u.Id).ToListAsync(ct))
            NotificationService.Add(db, user, "Notify.InheritanceProposed",
                [leaver.Name, plan.LastWorkingDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), plan.Lines.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                PlanLink(plan.Id), now);
    }

    // ---- review ----

    private async Task<(UserAccess Access, IQueryable<InheritancePlan> Plans)> VisibleAsync(AppDbContext db, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        var me = access.EmployeeId;
        return (access, db.InheritancePlans.VisibleTo(access, SalesPermissions.InheritanceManage).Where(p => me == null || p.LeaverId != me));
    }

    public async Task<IReadOnlyList<InheritancePlanListItem>> ListAsync(bool openOnly, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (_, plans) = await VisibleAsync(db, ct);
        if (openOnly) plans = plans.Where(p => p.State == InheritanceState.Proposed);
        var rows = await plans.AsNoTracking()
            .Select(p => new
            {
                p.Id, p.LeaverId, p.Leaver!.Name, Department = db.Departments.Where(d => d.Id == p.Leaver.DepartmentId).Select(d => d.Name).FirstOrDefault(),
                p.Leaver.LastWorkingDay, Recorded = p.LastWorkingDay, p.State, Customers = p.Lines.Count,
                WithoutReceiver = p.Lines.Count(l => l.ReceiverId == null), p.ExecutedAt,
            })
            .ToListAsync(ct);
        return rows.Select(r =>
            {
                var day = r.LastWorkingDay ?? r.Recorded;
                return new InheritancePlanListItem(r.Id, r.LeaverId, r.Name, r.Department, day, day.AddDays(1), r.State, r.Customers, r.WithoutReceiver, r.ExecutedAt);
            })
            .OrderBy(r => r.State != InheritanceState.Proposed).ThenBy(r => r.LastWorkingDay).ThenBy(r => r.LeaverName).ToList();
    }

    public async Task<InheritancePlanView> GetAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (access, plans) = await VisibleAsync(db, ct);
        var plan = await plans.AsNoTracking().Include(p => p.Lines).Include(p => p.Leaver).SingleOrDefaultAsync(p => p.Id == id, ct)
                   ?? throw new NotFoundException();
        var leaver = plan.Leaver!;
        var customerIds = plan.Lines.Select(l => l.CustomerId).ToList();
        var customers = await db.Customers.AsNoTracking().Where(c => customerIds.Contains(c.Id))
            .Select(c => new { c.Id, c.Name, c.Company, c.Stage }).ToDictionaryAsync(c => c.Id, ct);
        var receivers = await ReceiversAsync(db, access, plan, ct);
        var personIds = plan.Lines.SelectMany(l => new[] { l.ProposedReceiverId, l.ReceiverId, l.InheritedById }).OfType<Guid>().Distinct().ToList();
        var names = await db.Employees.AsNoTracking().Where(e => personIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Name, ct);
        string? Name(Guid? person) => person is { } p ? names.GetValueOrDefault(p) : null;
        var lines = plan.Lines.Where(l => customers.ContainsKey(l.CustomerId))
            .Select(l =>
            {
                var c = customers[l.CustomerId];
                return new InheritanceLineView(l.Id, l.CustomerId, c.Name, c.Company, c.Stage, l.ProposedReceiverId, Name(l.ProposedReceiverId),
                    l.ReceiverId, Name(l.ReceiverId), l.Outcome, Name(l.InheritedById));
            })
            .OrderBy(l => l.CustomerName).ThenBy(l => l.CustomerId).ToList();
        var department = await db.Departments.AsNoTracking().Where(d => d.Id == leaver.DepartmentId).Select(d => d.Name).FirstOrDefaultAsync(ct);
        var day = leaver.LastWorkingDay ?? plan.LastWorkingDay;
        return new InheritancePlanView(plan.Id, leaver.Id, leaver.Name, department, day, day.AddDays(1), plan.State, plan.ProposedAt, plan.ExecutedAt,
            plan.Version, lines, receivers);
    }

    /// Who the caller may name as a receiver: active or on probation (a person who is leaving too
    /// cannot inherit), within the caller's scope, with their load now and after this plan.
    private static async Task<IReadOnlyList<InheritanceReceiverView>> ReceiversAsync(AppDbContext db, UserAccess access, InheritancePlan plan, CancellationToken ct)
    {
        var planned = plan.State == InheritanceState.Proposed
            ? plan.Lines.Where(l => l.ReceiverId is not null).GroupBy(l => l.ReceiverId!.Value).ToDictionary(g => g.Key, g => g.Count())
            : [];
        var people = await Receivable(db, access).Where(e => e.Id != plan.LeaverId)
            .Select(e => new
            {
                e.Id, e.Name, Department = db.Departments.Where(d => d.Id == e.DepartmentId).Select(d => d.Name).FirstOrDefault(),
                Held = db.Customers.Count(c => c.OwnerId == e.Id && c.DeletedAt == null),
            })
            .ToListAsync(ct);
        // Proposed receivers outside the caller's scope (the parent team) are shown too: the manager sees who the plan names.
        var outside = planned.Keys.Where(k => people.All(p => p.Id != k)).ToList();
        var extra = await db.Employees.AsNoTracking().Where(e => outside.Contains(e.Id))
            .Select(e => new
            {
                e.Id, e.Name, Department = db.Departments.Where(d => d.Id == e.DepartmentId).Select(d => d.Name).FirstOrDefault(),
                Held = db.Customers.Count(c => c.OwnerId == e.Id && c.DeletedAt == null),
            })
            .ToListAsync(ct);
        return people.Concat(extra)
            .Select(p => new InheritanceReceiverView(p.Id, p.Name, p.Department, p.Held, planned.GetValueOrDefault(p.Id)))
            .OrderBy(p => p.DepartmentName).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();
    }

    private static IQueryable<Employee> Receivable(AppDbContext db, UserAccess access) =>
        db.Employees.AsNoTracking().Where(e => e.Status == EmploymentStatus.Active || e.Status == EmploymentStatus.Probation)
            .VisibleTo(access, SalesPermissions.InheritanceManage);

    /// The manager gives one customer, or many selected at once, to one receiver.
    public async Task AssignAsync(Guid id, InheritanceAssignInput input, CancellationToken ct)
    {
        validator.EnsureValid(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (access, plans) = await VisibleAsync(db, ct);
        var plan = await plans.Include(p => p.Lines).SingleOrDefaultAsync(p => p.Id == id, ct) ?? throw new NotFoundException();
        db.ExpectVersion(plan, input.Version!.Value);
        plan.EnsureOpen();
        var receiverId = input.ReceiverId!.Value;
        var receiver = await db.Employees.AsNoTracking().Where(e => e.Id == receiverId).Select(e => new { e.Status, e.LastWorkingDay }).FirstOrDefaultAsync(ct);
        if (receiver is { Status: EmploymentStatus.Leaving })
            throw new DomainException("Sales.Inheritance.ReceiverLeaving", receiver.LastWorkingDay?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "")
                { Field = "receiverId", StatusCode = StatusCodes.Status409Conflict };
        if (receiverId == plan.LeaverId || !await Receivable(db, access).AnyAsync(e => e.Id == receiverId, ct))
            throw new DomainException("Sales.Inheritance.ReceiverUnavailable") { Field = "receiverId" };
        var chosen = input.LineIds!.Distinct().ToList();
        var lines = plan.Lines.Where(l => chosen.Contains(l.Id)).ToList();
        if (lines.Count != chosen.Count || lines.Count == 0) throw new DomainException("Sales.Inheritance.UnknownLine") { Field = "lineIds" };
        foreach (var line in lines) plan.Assign(line, receiverId);
        db.MarkChanged(plan);
        await db.SaveChangesAsync(ct);
    }

    // ---- execution ----

    /// Executes every open plan whose leaver's last working day has ended in their branch's zone
    /// (the day after has begun at <paramref name="now"/>). Idempotent: an executed plan is not open.
    /// Independent of the lifecycle step: it reads the last working day, not the status "left".
    public async Task<int> ExecuteDueAsync(DateTimeOffset now, Guid? onlyBranch, CancellationToken ct)
    {
        List<Guid> due;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var zones = await db.Branches.AsNoTracking().ToDictionaryAsync(b => b.Id, b => BranchCalendar.Zone(b.TimeZone), ct);
            var open = await db.InheritancePlans.AsNoTracking().Where(p => p.State == InheritanceState.Proposed)
                .Where(p => onlyBranch == null || p.Leaver!.BranchId == onlyBranch)
                .Select(p => new { p.Id, p.Leaver!.BranchId, p.Leaver.Status, p.Leaver.LastWorkingDay }).ToListAsync(ct);
            due = open.Where(p => p.Status is not (EmploymentStatus.Leaving or EmploymentStatus.Left) || p.LastWorkingDay is null
                                  || p.LastWorkingDay < BranchCalendar.DayOf(now, zones[p.BranchId]))
                .Select(p => p.Id).ToList();
        }
        var executed = 0;
        // One save per plan: a plan edited at this very moment fails alone and runs at the next pass.
        foreach (var planId in due)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var plan = await db.InheritancePlans.Include(p => p.Lines).SingleAsync(p => p.Id == planId, ct);
            var leaver = await db.Employees.SingleAsync(e => e.Id == plan.LeaverId, ct);
            if (plan.State != InheritanceState.Proposed) continue;
            if (leaver.Status is not (EmploymentStatus.Leaving or EmploymentStatus.Left) || leaver.LastWorkingDay is null)
                plan.Cancel(); // the leaving was withdrawn: the customers stay and thaw with it
            else
            {
                await ExecuteAsync(db, plan, leaver, now, ct);
                executed++;
            }
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                executed--;
            }
        }
        return executed;
    }

    /// Gives every customer the leaver still holds to its receiver, in <paramref name="db"/> without
    /// saving: one custody row each (离职继承), open orders credited to the receiver, the plan closed.
    /// A receiver who is no longer available (left, leaving) and customers without one are planned
    /// again; what nobody can take goes to the leaver's manager, or else to the pool.
    public async Task ExecuteAsync(AppDbContext db, InheritancePlan plan, Employee leaver, DateTimeOffset now, CancellationToken ct)
    {
        await AddMissingLinesAsync(db, plan, leaver, ct);
        var available = (await AssignmentService.PeopleAsync(db, ct)).Where(p => p.EmployeeId != leaver.Id).Select(p => p.EmployeeId).ToHashSet();
        var stranded = plan.Lines.Where(l => l.Outcome == InheritanceOutcome.Pending && (l.ReceiverId is not { } r || !available.Contains(r))).ToList();
        if (stranded.Count > 0)
        {
            foreach (var line in stranded) line.ReceiverId = null;
            var people = await PlannablePeopleAsync(db, plan, leaver.Id, ct);
            var parent = await db.Departments.Where(d => d.Id == leaver.DepartmentId).Select(d => d.ParentId).FirstOrDefaultAsync(ct);
            var fallback = leaver.ManagerId is { } m && available.Contains(m) ? m : (Guid?)null;
            var proposed = InheritancePlanner.Propose(stranded.Select(l => l.CustomerId), leaver.DepartmentId, parent, people, assignment.DefaultCapacity)
                .ToDictionary(x => x.CustomerId, x => x.ReceiverId);
            foreach (var line in stranded) line.ReceiverId = proposed.GetValueOrDefault(line.CustomerId) ?? fallback;
        }

        var ids = plan.Lines.Select(l => l.CustomerId).ToList();
        var customers = await db.Customers.Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var day = (leaver.LastWorkingDay ?? plan.LastWorkingDay).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var note = $"离职继承：{leaver.Name}（最后工作日 {day}）";
        var heldBy = new Dictionary<Guid, Guid>();
        foreach (var line in plan.Lines.Where(l => l.Outcome == InheritanceOutcome.Pending))
        {
            if (!customers.TryGetValue(line.CustomerId, out var customer) || customer.OwnerId != leaver.Id || customer.DeletedAt is not null)
            {
                line.Outcome = InheritanceOutcome.NoLongerHeld;
                continue;
            }
            db.CustodyEntries.Add(customer.ChangeCustody(line.ReceiverId, CustodyReason.OwnerLeft, note, ChangedBy.System, now));
            line.Outcome = line.ReceiverId is null ? InheritanceOutcome.ToPool : InheritanceOutcome.Inherited;
            line.InheritedById = line.ReceiverId;
            if (line.ReceiverId is { } to) heldBy[customer.Id] = to;
        }

        // An order the leaver started but that is not effective yet becomes the inheritor's: whoever
        // holds the customer when finance approves is the one credited.
        var inherited = heldBy.Keys.ToList();
        foreach (var order in await db.Orders.Where(o => o.SalespersonId == leaver.Id && inherited.Contains(o.CustomerId)
                     && (o.Status == OrderStatus.Draft || o.Status == OrderStatus.Submitted || o.Status == OrderStatus.Returned)).ToListAsync(ct))
            order.SalespersonId = heldBy[order.CustomerId];

        // WeCom's resigned-member transfer follows in this same save: the handover job sends it, so
        // the custody moves even when WeCom is slow, unreachable or not configured.
        foreach (var group in heldBy.GroupBy(h => h.Value))
            await WeComHandoverOutbox.QueueAsync(db, HandoverKind.Resigned, group.Select(h => h.Key).ToList(), leaver.Id, group.Key, plan.Id, now, ct: ct);

        foreach (var (receiver, count) in heldBy.Values.GroupBy(r => r).Select(g => (g.Key, g.Count())))
        foreach (var user in await db.Users.Where(u => u.EmployeeId == receiver && u.IsActive).Select(u => u.Id).ToListAsync(ct))
            NotificationService.Add(db, user, "Notify.InheritanceReceived", [leaver.Name, count.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                "/sales/customers", now);
        plan.MarkExecuted(now);
    }

    /// Now, for the offboarding step (the job passes its own occurrence time).
    public DateTimeOffset Now => clock.GetUtcNow();
}
