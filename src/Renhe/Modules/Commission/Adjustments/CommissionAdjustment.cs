using System.Linq.Expressions;
using Renhe.Modules.Org.Employees;
using Renhe.Platform.Data;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;

namespace Renhe.Modules.Commission.Adjustments;

public enum AdjustmentStatus { InApproval, Approved, Rejected, Withdrawn, Returned }

/// A manual commission adjustment (提成调整): a sales manager asks, finance approves through the
/// approval engine; only an approved one becomes a statement line, in the month it was booked into
/// (the month asked for, or the first open month after it when that one closed meanwhile). An
/// accepted dispute creates one too. Scope follows the person it pays.
public sealed class CommissionAdjustment : IDataScoped<CommissionAdjustment>, IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EmployeeId { get; set; }
    public Employee? Employee { get; set; }
    /// The month it counts in (first day).
    public DateOnly Month { get; set; }
    /// Positive pays more, negative less.
    public long AmountFen { get; set; }
    public string Reason { get; set; } = "";
    public AdjustmentStatus Status { get; private set; } = AdjustmentStatus.InApproval;
    public Guid? ApprovalRequestId { get; set; }
    /// Set when the adjustment settles a dispute.
    public Guid? DisputeId { get; set; }
    public Guid? RequestedByUserId { get; set; }
    public string? RequestedByName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public Guid Version { get; private set; } = Guid.NewGuid();

    public static Expression<Func<CommissionAdjustment, Guid?>> ScopeOwner => a => a.EmployeeId;
    public static Expression<Func<CommissionAdjustment, Guid?>> ScopeDepartment => a => a.Employee == null ? null : a.Employee.DepartmentId;
    public static Expression<Func<CommissionAdjustment, Guid?>> ScopeBranch => a => a.Employee == null ? null : a.Employee.BranchId;

    /// The approval ended. An approved adjustment lands in <paramref name="bookedMonth"/> (the month
    /// asked for when still open, else the first open month); anything else leaves no line.
    public void Conclude(AdjustmentStatus outcome, DateOnly bookedMonth, DateTimeOffset now)
    {
        if (Status is not (AdjustmentStatus.InApproval or AdjustmentStatus.Returned))
            throw new DomainException("Commission.Adjustment.NotInApproval") { StatusCode = StatusCodes.Status409Conflict };
        Status = outcome;
        DecidedAt = now;
        if (outcome == AdjustmentStatus.Approved) Month = bookedMonth;
    }

    /// Approved without a request of its own: an accepted dispute's correction, decided in the dispute's approval.
    public static CommissionAdjustment FromDispute(Guid employeeId, Guid disputeId, DateOnly bookedMonth, long amountFen, string reason, DateTimeOffset now) =>
        new()
        {
            EmployeeId = employeeId, DisputeId = disputeId, Month = bookedMonth, AmountFen = amountFen, Reason = reason,
            CreatedAt = now, Status = AdjustmentStatus.Approved, DecidedAt = now,
        };
}
