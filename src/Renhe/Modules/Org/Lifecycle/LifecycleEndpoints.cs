using Renhe.Platform.Security;

namespace Renhe.Modules.Org.Lifecycle;

public static class LifecycleEndpoints
{
    /// Onboarding, regularisation, leaving and the checklists, under /api/org.
    public static void MapLifecycleApi(this IEndpointRouteBuilder org)
    {
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
    }
}
