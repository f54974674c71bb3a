using Renhe.Platform.Data;

namespace Renhe.Modules.Sales.Orders;

/// The largest discount a person may give on an order, as a percentage of its list total
/// (ADR 0011). A row is either for a role (salesperson 10 %, sales manager 20 %) or for one
/// employee, which overrides their roles. Administrators edit the rows
/// (sales.discount.manage); everybody's own limit is shown on the order form.
public sealed class DiscountLimit : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// A role name (Roles.Salesperson), or null for a per-employee row.
    public string? Role { get; set; }
    public Guid? EmployeeId { get; set; }
    /// 0–100, two decimals.
    public decimal MaxPercent { get; set; }
    public Guid Version { get; private set; } = Guid.NewGuid();
}
