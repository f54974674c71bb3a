using Microsoft.EntityFrameworkCore;
using Renhe.Platform.Data;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;

namespace Renhe.Modules.Org;

public sealed record BranchDto(Guid Id, string Name, string City, string TimeZone);

public sealed record DepartmentDto(Guid Id, string Name, Guid BranchId, Guid? ParentId, Guid? ManagerEmployeeId,
    string? ManagerName, int HeadCount, Guid Version);

public sealed record EmployeeDto(Guid Id, string EmployeeNumber, string Name, Guid BranchId, string BranchName,
    Guid DepartmentId, string DepartmentName, string? Position, DateOnly HireDate, EmploymentStatus Status, string? WorkPhone);

public sealed record DepartmentInput(string Name, Guid BranchId, Guid? ParentId, Guid? ManagerEmployeeId);

/// Reads and changes the organisation. Employee lists always pass through VisibleTo.
public sealed class OrgService(IDbContextFactory<AppDbContext> dbFactory, CurrentUser currentUser)
{
    public async Task<IReadOnlyList<BranchDto>> BranchesAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Branches.AsNoTracking().OrderBy(b => b.Name)
            .Select(b => new BranchDto(b.Id, b.Name, b.City, b.TimeZone)).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<DepartmentDto>> DepartmentsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Departments.AsNoTracking().OrderBy(d => d.Name)
            .Select(d => new DepartmentDto(d.Id, d.Name, d.BranchId, d.ParentId, d.ManagerEmployeeId,
                db.Employees.Where(e => e.Id == d.ManagerEmployeeId).Select(e => e.Name).FirstOrDefault(),
                db.Employees.Count(e => e.DepartmentId == d.Id && e.Status != EmploymentStatus.Left), d.Version))
            .ToListAsync(ct);
    }

    public async Task<IReadOnlyList<EmployeeDto>> EmployeesAsync(string? search, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Employees.AsNoTracking().VisibleTo(access, OrgPermissions.EmployeeRead);
        if (!string.IsNullOrWhiteSpace(search))
            query = query.Where(e => e.Name.Contains(search) || e.EmployeeNumber.Contains(search));
        return await Project(db, query.OrderBy(e => e.EmployeeNumber)).ToListAsync(ct);
    }

    public async Task<EmployeeDto> EmployeeAsync(Guid id, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Out of scope reads as "not found": the existence of a record outside one's scope is itself information.
        return await Project(db, db.Employees.AsNoTracking().VisibleTo(access, OrgPermissions.EmployeeRead)
                   .Where(e => e.Id == id)).SingleOrDefaultAsync(ct)
               ?? throw new NotFoundException();
    }

    public async Task<Guid> CreateDepartmentAsync(DepartmentInput input, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var department = new Department();
        await ApplyAsync(db, department, input, ct);
        db.Departments.Add(department);
        await db.SaveChangesAsync(ct);
        return department.Id;
    }

    public async Task UpdateDepartmentAsync(Guid id, DepartmentInput input, Guid version, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var department = await db.Departments.SingleOrDefaultAsync(d => d.Id == id, ct) ?? throw new NotFoundException();
        // The version the client saw is the one EF checks against the row: a stale save fails with 409.
        db.Entry(department).Property(d => d.Version).OriginalValue = version;
        await ApplyAsync(db, department, input, ct);
        department.Version = Guid.NewGuid();
        await db.SaveChangesAsync(ct);
    }

    private static async Task ApplyAsync(AppDbContext db, Department department, DepartmentInput input, CancellationToken ct)
    {
        if (!await db.Branches.AnyAsync(b => b.Id == input.BranchId, ct))
            throw new DomainException("Org.UnknownBranch") { Field = "branchId" };
        if (input.ParentId is { } parentId)
        {
            var parent = await db.Departments.AsNoTracking().SingleOrDefaultAsync(d => d.Id == parentId, ct)
                         ?? throw new DomainException("Org.UnknownDepartment") { Field = "parentId" };
            if (parent.BranchId != input.BranchId) throw new DomainException("Org.ParentInOtherBranch") { Field = "parentId" };
            if (await IsDescendantOrSelfAsync(db, parentId, department.Id, ct))
                throw new DomainException("Org.DepartmentLoop") { Field = "parentId" };
        }
        if (input.ManagerEmployeeId is { } managerId && !await db.Employees.AnyAsync(e => e.Id == managerId, ct))
            throw new DomainException("Org.UnknownEmployee") { Field = "managerEmployeeId" };
        department.Name = input.Name.Trim();
        department.BranchId = input.BranchId;
        department.ParentId = input.ParentId;
        department.ManagerEmployeeId = input.ManagerEmployeeId;
    }

    private static async Task<bool> IsDescendantOrSelfAsync(AppDbContext db, Guid candidate, Guid ancestor, CancellationToken ct)
    {
        var parents = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.ParentId, ct);
        for (Guid? at = candidate; at is { } id; at = parents.GetValueOrDefault(id))
        {
            if (id == ancestor) return true;
        }
        return false;
    }

    private static IQueryable<EmployeeDto> Project(AppDbContext db, IQueryable<Employee> q) =>
        q.Select(e => new EmployeeDto(e.Id, e.EmployeeNumber, e.Name, e.BranchId,
            db.Branches.Where(b => b.Id == e.BranchId).Select(b => b.Name).First(),
            e.DepartmentId, db.Departments.Where(d => d.Id == e.DepartmentId).Select(d => d.Name).First(),
            e.Position, e.HireDate, e.Status, e.WorkPhone));
}
