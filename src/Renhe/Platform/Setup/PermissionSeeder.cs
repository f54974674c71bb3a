using Microsoft.EntityFrameworkCore;
using Renhe.Platform.Data;
using Renhe.Platform.Security;

namespace Renhe.Platform.Setup;

/// Makes sure the seeded roles exist and that every permission a module declares has been given
/// its default grants exactly once. A permission added by a new version is granted to the default
/// roles at the next start; a grant an administrator removed stays removed.
public sealed class PermissionSeeder(IDbContextFactory<AppDbContext> dbFactory, PermissionCatalog catalog)
{
    public async Task SeedAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var roles = await db.Roles.ToDictionaryAsync(r => r.Name!, r => r.Id, ct);
        foreach (var name in Roles.Seeded.Where(n => !roles.ContainsKey(n)))
        {
            var role = new AppRole(name);
            db.Roles.Add(role);
            roles[name] = role.Id;
        }

        var known = await db.Permissions.Select(p => p.Id).ToListAsync(ct);
        foreach (var definition in catalog.All.Where(d => !known.Contains(d.Id)))
        {
            db.Permissions.Add(new PermissionSetting { Id = definition.Id, RequiresSecondFactor = definition.RequiresSecondFactor });
            foreach (var (role, scope) in definition.Defaults)
                db.RolePermissions.Add(new RolePermission { RoleId = roles[role], Permission = definition.Id, Scope = scope });
        }
        await db.SaveChangesAsync(ct);
        AccessService.Invalidate();
    }
}
