using Renhe.Modules.Org;
using Renhe.Platform.Security;

namespace Renhe.Modules.Sales;

public sealed record ReleaseInput(string? Note);

public static class SalesEndpoints
{
    public static void MapSalesApi(this IEndpointRouteBuilder api)
    {
        var sales = api.MapGroup("/sales").WithTags("Sales");

        sales.MapGet("/customers", async (string? search, CustomerStage? stage, Guid? ownerId, string? lostReason, int? page, int? pageSize,
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
            .WithSummary("Enter a customer. 409 naming the current owner when the phone or WeCom id is already a customer.");
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

        sales.MapGet("/pool", async (string? search, CustomerService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.PoolAsync(search, ct)))
            .RequirePermission(SalesPermissions.PoolClaim);
        sales.MapPost("/pool/{id:guid}/claim", async (Guid id, CustomerService svc, CancellationToken ct) =>
            {
                await svc.ClaimAsync(id, ct);
                return TypedResults.NoContent();
            }).RequirePermission(SalesPermissions.PoolClaim)
            .WithSummary("Claim a pool customer. 409 when someone was faster, the limit is reached or the cooldown runs.");
    }
}
