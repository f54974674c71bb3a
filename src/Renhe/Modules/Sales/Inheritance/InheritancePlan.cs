using System.Linq.Expressions;
using Renhe.Modules.Org.Employees;
using Renhe.Platform.Data;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;

namespace Renhe.Modules.Sales.Inheritance;

/// Proposed: the leaver's customers are frozen and the manager may change who inherits each one.
/// Executed: on the day after the last working day every customer went to its receiver (read-only
/// from then on). Cancelled: the leaving was withdrawn before the plan ran.
public enum InheritanceState { Proposed, Executed, Cancelled }

/// What became of one customer when the plan ran.
public enum InheritanceOutcome { Pending, Inherited, ToPool, NoLongerHeld }

/// 离职继承: who inherits each customer of a salesperson who leaves. Proposed when HR records the
/// leaving (same team first, within capacity, taking turns), edited by the leaver's manager, and
/// executed on the day after the last working day in the leaver's branch time zone, in one save
/// with the custody ledger rows (<see cref="Customers.CustodyReason.OwnerLeft"/>). Scope follows
/// the leaver: their manager sees it with the team, HR and administrators see every plan; the
/// leaver never sees their own (<see cref="InheritanceService"/> refuses it).
public sealed class InheritancePlan : IDataScoped<InheritancePlan>, IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid LeaverId { get; set; }
    public Employee? Leaver { get; set; }
    /// The last working day as recorded when the plan was proposed; the executor reads the leaver's
    /// current one, so a corrected date moves the execution with it.
    public DateOnly LastWorkingDay { get; set; }
    public InheritanceState State { get; private set; } = InheritanceState.Proposed;
    public DateTimeOffset ProposedAt { get; set; }
    public DateTimeOffset? ExecutedAt { get; private set; }
    public List<InheritanceLine> Lines { get; set; } = [];
    public Guid Version { get; private set; } = Guid.NewGuid();

    public static Expression<Func<InheritancePlan, Guid?>> ScopeOwner => p => p.LeaverId;
    public static Expression<Func<InheritancePlan, Guid?>> ScopeDepartment => p => p.Leaver == null ? null : p.Leaver.DepartmentId;
    public static Expression<Func<InheritancePlan, Guid?>> ScopeBranch => p => p.Leaver == null ? null : p.Leaver.BranchId;

    /// Only a proposed plan changes: an executed one shows what happened, as it happened.
    public void EnsureOpen()
    {
        if (State != InheritanceState.Proposed)
            throw new DomainException("Sales.Inheritance.NotOpen") { StatusCode = StatusCodes.Status409Conflict };
    }

    /// The manager names who inherits one customer.
    public void Assign(InheritanceLine line, Guid receiverId)
    {
        EnsureOpen();
        line.ReceiverId = receiverId;
    }

    public void MarkExecuted(DateTimeOffset at)
    {
        EnsureOpen();
        State = InheritanceState.Executed;
        ExecutedAt = at;
    }

    public void Cancel()
    {
        EnsureOpen();
        State = InheritanceState.Cancelled;
    }
}

/// One customer of the plan with who the planner proposed, who will inherit it (the manager's
/// choice, null when nobody could be proposed) and, once executed, who got it.
public sealed class InheritanceLine
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PlanId { get; set; }
    public Guid CustomerId { get; set; }
    public Guid? ProposedReceiverId { get; set; }
    public Guid? ReceiverId { get; set; }
    public InheritanceOutcome Outcome { get; set; } = InheritanceOutcome.Pending;
    public Guid? InheritedById { get; set; }
}
