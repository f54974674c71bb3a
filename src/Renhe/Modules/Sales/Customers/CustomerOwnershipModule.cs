using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Renhe.Platform.Approvals;
using Renhe.Platform.Localization;
using Renhe.Platform.Security;
using Renhe.Platform.Ui;

namespace Renhe.Modules.Sales.Customers;

/// Customer ownership: assignment rules, the automatic return to the pool, transfers, import and export.
public static class CustomerOwnershipModule
{
    public static IServiceCollection AddCustomerOwnership(this IServiceCollection services)
    {
        services.AddScoped<AssignmentService>();
        services.AddScoped<PoolReturnService>();
        services.AddScoped<CustomerTransferService>();
        services.AddScoped<CustomerImport>();
        services.AddScoped<CustomerExportService>();
        services.AddApprovalHandler<CustomerTransferHandler>();
        services.AddApprovalHandler<CustomerExportHandler>();
        services.AddHostedService<PoolReturnJob>();
        services.AddNavItems(
            new NavItem("Nav.AssignmentRules", "/sales/assignment-rules", MudBlazor.Icons.Material.Filled.AltRoute, SalesPermissions.AssignmentManage, 56));
        return services;
    }

    public static void MapCustomerOwnershipApi(this IEndpointRouteBuilder api)
    {
        var sales = api.MapGroup("/sales").WithTags("Sales");

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
        sales.MapGet("/assignment-rules/preview", async (string? region, string? industry, string? sourceChannel, AssignmentService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.PreviewAsync(region, industry, sourceChannel, ct)))
            .RequirePermission(SalesPermissions.AssignmentManage)
            .WithSummary("Who would get a customer of this region, industry and source now; changes nothing.");

        sales.MapPost("/customers/{id:guid}/transfer-requests", async (Guid id, TransferInput input, CustomerTransferService svc, CancellationToken ct) =>
            {
                var created = await svc.RequestAsync(id, input, ct);
                return TypedResults.Created($"/api/platform/approvals/{created.ApprovalRequestId}", created);
            }).RequirePermission(SalesPermissions.CustomerManage)
            .WithSummary("Ask to move the customer (and customerIds) to another person; custody moves when the approval is approved.");

        sales.MapPost("/customers:import", async (IFormFile file, bool? dryRun, CustomerImport import, CancellationToken ct) =>
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
    }
}
