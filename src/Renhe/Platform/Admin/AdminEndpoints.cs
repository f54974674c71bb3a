using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Renhe.Platform.Audit;
using Renhe.Platform.Security;
using Renhe.Platform.Validation;

namespace Renhe.Platform.Admin;

public sealed record SetGrantsRequest([property: Required, MaxLength(500)] List<GrantDto> Grants);

public sealed record CreateRoleRequest([property: Required, MaxLength(50)] string Name);

public sealed record SecondFactorRequest(bool Required);

public sealed record CreateUserRequest(
    [property: Required, MaxLength(64)] string UserName,
    [property: Required, MaxLength(100)] string DisplayName,
    [property: Required, MaxLength(128)] string Password,
    [property: MaxLength(20), ItemMaxLength(64)] List<string>? Roles,
    Guid? EmployeeId);

public sealed record SetRolesRequest([property: Required, MaxLength(20), ItemMaxLength(64)] List<string> Roles);

public sealed record SetEmployeeRequest(Guid? EmployeeId);

public static class AdminEndpoints
{
    public static void MapAdmin(this IEndpointRouteBuilder api)
    {
        var roles = api.MapGroup("/platform/roles").WithTags("Roles");
        roles.MapGet("", async (RoleAdminService svc, CancellationToken ct) => TypedResults.Ok(await svc.ListAsync(ct)))
            .RequirePermission(PlatformPermissions.RoleRead);
        roles.MapPost("", async (CreateRoleRequest request, RoleAdminService svc, CancellationToken ct) =>
            {
                var id = await svc.CreateRoleAsync(request.Name, ct);
                return TypedResults.Created($"/api/platform/roles/{id}", new { id });
            })
            .RequirePermission(PlatformPermissions.RoleManage);
        roles.MapPut("/{id:guid}/grants", async (Guid id, SetGrantsRequest request, RoleAdminService svc, CancellationToken ct) =>
            {
                await svc.SetGrantsAsync(id, request.Grants, ct);
                return TypedResults.NoContent();
            })
            .RequirePermission(PlatformPermissions.RoleManage);

        var permissions = api.MapGroup("/platform/permissions").WithTags("Roles");
        permissions.MapGet("", async (RoleAdminService svc, CancellationToken ct) => TypedResults.Ok(await svc.PermissionsAsync(ct)))
            .RequirePermission(PlatformPermissions.RoleRead);
        permissions.MapPut("/{id}/second-factor", async (string id, SecondFactorRequest request, RoleAdminService svc, CancellationToken ct) =>
            {
                await svc.SetSecondFactorAsync(id, request.Required, ct);
                return TypedResults.NoContent();
            })
            .RequirePermission(PlatformPermissions.RoleManage);

        var users = api.MapGroup("/platform/users").WithTags("Users");
        users.MapGet("", async (UserAdminService svc, CancellationToken ct) => TypedResults.Ok(await svc.ListAsync(ct)))
            .RequirePermission(PlatformPermissions.UserRead);
        users.MapGet("/export", async (UserExport export, CancellationToken ct) =>
                TypedResults.File(await export.ExportAsync(ct), AuditEndpoints.XlsxContentType, $"users-{DateTime.UtcNow:yyyyMMdd-HHmm}.xlsx"))
            .RequirePermission(PlatformPermissions.UserRead)
            .WithSummary("The user list as an Excel workbook (recorded in the audit log).");
        users.MapPost("", async (CreateUserRequest request, UserAdminService svc, CancellationToken ct) =>
            {
                var id = await svc.CreateAsync(request.UserName, request.DisplayName, request.Password, request.Roles ?? [], request.EmployeeId, ct);
                return TypedResults.Created($"/api/platform/users/{id}", new { id });
            })
            .RequirePermission(PlatformPermissions.UserManage);
        users.MapPut("/{id:guid}/roles", async (Guid id, SetRolesRequest request, UserAdminService svc, CancellationToken ct) =>
            {
                await svc.SetRolesAsync(id, request.Roles, ct);
                return TypedResults.NoContent();
            })
            .RequirePermission(PlatformPermissions.UserManage);
        users.MapPut("/{id:guid}/employee", async (Guid id, SetEmployeeRequest request, UserAdminService svc, CancellationToken ct) =>
            {
                await svc.SetEmployeeAsync(id, request.EmployeeId, ct);
                return TypedResults.NoContent();
            })
            .RequirePermission(PlatformPermissions.UserManage)
            .WithSummary("Link the account to the employee it belongs to (null unlinks).");
        users.MapPost("/{id:guid}/unlock", async (Guid id, UserAdminService svc, CancellationToken ct) =>
            {
                await svc.UnlockAsync(id, ct);
                return TypedResults.NoContent();
            })
            .RequirePermission(PlatformPermissions.UserManage);
    }
}
