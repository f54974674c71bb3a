using Renhe.Modules.Org.Employees;
using Renhe.Platform.Security;

namespace Renhe.Modules.Org.Profile;

public static class ProfileEndpoints
{
    /// Self-service: one's own record and change requests, and HR deciding on them, under /api/org.
    public static void MapProfileApi(this IEndpointRouteBuilder org)
    {
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
