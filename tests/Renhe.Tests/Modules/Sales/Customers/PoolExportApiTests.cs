using System.Net;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Renhe.Modules.Sales.Customers;
using Renhe.Platform.Audit;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Sales.Customers;

/// The public pool as Excel: the rows the page lists for the same search, the phones masked as on
/// the page, audited; only for whoever holds sales.pool.export (a sales manager), not for every
/// salesperson who may claim from the pool.
public abstract class PoolExportApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    [Theory]
    [InlineData(null)]
    [InlineData("浙江")]
    public async Task A_sales_manager_exports_the_pool_he_sees_for_the_same_search_with_phones_masked(string? search)
    {
        var manager = await Factory.ClientForAsync("salesmgr");
        var query = search is null ? "" : "?search=" + Uri.EscapeDataString(search);
        var pool = await (await manager.GetAsync("/api/sales/pool" + query)).ReadAsync<List<PoolCustomer>>();
        Assert.NotEmpty(pool);

        var response = await manager.GetAsync("/api/sales/pool/export" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        var rows = new MemoryStream(await response.Content.ReadAsByteArrayAsync()).Query(useHeaderRow: true)
            .Cast<IDictionary<string, object?>>().ToList();

        Assert.Equal(pool.Select(c => c.Name), rows.Select(r => r["客户名称"]?.ToString()));
        Assert.Equal(pool.Select(c => c.PhoneMasked), rows.Select(r => r["手机号"]?.ToString()));
        Assert.All(rows, r => Assert.Contains("****", r["手机号"]?.ToString()));
        Assert.Equal(pool.Select(c => c.Region), rows.Select(r => r["地区"]?.ToString()));
        Assert.All(rows, r => Assert.Contains(r["阶段"]?.ToString(), new[] { "获取", "意向", "下单", "复购", "流失" }));

        await using var db = Factory.OpenDb();
        var audit = await db.AuditEntries.AsNoTracking()
            .Where(a => a.Action == AuditAction.Export && a.Entity == "sales.pool" && a.UserName == "salesmgr")
            .OrderByDescending(a => a.At).FirstAsync();
        Assert.Contains($"\"rows\":{pool.Count}", audit.Changes);
        if (search is not null) Assert.Contains(search, System.Text.RegularExpressions.Regex.Unescape(audit.Changes!));
    }

    [Theory]
    [InlineData("lisi")]     // claims from the pool, may not take it out
    [InlineData("finance")]
    public async Task Whoever_lacks_the_export_permission_is_refused_and_nothing_is_recorded(string user)
    {
        var client = await Factory.ClientForAsync(user);
        var response = await client.GetAsync("/api/sales/pool/export");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.NotEqual("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);

        await using var db = Factory.OpenDb();
        Assert.False(await db.AuditEntries.AnyAsync(a => a.Action == AuditAction.Export && a.Entity == "sales.pool" && a.UserName == user));
    }
}

[Trait("Category", "Integration")]
public sealed class SqlitePoolExportApiTests(SqliteRenheFactory factory) : PoolExportApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresPoolExportApiTests(PostgresRenheFactory factory) : PoolExportApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
