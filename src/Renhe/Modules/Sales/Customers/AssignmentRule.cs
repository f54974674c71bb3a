using Renhe.Platform.Data;

namespace Renhe.Modules.Sales.Customers;

/// 分配规则: who gets a new customer that nobody was named for. Sales managers and administrators
/// (sales.assignment.manage) list, add, edit, reorder and switch off rules. Rules are tried in
/// <see cref="Order"/>; empty criteria match anything. A rule names either a team (a department,
/// whose active salespeople take turns) or one person. Nobody gets more than the capacity
/// (the rule's own or Sales:Assignment:Capacity); when no rule yields someone the customer goes
/// to the public pool.
public sealed class AssignmentRule : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string Name { get; set; } = "";
    public int Order { get; set; }
    public bool Enabled { get; set; } = true;
    public string? Region { get; set; }
    public string? Industry { get; set; }
    public string? SourceChannel { get; set; }
    public Guid? TargetDepartmentId { get; set; }
    public Guid? TargetEmployeeId { get; set; }
    /// Owned customers at which a person is skipped; null: the configured default.
    public int? Capacity { get; set; }
    /// The round-robin pointer: whom this rule gave a customer last. Stored with the rule (and saved
    /// in the same transaction as the customer) so turns survive restarts and are shared by instances.
    public Guid? LastAssignedEmployeeId { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// Two saves at once (two managers, or two instances advancing the pointer): the second is told.
    public Guid Version { get; private set; } = Guid.NewGuid();
}
