using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Renhe.Platform.Data;

namespace Renhe.Platform.Security;

/// What one user may do and see: their grants (permission → widest scopes over all their roles)
/// and the organisational facts the scopes are measured against.
public sealed class UserAccess
{
    public static readonly UserAccess None = new(Guid.Empty, null, null, [], new Dictionary<string, DataScope>());

    public UserAccess(Guid userId, Guid? employeeId, Guid? branchId, IReadOnlyCollection<Guid> teamDepartmentIds,
        IReadOnlyDictionary<string, DataScope> grants)
    {
        UserId = userId;
        EmployeeId = employeeId;
        BranchId = branchId;
        TeamDepartmentIds = teamDepartmentIds;
        Grants = grants;
    }

    public Guid UserId { get; }
    public Guid? EmployeeId { get; }
    public Guid? BranchId { get; }

    /// Departments the user manages, with all their descendants.
    public IReadOnlyCollection<Guid> TeamDepartmentIds { get; }

    /// Permission → widest scope among the user's roles. Scopes nest (self ⊂ team ⊂ branch ⊂ all)
    /// because a department belongs to one branch, so the widest grant is the union.
    public IReadOnlyDictionary<string, DataScope> Grants { get; }

    public bool Has(string permission) => Grants.ContainsKey(permission);

    public DataScope? ScopeOf(string permission) => Grants.TryGetValue(permission, out var s) ? s : null;
}

/// Loads <see cref="UserAccess"/> and caches it briefly. Grant edits call <see cref="Invalidate"/>;
/// on several instances the short lifetime bounds how long another instance may lag.
public sealed class AccessService(IDbContextFactory<AppDbContext> dbFactory, IMemoryCache cache)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private static long _generation;

    public static void Invalidate() => Interlocked.Increment(ref _generation);

    public async Task<UserAccess> GetAsync(Guid userId, CancellationToken ct)
    {
        var key = ("access", userId, Interlocked.Read(ref _generation));
        if (cache.TryGetValue(key, out UserAccess? cached) && cached is not null) return cached;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new { u.IsActive, u.EmployeeId })
            .SingleOrDefaultAsync(ct);
        UserAccess access;
        if (user is null || !user.IsActive)
        {
            access = UserAccess.None;
        }
        else
        {
            var grants = await db.RolePermissions.AsNoTracking()
                .Where(rp => db.UserRoles.Any(ur => ur.UserId == userId && ur.RoleId == rp.RoleId))
                .Select(rp => new { rp.Permission, rp.Scope })
                .ToListAsync(ct);
            var widest = grants.GroupBy(g => g.Permission, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Max(x => x.Scope), StringComparer.Ordinal);

            Guid? branchId = null;
            IReadOnlyCollection<Guid> team = [];
            if (user.EmployeeId is { } employeeId)
            {
                branchId = await db.Employees.Where(e => e.Id == employeeId).Select(e => (Guid?)e.BranchId).SingleOrDefaultAsync(ct);
                team = await ManagedSubtreeAsync(db, employeeId, ct);
            }
            access = new UserAccess(userId, user.EmployeeId, branchId, team, widest);
        }
        cache.Set(key, access, Lifetime);
        return access;
    }

    public async Task<bool> RequiresSecondFactorAsync(string permission, CancellationToken ct)
    {
        var key = ("2fa", permission, Interlocked.Read(ref _generation));
        if (cache.TryGetValue(key, out bool required)) return required;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        required = await db.Permissions.Where(p => p.Id == permission).Select(p => p.RequiresSecondFactor).SingleOrDefaultAsync(ct);
        cache.Set(key, required, Lifetime);
        return required;
    }

    /// Departments an employee manages and everything below them. Department trees are small
    /// (hundreds of rows), so walking them in memory beats a recursive query both databases must agree on.
    private static async Task<IReadOnlyCollection<Guid>> ManagedSubtreeAsync(AppDbContext db, Guid employeeId, CancellationToken ct)
    {
        var all = await db.Departments.AsNoTracking()
            .Select(d => new { d.Id, d.ParentId, d.ManagerEmployeeId }).ToListAsync(ct);
        var children = all.Where(d => d.ParentId is not null).ToLookup(d => d.ParentId!.Value, d => d.Id);
        var result = new HashSet<Guid>();
        var stack = new Stack<Guid>(all.Where(d => d.ManagerEmployeeId == employeeId).Select(d => d.Id));
        while (stack.Count > 0)
        {
            var id = stack.Pop();
            if (!result.Add(id)) continue;
            foreach (var child in children[id]) stack.Push(child);
        }
        return result;
    }
}
