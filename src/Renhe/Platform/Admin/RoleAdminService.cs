using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Renhe.Platform.Data;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;
using Renhe.Platform.Validation;

namespace Renhe.Platform.Admin;

public sealed record GrantDto([property: MaxLength(100)] string Permission, DataScope Scope);

public sealed record RoleDto(Guid Id, string Name, int UserCount, IReadOnlyList<GrantDto> Grants);

public sealed record PermissionDto(string Id, string Module, bool RequiresSecondFactor);

/// Roles and what they grant. Read with platform.role.read; changed with platform.role.manage
/// (which needs a second factor by default). Every change lands in the audit log via the interceptor.
public sealed class RoleAdminService(IDbContextFactory<AppDbContext> dbFactory, PermissionCatalog catalog)
{
    public async Task<IReadOnlyList<RoleDto>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var roles = await db.Roles.AsNoTracking()
            .Select(r => new { r.Id, r.Name, Users = db.UserRoles.Count(ur => ur.RoleId == r.Id) })
            .ToListAsync(ct);
        var grants = await db.RolePermissions.AsNoTracking().ToListAsync(ct);
        return roles
            .OrderBy(r => SeededOrder(r.Name)).ThenBy(r => r.Name, StringComparer.Ordinal)
            .Select(r => new RoleDto(r.Id, r.Name!, r.Users,
                grants.Where(g => g.RoleId == r.Id).OrderBy(g => g.Permission, StringComparer.Ordinal)
                    .Select(g => new GrantDto(g.Permission, g.Scope)).ToList()))
            .ToList();
    }

    // Seeded roles in their documented order, custom roles after them.
    private static int SeededOrder(string? name)
    {
        var index = Array.IndexOf(Roles.Seeded, name);
        return index < 0 ? int.MaxValue : index;
    }

    public async Task<IReadOnlyList<PermissionDto>> PermissionsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var settings = await db.Permissions.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.RequiresSecondFactor, ct);
        return catalog.All.OrderBy(p => p.Id, StringComparer.Ordinal)
            .Select(p => new PermissionDto(p.Id, p.Module, settings.GetValueOrDefault(p.Id, p.RequiresSecondFactor)))
            .ToList();
    }

    /// Replaces a role's grants with the given set.
    public async Task SetGrantsAsync(Guid roleId, IReadOnlyCollection<GrantDto> grants, CancellationToken ct)
    {
        foreach (var g in grants)
        {
            if (!catalog.Contains(g.Permission))
                throw new DomainException("Admin.UnknownPermission", g.Permission) { Field = "grants" };
            if (!Enum.IsDefined(g.Scope))
                throw new DomainException("Admin.UnknownScope", g.Scope) { Field = "grants" };
        }
        if (grants.GroupBy(g => g.Permission).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new DomainException("Admin.PermissionTwice", twice.Key) { Field = "grants" };

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var roleName = await db.Roles.Where(r => r.Id == roleId).Select(r => r.Name).SingleOrDefaultAsync(ct) ?? throw new NotFoundException();
        // The administrator role keeps the keys to the house: without these nobody could repair permissions.
        if (roleName == Roles.Administrator && KeepWithAdministrator.FirstOrDefault(p => !grants.Any(g => g.Permission == p && g.Scope == DataScope.All)) is { } kept)
            throw new DomainException("Admin.AdministratorKeeps", kept) { Field = "grants" };
        var existing = await db.RolePermissions.Where(rp => rp.RoleId == roleId).ToListAsync(ct);
        var wanted = grants.ToDictionary(g => g.Permission, g => g.Scope, StringComparer.Ordinal);
        foreach (var old in existing)
        {
            if (!wanted.TryGetValue(old.Permission, out var scope)) db.RolePermissions.Remove(old);
            else if (old.Scope != scope) old.Scope = scope;
        }
        foreach (var (permission, scope) in wanted)
        {
            if (existing.All(e => e.Permission != permission))
                db.RolePermissions.Add(new RolePermission { RoleId = roleId, Permission = permission, Scope = scope });
        }
        await db.SaveChangesAsync(ct);
        AccessService.Invalidate();
    }

    private static readonly string[] KeepWithAdministrator =
        [PlatformPermissions.RoleRead, PlatformPermissions.RoleManage, PlatformPermissions.UserRead, PlatformPermissions.UserManage];

    /// A new role starts with the use of one's own account (home page, language, second factor),
    /// like every seeded role; everything else is granted deliberately.
    public async Task<Guid> CreateRoleAsync(string name, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var normalised = name.Trim().ToUpperInvariant();
        if (await db.Roles.AnyAsync(r => r.NormalizedName == normalised, ct))
            throw new DomainException("Admin.RoleExists", name) { StatusCode = StatusCodes.Status409Conflict, Field = "name" };
        var role = new AppRole(name.Trim());
        db.Roles.Add(role);
        db.RolePermissions.Add(new RolePermission { RoleId = role.Id, Permission = PlatformPermissions.AccountSelf, Scope = DataScope.Self });
        await db.SaveChangesAsync(ct);
        return role.Id;
    }

    public async Task SetSecondFactorAsync(string permission, bool required, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var setting = await db.Permissions.SingleOrDefaultAsync(p => p.Id == permission, ct) ?? throw new NotFoundException();
        setting.RequiresSecondFactor = required;
        await db.SaveChangesAsync(ct);
        AccessService.Invalidate();
    }
}
