namespace Renhe.Modules.Org.Structure;

/// A post within a department (销售专员, 客服主管…). Employees hold one position.
public sealed class Position
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid DepartmentId { get; set; }
    public string Name { get; set; } = "";
}
