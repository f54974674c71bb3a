using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Renhe.Platform.Data;
using Renhe.Platform.Security;

namespace Renhe.Platform.Ui.Homes;

/// Where a person lands after signing in. One home: there. Several (a sales manager who is also
/// the auditor): the one they chose and asked to remember, else a choice between them. None (a
/// role no module serves yet): the welcome page. The remembered choice is kept with the account
/// (a user claim), so it follows the person to another browser or phone.
public sealed class HomeService(IDbContextFactory<AppDbContext> dbFactory, CurrentUser currentUser, RoleHomeRegistry registry)
{
    public const string ChoiceClaim = "renhe:home";

    /// The homes of the caller's roles whose page they may open, in the roles' seeded order.
    public async Task<IReadOnlyList<RoleHome>> ChoicesAsync(CancellationToken ct)
    {
        if (currentUser.UserId is not { } userId) return [];
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Read from the database, not the sign-in cookie: a role given this morning counts now.
        var roles = await db.UserRoles.Where(ur => ur.UserId == userId)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!)
            .ToListAsync(ct);
        return registry.Homes
            .Where(h => roles.Contains(h.Role) && access.Has(h.Permission))
            .OrderBy(h => Array.IndexOf(Roles.Seeded, h.Role) is var i and >= 0 ? i : int.MaxValue)
            .DistinctBy(h => h.Href)
            .ToList();
    }

    /// The page to send the caller to, or null when they must choose (or have no home).
    public async Task<string?> ResolveAsync(CancellationToken ct)
    {
        var choices = await ChoicesAsync(ct);
        if (choices.Count == 1) return choices[0].Href;
        if (choices.Count == 0) return null;
        var remembered = await RememberedAsync(ct);
        return choices.Any(h => h.Href == remembered) ? remembered : null;
    }

    public async Task<string?> RememberedAsync(CancellationToken ct)
    {
        if (currentUser.UserId is not { } userId) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.UserClaims.Where(c => c.UserId == userId && c.ClaimType == ChoiceClaim).Select(c => c.ClaimValue).FirstOrDefaultAsync(ct);
    }

    /// Keeps <paramref name="href"/> as the caller's home, or forgets the choice (null). Only one
    /// of the caller's own homes can be kept: anything else is refused.
    public async Task RememberAsync(string? href, CancellationToken ct)
    {
        if (currentUser.UserId is not { } userId) return;
        if (href is not null && (await ChoicesAsync(ct)).All(h => h.Href != href))
            throw new Problems.DomainException("Home.NotYours") { Field = "href" };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var existing = await db.UserClaims.Where(c => c.UserId == userId && c.ClaimType == ChoiceClaim).ToListAsync(ct);
        db.UserClaims.RemoveRange(existing);
        if (href is not null) db.UserClaims.Add(new IdentityUserClaim<Guid> { UserId = userId, ClaimType = ChoiceClaim, ClaimValue = href });
        await db.SaveChangesAsync(ct);
    }
}
