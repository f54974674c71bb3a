using Renhe.Modules.Org.Employees;
using Renhe.Platform;
using Renhe.Platform.Security;

namespace Renhe.Modules.Org.Profile;

public static class ProfileEndpoints
{
    /// Self-service: one's own record and change requests, under /api/org. The decision on a request
    /// is its approval's, under /api/platform/approvals.
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
                var created = await profile.RequestAsync(input, ct);
                return TypedResults.Created($"/api/org/change-requests/{created.Id}", created);
            })
            .RequirePermission(OrgPermissions.ProfileRequest)
            .WithSummary("Ask to change one's own phone, bank account or emergency contact; submitted for approval (org.profile-change).");
        org.MapGet("/change-requests", async (RequestStatus? status, ProfileService profile, CancellationToken ct) =>
                TypedResults.Ok(await profile.ListAsync(mine: false, status, ct)))
            .RequirePermission(OrgPermissions.ProfileApprove)
            .WithSummary("Every request within the scope of org.profile.approve, newest first, with its approval.");
        org.MapGet("/change-requests/{id:guid}", async (Guid id, ProfileService profile, CancellationToken ct) =>
                TypedResults.Ok(await profile.ViewAsync(id, ct)))
            .RequirePermission(PlatformPermissions.ApprovalAct)
            .WithSummary("One request as its approvers see it: the field, its current and its new value, masked.");
        org.MapPost("/change-requests/{id:guid}/reveal", async (Guid id, ProfileRevealInput input, ProfileService profile, CancellationToken ct) =>
                TypedResults.Ok(new { value = await profile.RevealAsync(id, input.Value!.Value, ct) }))
            .RequirePermission(OrgPermissions.EmployeeReveal)
            .WithSummary("Show a request's current or new value in clear; audited.");
    }
}
