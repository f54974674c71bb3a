using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Commission.Plans;
using Renhe.Platform.Audit;
using Renhe.Platform.Data;
using Renhe.Platform.Formatting;
using Renhe.Platform.Notifications;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;
using Renhe.Platform.Time;

namespace Renhe.Modules.Commission.Statements;

/// A month on the finance page: open or closed, and once closed by whom, when, how many statements
/// and what they add up to (the commission cost of the month).
public sealed record CommissionMonthItem(
    DateOnly Month, bool Ended, bool Closed, DateTimeOffset? ClosedAt, string? ClosedByName, int People, long TotalFen);

/// What a close wrote, and how long its parts took (the benchmark reads them).
public sealed record StatementCloseResult(
    DateOnly Month, int Statements, int Lines, long TotalFen, DateTimeOffset ClosedAt,
    TimeSpan Compute, TimeSpan Write);

/// 月结: finance closes a month that has ended in the company's zone. Everyone under a plan is
/// computed once more (<see cref="CommissionCalculator"/>) and the result is stored for good: one
/// statement with its lines per person, one payable entry per statement, and the month's row, in
/// one transaction. Nothing rewrites a closed month afterwards: the month's row is its primary key,
/// so a second close (or two closes racing) is refused by the database as well as by the check
/// here, and <see cref="StatementService"/> reads the stored statements of a closed month instead of
/// computing. A later refund is a clawback in an open month; a correction is an adjustment there.
public sealed class StatementCloseService(
    IDbContextFactory<AppDbContext> dbs, CurrentUser currentUser, BranchCalendar calendar, AuditService audit,
    ILogger<StatementCloseService> log)
{
    /// How many months back the finance page lists when no plan reaches further.
    public const int MonthsListed = 12;

    public async Task<StatementCloseResult> CloseAsync(DateOnly month, CancellationToken ct)
    {
        month = BranchCalendar.FirstOfMonth(month);
        var zone = await calendar.CompanyZoneAsync(ct);
        var current = BranchCalendar.FirstOfMonth(calendar.Today(zone));
        if (month >= current)
            throw new DomainException("Commission.Close.NotEnded", month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)) { Field = "month" };

        await using var db = await dbs.CreateDbContextAsync(ct);
        await EnsureOpenAsync(db, month, ct);

        var byName = currentUser.UserId is { } uid
            ? await db.Users.AsNoTracking().Where(u => u.Id == uid).Select(u => u.DisplayName).SingleOrDefaultAsync(ct)
            : null;
        var watch = Stopwatch.StartNew();
        var people = await CommissionCalculator.ComputeAsync(db, month, zone, null, ct);
        var computed = watch.Elapsed;
        var now = calendar.UtcNow;

        var statements = new List<CommissionStatement>(people.Count);
        var payables = new List<CommissionPayable>(people.Count);
        var lineCount = 0;
        foreach (var pm in people)
        {
            var statement = new CommissionStatement
            {
                EmployeeId = pm.EmployeeId, Month = month, PlanVersionId = pm.Plan.VersionId == Guid.Empty ? null : pm.Plan.VersionId,
                TotalFen = pm.TotalFen, SnapshotJson = StatementService.SnapshotJson(StatementSnapshot.Of(pm)),
                ClosedAt = now, ClosedByName = byName,
            };
            var seq = 0;
            foreach (var l in pm.Result.Lines)
                statement.Lines.Add(new CommissionStatementLine
                {
                    StatementId = statement.Id, Seq = ++seq, Kind = l.Kind, OrderId = l.OrderId, OrderNumber = l.OrderNumber,
                    CustomerName = l.CustomerName, SourceId = l.SourceId, BaseFen = l.BaseFen, RateBp = l.RateBp, AmountFen = l.AmountFen,
                    Band = l.Band, Note = l.Note,
                });
            lineCount += seq;
            statements.Add(statement);
            payables.Add(new CommissionPayable { EmployeeId = pm.EmployeeId, Month = month, AmountFen = pm.TotalFen, StatementId = statement.Id, At = now });
        }
        var total = statements.Sum(s => s.TotalFen);

        watch.Restart();
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            // The month's row first: it is what decides between two closes racing (the primary key),
            // and the loser stops here before writing anything.
            db.CommissionMonths.Add(new CommissionMonth
            {
                Month = month, ClosedAt = now, ClosedByUserId = currentUser.UserId, ClosedByName = byName,
                Statements = statements.Count, TotalFen = total,
            });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                await tx.RollbackAsync(CancellationToken.None);
                throw Closed(month);
            }
            await StatementCloseRows.InsertAsync(db, statements, payables, ct);
            // The rows above go in below EF Core (the audit interceptor does not see them), so the
            // close records what it wrote in one entry, in the same transaction.
            audit.Add(db, AuditAction.Insert, "commission.close", Key(month),
                JsonSerializer.Serialize(new { month = Key(month), statements = statements.Count, lines = lineCount, payables = payables.Count, totalFen = total }));
            await NotifyClosedAsync(db, month, statements, now, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        var written = watch.Elapsed;
        log.LogInformation("Closed commission month {Month}: {Statements} statements, {Lines} lines, {Total} fen; computed in {Compute} ms, written in {Write} ms",
            Key(month), statements.Count, lineCount, total, (long)computed.TotalMilliseconds, (long)written.TotalMilliseconds);
        return new StatementCloseResult(month, statements.Count, lineCount, total, now, computed, written);
    }

    /// The notice key of "your statement for a month is closed" (提成单已结).
    public const string ClosedNoticeKey = "Commission.Notify.StatementClosed";

    public static string StatementLink(DateOnly month) => "/commission/panel?month=" + Key(month);

    /// Tells each person whose statement the close wrote, in the close's own transaction (a close
    /// that fails tells no one). A person already told of this month's statement is not told again.
    private static async Task NotifyClosedAsync(AppDbContext db, DateOnly month, IReadOnlyList<CommissionStatement> statements, DateTimeOffset now, CancellationToken ct)
    {
        var totals = statements.ToDictionary(s => s.EmployeeId, s => s.TotalFen);
        var employeeIds = totals.Keys.ToList();
        var link = StatementLink(month);
        var recipients = await db.Users.AsNoTracking()
            .Where(u => u.IsActive && u.EmployeeId != null && employeeIds.Contains(u.EmployeeId.Value))
            .Where(u => !db.Notifications.Any(n => n.RecipientUserId == u.Id && n.TextKey == ClosedNoticeKey && n.Link == link))
            .Select(u => new { u.Id, EmployeeId = u.EmployeeId!.Value }).ToListAsync(ct);
        foreach (var r in recipients)
            NotificationService.Add(db, r.Id, ClosedNoticeKey, [Key(month), MoneyFormat.Format(totals[r.EmployeeId])], link, now);
    }

    /// Refuses with 409 when <paramref name="month"/> is closed: whatever would change a closed
    /// month's statements (a second close, an adjustment or a dispute booked into it) asks here first.
    public static async Task EnsureOpenAsync(AppDbContext db, DateOnly month, CancellationToken ct)
    {
        month = BranchCalendar.FirstOfMonth(month);
        if (await db.CommissionMonths.AnyAsync(m => m.Month == month, ct)) throw Closed(month);
    }

    private static DomainException Closed(DateOnly month) =>
        new("Commission.Close.AlreadyClosed", Key(month)) { Field = "month", StatusCode = StatusCodes.Status409Conflict };

    /// The months finance works with, newest first: from the first month a plan was in force (at
    /// most <see cref="MonthsListed"/> back when none reaches further) to the current one.
    public async Task<IReadOnlyList<CommissionMonthItem>> MonthsAsync(CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var zone = await calendar.CompanyZoneAsync(ct);
        var current = BranchCalendar.FirstOfMonth(calendar.Today(zone));
        var closed = await db.CommissionMonths.AsNoTracking().ToDictionaryAsync(m => m.Month, ct);
        var firstPlan = await db.Set<CommissionPlanVersion>().AsNoTracking()
            .Where(v => v.Status == PlanVersionStatus.Published).Select(v => (DateOnly?)v.EffectiveMonth).MinAsync(ct);
        var from = current.AddMonths(-MonthsListed);
        if (firstPlan is { } f && f > from) from = BranchCalendar.FirstOfMonth(f);
        if (closed.Count > 0 && closed.Keys.Min() < from) from = closed.Keys.Min();
        var items = new List<CommissionMonthItem>();
        for (var m = current; m >= from; m = m.AddMonths(-1))
            items.Add(closed.TryGetValue(m, out var c)
                ? new CommissionMonthItem(m, true, true, c.ClosedAt, c.ClosedByName, c.Statements, c.TotalFen)
                : new CommissionMonthItem(m, m < current, false, null, null, 0, 0));
        return items;
    }

    internal static string Key(DateOnly month) => month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
}
