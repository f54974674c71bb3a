using System.Linq.Expressions;
using System.Text.Json.Serialization;
using Renhe.Modules.Org.Employees;
using Renhe.Platform.Data;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;

namespace Renhe.Modules.Commission.Disputes;

[JsonConverter(typeof(JsonStringEnumConverter))]
public enum DisputeReason { MissingOrder, WrongRate, WrongCredit, Other }

public enum DisputeStatus { Open, Accepted, PartiallyAccepted, Rejected, Withdrawn }

/// 提成申诉: a salesperson disputes a closed statement, or one of its lines, within the dispute
/// window after the close. It is handled through the approval engine (the manager, then finance);
/// both sides' words are kept here and in the approval's actions. Accepting creates an adjustment
/// (<see cref="Adjustments.CommissionAdjustment.FromDispute"/>) in the first open month.
public sealed class CommissionDispute : IDataScoped<CommissionDispute>, IVersioned
{
    /// Days after a month's close within which its statements may be disputed.
    public const int WindowDays = 15;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid StatementId { get; set; }
    /// The disputed line, or null for the whole statement.
    public Guid? LineId { get; set; }
    public Guid EmployeeId { get; set; }
    public Employee? Employee { get; set; }
    public DateOnly Month { get; set; }
    public DisputeReason Reason { get; set; }
    /// The salesperson's words.
    public string Text { get; set; } = "";
    /// What the salesperson believes is missing (fen), if they say.
    public long? ClaimedFen { get; set; }
    public Guid? AttachmentId { get; set; }
    public DisputeStatus Status { get; private set; } = DisputeStatus.Open;
    /// The handler's words when deciding.
    public string? Response { get; private set; }
    public long? AcceptedFen { get; private set; }
    public Guid? AdjustmentId { get; set; }
    public Guid? ApprovalRequestId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public string? DecidedByName { get; private set; }
    public Guid Version { get; private set; } = Guid.NewGuid();

    public static Expression<Func<CommissionDispute, Guid?>> ScopeOwner => d => d.EmployeeId;
    public static Expression<Func<CommissionDispute, Guid?>> ScopeDepartment => d => d.Employee == null ? null : d.Employee.DepartmentId;
    public static Expression<Func<CommissionDispute, Guid?>> ScopeBranch => d => d.Employee == null ? null : d.Employee.BranchId;

    /// Whether a statement closed at <paramref name="closedAt"/> may still be disputed at <paramref name="now"/>.
    public static bool InWindow(DateTimeOffset closedAt, DateTimeOffset now) => now <= closedAt.AddDays(WindowDays);

    /// The current handler's proposal while the dispute is open: the amount to accept and their words.
    public void Propose(long? acceptedFen, string response, string? byName)
    {
        if (Status != DisputeStatus.Open)
            throw new DomainException("Commission.Dispute.NotOpen") { StatusCode = StatusCodes.Status409Conflict };
        AcceptedFen = acceptedFen;
        Response = response;
        DecidedByName = byName;
    }

    public void Decide(DisputeStatus outcome, long? acceptedFen, string? response, string? byName, DateTimeOffset now)
    {
        if (Status != DisputeStatus.Open)
            throw new DomainException("Commission.Dispute.NotOpen") { StatusCode = StatusCodes.Status409Conflict };
        if (outcome is DisputeStatus.Accepted or DisputeStatus.PartiallyAccepted && acceptedFen is not > 0)
            throw new DomainException("Commission.Dispute.AmountRequired") { Field = "amount" };
        if (outcome is DisputeStatus.Rejected or DisputeStatus.PartiallyAccepted && string.IsNullOrWhiteSpace(response))
            throw new DomainException("Commission.Dispute.ResponseRequired") { Field = "response" };
        Status = outcome;
        AcceptedFen = outcome is DisputeStatus.Accepted or DisputeStatus.PartiallyAccepted ? acceptedFen : null;
        Response = response?.Trim();
        DecidedAt = now;
        DecidedByName = byName;
    }
}
