using System.Linq.Expressions;
using Renhe.Platform.Data;
using Renhe.Platform.Security;

namespace Renhe.Modules.Org.Structure;

/// A department in the tree of one branch. Its manager's team scope covers it and everything below.
/// Anyone may read the tree; only holders of org.structure.manage change it. Records kept per
/// department (a sales target) are scoped through it: its manager owns it, a team grant reaches the
/// departments of the team, a branch grant those of the branch.
public sealed class Department : IVersioned, IDataScoped<Department>
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string Name { get; set; } = "";
    public Guid BranchId { get; set; }
    public Guid? ParentId { get; set; }
    public Guid? ManagerEmployeeId { get; set; }

    /// Optimistic concurrency: two people editing one department, the second is told.
    public Guid Version { get; private set; } = Guid.NewGuid();

    public static Expression<Func<Department, Guid?>> ScopeOwner => d => d.ManagerEmployeeId;
    public static Expression<Func<Department, Guid?>> ScopeDepartment => d => d.Id;
    public static Expression<Func<Department, Guid?>> ScopeBranch => d => d.BranchId;
}
