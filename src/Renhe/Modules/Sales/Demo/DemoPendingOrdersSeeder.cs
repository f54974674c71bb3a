using Renhe.Platform.Formatting;
using Renhe.Modules.Sales.Customers;
using Renhe.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Sales.Orders;
using Renhe.Platform.Approvals;
using Renhe.Platform.Data;

namespace Renhe.Modules.Sales.Demo;

/// Orders in flight on the demo's first morning, sent through the real approval flow so the
/// approvals centre shows what a sales manager and finance actually decide: 张三's and 李晓's
/// new orders wait for 张经理, and a repurchase of 张三's that 张经理 approved yesterday waits
/// for 刘芳. Needs the hand-entered customers and the price list. A second run stores nothing.
public sealed class DemoPendingOrdersSeeder(IDbContextFactory<AppDbContext> dbFactory, ApprovalService approvals, TimeProvider clock, BranchCalendar calendar,
    ILogger<DemoPendingOrdersSeeder> log)
{
    private sealed record Seed(string UserName, string Customer, (string Code, int Quantity)[] Lines, long DiscountFen, string? Note,
        int HoursAgo, string? ManagerComment = null);

    private static readonly Seed[] Seeds =
    [
        new("zhangsan", "刘丽华", [("SAAS-PRO", 1), ("SVC-SETUP", 1)], 800_00, "客户要求本月内完成开店，已口头确认", 3),
        new("xiaoli", "马美玲", [("SAAS-BASIC", 1), ("TRN-CAMP", 2)], 0, null, 1),
        new("zhangsan", "王建华", [("SVC-OPS-M", 3)], 1_000_00, "老客户续约一个季度", 26, ManagerComment: "老客户续约，折扣在权限内，同意"),
    ];

    public async Task<int> SeedAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Orders.AnyAsync(o => o.Status == OrderStatus.Submitted, ct)) return 0;
        var users = await db.Users.AsNoTracking().Where(u => u.UserName == "zhangsan" || u.UserName == "xiaoli" || u.UserName == "salesmgr")
            .ToDictionaryAsync(u => u.UserName!, u => (u.Id, u.EmployeeId), ct);
        var products = await db.Products.AsNoTracking().ToDictionaryAsync(p => p.Code, ct);
        var now = clock.GetUtcNow();
        var count = 0;
        foreach (var seed in Seeds)
        {
            if (!users.TryGetValue(seed.UserName, out var user) || user.EmployeeId is not { } salesperson) continue;
            var customer = await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Name == seed.Customer && c.OwnerId == salesperson, ct);
            if (customer is null || seed.Lines.Any(l => !products.ContainsKey(l.Code))) continue;

            var order = new Order
            {
                Number = await OrderService.NextNumberAsync(db, now, await calendar.CompanyZoneAsync(ct), ct), CustomerId = customer.Id, SalespersonId = salesperson,
                Status = OrderStatus.Submitted, Note = seed.Note, CreatedAt = now.AddHours(-seed.HoursAgo - 1), SubmittedAt = now.AddHours(-seed.HoursAgo),
                DiscountFen = seed.DiscountFen,
            };
            foreach (var (code, quantity) in seed.Lines)
            {
                var p = products[code];
                order.Lines.Add(new OrderLine
                {
                    OrderId = order.Id, ProductId = p.Id, ProductName = p.Name, UnitPriceFen = p.PriceFen, Quantity = quantity,
                    AmountFen = OrderRules.LineAmount(p.PriceFen, quantity),
                });
            }
            order.ListTotalFen = order.Lines.Sum(l => l.AmountFen);
            order.TotalFen = OrderRules.Total(order.ListTotalFen, order.DiscountFen);
            db.Orders.Add(order);
            await db.SaveChangesAsync(ct);

            var requestId = await approvals.SubmitForAsync(user.Id, OrderApprovalHandler.Type, order.Id,
                OrderRules.ApprovalTitle(order.Number, customer.Name, order.TotalFen), MoneyFormat.ToYuan(order.TotalFen), ct);
            await db.Orders.Where(o => o.Id == order.Id).ExecuteUpdateAsync(s => s.SetProperty(o => o.ApprovalRequestId, requestId), ct);
            if (seed.ManagerComment is { } comment && users.TryGetValue("salesmgr", out var manager))
            {
                var version = await db.ApprovalRequests.AsNoTracking().Where(r => r.Id == requestId).Select(r => r.Version).SingleAsync(ct);
                await approvals.ApproveForAsync(manager.Id, requestId, new ApprovalActionInput { Version = version, Comment = comment }, ct);
            }
            count++;
        }
        log.LogInformation("Demo: {Count} orders waiting for approval", count);
        return count;
    }
}
