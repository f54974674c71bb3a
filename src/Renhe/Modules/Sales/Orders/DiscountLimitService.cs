using Microsoft.EntityFrameworkCore;
using Renhe.Platform.Data;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Sales.Orders;

/// Discount limits (ADR 0011): a person's limit is their own override when there is one, else the
/// highest limit among their roles, else 0 % (no discount at all).
public sealed class DiscountLimitService(InputValidator validator, IDbContextFactory<AppDbContext> dbFactory, CurrentUser currentUser)
{
    public static async Task<decimal> LimitForAsync(AppDbContext db, Guid employeeId, CancellationToken ct)
    {
        var limits = db.Set<DiscountLimit>().AsNoTracking();
        var own = await limits.Where(d => d.EmployeeId == employeeId).Select(d => (decimal?)d.MaxPercent).FirstOrDefaultAsync(ct);
        if (own is { } o) return o;
        var roles = await (from u in db.Users
                           join ur in db.UserRoles on u.Id equals ur.UserId
                           join r in db.Roles on ur.RoleId equals r.Id
                           where u.EmployeeId == employeeId && u.IsActive
                           select r.Name).ToListAsync(ct);
        var byRole = await limits.Where(d => d.Role != null && roles.Contains(d.Role)).Select(d => d.MaxPercent).ToListAsync(ct);
        return byRole.Count == 0 ? 0m : byRole.Max();
    }

    /// The caller's own limit, for the order form.
    public async Task<decimal> MineAsync(CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        if (access.EmployeeId is not { } me) return 0m;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await LimitForAsync(db, me, ct);
    }

    public async Task<IReadOnlyList<DiscountLimitView>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<DiscountLimit>().AsNoTracking().OrderBy(d => d.EmployeeId != null).ThenBy(d => d.Role)
            .Select(d => new DiscountLimitView(d.Id, d.Role, d.EmployeeId,
                db.Employees.Where(e => e.Id == d.EmployeeId).Select(e => e.Name).FirstOrDefault(), d.MaxPercent, d.Version))
            .ToListAsync(ct);
    }

    /// Sets a role's limit or a person's override (one row each, replaced on a second call).
    public async Task SetAsync(DiscountLimitInput input, CancellationToken ct)
    {
        validator.EnsureValid(input);
        var role = string.IsNullOrWhiteSpace(input.Role) ? null : input.Role.Trim();
        if ((role is null) == (input.EmployeeId is null)) throw new DomainException("Sales.Discount.RoleOrEmployee") { Field = "role" };
        var percent = input.MaxPercent!.Value;
        if (percent is < 0 or > 100 || decimal.Round(percent, 2) != percent) throw new DomainException("Sales.Discount.BadPercent") { Field = "maxPercent" };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (role is not null && !await db.Roles.AnyAsync(r => r.Name == role, ct)) throw new DomainException("Sales.Discount.UnknownRole") { Field = "role" };
        if (input.EmployeeId is { } e && !await db.Employees.AnyAsync(x => x.Id == e, ct)) throw new DomainException("Sales.Discount.UnknownEmployee") { Field = "employeeId" };
        var row = await db.Set<DiscountLimit>().SingleOrDefaultAsync(d => role != null ? d.Role == role : d.EmployeeId == input.EmployeeId, ct);
        if (row is null) db.Set<DiscountLimit>().Add(row = new DiscountLimit { Role = role, EmployeeId = input.EmployeeId });
        row.MaxPercent = percent;
        await db.SaveChangesAsync(ct);
    }

    public async Task DeleteAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Set<DiscountLimit>().SingleOrDefaultAsync(d => d.Id == id, ct) ?? throw new NotFoundException();
        db.Remove(row);
        await db.SaveChangesAsync(ct);
    }
}
