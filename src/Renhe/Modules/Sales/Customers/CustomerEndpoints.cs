using System.ComponentModel.DataAnnotations;
using Renhe.Modules.Org;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Structure;
using Renhe.Modules.Sales.FollowUps;
using Renhe.Platform.Audit;
using Renhe.Platform.Security;
using Renhe.Platform.Time;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Sales.Customers;

public sealed record ReleaseInput([property: MaxLength(FieldLimits.Reason), MultilineText] string? Note);

/// Every route about customers: the records, their timeline, the public pool, transfers between
/// people, import, export and the assignment rules that give new customers an owner.
public static class CustomerEndpoints
{
    public static void MapCustomers(this IEndpointRouteBuilder api)
    {
        var sales = api.MapGroup("/sales").WithTags("Sales");

        sales.MapGet("/customers", async ([MaxLength(FieldLimits.Search)] string? search, CustomerStage? stage, Guid? ownerId,
                    [MaxLength(Customer.LostReasonMax)] string? lostReason, [Range(1, 100_000)] int? page, [Range(1, FieldLimits.PageSize)] int? pageSize,
                    CustomerService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.ListAsync(search, stage, ownerId, lostReason, page ?? 1, pageSize ?? 50, ct)))
            .RequirePermission(SalesPermissions.CustomerRead)
            .WithSummary("Customers in the caller's scope; search by name, company or the last four digits of the phone.");
        sales.MapGet("/customers/owners", async (CustomerService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.AssignableOwnersAsync(ct)))
            .RequirePermission(SalesPermissions.CustomerManage)
            .WithSummary("Whom the caller may give a new customer to (empty for a salesperson).");
        sales.MapGet("/customers/{id:guid}", async (Guid id, CustomerService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.DetailAsync(id, ct)))
            .RequirePermission(SalesPermissions.CustomerRead)
            .WithSummary("One customer with its custody and stage timeline.");
        sales.MapPost("/customers", async (CustomerInput input, CustomerService svc, CancellationToken ct) =>
            {
                var id = await svc.CreateAsync(input, ct);
                return TypedResults.Created($"/api/sales/customers/{id}", new { id });
            })
            .RequirePermission(SalesPermissions.CustomerManage)
            .WithSummary("Enter a customer. 409 when the phone or WeCom id is already a customer, naming it and its owner only if the caller may see it; "
                + "429 with Retry-After after too many such refusals about customers the caller may not see.");
        sales.MapPut("/customers/{id:guid}", async (Guid id, CustomerInput input, CustomerService svc, CancellationToken ct) =>
            {
                await svc.UpdateAsync(id, input, ct);
                return TypedResults.NoContent();
            }).RequirePermission(SalesPermissions.CustomerManage);
        sales.MapPost("/customers/{id:guid}/stage", async (Guid id, StageInput input, CustomerService svc, CancellationToken ct) =>
            {
                await svc.ChangeStageAsync(id, input.Stage!.Value, input.Version, input.LostReason, ct);
                return TypedResults.NoContent();
            }).RequirePermission(SalesPermissions.CustomerManage);
        sales.MapPost("/customers/{id:guid}/reveal", async (Guid id, CustomerService svc, CancellationToken ct) =>
                TypedResults.Ok(new { field = "phone", value = await svc.RevealPhoneAsync(id, ct) }))
            .RequirePermission(SalesPermissions.CustomerReveal)
            .WithSummary("Show the customer's phone in clear; audited.");
        sales.MapPost("/customers/{id:guid}/release", async (Guid id, ReleaseInput? input, CustomerService svc, CancellationToken ct) =>
            {
                await svc.ReleaseAsync(id, input?.Note, ct);
                return TypedResults.NoContent();
            }).RequirePermission(SalesPermissions.CustomerManage)
            .WithSummary("Give the customer back to the public pool.");
        sales.MapDelete("/customers/{id:guid}", async (Guid id, CustomerService svc, CancellationToken ct) =>
            {
                await svc.DeleteAsync(id, ct);
                return TypedResults.NoContent();
            }).RequirePermission(SalesPermissions.CustomerDelete)
            .WithSummary("Soft delete; the customer and its history stay for audit.");

        sales.MapGet("/pool", async ([MaxLength(FieldLimits.Search)] string? search, CustomerService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.PoolAsync(search, ct)))
            .RequirePermission(SalesPermissions.PoolClaim);
        sales.MapGet("/pool/export", async ([MaxLength(FieldLimits.Search)] string? search, CustomerService svc, BranchCalendar calendar, CurrentUser user,
                    CancellationToken ct) =>
                TypedResults.File(await svc.ExportPoolAsync(search, await calendar.ViewerZoneAsync(user, ct), ct), AuditEndpoints.XlsxContentType,
                    $"pool-{DateTime.UtcNow:yyyyMMdd}.xlsx"))
            .RequirePermission(SalesPermissions.PoolExport)
            .WithSummary("The pool as the page lists it (same search), phones masked, as Excel; audited.");
        sales.MapPost("/pool/{id:guid}/claim", async (Guid id, CustomerService svc, CancellationToken ct) =>
            {
                await svc.ClaimAsync(id, ct);
                return TypedResults.NoContent();
            }).RequirePermission(SalesPermissions.PoolClaim)
            .WithSummary("Claim a pool customer. 409 when someone was faster, the limit is reached or the cooldown runs.");

        sales.MapGet("/customers/{id:guid}/timeline", async (Guid id, CustomerService customers, FollowUpService svc, CancellationToken ct) =>
            {
                var detail = await customers.DetailAsync(id, ct, recordView: false);
                return TypedResults.Ok(await svc.TimelineAsync(id, detail.Timeline, ct));
            })
            .RequirePermission(SalesPermissions.CustomerRead)
            .WithSummary("The customer's story in one list, newest first: custody, stages, follow-ups, comments and orders.");

        sales.MapPost("/customers/{id:guid}/transfer-requests", async (Guid id, TransferInput input, CustomerTransferService svc, CancellationToken ct) =>
            {
                var created = await svc.RequestAsync(id, input, ct);
                return TypedResults.Created($"/api/platform/approvals/{created.ApprovalRequestId}", created);
            }).RequirePermission(SalesPermissions.CustomerManage)
            .WithSummary("Ask to move the customer (and customerIds) to another person; custody moves when the approval is approved.");

        sales.MapPost("/customers:import", async (IFormFile file, bool? dryRun, CustomerImportService import, CancellationToken ct) =>
            {
                await using var stream = file.OpenReadStream();
                var result = await import.ImportAsync(stream, file.FileName, dryRun ?? false, ct);
                return !result.Stored && dryRun != true
                    ? Results.Json(result, statusCode: StatusCodes.Status400BadRequest)
                    : Results.Ok(result);
            }).RequirePermission(SalesPermissions.CustomerImport)
            .DisableAntiforgery() // bearer-token clients; the page imports through the service directly
            .WithSummary("Import customers from .xlsx or .csv; ?dryRun=true previews. Any bad row: 400 with the rows' errors and nothing stored.");

        sales.MapPost("/customer-exports", async (CustomerExportInput input, CustomerExportService svc, CancellationToken ct) =>
            {
                var id = await svc.RequestAsync(input.Reason, ct);
                return TypedResults.Created($"/api/sales/customer-exports/{id}", new { id });
            }).RequirePermission(SalesPermissions.CustomerExport)
            .WithSummary("Ask to export the customers of one's scope; approved by the sales manager, then the owner.");
        sales.MapGet("/customer-exports", async (CustomerExportService svc, CancellationToken ct) => TypedResults.Ok(await svc.MineAsync(ct)))
            .RequirePermission(SalesPermissions.CustomerExport)
            .WithSummary("The caller's export requests and whether each can be downloaded.");
        sales.MapGet("/customer-exports/{id:guid}/file", async (Guid id, CustomerExportService svc, CancellationToken ct) =>
            {
                var file = await svc.DownloadAsync(id, ct);
                return TypedResults.File(file.Content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file.FileName);
            }).RequirePermission(SalesPermissions.CustomerExport)
            .WithSummary("The watermarked workbook of an approved request: within 24 hours, at most 3 times; audited.");

        // Assignment rules: who gets a new customer entered without an owner.

        sales.MapGet("/assignment-rules", async (AssignmentService svc, CancellationToken ct) => TypedResults.Ok(await svc.ListAsync(ct)))
            .RequirePermission(SalesPermissions.AssignmentManage)
            .WithSummary("The assignment rules in the order they are tried.");
        sales.MapPost("/assignment-rules", async (AssignmentRuleInput input, AssignmentService svc, CancellationToken ct) =>
            {
                var id = await svc.CreateAsync(input, ct);
                return TypedResults.Created($"/api/sales/assignment-rules/{id}", new { id });
            }).RequirePermission(SalesPermissions.AssignmentManage)
            .WithSummary("Add a rule (tried last). Exactly one of targetDepartmentId and targetEmployeeId.");
        sales.MapPut("/assignment-rules/{id:guid}", async (Guid id, AssignmentRuleInput input, AssignmentService svc, CancellationToken ct) =>
            {
                await svc.UpdateAsync(id, input, ct);
                return TypedResults.NoContent();
            }).RequirePermission(SalesPermissions.AssignmentManage)
            .WithSummary("Edit or switch off a rule; 409 when someone changed it meanwhile.");
        sales.MapPost("/assignment-rules/{id:guid}/move", async (Guid id, AssignmentMoveInput input, AssignmentService svc, CancellationToken ct) =>
            {
                await svc.MoveAsync(id, input.Direction!.Value, input.Version!.Value, ct);
                return TypedResults.NoContent();
            }).RequirePermission(SalesPermissions.AssignmentManage)
            .WithSummary("Move a rule one place up (-1) or down (1).");
        sales.MapDelete("/assignment-rules/{id:guid}", async (Guid id, AssignmentService svc, CancellationToken ct) =>
            {
                await svc.DeleteAsync(id, ct);
                return TypedResults.NoContent();
            }).RequirePermission(SalesPermissions.AssignmentManage);
        sales.MapGet("/assignment-rules/preview", async ([MaxLength(50)] string? region, [MaxLength(50)] string? industry, [MaxLength(50)] string? sourceChannel, AssignmentService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.PreviewAsync(region, industry, sourceChannel, ct)))
            .RequirePermission(SalesPermissions.AssignmentManage)
            .WithSummary("Who would get a customer of this region, industry and source now; changes nothing.");
    }
}
