using System.ComponentModel.DataAnnotations;
using Renhe.Platform.Audit;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;

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

public static class OrgEndpoints
{
    public static void MapOrgApi(this IEndpointRouteBuilder api)
    {
        var org = api.MapGroup("/org").WithTags("Organisation");
        org.MapGet("/branches", async (OrgService svc, CancellationToken ct) => TypedResults.Ok(await svc.BranchesAsync(ct)))
            .RequirePermission(OrgPermissions.StructureRead);
        org.MapGet("/departments", async (OrgService svc, CancellationToken ct) => TypedResults.Ok(await svc.DepartmentsAsync(ct)))
            .RequirePermission(OrgPermissions.StructureRead);
        org.MapPost("/departments", async (DepartmentRequest request, OrgService svc, CancellationToken ct) =>
            {
                var id = await svc.CreateDepartmentAsync(request.ToInput(), ct);
                return TypedResults.Created($"/api/org/departments/{id}", new { id });
            })
            .RequirePermission(OrgPermissions.DepartmentManage);
        org.MapPut("/departments/{id:guid}", async (Guid id, DepartmentRequest request, OrgService svc, CancellationToken ct) =>
            {
                if (request.Version is not { } version)
                    throw new DomainException("Validation.Required", "version") { Field = "version" };
                await svc.UpdateDepartmentAsync(id, request.ToInput(), version, ct);
                return TypedResults.NoContent();
            })
            .RequirePermission(OrgPermissions.DepartmentManage);
        org.MapGet("/employees", async (string? search, OrgService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.EmployeesAsync(search, ct)))
            .RequirePermission(OrgPermissions.EmployeeRead);
        org.MapGet("/employees/export", async (string? search, EmployeeExport export, CancellationToken ct) =>
                TypedResults.File(await export.ExportAsync(search, ct), AuditEndpoints.XlsxContentType,
                    $"employees-{DateTime.UtcNow:yyyyMMdd-HHmm}.xlsx"))
            .RequirePermission(OrgPermissions.EmployeeRead)
            .WithSummary("The employees the caller may see, as an Excel workbook (recorded in the audit log).");
        org.MapGet("/employees/{id:guid}", async (Guid id, OrgService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.EmployeeAsync(id, ct)))
            .RequirePermission(OrgPermissions.EmployeeRead);
    }
}
