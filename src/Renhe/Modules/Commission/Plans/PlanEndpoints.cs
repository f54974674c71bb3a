using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Renhe.Platform.Audit;
using Renhe.Platform.Security;

namespace Renhe.Modules.Commission.Plans;

public static class PlanEndpoints
{
    public static void MapPlans(this IEndpointRouteBuilder api)
    {
        var plans = api.MapGroup("/commission/plans").WithTags("Commission");

        plans.MapGet("", async (PlanService svc, CancellationToken ct) => TypedResults.Ok(await svc.ListAsync(ct)))
            .RequirePermission(CommissionPermissions.PlanRead)
            .WithSummary("Every plan with whom it applies to (departments, positions, people by name) and its versions, rules in words.");
        plans.MapGet("/{id:guid}", async (Guid id, PlanService svc, CancellationToken ct) => TypedResults.Ok(await svc.GetAsync(id, ct)))
            .RequirePermission(CommissionPermissions.PlanRead)
            .WithSummary("One plan, by its id or the id of one of its versions.");
        plans.MapPost("", async (PlanInput input, PlanService svc, CancellationToken ct) =>
                TypedResults.Created($"/api/commission/plans", await svc.CreateAsync(input, ct)))
            .RequirePermission(CommissionPermissions.PlanManage)
            .WithSummary("A new plan: name (unique, 409 naming it when taken) and the departments, positions and people it applies to. Second factor.");
        plans.MapPut("/{id:guid}/scope", async (Guid id, PlanScopeInput input, PlanService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.ChangeScopeAsync(id, input, ct)))
            .RequirePermission(CommissionPermissions.PlanManage)
            .WithSummary("Change whom the plan applies to; version is the plan's version the editor read (409 when it moved on). Second factor.");
        plans.MapPost("/{id:guid}/versions", async (Guid id, PlanVersionInput input, PlanService svc, CancellationToken ct) =>
                TypedResults.Created($"/api/commission/plans/{id}", await svc.AddVersionAsync(id, input, ct)))
            .RequirePermission(CommissionPermissions.PlanManage)
            .WithSummary("A draft version effective from a month (yyyy-MM, not a closed month) with its rules (rates in basis points, "
                         + "amounts in fen); a bad rule is a 400 naming the field, a second version for the same month a 409. Second factor.");
        plans.MapPut("/{id:guid}/versions/{versionId:guid}", async (Guid id, Guid versionId, PlanVersionInput input, PlanService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.EditVersionAsync(id, versionId, input, ct)))
            .RequirePermission(CommissionPermissions.PlanManage)
            .WithSummary("Edit a draft (or a rejected, returned or withdrawn version) with the version the editor read. Second factor.");
        plans.MapPost("/{id:guid}/versions/{versionId:guid}/send", async (Guid id, Guid versionId, PlanSendInput input, PlanService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.SendAsync(id, versionId, input, ct)))
            .RequirePermission(CommissionPermissions.PlanManage)
            .WithSummary("Send a draft for publication: an approval (commission.plan-publish: finance, then the owner) publishes it. Second factor.");
        plans.MapGet("/{id:guid}/versions/{versionId:guid}/acknowledgements", async (Guid id, Guid versionId, PlanService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.AcknowledgementsAsync(id, versionId, ct)))
            .RequirePermission(CommissionPermissions.PlanRead)
            .WithSummary("Who the version applies to and who of them has acknowledged it (those still to acknowledge first).");
        plans.MapGet("/{id:guid}/versions/{versionId:guid}/simulation", async (Guid id, Guid versionId, [Range(PlanSimulator.MinMonths, PlanSimulator.MaxMonths), Display(Name = "Commission.Plan.Field.Months")] int? months,
                PlanSimulator simulator, CancellationToken ct) =>
                TypedResults.Ok(await simulator.RunAsync(id, versionId, months ?? PlanSimulator.DefaultMonths, null, ct)))
            .RequirePermission(CommissionPermissions.PlanRead)
            .WithSummary("The version's rules replayed over the last 3–12 finished months (default 6): per person and month under the "
                         + "version and under the rules published now, totals per month, the cost difference, who gains and who loses.");
        plans.MapGet("/{id:guid}/versions/{versionId:guid}/simulation/export", async (Guid id, Guid versionId,
                [Range(PlanSimulator.MinMonths, PlanSimulator.MaxMonths), Display(Name = "Commission.Plan.Field.Months")] int? months, PlanSimulator simulator, CancellationToken ct) =>
                TypedResults.File(await simulator.ExportAsync(id, versionId, months ?? PlanSimulator.DefaultMonths, ct), AuditEndpoints.XlsxContentType,
                    $"plan-simulation-{months ?? PlanSimulator.DefaultMonths}m.xlsx"))
            .RequirePermission(CommissionPermissions.PlanRead)
            .WithSummary("The simulation as Excel (months and people); audited.");

        plans.MapGet("/mine", async Task<Results<Ok<MyPlanView>, NoContent>> (PlanService svc, CancellationToken ct) =>
                await svc.MineAsync(ct) is { } mine ? TypedResults.Ok(mine) : TypedResults.NoContent())
            .RequirePermission(CommissionPermissions.StatementRead)
            .WithSummary("The published version that applies to the caller this month and whether they acknowledged it; 204 when none applies.");
        plans.MapPost("/mine/acknowledge", async (PlanAcknowledgeInput input, PlanService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.AcknowledgeAsync(input, ct)))
            .RequirePermission(CommissionPermissions.StatementRead)
            .WithSummary("Acknowledge the version that applies to the caller (versionId: the one read; 409 when another applies now). Idempotent.");
    }
}
