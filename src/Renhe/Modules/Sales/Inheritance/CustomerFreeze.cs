using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Org.Employees;
using Renhe.Platform.Data;
using Renhe.Platform.Problems;

namespace Renhe.Modules.Sales.Inheritance;

/// The freeze of 离职继承: from the moment a leaving is recorded until the plan has run, the
/// leaver's customers stay where they are (nobody releases or transfers them: the plan decides who
/// gets them) and the leaver takes nothing more out (no export, no claim, no transfer request).
/// Refusals are conflicts (409) naming the last working day.
public static class CustomerFreeze
{
    private static bool Leaving(EmploymentStatus status) => status is EmploymentStatus.Leaving or EmploymentStatus.Left;

    /// Refuses when the person acting is leaving (or has left): the leaver's hands are off.
    public static async Task EnsureActorNotLeavingAsync(AppDbContext db, Guid? employeeId, CancellationToken ct)
    {
        if (employeeId is not { } id) return;
        var me = await db.Employees.AsNoTracking().Where(e => e.Id == id).Select(e => new { e.Status, e.LastWorkingDay }).FirstOrDefaultAsync(ct);
        if (me is not null && Leaving(me.Status))
            throw new DomainException("Sales.Inheritance.LeaverFrozen", Day(me.LastWorkingDay)) { StatusCode = StatusCodes.Status409Conflict };
    }

    /// Refuses when any of the customers' owners is leaving: those customers wait for the plan.
    public static async Task EnsureNotFrozenAsync(AppDbContext db, IEnumerable<Guid?> ownerIds, CancellationToken ct)
    {
        var owners = ownerIds.OfType<Guid>().Distinct().ToList();
        if (owners.Count == 0) return;
        var leaver = await db.Employees.AsNoTracking()
            .Where(e => owners.Contains(e.Id) && (e.Status == EmploymentStatus.Leaving || e.Status == EmploymentStatus.Left))
            .OrderBy(e => e.Name).Select(e => new { e.Name, e.LastWorkingDay }).FirstOrDefaultAsync(ct);
        if (leaver is not null)
            throw new DomainException("Sales.Inheritance.CustomerFrozen", leaver.Name, Day(leaver.LastWorkingDay)) { StatusCode = StatusCodes.Status409Conflict };
    }

    private static string Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
}
