using System.ComponentModel.DataAnnotations;
using Renhe.Platform.Audit;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Org.Employees;

public static class EmployeeEndpoints
{
    /// The directory, employee records with their job history, and their spreadsheet import and export, under /api/org.
    public static void MapEmployeeApi(this IEndpointRouteBuilder org)
    {
        org.MapGet("/directory", async ([MaxLength(FieldLimits.Search)] string? search, Guid? departmentId, EmployeeService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.DirectoryAsync(search, departmentId, ct)))
            .RequirePermission(OrgPermissions.DirectoryRead);
        org.MapGet("/employees", async ([AsParameters] EmployeeQuery q, EmployeeService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.ListAsync(q.ToFilter(), ct)))
            .RequirePermission(OrgPermissions.EmployeeRead)
            .WithSummary("Employees within the data scope of org.employee.read, by number; narrowed by name or number, branch, department (with those below it), status and hire dates.");
        org.MapGet("/employees/{id:guid}", async (Guid id, EmployeeService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.DetailAsync(id, ct)))
            .RequirePermission(OrgPermissions.EmployeeRead);
        org.MapPost("/employees", async (EmployeeInput input, EmployeeService svc, CancellationToken ct) =>
            {
                var id = await svc.CreateAsync(input, ct);
                return TypedResults.Created($"/api/org/employees/{id}", new { id });
            }).RequirePermission(OrgPermissions.EmployeeManage);
        org.MapPut("/employees/{id:guid}", async (Guid id, EmployeeInput input, EmployeeService svc, CancellationToken ct) =>
            {
                await svc.UpdateAsync(id, input, ct);
                return TypedResults.NoContent();
            }).RequirePermission(OrgPermissions.EmployeeManage);
        org.MapPost("/employees/{id:guid}/reveal", async (Guid id, RevealInput input, EmployeeService svc, CancellationToken ct) =>
                TypedResults.Ok(new { field = input.Field, value = await svc.RevealAsync(id, input.Field!.Value, ct) }))
            .RequirePermission(OrgPermissions.EmployeeReveal)
            .WithSummary("Show one personal identifier in clear; audited.");
        org.MapGet("/employees/{id:guid}/history", async (Guid id, [DateWindow(DateKind.Report)] DateOnly? at, EmployeeService svc, CancellationToken ct) =>
                at is { } date
                    ? Results.Ok(await svc.AtAsync(id, date, ct) ?? throw new NotFoundException())
                    : Results.Ok(await svc.HistoryAsync(id, ct)))
            .RequirePermission(OrgPermissions.EmployeeRead)
            .WithSummary("Job history, newest first; with ?at=yyyy-MM-dd the record effective on that day.");
        org.MapPost("/employees/{id:guid}/job-changes", async (Guid id, JobChangeInput input, EmployeeService svc, CancellationToken ct) =>
            {
                var changeId = await svc.AddJobChangeAsync(id, input, ct);
                return TypedResults.Created($"/api/org/employees/{id}/history", new { id = changeId });
            }).RequirePermission(OrgPermissions.EmployeeManage);

        // Import and export
        org.MapGet("/employees/import-template", (EmployeeSpreadsheetService spreadsheet) =>
                TypedResults.File(spreadsheet.Template(), AuditEndpoints.XlsxContentType, "employee-import-template.xlsx"))
            .RequirePermission(OrgPermissions.EmployeeImport);
        org.MapPost("/employees/import", async (IFormFile file, bool? skipBadRows, EmployeeSpreadsheetService spreadsheet, CancellationToken ct) =>
            {
                await using var stream = file.OpenReadStream();
                var result = await spreadsheet.ImportAsync(stream, file.FileName, skipBadRows ?? false, ct);
                return result.Imported == 0 && result.Errors.Count > 0
                    ? Results.UnprocessableEntity(result)
                    : Results.Ok(result);
            })
            .RequirePermission(OrgPermissions.EmployeeImport)
            .DisableAntiforgery() // bearer-token clients; the UI uploads through the service directly
            .WithSummary("Import employees from the Excel/CSV template. 422 with row errors when nothing was imported.");
        org.MapGet("/employees/export", async ([AsParameters] EmployeeQuery q, EmployeeSpreadsheetService spreadsheet, CancellationToken ct) =>
                TypedResults.File(await spreadsheet.ExportAsync(q.ToFilter(), ct), AuditEndpoints.XlsxContentType, $"employees-{DateTime.UtcNow:yyyyMMdd}.xlsx"))
            .RequirePermission(OrgPermissions.EmployeeExport)
            .WithSummary("The employees the caller may export (data scope of org.employee.export) with the list's filters, identifiers masked; audited.");
    }
}
