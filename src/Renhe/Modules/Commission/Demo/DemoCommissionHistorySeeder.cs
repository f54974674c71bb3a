using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Commission.Adjustments;
using Renhe.Modules.Commission.Disputes;
using Renhe.Modules.Commission.Statements;
using Renhe.Modules.Sales.Orders;
using Renhe.Platform.Approvals;
using Renhe.Platform.Data;
using Renhe.Platform.Formatting;
using Renhe.Platform.Time;

namespace Renhe.Modules.Commission.Demo;

/// The demo's commission history, made as the company would have made it: finance closed each of
/// the last six months; 张经理 asked for ¥500 extra for 李四's progress and finance approved it; a
/// refund this month of an order from last month (closed) claws back at last month's rate; 李晓
/// disputes last month's statement and waits for 张经理.
public sealed class DemoCommissionHistorySeeder(
    IDbContextFactory<AppDbContext> dbs, BranchCalendar calendar, StatementCloseService close, ApprovalService approvals,
    ILogger<DemoCommissionHistorySeeder> log)
{
    public const int ClosedMonths = 6;

    public async Task SeedAsync(CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        if (await db.CommissionMonths.AnyAsync(ct) || !await db.CommissionPlans.AnyAsync(ct)) return;
        var zone = await calendar.CompanyZoneAsync(ct);
        var current = BranchCalendar.FirstOfMonth(calendar.Today(zone));
        var now = calendar.UtcNow;
        var users = await db.Users.AsNoTracking().Where(u => u.UserName != null).ToDictionaryAsync(u => u.UserName!, u => u.Id, ct);

        // Last month's refund of one of 张三's orders, recorded before the month was closed, would be
        // last month's business; the demo's clawback is a refund recorded this month, after the close.
        for (var m = current.AddMonths(-ClosedMonths); m < current; m = m.AddMonths(1))
            await close.CloseAsync(m, ct);
        await db.CommissionMonths.ExecuteUpdateAsync(s => s.SetProperty(m => m.ClosedByName, "刘芳"), ct);
        await db.CommissionStatements.ExecuteUpdateAsync(s => s.SetProperty(m => m.ClosedByName, "刘芳"), ct);
        // Each close told the team at the time; months ago, they have long been read.
        await db.Notifications.Where(n => n.TextKey == StatementCloseService.ClosedNoticeKey && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);

        var lastMonth = current.AddMonths(-1);
        var refundAt = now.AddHours(-2) > BranchCalendar.StartUtc(current, zone) ? now.AddHours(-2) : now;
        var zhangsan = await db.Employees.Where(e => e.Name == "张三").Select(e => e.Id).SingleAsync(ct);
        var clawed = await db.Orders
            .Where(o => o.SalespersonId == zhangsan && o.Status == OrderStatus.Effective
                        && o.EffectiveAt >= BranchCalendar.StartUtc(lastMonth, zone) && o.EffectiveAt < BranchCalendar.StartUtc(current, zone)
                        && !db.OrderAdjustments.Any(a => a.OrderId == o.Id))
            .OrderByDescending(o => o.TotalFen).FirstOrDefaultAsync(ct);
        if (clawed is not null)
        {
            db.OrderAdjustments.Add(new OrderAdjustment
            {
                OrderId = clawed.Id, Kind = OrderAdjustmentKind.Refund, AmountFen = MoneyFormat.ToFen(decimal.Round(MoneyFormat.ToYuan(clawed.TotalFen) / 10, 0)),
                Reason = "客户反馈一个模块未上线，退还一成费用", ByName = "刘芳", At = refundAt,
            });
            await db.SaveChangesAsync(ct);
        }

        // 张经理's ¥500 for 李四 (seed 000: his conversion rose from 18 % to 28 %), approved by finance.
        var lisi = await db.Employees.Where(e => e.Name == "李四").Select(e => e.Id).SingleAsync(ct);
        if (users.TryGetValue("salesmgr", out var manager) && users.TryGetValue("finance", out var finance))
        {
            var adjustment = new CommissionAdjustment
            {
                EmployeeId = lisi, Month = current, AmountFen = 500_00, Reason = "异议处理培训后转化率从18%提升到28%，额外奖励",
                RequestedByUserId = manager, RequestedByName = "张志强", CreatedAt = now.AddDays(-1),
            };
            db.CommissionAdjustments.Add(adjustment);
            await db.SaveChangesAsync(ct);
            adjustment.ApprovalRequestId = await approvals.SubmitForAsync(manager, AdjustmentService.RequestType, adjustment.Id,
                $"提成调整：李四 {current:yyyy-MM} {MoneyFormat.Format(500_00)}", 500m, ct);
            await db.SaveChangesAsync(ct);
            var version = await db.ApprovalRequests.AsNoTracking().Where(r => r.Id == adjustment.ApprovalRequestId).Select(r => r.Version).SingleAsync(ct);
            await approvals.ApproveForAsync(finance, adjustment.ApprovalRequestId.Value, new ApprovalActionInput { Version = version, Comment = "同意，培训效果明显" }, ct);
        }

        // 李晓 thinks last month missed an order; it waits for 张经理.
        var xiaoli = await db.Employees.Where(e => e.Name == "李晓").Select(e => e.Id).SingleAsync(ct);
        var statement = await db.CommissionStatements.Where(s => s.EmployeeId == xiaoli && s.Month == lastMonth).Select(s => s.Id).FirstOrDefaultAsync(ct);
        if (statement != Guid.Empty && users.TryGetValue("xiaoli", out var xiaoliUser))
        {
            var dispute = new CommissionDispute
            {
                StatementId = statement, EmployeeId = xiaoli, Month = lastMonth, Reason = DisputeReason.MissingOrder,
                Text = "月底签下的华夏商贸续费单在月初才审批生效，应算上月业绩", ClaimedFen = 300_00, CreatedAt = now.AddHours(-5),
            };
            db.CommissionDisputes.Add(dispute);
            await db.SaveChangesAsync(ct);
            dispute.ApprovalRequestId = await approvals.SubmitForAsync(xiaoliUser, DisputeService.RequestType, dispute.Id,
                $"提成申诉：李晓 {lastMonth:yyyy-MM}", 300m, ct);
            await db.SaveChangesAsync(ct);
        }
        log.LogInformation("Demo commission: {Months} months closed, a clawback, an approved adjustment and an open dispute", ClosedMonths);
    }
}
