using System.ComponentModel.DataAnnotations;
using Renhe.Modules.Sales.Customers;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Sales.Inheritance;

/// A plan in the list: whose customers, when they go, how many still lack a receiver.
public sealed record InheritancePlanListItem(Guid Id, Guid LeaverId, string LeaverName, string? DepartmentName, DateOnly LastWorkingDay,
    DateOnly ExecutesOn, InheritanceState State, int Customers, int WithoutReceiver, DateTimeOffset? ExecutedAt);

/// One customer of the plan as the manager reviews it.
public sealed record InheritanceLineView(Guid Id, Guid CustomerId, string CustomerName, string? Company, CustomerStage Stage,
    Guid? ProposedReceiverId, string? ProposedReceiverName, Guid? ReceiverId, string? ReceiverName,
    InheritanceOutcome Outcome, string? InheritedByName);

/// Someone who may inherit: what they hold now and what they would hold once the plan runs.
public sealed record InheritanceReceiverView(Guid Id, string Name, string? DepartmentName, int HeldNow, int FromThisPlan)
{
    public int LoadAfter => HeldNow + FromThisPlan;
}

public sealed record InheritancePlanView(Guid Id, Guid LeaverId, string LeaverName, string? DepartmentName, DateOnly LastWorkingDay,
    DateOnly ExecutesOn, InheritanceState State, DateTimeOffset ProposedAt, DateTimeOffset? ExecutedAt, Guid Version,
    IReadOnlyList<InheritanceLineView> Lines, IReadOnlyList<InheritanceReceiverView> Receivers);

/// Gives the chosen customers of the plan (one, or many selected at once) to one receiver.
public sealed class InheritanceAssignInput
{
    [Required, MaxLength(FieldLimits.BatchItems)] public List<Guid>? LineIds { get; set; }
    [Required] public Guid? ReceiverId { get; set; }
    [Required] public Guid? Version { get; set; }
}
