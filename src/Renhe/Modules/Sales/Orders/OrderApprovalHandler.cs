using Renhe.Modules.Sales.Customers;
using Microsoft.EntityFrameworkCore;
using Renhe.Platform.Approvals;
using Renhe.Platform.Data;
using Renhe.Platform.Problems;

namespace Renhe.Modules.Sales.Orders;

/// What the end of an order's approval (销售主管 → 财务) does. Runs inside the engine's
/// transaction, so an order becomes effective, its stock is taken and its customer moves on
/// exactly when the approval is recorded, and of two simultaneous approvals only one does any of it.
public sealed class OrderApprovalHandler(TimeProvider clock) : IApprovalHandler
{
    public const string Type = "sales.order";

    public string RequestType => Type;

    public string DisplayNameKey => "ApprovalType.sales.order";

    public string? SubjectLink(ApprovalRequest request) => $"/sales/orders/{request.SubjectId}";

    public Type? SubjectComponent => typeof(Pages.OrderApprovalSubject);

    /// Finance approved: the order counts. Stock is taken where tracked (checked again: it may have
    /// gone since submission), the order is a repurchase when the customer already had an effective
    /// order, and the customer moves to 下单 or 复购 — never backwards, and a lost customer who
    /// orders is a customer again.
    public async Task OnApprovedAsync(ApprovalRequest request, AppDbContext db, CancellationToken ct)
    {
        var order = await OrderAsync(request, db, ct);
        // A returned order sent on from the approvals centre instead of the order page skipped the
        // order's checks (and may have been edited since): it must be submitted from the order page.
        if (order.Status != OrderStatus.Submitted)
            throw new DomainException("Sales.Order.ResubmitFromOrder") { StatusCode = StatusCodes.Status409Conflict };
        var now = clock.GetUtcNow();
        var ids = order.Lines.Select(l => l.ProductId).Distinct().ToList();
        var products = await db.Products.Where(p => ids.Contains(p.Id) && p.TrackStock).ToListAsync(ct);
        foreach (var product in products)
        {
            var wanted = order.Lines.Where(l => l.ProductId == product.Id).Sum(l => l.Quantity);
            if (wanted > product.Stock)
                throw new DomainException("Sales.Order.OutOfStock", product.Name, product.Stock, wanted) { StatusCode = StatusCodes.Status409Conflict };
            product.Stock -= wanted;
        }

        var before = await db.Orders.AnyAsync(o => o.CustomerId == order.CustomerId && o.Id != order.Id && o.Status == OrderStatus.Effective, ct);
        order.IsRepurchase = before;
        order.Status = OrderStatus.Effective;
        order.EffectiveAt = now;

        var customer = await db.Customers.SingleAsync(c => c.Id == order.CustomerId, ct);
        // The approver who finished the flow, from the action the engine is about to save.
        var approval = db.ChangeTracker.Entries<ApprovalAction>().Select(e => e.Entity)
            .LastOrDefault(a => a.RequestId == request.Id && a.Kind == ApprovalActionKind.Approved);
        if (customer.RecordEffectiveOrder(before, new ChangedBy(approval?.ByUserId, approval?.ByName), now) is { } change)
            db.StageChanges.Add(change);
    }

    public async Task OnRejectedAsync(ApprovalRequest request, AppDbContext db, CancellationToken ct) =>
        Set(await OrderAsync(request, db, ct), OrderStatus.Rejected);

    public async Task OnReturnedAsync(ApprovalRequest request, AppDbContext db, CancellationToken ct) =>
        Set(await OrderAsync(request, db, ct), OrderStatus.Returned);

    public async Task OnWithdrawnAsync(ApprovalRequest request, AppDbContext db, CancellationToken ct) =>
        Set(await OrderAsync(request, db, ct), OrderStatus.Withdrawn);

    private static void Set(Order order, OrderStatus status)
    {
        order.Status = status;
    }

    private static async Task<Order> OrderAsync(ApprovalRequest request, AppDbContext db, CancellationToken ct)
    {
        var order = await db.Orders.Include(o => o.Lines).SingleOrDefaultAsync(o => o.Id == request.SubjectId, ct)
                    ?? throw new NotFoundException();
        if (order.Status is not (OrderStatus.Submitted or OrderStatus.Returned))
            throw new DomainException("Sales.Order.NotInApproval") { StatusCode = StatusCodes.Status409Conflict };
        return order;
    }
}
