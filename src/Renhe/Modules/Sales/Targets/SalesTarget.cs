using Renhe.Platform.Data;
using Renhe.Modules.Org;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Structure;

namespace Renhe.Modules.Sales.Targets;

public enum TargetStatus { Draft, Published }

/// A team's monthly sales target (目标) and, in <see cref="Plans"/>, its split into per-person plans.
/// A sales manager sets and publishes the target of their own team (sales.target.manage, team
/// scope); administrators any department's. Daily tasks derive from the published plans only, so
/// a draft can be edited without moving anyone's quota. Republishing overwrites the plans in place
/// and bumps <see cref="Revision"/>; the audit interceptor keeps every earlier figure.
public sealed class SalesTarget : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid DepartmentId { get; set; }
    /// The first day of the month.
    public DateOnly Month { get; set; }
    public long AmountFen { get; set; }
    public TargetStatus Status { get; set; } = TargetStatus.Draft;
    /// How many times it was published (0 while a draft never published).
    public int Revision { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public string? PublishedByName { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<SalesPlan> Plans { get; set; } = [];
    /// Optimistic concurrency: two managers editing one target, the second is told.
    public Guid Version { get; private set; } = Guid.NewGuid();
}

/// One person's plan (计划) within a target: the figures the manager settled on, next to the
/// amount the proposal suggested.
public sealed class SalesPlan
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TargetId { get; set; }
    public Guid EmployeeId { get; set; }
    public Employee? Employee { get; set; }
    public long ProposedAmountFen { get; set; }
    public long AmountFen { get; set; }
    public int OrdersNeeded { get; set; }
    public int IntentCustomersNeeded { get; set; }
    /// Distinct customers to follow up this month and each working day.
    public int CustomersPerMonth { get; set; }
    public int CustomersPerDay { get; set; }
    public int ConversionCycleDays { get; set; }
    public int CallMinutesPerDay { get; set; }
}

public enum DailyTaskKind
{
    /// A next step (下一步) whose date is today or past.
    NextStep,
    /// An intent customer nobody followed for Sales:Tasks:IdleIntentDays.
    IdleIntent,
    /// A customer a few days from going back to the public pool for want of follow-up.
    PoolSoon,
    /// 冲档: a customer the commission navigator counts on to reach the next tier this month (an
    /// intent customer to close, or an ordered one to sell again).
    TierPush,
}

/// The customer tasks of one person's working day, stored when the day's list is first read so
/// the list stays put through the day (a customer followed at 10:00 stays on it, ticked). Whether
/// a task is done is never stored: it is read from sales_follow_up of that local day.
public sealed class DailyTaskList
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EmployeeId { get; set; }
    /// The branch-local day.
    public DateOnly Day { get; set; }
    public DateTimeOffset GeneratedAt { get; set; }
    public List<DailyTask> Tasks { get; set; } = [];
}

public sealed class DailyTask
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ListId { get; set; }
    public DailyTaskKind Kind { get; set; }
    public Guid CustomerId { get; set; }
    /// NextStep: the date the step was due; PoolSoon: the day the customer would return to the pool.
    public DateOnly? DueDate { get; set; }
    /// The step's text (NextStep) at generation.
    public string? Note { get; set; }
}
