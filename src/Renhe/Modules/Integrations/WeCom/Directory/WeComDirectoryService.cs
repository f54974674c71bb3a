using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Integrations.WeCom.Api;
using Renhe.Modules.Integrations.WeCom.Settings;
using Renhe.Modules.Org.Employees;
using Renhe.Platform.Data;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Integrations.WeCom.Directory;

/// The WeCom directory page's use cases (integrations.wecom.manage): the stored snapshot, who is
/// unmatched on either side, the customers several members follow, and linking by hand. Linking
/// writes the user id onto the employee (what the contact callback and the customer import read)
/// and never creates or removes an employee. Every change is audited by the interceptor.
public sealed class WeComDirectoryService(
    IDbContextFactory<AppDbContext> dbFactory, WeComSettingsService settings, InputValidator validator, CurrentUser currentUser, TimeProvider clock)
{
    public async Task<DirectoryView> GetAsync(CancellationToken ct)
    {
        var configured = await settings.IsConfiguredAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var members = await db.WeComDirectoryMembers.AsNoTracking().OrderBy(m => m.UserId).ToListAsync(ct);
        var employees = await db.Employees.AsNoTracking()
            .Select(e => new { e.Id, e.Name, e.EmployeeNumber, e.Status, e.WeComUserId, Department = db.Departments.Where(d => d.Id == e.DepartmentId).Select(d => d.Name).FirstOrDefault() })
            .ToListAsync(ct);
        var byId = employees.ToDictionary(e => e.Id);
        EmployeeRef? Ref(Guid? id) => id is { } x && byId.TryGetValue(x, out var e) ? new EmployeeRef(e.Id, e.Name, e.EmployeeNumber) : null;

        var items = members.Select(m =>
        {
            var employee = Ref(m.EmployeeId);
            return new WeComMemberListItem(m.Id, m.UserId, m.Name, m.Departments, m.Position, m.MobileMasked, m.Status, m.Present, m.LastSeenAt,
                m.EmployeeId, employee?.Name, employee?.EmployeeNumber, m.Match, m.Candidates.Select(c => Ref(c)).OfType<EmployeeRef>().ToList(),
                m.LinkedBy, m.LinkedAt, m.Version);
        }).ToList();
        var present = members.Where(m => m.Present).Select(m => m.UserId).ToHashSet(StringComparer.Ordinal);
        var unmatchedEmployees = employees
            .Where(e => DirectoryMatcher.IsEmployed(e.Status) && (e.WeComUserId is null || !present.Contains(e.WeComUserId)))
            .OrderBy(e => e.EmployeeNumber)
            .Select(e => new UnmatchedEmployeeListItem(e.Id, e.Name, e.EmployeeNumber, e.Department, e.WeComUserId)).ToList();
        var names = members.ToDictionary(m => m.UserId, m => m.Name, StringComparer.Ordinal);
        var shared = (await db.WeComSharedContacts.AsNoTracking().OrderBy(s => s.Name).ToListAsync(ct))
            .Select(s => new SharedContactListItem(s.ExternalUserId, s.Name,
                s.FollowerUserIds.Select(u => names.TryGetValue(u, out var n) ? $"{n} ({u})" : u).ToList(), s.CustomerId, s.SeenAt)).ToList();
        return new DirectoryView(configured, await LastAsync(db, DirectorySyncKind.Directory, ct), await LastAsync(db, DirectorySyncKind.Customers, ct),
            items, unmatchedEmployees, shared);
    }

    /// Employees an administrator may link a member to: everyone employed who carries no user id yet.
    public async Task<IReadOnlyList<EmployeeRef>> LinkableEmployeesAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Employees.AsNoTracking()
            .Where(e => (e.Status == EmploymentStatus.Probation || e.Status == EmploymentStatus.Active || e.Status == EmploymentStatus.Leaving)
                        && e.WeComUserId == null)
            .OrderBy(e => e.EmployeeNumber).Select(e => new EmployeeRef(e.Id, e.Name, e.EmployeeNumber)).ToListAsync(ct);
    }

    public async Task<DirectorySyncView?> GetRunAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var run = await db.WeComDirectorySyncs.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct) ?? throw new NotFoundException();
        return DirectorySyncView.Of(run);
    }

    /// Links the member to the employee by hand: later syncs keep it. The employee must be employed
    /// and carry no other user id (unlink that one first); the member must not be linked already.
    public async Task LinkAsync(Guid memberId, MemberLinkInput input, CancellationToken ct)
    {
        validator.EnsureValid(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var member = await db.WeComDirectoryMembers.SingleOrDefaultAsync(m => m.Id == memberId, ct) ?? throw new NotFoundException();
        db.ExpectVersion(member, input.Version!.Value);
        var employee = await db.Employees.SingleOrDefaultAsync(e => e.Id == input.EmployeeId, ct)
                       ?? throw new DomainException("Integrations.WeCom.Directory.NoSuchEmployee") { Field = "employeeId" };
        if (!DirectoryMatcher.IsEmployed(employee.Status))
            throw new DomainException("Integrations.WeCom.Directory.NotEmployed", employee.Name) { Field = "employeeId", StatusCode = 409 };
        if (member.EmployeeId is not null && member.EmployeeId != employee.Id)
            throw new DomainException("Integrations.WeCom.Directory.MemberLinked", member.Name) { Field = "employeeId", StatusCode = 409 };
        if (employee.WeComUserId is { } other && other != member.UserId)
            throw new DomainException("Integrations.WeCom.Directory.EmployeeLinked", employee.Name, other) { Field = "employeeId", StatusCode = 409 };
        // Another employee record may still carry this user id (typed by hand on it): one user id, one employee.
        if (await db.Employees.AnyAsync(e => e.WeComUserId == member.UserId && e.Id != employee.Id, ct))
            throw new DomainException("Integrations.WeCom.Directory.UserIdTaken", member.UserId) { Field = "employeeId", StatusCode = 409 };
        employee.WeComUserId = member.UserId;
        member.LinkByHand(employee.Id, currentUser.UserName, clock.GetUtcNow());
        await db.SaveChangesAsync(ct); // a stale version is a 409 (Error.Concurrency)
    }

    /// Unlinks the member by hand: the employee no longer carries its user id, and later syncs leave it unlinked.
    public async Task UnlinkAsync(Guid memberId, MemberUnlinkInput input, CancellationToken ct)
    {
        validator.EnsureValid(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var member = await db.WeComDirectoryMembers.SingleOrDefaultAsync(m => m.Id == memberId, ct) ?? throw new NotFoundException();
        db.ExpectVersion(member, input.Version!.Value);
        foreach (var employee in await db.Employees.Where(e => e.WeComUserId == member.UserId).ToListAsync(ct))
            employee.WeComUserId = null;
        member.UnlinkByHand(currentUser.UserName, clock.GetUtcNow());
        await db.SaveChangesAsync(ct); // a stale version is a 409 (Error.Concurrency)
    }

    internal static async Task<DirectorySyncView?> LastAsync(AppDbContext db, DirectorySyncKind kind, CancellationToken ct)
    {
        var run = await db.WeComDirectorySyncs.AsNoTracking().Where(s => s.Kind == kind).OrderByDescending(s => s.StartedAt).FirstOrDefaultAsync(ct);
        return run is null ? null : DirectorySyncView.Of(run);
    }
}
