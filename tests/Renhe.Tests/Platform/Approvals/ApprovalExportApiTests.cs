using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Renhe.Platform.Approvals;
using Renhe.Platform.Audit;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Platform.Approvals;

/// 审批中心 as Excel: the current tab's list exactly as the caller sees it, audited; nothing for an
/// account without the approvals centre. On SQLite and on PostgreSQL.
public abstract class ApprovalExportApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private const string Requests = "/api/platform/approvals";

    [Theory]
    [InlineData("salesmgr", "inbox", "Inbox")]
    [InlineData("zhangsan", "mine", "Mine")]
    [InlineData("salesmgr", "handled", "Handled")]
    public async Task Each_tab_exports_the_rows_its_viewer_sees_and_the_export_is_audited(string userName, string list, string tab)
    {
        // 张三 asks twice; his manager approves one: each of the three lists has something in it.
        await SetFlowAsync();
        await SubmitAsync("zhangsan", "导出-显示器", 1_299.5m);
        var approved = await SubmitAsync("zhangsan", "导出-键盘", 300m);
        var salesmgr = await Factory.ClientForAsync("salesmgr");
        var version = (await (await salesmgr.GetAsync($"{Requests}/{approved}")).ReadAsync<ApprovalDetail>()).Version;
        (await salesmgr.PostAsJsonAsync($"{Requests}/{approved}/approve", new { version })).EnsureSuccessStatusCode();

        var client = await Factory.ClientForAsync(userName);
        var shown = await (await client.GetAsync($"{Requests}/{list}")).ReadAsync<List<ApprovalListItem>>();
        Assert.NotEmpty(shown);
        // The export entries already there (other tests export too), so this export's own is the one added.
        Guid userId;
        HashSet<Guid> earlier;
        await using (var before = Factory.OpenDb())
        {
            userId = await before.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync();
            earlier = (await before.AuditEntries.Where(a => a.Action == AuditAction.Export && a.Entity == "platform.approval" && a.UserId == userId)
                .Select(a => a.Id).ToListAsync()).ToHashSet();
        }

        var response = await client.GetAsync($"{Requests}/export?tab={tab}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(AuditEndpoints.XlsxContentType, response.Content.Headers.ContentType?.MediaType);
        var rows = new MemoryStream(await response.Content.ReadAsByteArrayAsync()).Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(shown.Select(r => r.Title), rows.Select(r => (string?)r["标题"]));
        Assert.Equal(shown.Select(r => r.RequesterName), rows.Select(r => (string?)r["申请人"]));
        Assert.Equal(shown.Select(r => r.TypeName), rows.Select(r => (string?)r["类型"]));
        Assert.Equal(shown.Select(r => r.Amount), rows.Select(r => r["金额（元）"] is { } v ? Convert.ToDecimal(v, System.Globalization.CultureInfo.InvariantCulture) : (decimal?)null));
        Assert.All(rows, r => Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$", (string?)r["提交时间"]));

        await using var db = Factory.OpenDb();
        var audits = (await db.AuditEntries.AsNoTracking().Where(a => a.Action == AuditAction.Export && a.Entity == "platform.approval" && a.UserId == userId).ToListAsync())
            .Where(a => !earlier.Contains(a.Id)).ToList();
        var entry = Assert.Single(audits);
        Assert.Contains($"\"tab\":\"{tab}\"", entry.Changes);
        Assert.Contains($"\"rows\":{shown.Count}", entry.Changes);
    }

    [Fact]
    public async Task A_salesperson_exports_only_their_own_requests_and_an_account_without_the_approvals_centre_gets_nothing()
    {
        await SetFlowAsync();
        await SubmitAsync("lisi", "导出-李四的申请", 50m);
        // 张三's inbox is empty: his export of it has headings and no rows, and nobody else's requests.
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        Assert.Empty(await (await zhangsan.GetAsync($"{Requests}/inbox")).ReadAsync<List<ApprovalListItem>>());
        var empty = await zhangsan.GetAsync($"{Requests}/export?tab=Inbox");
        var rows = new MemoryStream(await empty.Content.ReadAsByteArrayAsync()).Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.All(rows, r => Assert.Null(r["标题"]));

        var name = "noroles_" + typeof(TFactory).Name.ToLowerInvariant()[..4];
        var userId = await Factory.CreateUserAsync(name);
        var nobody = await Factory.ClientForAsync(name);
        var refused = await nobody.GetAsync($"{Requests}/export?tab=Inbox");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.NotEqual(AuditEndpoints.XlsxContentType, refused.Content.Headers.ContentType?.MediaType);
        await using var db = Factory.OpenDb();
        Assert.False(await db.AuditEntries.AnyAsync(a => a.Action == AuditAction.Export && a.Entity == "platform.approval" && a.UserId == userId));

        Assert.Equal(HttpStatusCode.BadRequest, (await zhangsan.GetAsync($"{Requests}/export?tab=Everything")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Factory.CreateAnonymousClient().GetAsync($"{Requests}/export?tab=Inbox")).StatusCode);
        var mine = new MemoryStream(await (await zhangsan.GetAsync($"{Requests}/export?tab=Mine")).Content.ReadAsByteArrayAsync())
            .Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.DoesNotContain(mine, r => (string?)r["标题"] == "导出-李四的申请");
    }

    private Task SetFlowAsync() => Factory.SetFlowAsync(new { name = "主管", kind = "DirectManager" });

    private Task<Guid> SubmitAsync(string userName, string title, decimal amount) => Factory.SubmitPurchaseAsync(userName, title, amount);
}

[Trait("Category", "Integration")]
public sealed class SqliteApprovalExportApiTests(SqliteRenheFactory factory) : ApprovalExportApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresApprovalExportApiTests(PostgresRenheFactory factory) : ApprovalExportApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
