using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;
using Renhe.Platform.Audit;
using Renhe.Platform.Data;
using Renhe.Platform.Formatting;
using Renhe.Platform.Localization;
using Renhe.Platform.Security;
using Renhe.Platform.Time;

namespace Renhe.Modules.Commission.Statements;

/// One entry of the payable ledger (应付提成) as finance, HR and the owner read it.
public sealed record PayableItem(
    Guid Id, Guid EmployeeId, string EmployeeNumber, string Name, string? Department, DateOnly Month, long AmountFen, Guid StatementId,
    DateTimeOffset At);

public sealed record PayableLedgerView(DateOnly Month, bool Closed, IReadOnlyList<PayableItem> Items, long TotalFen);

/// The payable ledger payroll will read: one entry per closed statement, appended when the month
/// is closed and never edited. Until payroll exists, finance exports a month of it as the Excel
/// payroll-import file; the export is audited with each person it discloses.
public sealed class PayableService(
    IDbContextFactory<AppDbContext> dbs, CurrentUser currentUser, AuditService audit, IStringLocalizer<Strings> l)
{
    public async Task<PayableLedgerView> LedgerAsync(DateOnly month, CancellationToken ct)
    {
        month = BranchCalendar.FirstOfMonth(month);
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var closed = await db.CommissionMonths.AnyAsync(m => m.Month == month, ct);
        var items = await Query(db, access, month).ToListAsync(ct);
        items = items.OrderBy(i => i.EmployeeNumber, StringComparer.Ordinal).ToList();
        return new PayableLedgerView(month, closed, items, items.Sum(i => i.AmountFen));
    }

    /// The payroll-import file: employee number, name, month, amount in yuan (a number), statement id.
    public async Task<byte[]> ExportAsync(DateOnly month, CancellationToken ct)
    {
        var ledger = await LedgerAsync(month, ct);
        var key = StatementCloseService.Key(ledger.Month);
        var sheet = ledger.Items.Select(i => new Dictionary<string, object?>
        {
            [l["Commission.Payable.EmployeeNumber"]] = i.EmployeeNumber,
            [l["Commission.Payable.Name"]] = i.Name,
            [l["Commission.Payable.Month"]] = key,
            [l["Commission.Payable.AmountYuan"]] = MoneyFormat.ToYuan(i.AmountFen),
            [l["Commission.Payable.StatementId"]] = i.StatementId.ToString(),
        }).ToList();
        if (sheet.Count == 0)
            sheet.Add(new Dictionary<string, object?>
            {
                [l["Commission.Payable.EmployeeNumber"]] = null, [l["Commission.Payable.Name"]] = null, [l["Commission.Payable.Month"]] = null,
                [l["Commission.Payable.AmountYuan"]] = null, [l["Commission.Payable.StatementId"]] = null,
            });
        using var stream = new MemoryStream();
        await MiniExcel.SaveAsAsync(stream, sheet, sheetName: key, cancellationToken: ct);
        await audit.RecordDisclosureAsync(AuditAction.Export, "commission.payable", key,
            JsonSerializer.Serialize(new { month = key, rows = ledger.Items.Count, totalFen = ledger.TotalFen }),
            overall => ledger.Items.Select(i => (i.EmployeeId, (string?)JsonSerializer.Serialize(new { month = key, export = overall }))), ct);
        return stream.ToArray();
    }

    private static IQueryable<PayableItem> Query(AppDbContext db, UserAccess access, DateOnly month) =>
        db.CommissionPayables.AsNoTracking().VisibleTo(access, CommissionPermissions.PayableRead)
            .Where(p => p.Month == month)
            .Select(p => new PayableItem(p.Id, p.EmployeeId, p.Employee!.EmployeeNumber, p.Employee.Name,
                db.Departments.Where(d => d.Id == p.Employee.DepartmentId).Select(d => d.Name).FirstOrDefault(),
                p.Month, p.AmountFen, p.StatementId, p.At));
}
