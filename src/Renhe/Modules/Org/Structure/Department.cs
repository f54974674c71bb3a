using Renhe.Platform.Data;
namespace Renhe.Modules.Org.Structure;

/// A department in the tree of one branch. Its manager's team scope covers it and everything below.
/// Anyone may read the tree; only holders of org.structure.manage change it.
public sealed class Department : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string Name { get; set; } = "";
    public Guid BranchId { get; set; }
    public Guid? ParentId { get; set; }
    public Guid? ManagerEmployeeId { get; set; }

    /// Optimistic concurrency: two people editing one department, the second is told.
    public Guid Version { get; private set; } = Guid.NewGuid();
}
