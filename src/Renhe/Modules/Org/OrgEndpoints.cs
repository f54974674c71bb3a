using System.ComponentModel.DataAnnotations;
using Renhe.Platform.Audit;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Lifecycle;
using Renhe.Modules.Org.Profile;
using Renhe.Modules.Org.Structure;

namespace Renhe.Modules.Org;

public sealed record DepartmentRequest(
    [property: Required, MaxLength(100)] string Name,
    [property: Required] Guid? BranchId,
    Guid? ParentId,
    Guid? ManagerEmployeeId,
    Guid? Version)
{
    public DepartmentInput ToInput() => new(Name, BranchId!.Value, ParentId, ManagerEmployeeId);
}

public sealed record OnboardRequest([property: Required] DateOnly? HireDate, DateOnly? ProbationEnd);

public static class OrgEndpoints
{
    public static void MapOrgApi(this IEndpointRouteBuilder api)
    {
        var org = api.MapGroup("/org").WithTags("Organisation");

        // Structure
        org.MapGet("/branches", async (StructureService svc, CancellationToken ct) => TypedResults.Ok(await svc.BranchesAsync(ct)))
            .RequirePermission(OrgPermissions.StructureRead);
        org.MapPost("/branches", async (BranchInput input, StructureService svc, CancellationToken ct) =>
            {
                var id = await svc.SaveBranchAsync(null, input, ct);
                return TypedResults.Created($"/api/org/branches/{id}", new { id });
            }).RequirePermission(OrgPermissions.StructureManage);
        org.MapPut("/branches/{id:guid}", async (Guid id, BranchInput input, StructureService svc, CancellationToken ct) =>
            {
                await svc.SaveBranchAsync(id, input, ct);
                return TypedResults.NoContent();
            }).RequirePermission(OrgPermissions.StructureManage);
        org.MapGet("/departments", async (StructureService svc, CancellationToken ct) => TypedResults.Ok(await svc.DepartmentsAsync(ct)))
            .RequirePermission(OrgPermissions.StructureRead);
        org.MapPost("/departments", async (DepartmentRequest request, StructureService svc, CancellationToken ct) =>
            {
                var id = await svc.CreateDepartmentAsync(request.ToInput(), ct);
                return TypedResults.Created($"/api/org/departments/{id}", new { id });
            }).RequirePermission(OrgPermissions.StructureManage);
        org.MapPut("/departments/{id:guid}", async (Guid id, DepartmentRequest request, StructureService svc, CancellationToken ct) =>
            {
                if (request.Version is not { } version)
                    throw new DomainException("Validation.Required", "version") { Field = "version" };
                await svc.UpdateDepartmentAsync(id, request.ToInput(), version, ct);
                return TypedResults.NoContent();
            }).RequirePermission(OrgPermissions.StructureManage);
        org.MapDelete("/departments/{id:guid}", async (Guid id, StructureService svc, CancellationToken ct) =>
            {
                await svc.DeleteDepartmentAsync(id, ct);
                return TypedResults.NoContent();
            }).RequirePermission(OrgPermissions.StructureManage);
        org.MapGet("/positions", async (Guid? departmentId, StructureService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.PositionsAsync(departmentId, ct)))
            .RequirePermission(OrgPermissions.StructureRead);
        org.MapPost("/positions", async (PositionInput input, StructureService svc, CancellationToken ct) =>
            {
                var id = await svc.CreatePositionAsync(input, ct);
                return TypedResults.Created($"/api/org/positions/{id}", new { id });
            }).RequirePermission(OrgPermissions.StructureManage);
        org.MapGet("/chart", async (StructureService svc, CancellationToken ct) => TypedResults.Ok(await svc.ChartAsync(ct)))
            .RequirePermission(OrgPermissions.StructureRead);
        org.MapGet("/directory", async (string? search, Guid? departmentId, EmployeeService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.DirectoryAsync(search, departmentId, ct)))
            .RequirePermission(OrgPermissions.DirectoryRead);

        // Employees
        org.MapGet("/employees", async (string? search, EmployeeService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.ListAsync(search, ct)))
            .RequirePermission(OrgPermissions.EmployeeRead);
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
        org.MapGet("/employees/{id:guid}/history", async (Guid id, DateOnly? at, EmployeeService svc, CancellationToken ct) =>
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

        // Lifecycle
        org.MapPost("/employees/{id:guid}/onboard", async (Guid id, OnboardRequest request, LifecycleService svc, CancellationToken ct) =>
            {
                await svc.OnboardAsync(id, request.HireDate!.Value, request.ProbationEnd, ct);
                return TypedResults.NoContent();
            }).RequirePermission(OrgPermissions.EmployeeManage);
        org.MapPost("/employees/{id:guid}/regularise", async (Guid id, DateInput input, LifecycleService svc, CancellationToken ct) =>
            {
                await svc.RegulariseAsync(id, input.Date!.Value, ct);
                return TypedResults.NoContent();
            }).RequirePermission(OrgPermissions.EmployeeManage);
        org.MapPost("/employees/{id:guid}/leave", async (Guid id, LeaveInput input, LifecycleService svc, CancellationToken ct) =>
            {
                await svc.LeaveAsync(id, input, ct);
                return TypedResults.NoContent();
            }).RequirePermission(OrgPermissions.EmployeeManage);
        org.MapGet("/employees/{id:guid}/checklist", async (Guid id, LifecycleService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.ChecklistAsync(id, ct)))
            .RequirePermission(OrgPermissions.EmployeeRead);
        org.MapPost("/employees/{id:guid}/checklist", async (Guid id, ChecklistItemInput input, LifecycleService svc, CancellationToken ct) =>
            {
                var itemId = await svc.AddChecklistItemAsync(id, input, ct);
                return TypedResults.Created($"/api/org/employees/{id}/checklist", new { id = itemId });
            }).RequirePermission(OrgPermissions.EmployeeManage);
        org.MapPost("/checklist-items/{id:guid}/done", async (Guid id, LifecycleService svc, CancellationToken ct) =>
            {
                await svc.CompleteChecklistItemAsync(id, ct);
                return TypedResults.NoContent();
            }).RequirePermission(OrgPermissions.EmployeeRead);

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
        org.MapGet("/employees/export", async (string? search, EmployeeSpreadsheetService spreadsheet, CancellationToken ct) =>
                TypedResults.File(await spreadsheet.ExportAsync(search, ct), AuditEndpoints.XlsxContentType, $"employees-{DateTime.UtcNow:yyyyMMdd}.xlsx"))
            .RequirePermission(OrgPermissions.EmployeeExport)
            .WithSummary("The employees the caller may export (data scope of org.employee.export), identifiers masked; audited.");

        // Self-service
        org.MapGet("/me", async (ProfileService profile, EmployeeService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.DetailAsync(await profile.MyEmployeeIdAsync(ct), ct)))
            .RequirePermission(OrgPermissions.ProfileRequest);
        org.MapGet("/me/change-requests", async (ProfileService profile, CancellationToken ct) =>
                TypedResults.Ok(await profile.ListAsync(mine: true, null, ct)))
            .RequirePermission(OrgPermissions.ProfileRequest);
        org.MapPost("/me/change-requests", async (ProfileChangeInput input, ProfileService profile, CancellationToken ct) =>
            {
                var id = await profile.RequestAsync(input, ct);
                return TypedResults.Created($"/api/org/change-requests/{id}", new { id });
            }).RequirePermission(OrgPermissions.ProfileRequest);
        org.MapGet("/change-requests", async (RequestStatus? status, ProfileService profile, CancellationToken ct) =>
                TypedResults.Ok(await profile.ListAsync(mine: false, status, ct)))
            .RequirePermission(OrgPermissions.ProfileApprove);
        org.MapPost("/change-requests/{id:guid}/approve", async (Guid id, ProfileService profile, CancellationToken ct) =>
            {
                await profile.DecideAsync(id, approve: true, null, ct);
                return TypedResults.NoContent();
            }).RequirePermission(OrgPermissions.ProfileApprove);
        org.MapPost("/change-requests/{id:guid}/reject", async (Guid id, DecisionInput input, ProfileService profile, CancellationToken ct) =>
            {
                await profile.DecideAsync(id, approve: false, input.Reason, ct);
                return TypedResults.NoContent();
            }).RequirePermission(OrgPermissions.ProfileApprove);
    }
}
