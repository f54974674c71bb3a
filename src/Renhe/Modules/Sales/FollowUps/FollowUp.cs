using Renhe.Modules.Sales.Customers;
using System.Linq.Expressions;
using Renhe.Modules.Org;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Structure;
using Renhe.Platform.Security;

namespace Renhe.Modules.Sales.FollowUps;

/// 跟进方式.
public enum FollowUpKind { Call, Chat, Visit, ProposalSent, AfterSaleTip, Other }

/// One follow-up (跟进记录) of a customer by an employee. Anyone who may log follow-ups may log one
/// on any customer they can find, but one on a customer they do not own is kept with
/// <see cref="OwnCustomer"/> false: risk rules count those (a salesperson working someone else's
/// customer is how diversion often starts). Scope follows the author: a salesperson sees their own,
/// a manager their team's.
public sealed class FollowUp : IDataScoped<FollowUp>
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CustomerId { get; set; }
    public Customer? Customer { get; set; }
    /// The author.
    public Guid EmployeeId { get; set; }
    public Employee? Employee { get; set; }
    public FollowUpKind Kind { get; set; }
    /// When the contact happened (may be earlier than when it was logged).
    public DateTimeOffset At { get; set; }
    public int DurationMinutes { get; set; }
    public string Notes { get; set; } = "";
    /// 客户异议: what held the customer back, in their words.
    public string? Objections { get; set; }
    public string? NextStep { get; set; }
    /// The branch-local day the next step is due; daily tasks list it on that day.
    public DateOnly? NextDate { get; set; }
    /// The stage change this follow-up made, if any (also recorded as a StageChange).
    public CustomerStage? StageFrom { get; set; }
    public CustomerStage? StageTo { get; set; }
    /// Whether the author owned the customer when logging it.
    public bool OwnCustomer { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public static Expression<Func<FollowUp, Guid?>> ScopeOwner => f => f.EmployeeId;
    public static Expression<Func<FollowUp, Guid?>> ScopeDepartment => f => f.Employee == null ? null : f.Employee.DepartmentId;
    public static Expression<Func<FollowUp, Guid?>> ScopeBranch => f => f.Employee == null ? null : f.Employee.BranchId;
}
