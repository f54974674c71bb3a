using Renhe.Platform.Time;
using Renhe.Platform.Audit;
using Renhe.Platform.Security;

namespace Renhe.Modules.Sales.Orders;

public static class OrderEndpoints
{
    public static void MapOrders(this IEndpointRouteBuilder api)
    {
        var sales = api.MapGroup("/sales").WithTags("Sales");

        sales.MapGet("/products", async (bool? includeInactive, ProductService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.ListAsync(includeInactive ?? false, ct)))
            .RequirePermission(SalesPermissions.OrderRead)
            .WithSummary("The price list (active products; includeInactive=true for all).");
        sales.MapPost("/products", async (ProductInput input, ProductService svc, CancellationToken ct) =>
            {
                var id = await svc.CreateAsync(input, ct);
                return TypedResults.Created($"/api/sales/products/{id}", new { id });
            }).RequirePermission(SalesPermissions.ProductManage)
            .WithSummary("Add a product; the price in yuan. 409 when the code exists.");
        sales.MapPut("/products/{id:guid}", async (Guid id, ProductInput input, ProductService svc, CancellationToken ct) =>
            {
                await svc.UpdateAsync(id, input, ct);
                return TypedResults.NoContent();
            }).RequirePermission(SalesPermissions.ProductManage)
            .WithSummary("Edit, deactivate (active=false) or restock a product; 409 when the version is stale.");
        sales.MapGet("/products/export", async (ProductService svc, CancellationToken ct) =>
                TypedResults.File(await svc.ExportAsync(ct), AuditEndpoints.XlsxContentType, $"products-{DateTime.UtcNow:yyyyMMdd}.xlsx"))
            .RequirePermission(SalesPermissions.OrderRead)
            .WithSummary("The price list as Excel; audited.");

        sales.MapGet("/discount-limits", async (DiscountLimitService svc, CancellationToken ct) => TypedResults.Ok(await svc.ListAsync(ct)))
            .RequirePermission(SalesPermissions.DiscountManage);
        sales.MapGet("/discount-limits/mine", async (DiscountLimitService svc, CancellationToken ct) =>
                TypedResults.Ok(new { maxPercent = await svc.MineAsync(ct) }))
            .RequirePermission(SalesPermissions.OrderCreate)
            .WithSummary("The caller's own discount limit in percent of the list total.");
        sales.MapPut("/discount-limits", async (DiscountLimitInput input, DiscountLimitService svc, CancellationToken ct) =>
            {
                await svc.SetAsync(input, ct);
                return TypedResults.NoContent();
            }).RequirePermission(SalesPermissions.DiscountManage)
            .WithSummary("Set a role's limit (role) or one person's override (employeeId).");
        sales.MapDelete("/discount-limits/{id:guid}", async (Guid id, DiscountLimitService svc, CancellationToken ct) =>
            {
                await svc.DeleteAsync(id, ct);
                return TypedResults.NoContent();
            }).RequirePermission(SalesPermissions.DiscountManage);

        sales.MapGet("/orders", async (OrderStatus? status, OrderService svc, CancellationToken ct) => TypedResults.Ok(await svc.ListAsync(status, ct)))
            .RequirePermission(SalesPermissions.OrderRead)
            .WithSummary("Orders in the caller's scope, newest first, optionally of one status.");
        sales.MapGet("/orders/export", async (OrderStatus? status, OrderService svc, BranchCalendar calendar, CurrentUser user, CancellationToken ct) =>
                TypedResults.File(await svc.ExportAsync(status, await calendar.ViewerZoneAsync(user, ct), ct), AuditEndpoints.XlsxContentType,
                    $"orders-{DateTime.UtcNow:yyyyMMdd}.xlsx"))
            .RequirePermission(SalesPermissions.OrderExport)
            .WithSummary("Orders within the export scope as Excel; audited.");
        sales.MapGet("/orders/customers", async (OrderService svc, CancellationToken ct) => TypedResults.Ok(await svc.CustomersAsync(ct)))
            .RequirePermission(SalesPermissions.OrderCreate)
            .WithSummary("Customers the caller may write an order for.");
        sales.MapGet("/orders/{id:guid}", async (Guid id, OrderService svc, CancellationToken ct) => TypedResults.Ok(await svc.DetailAsync(id, ct)))
            .RequirePermission(SalesPermissions.OrderRead)
            .WithSummary("One order with its lines, approval history and refunds.");
        // Under the approvals centre's permission, not sales.order.read: an approver may hold no
        // order permission at all (a delegated step); the service decides who sees which order.
        sales.MapGet("/order-approvals/{requestId:guid}", async (Guid requestId, OrderService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.ApprovalViewAsync(requestId, ct)))
            .RequirePermission(Renhe.Platform.PlatformPermissions.ApprovalAct)
            .WithSummary("The order behind an approval request, as its approver sees it: customer, lines, discount and the salesperson's limit.");
        sales.MapPost("/orders", async (OrderInput input, OrderService svc, CancellationToken ct) =>
            {
                var id = await svc.CreateAsync(input, ct);
                return TypedResults.Created($"/api/sales/orders/{id}", new { id });
            }).RequirePermission(SalesPermissions.OrderCreate)
            .WithSummary("Save a draft; prices come from the price list.");
        sales.MapPut("/orders/{id:guid}", async (Guid id, OrderInput input, OrderService svc, CancellationToken ct) =>
            {
                await svc.UpdateAsync(id, input, ct);
                return TypedResults.NoContent();
            }).RequirePermission(SalesPermissions.OrderCreate)
            .WithSummary("Edit a draft or returned order; 409 when the version is stale.");
        sales.MapPost("/orders/{id:guid}/submit", async (Guid id, OrderVersionInput input, OrderService svc, CancellationToken ct) =>
            {
                await svc.SubmitAsync(id, input.Version!.Value, ct);
                return TypedResults.NoContent();
            }).RequirePermission(SalesPermissions.OrderCreate)
            .WithSummary("Check the order (customer data, price list, discount limit, stock) and send it to approval.");
        sales.MapPost("/orders/{id:guid}/withdraw", async (Guid id, OrderVersionInput input, OrderService svc, CancellationToken ct) =>
            {
                await svc.WithdrawAsync(id, input.Version!.Value, ct);
                return TypedResults.NoContent();
            }).RequirePermission(SalesPermissions.OrderCreate);
        sales.MapPost("/orders/{id:guid}/refund", async (Guid id, OrderAdjustmentInput input, OrderService svc, CancellationToken ct) =>
            {
                await svc.RefundAsync(id, input, ct);
                return TypedResults.NoContent();
            }).RequirePermission(SalesPermissions.OrderRefund)
            .WithSummary("Record a refund of an effective order, up to what is left of it.");
        sales.MapPost("/orders/{id:guid}/cancel", async (Guid id, OrderAdjustmentInput input, OrderService svc, CancellationToken ct) =>
            {
                await svc.CancelAsync(id, input, ct);
                return TypedResults.NoContent();
            }).RequirePermission(SalesPermissions.OrderRefund)
            .WithSummary("Cancel what is left of an effective order.");
    }
}
