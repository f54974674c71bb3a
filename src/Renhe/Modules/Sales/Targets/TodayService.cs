using Renhe.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Sales.Customers;
using Renhe.Modules.Sales.FollowUps;
using Renhe.Platform.Data;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;

namespace Renhe.Modules.Sales.Targets;

public sealed record TodayTask(DailyTaskKind Kind, Guid CustomerId, string CustomerName, string? Company, CustomerStage Stage,
    DateOnly? DueDate, string? Note, DateTimeOffset? LastFollowUpAt, bool Done)
{
    /// Days a next step is past its date on <paramref name="day"/> (null when it is not a next step
    /// or not late): three weeks overdue must not look like due today.
    public int? OverdueDays(DateOnly day) =>
        Kind == DailyTaskKind.NextStep && !Done && DueDate is { } due && due < day ? day.DayNumber - due.DayNumber : null;

    /// Whether the customer has a phone to call (the number itself comes only through the audited reveal).
    public bool HasPhone { get; init; }
}

public sealed record MonthProgress(DateOnly Month, long NetFen, long? PlanFen, int Orders, int ElapsedWorkingDays, int WorkingDays)
{
    /// Share of the plan reached, 0–∞ (null without a published plan).
    public decimal? Ratio => PlanFen is > 0 ? Math.Round((decimal)NetFen / PlanFen.Value, 4) : null;
    /// What the plan expects by today, pro rata over working days.
    public long? ExpectedFen => PlanFen is { } p && WorkingDays > 0 ? p * ElapsedWorkingDays / WorkingDays : null;
}

/// A team's month as its manager sees it on 今日 (the same figures as 团队看板): the published team
/// target (null without one), what the team has achieved, and how many are behind their plans.
public sealed record TeamMonth(Guid DepartmentId, string DepartmentName, long? TargetFen, long NetFen, int Members, int Behind)
{
    public decimal? Ratio => TargetFen is > 0 ? Math.Round((decimal)NetFen / TargetFen.Value, 4) : null;
}

public sealed record TodayView(
    Guid EmployeeId, string Name, DateOnly Day, bool IsWorkingDay,
    int FollowUpsDone, int? FollowUpsTarget, int CallMinutesDone, int? CallMinutesTarget,
    int CustomerTasksDone, int CustomerTasksTotal,
    MonthProgress Month, IReadOnlyList<TodayTask> Tasks)
{
    /// The teams the person manages, when they have no personal plan this month (a sales manager
    /// publishes the team's plans and holds none himself); empty otherwise.
    public IReadOnlyList<TeamMonth> Teams { get; init; } = [];

    /// 冲档: the commission navigator's best step this month in the reader's language
    /// ("再完成 2 单（来自意向客户），转化率达到 25 %，提成多拿 ¥1,000.00"); null when there is none.
    public string? TierLine { get; init; }
}

/// What the commission navigator tells 今日: its best step, read live on every read, and the
/// customers likeliest to carry it, asked once a day when the day's list is made. Implemented by
/// the Commission module; 今日 works without it.
public interface ITodayNavigator
{
    Task<string?> LineAsync(Guid employeeId, CancellationToken ct);

    /// At most <paramref name="max"/> customers, likeliest first.
    Task<IReadOnlyList<Guid>> CustomersAsync(Guid employeeId, int max, CancellationToken ct);
}

/// A salesperson's day (今日): the quota from their published plan, the customer tasks stored for
/// the day, and what is done, read live from sales_follow_up in the branch's local day (a
/// follow-up by the person on a task's customer within that day ticks it). Who may read it:
/// sales.task.read with its scope (a salesperson their own, a manager the team's); another
/// person's day reads as not found.
///
/// The customer list is made on the first read of a day and then kept, so it does not
/// shift under the person's feet: a customer followed at 10:00 stays on it, ticked. It is made
/// from the state before the day began (follow-ups of the day itself do not take a customer off),
/// so whenever the first read happens the same list comes out.
public sealed class TodayService(IDbContextFactory<AppDbContext> dbFactory, CurrentUser currentUser, TimeProvider clock, IConfiguration configuration,
    PoolReturnService poolReturn, TeamDashboardService teams, IEnumerable<ITodayNavigator> navigators)
{
    public const int MaxTasks = 50;
    /// How many of the navigator's customers become the day's 冲档 tasks: a few worth a call, not the whole pipeline.
    public const int MaxTierTasks = 3;
    public int IdleIntentDays => configuration.GetValue("Sales:Tasks:IdleIntentDays", 7);
    /// How many days before the pool return a customer shows up on the list.
    public const int PoolWarningDays = 3;

    /// The caller's own day, or (employeeId given) a colleague's within the caller's scope.
    public async Task<TodayView> ForCurrentUserAsync(Guid? employeeId, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        var id = employeeId ?? access.EmployeeId ?? throw new NotFoundException();
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            if (!await db.Employees.VisibleTo(access, SalesPermissions.TaskRead).AnyAsync(e => e.Id == id, ct))
                throw new NotFoundException();
        return await GetAsync(id, ct);
    }

    /// No access check: for the pages and API after theirs, and for benchmarks.
    public async Task<TodayView> GetAsync(Guid employeeId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var person = await db.Employees.AsNoTracking().Where(e => e.Id == employeeId)
                         .Select(e => new { e.Id, e.Name, e.DepartmentId, Zone = db.Branches.Where(b => b.Id == e.BranchId).Select(b => b.TimeZone).FirstOrDefault() })
                         .SingleOrDefaultAsync(ct)
                     ?? throw new NotFoundException();
        var zone = BranchCalendar.Zone(person.Zone);
        var now = clock.GetUtcNow();
        var day = BranchCalendar.DayOf(now, zone);
        var start = BranchCalendar.StartUtc(day, zone);
        var end = BranchCalendar.StartUtc(day.AddDays(1), zone);
        var working = PlanProposer.IsWorkingDay(day);

        var month = BranchCalendar.FirstOfMonth(day);
        var plan = await db.SalesPlans.AsNoTracking()
            .Where(p => p.EmployeeId == employeeId && db.SalesTargets.Any(t => t.Id == p.TargetId && t.Month == month && t.Status == TargetStatus.Published))
            .Select(p => new { p.AmountFen, p.CustomersPerDay, p.CallMinutesPerDay })
            .FirstOrDefaultAsync(ct);

        var todays = await db.FollowUps.AsNoTracking().Where(f => f.EmployeeId == employeeId && f.At >= start && f.At < end)
            .Select(f => new { f.CustomerId, f.Kind, f.DurationMinutes }).ToListAsync(ct);
        var followed = todays.Select(f => f.CustomerId).ToHashSet();

        // The customer list is made on rest days as well (only the quota is for working days).
        var listId = await EnsureListAsync(db, employeeId, day, start, zone, ct);
        var stored = await db.DailyTasks.AsNoTracking().Where(t => t.ListId == listId)
            .Join(db.Customers, t => t.CustomerId, c => c.Id,
                (t, c) => new { t.Kind, t.CustomerId, c.Name, c.Company, c.Stage, t.DueDate, t.Note, c.LastFollowUpAt, HasPhone = c.PhoneCipher != null })
            .ToListAsync(ct);
        var tasks = stored.Select(t => new TodayTask(t.Kind, t.CustomerId, t.Name, t.Company, t.Stage, t.DueDate, t.Note, t.LastFollowUpAt, followed.Contains(t.CustomerId))
                { HasPhone = t.HasPhone })
            .OrderBy(t => t.Done).ThenBy(t => t.Kind).ThenBy(t => t.DueDate).ThenBy(t => t.CustomerName, StringComparer.Ordinal).ToList();

        var monthStart = BranchCalendar.StartUtc(month, zone);
        var net = (await SalesFigures.NetAsync(db, [employeeId], monthStart, BranchCalendar.StartUtc(month.AddMonths(1), zone), ct))[employeeId];
        var elapsed = 0;
        for (var d = month; d <= day; d = d.AddDays(1)) if (PlanProposer.IsWorkingDay(d)) elapsed++;

        return new TodayView(person.Id, person.Name, day, working,
            followed.Count, working ? plan?.CustomersPerDay : null,
            todays.Where(f => f.Kind == FollowUpKind.Call).Sum(f => f.DurationMinutes), working ? plan?.CallMinutesPerDay : null,
            tasks.Count(t => t.Done), tasks.Count,
            new MonthProgress(month, net.NetFen, plan?.AmountFen, net.Orders, elapsed, PlanProposer.WorkingDays(month)), tasks)
        {
            Teams = plan is null ? await TeamsAsync(db, employeeId, month, ct) : [],
            TierLine = navigators.FirstOrDefault() is { } navigator ? await navigator.LineAsync(employeeId, ct) : null,
        };
    }

    /// The departments the person manages that have salespeople, with their month as 团队看板 counts it.
    private async Task<IReadOnlyList<TeamMonth>> TeamsAsync(AppDbContext db, Guid employeeId, DateOnly month, CancellationToken ct)
    {
        var managed = await db.Departments.AsNoTracking().Where(d => d.ManagerEmployeeId == employeeId)
            .OrderBy(d => d.Name).Select(d => d.Id).ToListAsync(ct);
        var result = new List<TeamMonth>();
        foreach (var id in managed)
        {
            var board = await teams.GetAsync(id, month, ct);
            if (board.Rows.Count == 0) continue;
            result.Add(new TeamMonth(board.DepartmentId, board.DepartmentName,
                board.TargetStatus == TargetStatus.Published ? board.TargetFen : null, board.NetFen, board.Rows.Count, board.Rows.Count(r => r.Behind)));
        }
        return result;
    }

    /// The day's stored list, made now if this is the day's first read. Idempotent: a second
    /// maker loses on the unique (person, day) index and reads the winner's list.
    private async Task<Guid> EnsureListAsync(AppDbContext db, Guid employeeId, DateOnly day, DateTimeOffset dayStart, TimeZoneInfo zone, CancellationToken ct)
    {
        var existing = await db.DailyTaskLists.Where(l => l.EmployeeId == employeeId && l.Day == day).Select(l => (Guid?)l.Id).FirstOrDefaultAsync(ct);
        if (existing is { } id) return id;
        var list = new DailyTaskList { EmployeeId = employeeId, Day = day, GeneratedAt = clock.GetUtcNow() };
        list.Tasks.AddRange(await CandidatesAsync(db, employeeId, day, dayStart, zone, ct));
        db.DailyTaskLists.Add(list);
        try
        {
            await db.SaveChangesAsync(ct);
            return list.Id;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return await db.DailyTaskLists.Where(l => l.EmployeeId == employeeId && l.Day == day).Select(l => l.Id).SingleAsync(ct);
        }
    }

    internal async Task<List<DailyTask>> CandidatesAsync(AppDbContext db, Guid employeeId, DateOnly day, DateTimeOffset dayStart, TimeZoneInfo zone,
        CancellationToken ct)
    {
        var owned = db.Customers.Where(c => c.OwnerId == employeeId && c.DeletedAt == null);
        // (a) Next steps due today or earlier whose author has not followed the customer again before today.
        var due = await db.FollowUps.AsNoTracking()
            .Where(f => f.EmployeeId == employeeId && f.NextDate != null && f.NextDate <= day && f.At < dayStart
                        && owned.Any(c => c.Id == f.CustomerId)
                        && !db.FollowUps.Any(g => g.EmployeeId == employeeId && g.CustomerId == f.CustomerId && g.At > f.At && g.At < dayStart))
            .Select(f => new { f.CustomerId, f.NextDate, f.NextStep, f.At })
            .ToListAsync(ct);
        var tasks = due.GroupBy(f => f.CustomerId).Select(g => g.OrderByDescending(f => f.At).First())
            .OrderBy(f => f.NextDate)
            .Select(f => new DailyTask { Kind = DailyTaskKind.NextStep, CustomerId = f.CustomerId, DueDate = f.NextDate, Note = f.NextStep })
            .ToList();

        // (b) The customers' last contact before today: the follow-up ledger, or the customer's own
        // stamp (customers entered with a history have one without rows), or when it was given.
        var customers = await owned.AsNoTracking()
            .Select(c => new
            {
                c.Id, c.Stage, c.LastFollowUpAt, c.AssignedAt, c.CreatedAt,
                Logged = db.FollowUps.Where(f => f.CustomerId == c.Id && f.At < dayStart).Max(f => (DateTimeOffset?)f.At),
            })
            .ToListAsync(ct);
        var listed = tasks.Select(t => t.CustomerId).ToHashSet();
        var last = customers.Select(c =>
        {
            var contact = PoolReturnRule.CountFrom(new[] { c.Logged, c.LastFollowUpAt < dayStart ? c.LastFollowUpAt : null }.Max(), c.AssignedAt, c.CreatedAt);
            return new
            {
                c.Id, c.Stage, Day = BranchCalendar.DayOf(contact, zone),
                Returns = PoolReturnRule.Applies(c.Stage) ? BranchCalendar.DayOf(contact.AddDays(poolReturn.ReturnAfterDays), zone) : (DateOnly?)null,
            };
        }).ToList();
        foreach (var c in last.Where(c => c.Stage == CustomerStage.Intent && day.DayNumber - c.Day.DayNumber >= IdleIntentDays).OrderBy(c => c.Day))
            if (listed.Add(c.Id)) tasks.Add(new DailyTask { Kind = DailyTaskKind.IdleIntent, CustomerId = c.Id, DueDate = c.Day });
        // (c) Customers the pool return (PoolReturnRule) would take within PoolWarningDays.
        foreach (var c in last.Where(c => c.Returns is { } r && r.DayNumber - day.DayNumber <= PoolWarningDays).OrderBy(c => c.Returns))
            if (listed.Add(c.Id)) tasks.Add(new DailyTask { Kind = DailyTaskKind.PoolSoon, CustomerId = c.Id, DueDate = c.Returns });
        // (d) 冲档: the customers the commission navigator counts on this month, unless already listed for another reason.
        // They keep their place when the list is full: they are few and they are the month's money.
        var tier = new List<DailyTask>();
        if (navigators.FirstOrDefault() is { } navigator)
            foreach (var id in await navigator.CustomersAsync(employeeId, MaxTierTasks + listed.Count, ct))
                if (tier.Count < MaxTierTasks && listed.Add(id))
                    tier.Add(new DailyTask { Kind = DailyTaskKind.TierPush, CustomerId = id });
        return tasks.Take(MaxTasks - tier.Count).Concat(tier).ToList();
    }
}
