using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Commission.Statements;
using Renhe.Modules.Sales.Customers;
using Renhe.Modules.Sales.Orders;
using Renhe.Platform.Data;
using Renhe.Platform.Measures;
using Renhe.Platform.Time;

namespace Renhe.Modules.Commission.Demo;

/// The demo's current month, shaped so the performance panel has its story (issue's Demo section):
/// 张三 at 4 % + 1 % (conversion ≥ 25 %, repurchase ≥ 30 %) and a salesperson — 李四, else 李晓,
/// else anyone in 销售部 — whose navigator says "再完成 2 单（来自意向客户）…". It closes deals the
/// history left open: intent customers of the person's conversion base order, customers of the
/// repurchase base order again, each an effective order from the price list recorded on the
/// customer as the approval of an order records it (<see cref="Customer.RecordEffectiveOrder"/>),
/// at a working moment of this month before now. Goal-directed, so a second run (or a month where
/// the history already tells the story) stores nothing.
public sealed class DemoCommissionMonthSeeder(IDbContextFactory<AppDbContext> dbs, BranchCalendar calendar, ILogger<DemoCommissionMonthSeeder> log)
{
    public async Task<int> SeedAsync(CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var zone = await calendar.CompanyZoneAsync(ct);
        var month = BranchCalendar.FirstOfMonth(calendar.Today(zone));
        if (await db.CommissionMonths.AnyAsync(m => m.Month == month, ct)) return 0;
        var products = await db.Products.AsNoTracking().Where(p => p.Active).OrderBy(p => p.Code).ToListAsync(ct);
        if (products.Count == 0) return 0;
        var names = await db.Employees.AsNoTracking().Select(e => new { e.Id, e.Name }).ToListAsync(ct);
        var created = 0;

        // 张三: conversion to the top tier, repurchase to the add-on.
        if (names.FirstOrDefault(e => e.Name == "张三") is { } zhang
            && await MonthAsync(db, month, zone, zhang.Id, ct) is { } zm)
        {
            var rules = zm.Plan.Rules;
            var top = rules.TierMeasure == Plans.CommissionMeasure.Conversion && rules.Tiers.Count > 0 ? rules.Tiers[^1].Threshold : 2500;
            // New customers who order at once (获取 straight to an order counts in D and in N), so
            // the intent → order rates the sales history was generated with stay as they were.
            var walkIns = 0;
            while (!new Rate(zm.Measures.Conversion.Numerator + walkIns, zm.Measures.Conversion.Denominator + walkIns).Meets(top) && walkIns < MaxWalkIns)
                walkIns++;
            for (var i = 0; i < walkIns; i++)
                created += await WalkInAsync(db, zm, WalkIns[i % WalkIns.Length], products, zone, ct);
            var addOn = rules.AddOns.FirstOrDefault(a => a.Measure == Plans.CommissionMeasure.Repurchase)?.Threshold ?? 3000;
            var (okR, _, repurchases, _) = TierNavigator.Needed(zm.Measures, Plans.CommissionMeasure.Repurchase, addOn, 0);
            if (okR && !zm.Measures.Repurchase.Meets(addOn))
                created += await RepurchaseAsync(db, zm, repurchases, products, zone, ct);
        }

        // Someone two orders from their next conversion tier: each order from an intent customer
        // lowers every missing tier's count by one, so close deals until one of them reads 2.
        var twoAway = false;
        foreach (var name in new[] { "李四", "李晓" })
        {
            if (names.FirstOrDefault(e => e.Name == name) is not { } person) continue;
            for (var guard = 0; guard < 5; guard++)
            {
                if (await MonthAsync(db, month, zone, person.Id, ct) is not { } pm) break;
                var needs = pm.Plan.Rules.Tiers.Where(t => pm.Plan.Rules.TierMeasure == Plans.CommissionMeasure.Conversion && !pm.Measures.Conversion.Meets(t.Threshold))
                    .Select(t => TierNavigator.Needed(pm.Measures, Plans.CommissionMeasure.Conversion, t.Threshold, 0))
                    .Where(n => n.Reachable).Select(n => n.NewOrders).ToList();
                if (needs.Contains(2)) { twoAway = true; break; }
                if (needs.Count == 0 || needs.Max() < 2) break;
                var closed = await ConvertAsync(db, pm, needs.Where(n => n > 2).Min() - 2, products, zone, ct);
                if (closed == 0) break;
                created += closed;
            }
            if (twoAway) break;
        }
        log.LogInformation("Demo: {Count} orders this month for the commission panel (two orders from a tier: {TwoAway})", created, twoAway);
        return created;
    }

    private const int MaxWalkIns = 200;

    /// Customers who come in and buy this month (name, company), the list repeated on larger data sets.
    private static readonly (string Name, string Company)[] WalkIns =
    [
        ("魏嘉欣", "宁波嘉欣服饰有限公司"), ("程立伟", "苏州立伟家居有限公司"), ("苏晓雯", "青岛晓雯食品有限公司"), ("卢海波", "厦门海波美妆有限公司"),
        ("姜雨桐", "成都雨桐数码有限公司"), ("崔子墨", "武汉子墨母婴用品有限公司"), ("尹浩宇", "郑州浩宇五金制品有限公司"), ("白露", "杭州白露茶业有限公司"),
    ];

    private async Task<int> WalkInAsync(AppDbContext db, PersonMonth pm, (string Name, string Company) who, List<Product> products, TimeZoneInfo zone, CancellationToken ct)
    {
        var by = new ChangedBy(null, pm.Name);
        var enteredAt = pm.Period.Start + (calendar.UtcNow - pm.Period.Start) / 3;
        var (customer, custody, stage) = Customer.Enter(pm.EmployeeId, CustodyReason.Created, null, by, enteredAt);
        (customer.Name, customer.Company, customer.SourceChannel) = (who.Name, who.Company, "转介绍");
        db.Customers.Add(customer);
        db.CustodyEntries.Add(custody);
        db.StageChanges.Add(stage);
        await db.SaveChangesAsync(ct);
        await OrderAsync(db, pm, customer, repurchase: false, products, zone, ct);
        return 1;
    }

    private static async Task<PersonMonth?> MonthAsync(AppDbContext db, DateOnly month, TimeZoneInfo zone, Guid id, CancellationToken ct) =>
        (await CommissionCalculator.ComputeAsync(db, month, zone, [id], ct)).SingleOrDefault();

    /// <paramref name="count"/> intent customers of the person's conversion base place their first order.
    private async Task<int> ConvertAsync(AppDbContext db, PersonMonth pm, int count, List<Product> products, TimeZoneInfo zone, CancellationToken ct)
    {
        var open = pm.Measures.ConversionBase.Except(pm.Measures.Converted).ToList();
        var customers = await db.Customers.Where(c => open.Contains(c.Id) && c.OwnerId == pm.EmployeeId && c.Stage == CustomerStage.Intent && c.DeletedAt == null)
            .OrderByDescending(c => c.LastFollowUpAt).ThenBy(c => c.Id).Take(count).ToListAsync(ct);
        foreach (var c in customers) await OrderAsync(db, pm, c, repurchase: false, products, zone, ct);
        return customers.Count;
    }

    /// <paramref name="count"/> customers of the person's repurchase base buy again.
    private async Task<int> RepurchaseAsync(AppDbContext db, PersonMonth pm, int count, List<Product> products, TimeZoneInfo zone, CancellationToken ct)
    {
        var open = pm.Measures.RepurchaseBase.Except(pm.Measures.Repurchased).ToList();
        var customers = await db.Customers.Where(c => open.Contains(c.Id) && c.OwnerId == pm.EmployeeId && c.DeletedAt == null)
            .OrderBy(c => c.Id).Take(count).ToListAsync(ct);
        foreach (var c in customers) await OrderAsync(db, pm, c, repurchase: true, products, zone, ct);
        return customers.Count;
    }

    private async Task OrderAsync(AppDbContext db, PersonMonth pm, Customer customer, bool repurchase, List<Product> products, TimeZoneInfo zone, CancellationToken ct)
    {
        var now = calendar.UtcNow;
        // A moment of this month before now, spread by the customer so orders do not share a minute.
        var span = now - pm.Period.Start;
        var at = pm.Period.Start + TimeSpan.FromTicks(span.Ticks / 2 + span.Ticks / 3 * (customer.Id.GetHashCode() & 0xff) / 256);
        if (at >= now) at = now.AddMinutes(-1);
        var product = products[(customer.Id.GetHashCode() & 0x7fffffff) % products.Count];
        var order = new Order
        {
            Number = await OrderService.NextNumberAsync(db, at, zone, ct), CustomerId = customer.Id, SalespersonId = pm.EmployeeId,
            Status = OrderStatus.Effective, IsRepurchase = repurchase, Note = repurchase ? "老客户复购" : "意向客户成交",
            CreatedAt = at.AddHours(-2), SubmittedAt = at.AddHours(-1), EffectiveAt = at,
        };
        order.Lines.Add(new OrderLine
        {
            OrderId = order.Id, ProductId = product.Id, ProductName = product.Name, UnitPriceFen = product.PriceFen, Quantity = 1,
            AmountFen = OrderRules.LineAmount(product.PriceFen, 1),
        });
        order.ListTotalFen = order.Lines.Sum(l => l.AmountFen);
        order.TotalFen = OrderRules.Total(order.ListTotalFen, 0);
        db.Orders.Add(order);
        if (customer.RecordEffectiveOrder(repurchase, new ChangedBy(null, pm.Name), at) is { } change) db.StageChanges.Add(change);
        await db.SaveChangesAsync(ct);
    }
}
