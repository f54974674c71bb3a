using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Org;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Structure;
using Renhe.Platform.Data;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Sales.Customers;

public sealed record AssignmentRuleDto(Guid Id, string Name, int Order, bool Enabled, string? Region, string? Industry, string? SourceChannel,
    Guid? TargetDepartmentId, string? TargetDepartmentName, Guid? TargetEmployeeId, string? TargetEmployeeName, int? Capacity,
    string? LastAssignedName, Guid Version);

public sealed class AssignmentRuleInput
{
    [Required, MaxLength(100)] public string Name { get; set; } = "";
    [MaxLength(50)] public string? Region { get; set; }
    [MaxLength(50)] public string? Industry { get; set; }
    [MaxLength(50)] public string? SourceChannel { get; set; }
    public Guid? TargetDepartmentId { get; set; }
    public Guid? TargetEmployeeId { get; set; }
    [Range(1, 100_000)] public int? Capacity { get; set; }
    public bool Enabled { get; set; } = true;
    public Guid? Version { get; set; }
}

public sealed record AssignmentMoveInput([property: Required, Range(-1, 1)] int? Direction, [property: Required] Guid? Version);

public sealed record AssignmentPreview(Guid? RuleId, string? RuleName, Guid? EmployeeId, string? EmployeeName, bool ToPool, bool AllFull);

/// 分配规则 as stored, and their application. Who may do what: sales.assignment.manage (sales
/// managers, administrators) lists, edits, reorders and switches rules and previews them.
/// Assignment itself runs on behalf of whoever enters a customer without an owner (a manager or an
/// administrator entering leads, an import); its result is recorded in the custody ledger as
/// <see cref="CustodyReason.Assigned"/> with the rule's name.
public sealed class AssignmentService(InputValidator validator, IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, IConfiguration configuration)
{
    public int DefaultCapacity => configuration.GetValue("Sales:Assignment:Capacity", 150);

    public async Task<IReadOnlyList<AssignmentRuleDto>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AssignmentRules.AsNoTracking().OrderBy(r => r.Order).ThenBy(r => r.Id)
            .Select(r => new AssignmentRuleDto(r.Id, r.Name, r.Order, r.Enabled, r.Region, r.Industry, r.SourceChannel,
                r.TargetDepartmentId, db.Departments.Where(d => d.Id == r.TargetDepartmentId).Select(d => d.Name).FirstOrDefault(),
                r.TargetEmployeeId, db.Employees.Where(e => e.Id == r.TargetEmployeeId).Select(e => e.Name).FirstOrDefault(),
                r.Capacity, db.Employees.Where(e => e.Id == r.LastAssignedEmployeeId).Select(e => e.Name).FirstOrDefault(), r.Version))
            .ToListAsync(ct);
    }

    public async Task<Guid> CreateAsync(AssignmentRuleInput input, CancellationToken ct)
    {
        validator.EnsureValid(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rule = new AssignmentRule
        {
            // New rules go last: the order is the manager's to change.
            Order = (await db.AssignmentRules.MaxAsync(r => (int?)r.Order, ct) ?? 0) + 10,
        };
        await ApplyAsync(db, rule, input, ct);
        db.AssignmentRules.Add(rule);
        await db.SaveChangesAsync(ct);
        return rule.Id;
    }

    public async Task UpdateAsync(Guid id, AssignmentRuleInput input, CancellationToken ct)
    {
        validator.EnsureValid(input);
        if (input.Version is not { } version) throw new DomainException("Validation.Required", "version") { Field = "version" };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rule = await db.AssignmentRules.SingleOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException();
        db.ExpectVersion(rule, version);
        await ApplyAsync(db, rule, input, ct);
        await db.SaveChangesAsync(ct);
    }

    /// Moves a rule one place up (-1) or down (+1), swapping with its neighbour.
    public async Task MoveAsync(Guid id, int direction, Guid version, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rules = await db.AssignmentRules.OrderBy(r => r.Order).ThenBy(r => r.Id).ToListAsync(ct);
        var index = rules.FindIndex(r => r.Id == id);
        if (index < 0) throw new NotFoundException();
        db.ExpectVersion(rules[index], version);
        var other = index + Math.Sign(direction);
        if (direction == 0 || other < 0 || other >= rules.Count) throw new DomainException("Sales.Assignment.CannotMove") { Field = "direction" };
        // Renumber all so equal orders from older data cannot make a swap a no-op.
        (rules[index], rules[other]) = (rules[other], rules[index]);
        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i].Order == (i + 1) * 10) continue;
            rules[i].Order = (i + 1) * 10;
        }
        db.MarkChanged(rules.Single(r => r.Id == id));
        await db.SaveChangesAsync(ct);
    }

    public async Task DeleteAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rule = await db.AssignmentRules.SingleOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException();
        db.AssignmentRules.Remove(rule);
        await db.SaveChangesAsync(ct);
    }

    /// Departments and active people a rule may name, for the rule form.
    public async Task<AssignmentTargets> TargetsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var departments = await db.Departments.AsNoTracking().OrderBy(d => d.Name).Select(d => new AssignmentTarget(d.Id, d.Name, null)).ToListAsync(ct);
        var people = await db.Employees.AsNoTracking().Where(e => e.Status == EmploymentStatus.Active || e.Status == EmploymentStatus.Probation)
            .OrderBy(e => e.Name)
            .Select(e => new AssignmentTarget(e.Id, e.Name, db.Departments.Where(d => d.Id == e.DepartmentId).Select(d => d.Name).FirstOrDefault()))
            .ToListAsync(ct);
        return new AssignmentTargets(departments, people);
    }

    /// "Who would get a customer of region X, industry Y, source Z now?" Changes nothing.
    public async Task<AssignmentPreview> PreviewAsync(string? region, string? industry, string? sourceChannel, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var planner = await PlannerAsync(db, ct);
        var d = planner.Preview(new LeadFacts(region, industry, sourceChannel));
        return new AssignmentPreview(d.RuleId, d.RuleName, d.EmployeeId, d.EmployeeName, d.ToPool, d.AllFull);
    }

    /// The planner over the enabled rules and the people as they are in <paramref name="db"/>.
    /// The rules are tracked: after assigning, <see cref="StorePointers"/> moves their pointers in
    /// the same save as the customers, and their version makes a concurrent assignment retry.
    public async Task<AssignmentPlanner> PlannerAsync(AppDbContext db, CancellationToken ct)
    {
        var rules = await db.AssignmentRules.Where(r => r.Enabled).OrderBy(r => r.Order).ThenBy(r => r.Id).ToListAsync(ct);
        return new AssignmentPlanner(
            rules.Select(r => new PlannerRule(r.Id, r.Name, r.Region, r.Industry, r.SourceChannel, r.TargetDepartmentId, r.TargetEmployeeId,
                r.Capacity, r.LastAssignedEmployeeId)),
            await PeopleAsync(db, ct), DefaultCapacity);
    }

    /// The people a planner may give customers to (active or on probation) with what they hold now.
    public static async Task<IReadOnlyList<PlannerPerson>> PeopleAsync(AppDbContext db, CancellationToken ct)
    {
        var salespeople = await (from ur in db.UserRoles
                                 join u in db.Users on ur.UserId equals u.Id
                                 join r in db.Roles on ur.RoleId equals r.Id
                                 where u.IsActive && u.EmployeeId != null && r.Name == Roles.Salesperson
                                 select u.EmployeeId!.Value).Distinct().ToListAsync(ct);
        var people = await db.Employees.AsNoTracking()
            .Where(e => e.Status == EmploymentStatus.Active || e.Status == EmploymentStatus.Probation)
            .Select(e => new { e.Id, e.Name, e.DepartmentId, Owned = db.Customers.Count(c => c.OwnerId == e.Id && c.DeletedAt == null) })
            .ToListAsync(ct);
        return people.Select(p => new PlannerPerson(p.Id, p.Name, p.DepartmentId, salespeople.Contains(p.Id), p.Owned)).ToList();
    }

    public static void StorePointers(AppDbContext db, AssignmentPlanner planner)
    {
        // Every rule that assigned gets a new version, not only those whose pointer moved: the person's
        // count against the capacity is read before the save, so two saves giving the same person a
        // customer must conflict even when the pointer stays put (the others are full, or a named person).
        var changed = planner.UsedRules.ToHashSet();
        foreach (var rule in db.AssignmentRules.Local.Where(r => changed.Contains(r.Id)))
        {
            rule.LastAssignedEmployeeId = planner.Pointers[rule.Id];
            db.MarkChanged(rule);
        }
    }

    private async Task ApplyAsync(AppDbContext db, AssignmentRule rule, AssignmentRuleInput input, CancellationToken ct)
    {
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0) throw new DomainException("Validation.Required", "name") { Field = "name" };
        if ((input.TargetDepartmentId is null) == (input.TargetEmployeeId is null))
            throw new DomainException("Sales.Assignment.TargetRequired") { Field = "targetDepartmentId" };
        if (input.TargetDepartmentId is { } dep && !await db.Departments.AnyAsync(d => d.Id == dep, ct))
            throw new DomainException("Sales.Assignment.UnknownDepartment") { Field = "targetDepartmentId" };
        if (input.TargetEmployeeId is { } emp && !await db.Employees.AnyAsync(
                e => e.Id == emp && (e.Status == EmploymentStatus.Active || e.Status == EmploymentStatus.Probation), ct))
            throw new DomainException("Sales.Assignment.InactivePerson") { Field = "targetEmployeeId" };
        if (rule.TargetDepartmentId != input.TargetDepartmentId || rule.TargetEmployeeId != input.TargetEmployeeId) rule.LastAssignedEmployeeId = null;
        rule.Name = name;
        rule.Region = Clean(input.Region);
        rule.Industry = Clean(input.Industry);
        rule.SourceChannel = Clean(input.SourceChannel);
        rule.TargetDepartmentId = input.TargetDepartmentId;
        rule.TargetEmployeeId = input.TargetEmployeeId;
        rule.Capacity = input.Capacity;
        rule.Enabled = input.Enabled;
        rule.UpdatedAt = clock.GetUtcNow();
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

public sealed record AssignmentTarget(Guid Id, string Name, string? Detail);

public sealed record AssignmentTargets(IReadOnlyList<AssignmentTarget> Departments, IReadOnlyList<AssignmentTarget> People);
