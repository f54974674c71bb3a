using Renhe.Platform.Audit;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;

namespace Renhe.Modules.Org.Structure;

public static class StructureEndpoints
{
    /// Branches, departments, positions and the org chart, under /api/org.
    public static void MapStructureApi(this IEndpointRouteBuilder org)
    {
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
        org.MapGet("/departments/export", async (StructureService svc, CancellationToken ct) =>
                TypedResults.File(await svc.ExportAsync(ct), AuditEndpoints.XlsxContentType, $"org-structure-{DateTime.UtcNow:yyyyMMdd}.xlsx"))
            .RequirePermission(OrgPermissions.StructureRead)
            .WithSummary("The org chart as Excel: branch, department, parent, manager and head counts per department; audited.");
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
    }
}
