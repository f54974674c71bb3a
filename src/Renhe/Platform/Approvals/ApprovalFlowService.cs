using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Org.Employees;
using Renhe.Platform.Data;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;

namespace Renhe.Platform.Approvals;

/// Administrators' editing of flows (platform.approval-flow.manage). A flow can be created for any
/// request type a module has registered a handler for, and for types that come with a default flow.
public sealed class ApprovalFlowService(IDbContextFactory<AppDbContext> dbFactory, ApprovalService approvals, TimeProvider clock,
    IEnumerable<IApprovalHandler> handlers)
{
    public const int MaxSteps = 10;

    public async Task<IReadOnlyList<ApprovalFlowSummary>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var flows = await db.ApprovalFlows.AsNoTracking().ToListAsync(ct);
        var known = handlers.Select(h => h.RequestType).ToHashSet(StringComparer.Ordinal);
        var result = flows.Select(f => new ApprovalFlowSummary(f.RequestType, approvals.TypeName(f.RequestType), f.Name, f.Enabled, f.Steps.Count,
            known.Contains(f.RequestType), f.UpdatedAt)).ToList();
        // Types whose module is there but whose flow nobody has written yet.
        result.AddRange(known.Where(t => flows.All(f => f.RequestType != t))
            .Select(t => new ApprovalFlowSummary(t, approvals.TypeName(t), "", false, 0, true, default)));
        return result.OrderBy(f => f.RequestType, StringComparer.Ordinal).ToList();
    }

    public async Task<ApprovalFlowDto> GetAsync(string requestType, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var flow = await db.ApprovalFlows.AsNoTracking().SingleOrDefaultAsync(f => f.RequestType == requestType, ct);
        if (flow is null)
        {
            if (approvals.FindHandler(requestType) is null) throw new NotFoundException();
            return new ApprovalFlowDto(requestType, approvals.TypeName(requestType), approvals.TypeName(requestType), false, [], Guid.Empty);
        }
        return new ApprovalFlowDto(flow.RequestType, approvals.TypeName(flow.RequestType), flow.Name, flow.Enabled,
            flow.Steps.Select(s => new ApprovalStepDto(s.Name, s.Kind, s.Levels, s.Role, s.EmployeeId, s.AmountAbove, s.DepartmentIds)).ToList(),
            flow.Version);
    }

    public async Task<IReadOnlyList<string>> RoleNamesAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Roles.OrderBy(r => r.Name).Select(r => r.Name!).ToListAsync(ct);
    }

    /// Replaces the flow's steps. Requests already submitted keep the steps they were given.
    public async Task<Guid> SaveAsync(string requestType, ApprovalFlowInput input, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var flow = await db.ApprovalFlows.SingleOrDefaultAsync(f => f.RequestType == requestType, ct);
        if (flow is null && approvals.FindHandler(requestType) is null) throw new NotFoundException();
        if (flow is not null && input.Version != flow.Version)
            throw new DomainException("Approval.Stale") { StatusCode = StatusCodes.Status409Conflict };

        var steps = await ValidateAsync(db, input.Steps ?? [], ct);
        if (flow is null)
        {
            flow = new ApprovalFlow { RequestType = requestType };
            db.ApprovalFlows.Add(flow);
        }
        flow.Name = input.Name!.Trim();
        flow.Enabled = input.Enabled;
        flow.Steps = steps;
        flow.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return flow.Version;
    }

    private static async Task<List<ApprovalStep>> ValidateAsync(AppDbContext db, List<ApprovalStepInput> inputs, CancellationToken ct)
    {
        if (inputs.Count == 0) throw new DomainException("Approval.Flow.NoSteps") { Field = "steps" };
        if (inputs.Count > MaxSteps) throw new DomainException("Approval.Flow.TooManySteps", MaxSteps) { Field = "steps" };
        var roles = await db.Roles.Select(r => r.Name!).ToListAsync(ct);
        var steps = new List<ApprovalStep>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var s = inputs[i];
            var field = $"steps[{i}]";
            var step = new ApprovalStep { Name = s.Name!.Trim(), Kind = s.Kind!.Value, AmountAbove = s.AmountAbove, DepartmentIds = s.DepartmentIds?.Distinct().ToList() ?? [] };
            switch (step.Kind)
            {
                case ApproverKind.ManagerLevelsUp:
                    if (s.Levels is not (>= 1 and <= 5)) throw new DomainException("Approval.Flow.Levels", i + 1) { Field = field + ".levels" };
                    step.Levels = s.Levels.Value;
                    break;
                case ApproverKind.RoleInScope:
                    if (string.IsNullOrWhiteSpace(s.Role) || !roles.Contains(s.Role.Trim())) throw new DomainException("Approval.Flow.Role", i + 1) { Field = field + ".role" };
                    step.Role = s.Role.Trim();
                    break;
                case ApproverKind.NamedPerson:
                    var active = s.EmployeeId is { } named && await db.Employees.AnyAsync(e => e.Id == named && (e.Status == EmploymentStatus.Active
                        || e.Status == EmploymentStatus.Probation || e.Status == EmploymentStatus.Leaving), ct);
                    if (!active) throw new DomainException("Approval.Flow.Person", i + 1) { Field = field + ".employeeId" };
                    step.EmployeeId = s.EmployeeId;
                    break;
            }
            if (step.AmountAbove is < 0) throw new DomainException("Approval.Flow.Amount", i + 1) { Field = field + ".amountAbove" };
            if (step.DepartmentIds.Count > 0)
            {
                var ids = step.DepartmentIds;
                if (await db.Departments.CountAsync(d => ids.Contains(d.Id), ct) != ids.Count)
                    throw new DomainException("Approval.Flow.Department", i + 1) { Field = field + ".departmentIds" };
            }
            steps.Add(step);
        }
        return steps;
    }

    /// The flows Renhe starts with, written once when their type has none: administrators change them.
    public static readonly ApprovalFlow[] Defaults =
    [
        new()
        {
            RequestType = "sales.order", Name = "销售订单审批",
            Steps =
            [
                new() { Name = "销售主管审批", Kind = ApproverKind.DirectManager },
                new() { Name = "财务审批", Kind = ApproverKind.RoleInScope, Role = Roles.Finance },
                new() { Name = "大额订单老板审批", Kind = ApproverKind.RoleInScope, Role = Roles.Owner, AmountAbove = 50_000m },
            ],
        },
        Modules.Sales.Customers.CustomerTransferService.DefaultFlow,
        Modules.Sales.Customers.CustomerExportService.DefaultFlow,
        Modules.Commission.Adjustments.AdjustmentService.DefaultFlow,
        Modules.Commission.Disputes.DisputeService.DefaultFlow,
        Modules.Commission.Plans.PlanPublishHandler.DefaultFlow,
    ];

    public async Task SeedDefaultsAsync(IEnumerable<ApprovalFlow> defaults, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var existing = await db.ApprovalFlows.Select(f => f.RequestType).ToListAsync(ct);
        foreach (var d in defaults.Where(d => !existing.Contains(d.RequestType)))
        {
            db.ApprovalFlows.Add(new ApprovalFlow
            {
                RequestType = d.RequestType, Name = d.Name, Enabled = d.Enabled, UpdatedAt = clock.GetUtcNow(),
                Steps = d.Steps.Select(s => new ApprovalStep
                {
                    Name = s.Name, Kind = s.Kind, Levels = s.Levels, Role = s.Role, EmployeeId = s.EmployeeId, AmountAbove = s.AmountAbove,
                    DepartmentIds = [.. s.DepartmentIds],
                }).ToList(),
            });
        }
        await db.SaveChangesAsync(ct);
    }
}
