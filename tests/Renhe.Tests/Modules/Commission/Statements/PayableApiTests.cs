using System.Net;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Renhe.Modules.Commission.Statements;
using Renhe.Platform.Audit;
using Renhe.Platform.Formatting;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Commission.Statements;

/// 应付提成: the ledger a closed month writes, read by finance, HR and the owner (not by sales), and
/// its Excel payroll-import file, whose export is audited with every person it discloses.
public abstract class PayableApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<DateOnly> ClosedMonthAsync(int back)
    {
        var (current, zone) = await StatementCloseTestData.CalendarAsync(Factory);
        var month = current.AddMonths(-back);
        var lisi = await StatementCloseTestData.EmployeeAsync(Factory, "李四");
        await StatementCloseTestData.SellAsync(Factory, lisi, 20_000_00, StatementCloseTestData.In(month, 12, zone));
        var finance = await StatementCloseTestData.FinanceWithSecondFactorAsync(Factory);
        var close = await finance.PostAsync($"/api/commission/months/{StatementCloseTestData.Key(month)}/close", null, Ct);
        Assert.Equal(HttpStatusCode.OK, close.StatusCode);
        return month;
    }

    [Fact]
    public async Task Finance_hr_and_the_owner_read_the_ledger_and_sales_are_refused()
    {
        var month = await ClosedMonthAsync(6);
        await using var db = Factory.OpenDb();
        var statements = await db.CommissionStatements.Where(s => s.Month == month)
            .Select(s => new { s.Id, s.EmployeeId, s.TotalFen, s.Employee!.EmployeeNumber, s.Employee.Name }).ToListAsync(Ct);
        Assert.NotEmpty(statements);
        var lisi = statements.Single(s => s.Name == "李四");
        Assert.True(lisi.TotalFen > 0);

        foreach (var user in new[] { "finance", "hr", "owner" })
        {
            var ledger = await (await (await Factory.ClientForAsync(user)).GetAsync($"/api/commission/payables?month={StatementCloseTestData.Key(month)}", Ct))
                .ReadAsync<PayableLedgerView>();
            Assert.True(ledger.Closed);
            Assert.Equal(statements.OrderBy(s => s.EmployeeNumber, StringComparer.Ordinal).Select(s => (s.EmployeeId, s.Id, s.TotalFen, s.Name)),
                ledger.Items.Select(i => (i.EmployeeId, i.StatementId, i.AmountFen, i.Name)));
            Assert.Equal(statements.Sum(s => s.TotalFen), ledger.TotalFen);
        }
        foreach (var user in new[] { "lisi", "zhangsan", "salesmgr" })
        {
            var client = await Factory.ClientForAsync(user);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/commission/payables?month={StatementCloseTestData.Key(month)}", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/commission/payables/export?month={StatementCloseTestData.Key(month)}", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/commission/months", Ct)).StatusCode);
        }
        // An open month has no entries yet.
        var open = await (await (await Factory.ClientForAsync("hr")).GetAsync($"/api/commission/payables?month={StatementCloseTestData.Key(month.AddMonths(4))}", Ct))
            .ReadAsync<PayableLedgerView>();
        Assert.Equal((false, 0), (open.Closed, open.Items.Count));
    }

    [Fact]
    public async Task The_payroll_import_file_lists_each_entry_in_yuan_and_its_export_is_audited_per_person()
    {
        var month = await ClosedMonthAsync(5);
        var key = StatementCloseTestData.Key(month);
        var hr = await Factory.ClientForAsync("hr");
        var response = await hr.GetAsync($"/api/commission/payables/export?month={key}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(AuditEndpoints.XlsxContentType, response.Content.Headers.ContentType?.MediaType);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync(Ct));
        var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();

        await using var db = Factory.OpenDb();
        var statements = await db.CommissionStatements.Where(s => s.Month == month)
            .Select(s => new { s.Id, s.EmployeeId, s.TotalFen, s.Employee!.EmployeeNumber, s.Employee.Name }).ToListAsync(Ct);
        Assert.Equal(statements.OrderBy(s => s.EmployeeNumber, StringComparer.Ordinal)
                .Select(s => (s.EmployeeNumber, s.Name, key, MoneyFormat.ToYuan(s.TotalFen), s.Id.ToString())),
            rows.Select(r => ((string)r["工号"]!, (string)r["姓名"]!, (string)r["月份"]!, Convert.ToDecimal(r["金额（元）"], System.Globalization.CultureInfo.InvariantCulture),
                (string)r["提成单号"]!)));

        var overall = await db.AuditEntries.SingleAsync(a => a.Action == AuditAction.Export && a.Entity == "commission.payable" && a.EntityKey == key
                                                             && a.SubjectEmployeeId == null, Ct);
        Assert.Equal("hr", overall.UserName);
        var people = await db.AuditEntries.Where(a => a.Action == AuditAction.Export && a.Entity == "commission.payable" && a.SubjectEmployeeId != null
                                                      && a.Changes!.Contains(overall.Id.ToString())).Select(a => a.SubjectEmployeeId!.Value).ToListAsync(Ct);
        Assert.Equal(statements.Select(s => s.EmployeeId).Order(), people.Order());
    }
}

[Trait("Category", "Integration")]
public sealed class SqlitePayableApiTests(SqliteRenheFactory factory)
    : PayableApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresPayableApiTests(PostgresRenheFactory factory)
    : PayableApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
