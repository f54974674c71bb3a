using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Org.Employees;
using Renhe.Platform.Data;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;

namespace Renhe.Platform.Admin;

public sealed record UserDto(Guid Id, string UserName, string DisplayName, bool IsActive, bool LockedOut,
    bool TwoFactorEnabled, IReadOnlyList<string> Roles, Guid? EmployeeId = null, string? EmployeeName = null);

/// An employee an account can be linked to.
public sealed record EmployeeChoice(Guid Id, string EmployeeNumber, string Name, string DepartmentName);

/// Accounts and their roles. Read with platform.user.read, changed with platform.user.manage.
/// identityDb is the scoped context that UserManager's store works on (see StoredAsync).
public sealed class UserAdminService(UserManager<AppUser> users, IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock,
    AppDbContext identityDb)
{
    public async Task<IReadOnlyList<UserDto>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var rows = await db.Users.AsNoTracking().OrderBy(u => u.UserName)
            .Select(u => new
            {
                u.Id, u.UserName, u.DisplayName, u.IsActive, u.LockoutEnd, u.TwoFactorEnabled, u.EmployeeId,
                EmployeeName = db.Employees.Where(e => e.Id == u.EmployeeId).Select(e => e.EmployeeNumber + " " + e.Name).FirstOrDefault(),
                Roles = db.UserRoles.Where(ur => ur.UserId == u.Id)
                    .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToList(),
            })
            .ToListAsync(ct);
        return rows.Select(u => new UserDto(u.Id, u.UserName!, u.DisplayName, u.IsActive,
            u.LockoutEnd is { } end && end > now, u.TwoFactorEnabled, u.Roles.Order().ToList(), u.EmployeeId, u.EmployeeName)).ToList();
    }

    public async Task<Guid> CreateAsync(string userName, string displayName, string password, IReadOnlyCollection<string> roles,
        Guid? employeeId, CancellationToken ct)
    {
        await EnsureRolesExistAsync(roles, ct);
        await EnsureEmployeeFreeAsync(employeeId, null, ct);
        if (await users.FindByNameAsync(userName) is not null)
            throw new DomainException("Admin.UserExists", userName) { StatusCode = StatusCodes.Status409Conflict, Field = "userName" };
        var user = new AppUser { UserName = userName, DisplayName = displayName, EmployeeId = employeeId };
        Check(await users.CreateAsync(user, password), "password");
        if (roles.Count > 0) Check(await users.AddToRolesAsync(user, roles), "roles");
        return user.Id;
    }

    public async Task SetRolesAsync(Guid userId, IReadOnlyCollection<string> roles, CancellationToken ct)
    {
        await EnsureRolesExistAsync(roles, ct);
        var user = await StoredAsync(userId, ct);
        var current = await users.GetRolesAsync(user);
        var remove = current.Except(roles, StringComparer.Ordinal).ToList();
        var add = roles.Except(current, StringComparer.Ordinal).ToList();
        // UserManager saves the removal and the addition separately; one transaction (on the context
        // its store uses) makes the change all or nothing, so a refused addition keeps the old roles.
        await using var transaction = await identityDb.Database.BeginTransactionAsync(ct);
        try
        {
            if (remove.Count > 0) Check(await users.RemoveFromRolesAsync(user, remove), "roles");
            if (add.Count > 0) Check(await users.AddToRolesAsync(user, add), "roles");
            await transaction.CommitAsync(ct);
        }
        catch
        {
            // The context may outlive the request (a Blazor circuit): forget what was rolled back.
            identityDb.ChangeTracker.Clear();
            throw;
        }
        AccessService.Invalidate();
    }

    public async Task UnlockAsync(Guid userId, CancellationToken ct)
    {
        var user = await StoredAsync(userId, ct);
        Check(await users.SetLockoutEndDateAsync(user, null), "lockoutEnd");
        Check(await users.ResetAccessFailedCountAsync(user), "accessFailedCount");
    }

    /// The account as stored now. In a Blazor circuit UserManager and its context live as long as the
    /// circuit, so an account loaded there earlier keeps its old values and concurrency stamp: an unlock
    /// would see "not locked" and the update would fail on the stale stamp. Reloading avoids both.
    private async Task<AppUser> StoredAsync(Guid userId, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(userId.ToString()) ?? throw new NotFoundException();
        await identityDb.Entry(user).ReloadAsync(ct);
        return user;
    }

    /// Links an account to the employee it belongs to (or unlinks it with null). The link is what
    /// team and self scopes are measured from, and what disables sign-in when the person leaves.
    public async Task SetEmployeeAsync(Guid userId, Guid? employeeId, CancellationToken ct)
    {
        await EnsureEmployeeFreeAsync(employeeId, userId, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, ct) ?? throw new NotFoundException();
        user.EmployeeId = employeeId;
        await db.SaveChangesAsync(ct);
        AccessService.Invalidate();
    }

    /// Current employees without an active account, plus the one already linked to <paramref name="userId"/>.
    public async Task<IReadOnlyList<EmployeeChoice>> EmployeeChoicesAsync(Guid? userId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Employees.AsNoTracking()
            .Where(e => e.Status != EmploymentStatus.Left)
            .Where(e => !db.Users.Any(u => u.EmployeeId == e.Id && u.IsActive && u.Id != userId))
            .OrderBy(e => e.EmployeeNumber)
            .Select(e => new EmployeeChoice(e.Id, e.EmployeeNumber, e.Name,
                db.Departments.Where(d => d.Id == e.DepartmentId).Select(d => d.Name).First()))
            .ToListAsync(ct);
    }

    // One active account per person: two accounts on one employee would blur who did what.
    private async Task EnsureEmployeeFreeAsync(Guid? employeeId, Guid? userId, CancellationToken ct)
    {
        if (employeeId is not { } id) return;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Employees.AnyAsync(e => e.Id == id, ct)) throw new DomainException("Org.UnknownEmployee") { Field = "employeeId" };
        var holder = await db.Users.Where(u => u.EmployeeId == id && u.IsActive && u.Id != userId).Select(u => u.UserName).FirstOrDefaultAsync(ct);
        if (holder is not null)
            throw new DomainException("Admin.EmployeeHasAccount", holder) { StatusCode = StatusCodes.Status409Conflict, Field = "employeeId" };
    }

    private async Task EnsureRolesExistAsync(IReadOnlyCollection<string> roles, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var known = await db.Roles.Select(r => r.Name!).ToListAsync(ct);
        var unknown = roles.FirstOrDefault(r => !known.Contains(r));
        if (unknown is not null) throw new DomainException("Admin.UnknownRole", unknown) { Field = "roles" };
    }

    /// Identity's own refusals (weak password, bad user name) carry English descriptions; the
    /// codes map to our resources so the message reaches the user in their language.
    private static void Check(IdentityResult result, string field)
    {
        if (result.Succeeded) return;
        var error = result.Errors.First();
        throw new DomainException("Identity." + error.Code) { Field = field, Fallback = error.Description };
    }
}
