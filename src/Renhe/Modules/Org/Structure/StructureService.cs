using System.Text.Json;
using Renhe.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;
using Renhe.Platform.Audit;
using Renhe.Platform.Data;
using Renhe.Platform.Localization;
using Renhe.Platform.Problems;
using Renhe.Modules.Org.Employees;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Org.Structure;

public sealed record DepartmentInput(string Name, Guid BranchId, Guid? ParentId, Guid? ManagerEmployeeId);

/// Branches, departments (a tree per branch) and positions. Read by everyone (org.structure.read);
/// changed with org.structure.manage. Moving a department moves its subtree with it, because
/// children point at their parent.
public sealed class StructureService(InputValidator validator, IDbContextFactory<AppDbContext> dbFactory, AuditService audit, IStringLocalizer<Strings> l)
{
    public async Task<IReadOnlyList<BranchDto>> BranchesAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Branches.AsNoTracking().OrderBy(b => b.Name)
            .Select(b => new BranchDto(b.Id, b.Name, b.City, b.TimeZone,
                db.Employees.Count(e => e.BranchId == b.Id && e.Status != EmploymentStatus.Left && e.Status != EmploymentStatus.Candidate)))
            .ToListAsync(ct);
    }

    public async Task<Guid> SaveBranchAsync(Guid? id, BranchInput input, CancellationToken ct)
    {
        validator.EnsureValid(input);
        if (TimeZoneInfo.TryFindSystemTimeZoneById(input.TimeZone, out _) is false)
            throw new DomainException("Org.UnknownTimeZone", input.TimeZone, BranchCalendar.DefaultZoneId) { Field = "timeZone" };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var name = input.Name.Trim();
        if (await db.Branches.AnyAsync(b => b.Name == name && b.Id != id, ct))
            throw new DomainException("Org.BranchExists", name) { StatusCode = StatusCodes.Status409Conflict, Field = "name" };
        var branch = id is { } existing
            ? await db.Branches.SingleOrDefaultAsync(b => b.Id == existing, ct) ?? throw new NotFoundException()
            : db.Branches.Add(new Branch()).Entity;
        branch.Name = name;
        branch.City = input.City.Trim();
        branch.TimeZone = input.TimeZone;
        await db.SaveChangesAsync(ct);
        return branch.Id;
    }

    public async Task<IReadOnlyList<DepartmentDto>> DepartmentsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Departments.AsNoTracking().OrderBy(d => d.Name)
            .Select(d => new DepartmentDto(d.Id, d.Name, d.BranchId, d.ParentId, d.ManagerEmployeeId,
                db.Employees.Where(e => e.Id == d.ManagerEmployeeId).Select(e => e.Name).FirstOrDefault(),
                db.Employees.Count(e => e.DepartmentId == d.Id && e.Status != EmploymentStatus.Left && e.Status != EmploymentStatus.Candidate),
                d.Version))
            .ToListAsync(ct);
    }

    /// The org chart: every branch's department tree, with head counts per department and per subtree.
    public async Task<IReadOnlyList<OrgChartNode>> ChartAsync(CancellationToken ct)
    {
        var departments = await DepartmentsAsync(ct);
        var branches = (await BranchesAsync(ct)).ToDictionary(b => b.Id, b => b.Name);
        var children = departments.ToLookup(d => d.ParentId);

        OrgChartNode Build(DepartmentDto d)
        {
            var kids = children[d.Id].OrderBy(c => c.Name).Select(Build).ToList();
            return new OrgChartNode(d.Id, d.Name, d.BranchId, branches.GetValueOrDefault(d.BranchId, ""), d.ManagerName,
                d.HeadCount, d.HeadCount + kids.Sum(k => k.TotalHeadCount), kids);
        }
        return children[null].OrderBy(d => branches.GetValueOrDefault(d.BranchId)).ThenBy(d => d.Name).Select(Build).ToList();
    }

    /// The org chart as a workbook, one row per department in the chart's order (a branch's trees,
    /// each department before those below it): branch, department, parent, manager, own head count
    /// and the subtree's. Everyone who sees the chart may take it; the export is audited.
    public async Task<byte[]> ExportAsync(CancellationToken ct)
    {
        var departments = (await DepartmentsAsync(ct)).ToDictionary(d => d.Id);
        var chart = await ChartAsync(ct);
        static IEnumerable<OrgChartNode> Flatten(IEnumerable<OrgChartNode> nodes) => nodes.SelectMany(n => new[] { n }.Concat(Flatten(n.Children)));
        var rows = Flatten(chart).Select(n => new Dictionary<string, object?>
        {
            [l["Employees.Branch"]] = n.BranchName,
            [l["Employees.Department"]] = n.Name,
            [l["Org.Export.ParentDepartment"]] = departments[n.Id].ParentId is { } parent ? departments[parent].Name : null,
            [l["Org.Chart.Manager"]] = n.ManagerName,
            [l["Org.Chart.HeadCount"]] = n.HeadCount,
            [l["Org.Export.SubtreeHeadCount"]] = n.TotalHeadCount,
        }).ToList();
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(rows, sheetName: l["Nav.OrgChart"], cancellationToken: ct);
        await audit.RecordAsync(AuditAction.Export, "org.structure", null, JsonSerializer.Serialize(new { rows = rows.Count }), ct);
        return stream.ToArray();
    }

    public async Task<Guid> CreateDepartmentAsync(DepartmentInput input, CancellationToken ct)
    {
        validator.EnsureValid(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var department = new Department();
        await ApplyAsync(db, department, input, ct);
        db.Departments.Add(department);
        await db.SaveChangesAsync(ct);
        return department.Id;
    }

    public async Task UpdateDepartmentAsync(Guid id, DepartmentInput input, Guid version, CancellationToken ct)
    {
        validator.EnsureValid(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var department = await db.Departments.SingleOrDefaultAsync(d => d.Id == id, ct) ?? throw new NotFoundException();
        // The version the client saw is the one EF checks against the row: a stale save fails with 409.
        db.ExpectVersion(department, version);
        var branchChanged = department.BranchId != input.BranchId;
        await ApplyAsync(db, department, input, ct);
        if (branchChanged)
        {
            // The subtree moves with its root, to the new branch too. People are not moved along:
            // a change of branch is a transfer with its own effective date, so a populated subtree
            // has to be emptied (transfers) first.
            var all = await db.Departments.ToListAsync(ct);
            var subtree = Subtree(all, id).Select(d => d.Id).ToList();
            var people = await db.Employees.CountAsync(e => subtree.Contains(e.DepartmentId) && e.Status != EmploymentStatus.Left, ct);
            if (people > 0) throw new DomainException("Org.BranchMoveHasPeople", people) { StatusCode = StatusCodes.Status409Conflict, Field = "branchId" };
            foreach (var d in all.Where(d => subtree.Contains(d.Id) && d.Id != id)) d.BranchId = input.BranchId;
        }
        await db.SaveChangesAsync(ct);
    }

    public async Task DeleteDepartmentAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var department = await db.Departments.SingleOrDefaultAsync(d => d.Id == id, ct) ?? throw new NotFoundException();
        var people = await db.Employees.CountAsync(e => e.DepartmentId == id && e.Status != EmploymentStatus.Left, ct);
        if (people > 0) throw new DomainException("Org.DepartmentHasPeople", people) { StatusCode = StatusCodes.Status409Conflict };
        var subDepartments = await db.Departments.CountAsync(d => d.ParentId == id, ct);
        if (subDepartments > 0) throw new DomainException("Org.DepartmentHasChildren", subDepartments) { StatusCode = StatusCodes.Status409Conflict };
        if (await db.Employees.AnyAsync(e => e.DepartmentId == id, ct))
            throw new DomainException("Org.DepartmentHasHistory") { StatusCode = StatusCodes.Status409Conflict };
        db.Positions.RemoveRange(db.Positions.Where(p => p.DepartmentId == id));
        db.Departments.Remove(department);
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<PositionDto>> PositionsAsync(Guid? departmentId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.Positions.AsNoTracking();
        if (departmentId is { } d) q = q.Where(p => p.DepartmentId == d);
        return await q.OrderBy(p => p.Name).Select(p => new PositionDto(p.Id, p.DepartmentId, p.Name)).ToListAsync(ct);
    }

    public async Task<Guid> CreatePositionAsync(PositionInput input, CancellationToken ct)
    {
        validator.EnsureValid(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Departments.AnyAsync(d => d.Id == input.DepartmentId, ct))
            throw new DomainException("Org.UnknownDepartment") { Field = "departmentId" };
        var name = input.Name.Trim();
        if (await db.Positions.AnyAsync(p => p.DepartmentId == input.DepartmentId && p.Name == name, ct))
            throw new DomainException("Org.PositionExists", name) { StatusCode = StatusCodes.Status409Conflict, Field = "name" };
        var position = new Position { DepartmentId = input.DepartmentId!.Value, Name = name };
        db.Positions.Add(position);
        await db.SaveChangesAsync(ct);
        return position.Id;
    }

    private static async Task ApplyAsync(AppDbContext db, Department department, DepartmentInput input, CancellationToken ct)
    {
        if (!await db.Branches.AnyAsync(b => b.Id == input.BranchId, ct))
            throw new DomainException("Org.UnknownBranch") { Field = "branchId" };
        if (input.ParentId is { } parentId)
        {
            var all = await db.Departments.AsNoTracking().ToListAsync(ct);
            var parent = all.SingleOrDefault(d => d.Id == parentId)
                         ?? throw new DomainException("Org.UnknownDepartment") { Field = "parentId" };
            if (parent.BranchId != input.BranchId) throw new DomainException("Org.ParentInOtherBranch") { Field = "parentId" };
            if (Subtree(all, department.Id).Any(d => d.Id == parentId))
                throw new DomainException("Org.DepartmentLoop") { Field = "parentId" };
        }
        if (input.ManagerEmployeeId is { } managerId && !await db.Employees.AnyAsync(e => e.Id == managerId, ct))
            throw new DomainException("Org.UnknownEmployee") { Field = "managerEmployeeId" };
        department.Name = input.Name.Trim();
        department.BranchId = input.BranchId;
        department.ParentId = input.ParentId;
        department.ManagerEmployeeId = input.ManagerEmployeeId;
    }

    /// A department and everything below it.
    internal static IEnumerable<Department> Subtree(IReadOnlyCollection<Department> all, Guid rootId)
    {
        var children = all.ToLookup(d => d.ParentId);
        var stack = new Stack<Department>(all.Where(d => d.Id == rootId));
        var seen = new HashSet<Guid>();
        while (stack.Count > 0)
        {
            var d = stack.Pop();
            if (!seen.Add(d.Id)) continue;
            yield return d;
            foreach (var child in children[d.Id]) stack.Push(child);
        }
    }
}
