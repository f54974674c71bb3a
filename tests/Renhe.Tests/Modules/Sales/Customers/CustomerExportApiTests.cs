using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Renhe.Modules.Sales.Customers;
using Renhe.Platform.Approvals;
using Renhe.Platform.Audit;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Sales.Customers;

/// 客户导出: only after approval, only by the requester, a few times within a day, watermarked and audited.
public abstract class CustomerExportApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    [Fact]
    public async Task An_approved_export_downloads_the_team_watermarked_with_phones_in_clear_three_times_and_is_audited()
    {
        var manager = await Factory.ClientForAsync("salesmgr");
        var id = (await (await manager.PostAsJsonAsync("/api/sales/customer-exports", new { reason = "季度客户盘点" })).ReadAsync<IdResponse>(HttpStatusCode.Created)).Id;
        // Not yet approved: no file.
        await (await manager.GetAsync($"/api/sales/customer-exports/{id}/file")).ProblemAsync(HttpStatusCode.Conflict);

        // The manager's own step is skipped; the owner (老板) approves.
        var owner = await Factory.ClientForAsync("owner");
        var task = Assert.Single(await (await owner.GetAsync("/api/platform/approvals/inbox")).ReadAsync<List<ApprovalListItem>>(), r => r.TypeName == "客户导出");
        var detail = await (await owner.GetAsync($"/api/platform/approvals/{task.Id}")).ReadAsync<ApprovalDetail>();
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync($"/api/platform/approvals/{task.Id}/approve", new { version = detail.Version })).StatusCode);

        var mine = Assert.Single(await (await manager.GetAsync("/api/sales/customer-exports")).ReadAsync<List<CustomerExportDto>>(), e => e.Id == id);
        Assert.True(mine.CanDownload);
        Assert.Equal(3, mine.DownloadsLeft);

        var file = await manager.GetAsync($"/api/sales/customer-exports/{id}/file");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        var bytes = await file.Content.ReadAsByteArrayAsync();
        var rows = new MemoryStream(bytes).Query(useHeaderRow: false).Cast<IDictionary<string, object?>>().ToList();
        var watermark = (string)rows[0]["A"]!;
        Assert.Matches(@"^导出人 张志强 · \d{4}-\d{2}-\d{2} \d{2}:\d{2} · 仅限内部使用$", watermark);
        Assert.Equal("客户名称", rows[1]["A"]);
        // 王建华 is 张三's demo customer, 138****0000 in lists: in the team, and the manager holds reveal.
        var wang = rows.Single(r => (string?)r["A"] == "王建华");
        Assert.Matches(@"^138\d{4}0000$", wang["C"]?.ToString());
        using (var zip = new ZipArchive(new MemoryStream(bytes)))
        {
            using var reader = new StreamReader(zip.GetEntry("docProps/core.xml")!.Open());
            Assert.Contains(watermark, await reader.ReadToEndAsync());
        }

        await manager.GetAsync($"/api/sales/customer-exports/{id}/file");
        await manager.GetAsync($"/api/sales/customer-exports/{id}/file");
        await (await manager.GetAsync($"/api/sales/customer-exports/{id}/file")).ProblemAsync(HttpStatusCode.Conflict);

        await using var db = Factory.OpenDb();
        var audits = await db.AuditEntries.AsNoTracking().Where(a => a.Action == AuditAction.Export && a.EntityKey == id.ToString()).ToListAsync();
        Assert.Equal(3, audits.Count);
        Assert.All(audits, a => Assert.Contains($"\"rows\":{rows.Count - 2}", a.Changes));
    }

    [Fact]
    public async Task Salespeople_may_not_export_and_nobody_downloads_someone_elses_or_a_rejected_request()
    {
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        Assert.Equal(HttpStatusCode.Forbidden, (await zhangsan.PostAsJsonAsync("/api/sales/customer-exports", new { reason = "想导出" })).StatusCode);
        var manager = await Factory.ClientForAsync("salesmgr");
        var noReason = await manager.PostAsJsonAsync("/api/sales/customer-exports", new { reason = "" });
        Assert.Contains("reason", (await noReason.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys, StringComparer.OrdinalIgnoreCase);

        var id = (await (await manager.PostAsJsonAsync("/api/sales/customer-exports", new { reason = "给新人培训" })).ReadAsync<IdResponse>(HttpStatusCode.Created)).Id;
        var owner = await Factory.ClientForAsync("owner");
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/api/sales/customer-exports/{id}/file")).StatusCode);
        var task = (await (await owner.GetAsync("/api/platform/approvals/inbox")).ReadAsync<List<ApprovalListItem>>()).Single(r => r.Title.Contains("给新人培训"));
        var detail = await (await owner.GetAsync($"/api/platform/approvals/{task.Id}")).ReadAsync<ApprovalDetail>();
        await owner.PostAsJsonAsync($"/api/platform/approvals/{task.Id}/reject", new { version = detail.Version, comment = "不需要完整名单" });
        await (await manager.GetAsync($"/api/sales/customer-exports/{id}/file")).ProblemAsync(HttpStatusCode.Conflict);
        await using var db = Factory.OpenDb();
        Assert.False(await db.AuditEntries.AnyAsync(a => a.Action == AuditAction.Export && a.EntityKey == id.ToString()));
    }

    [Fact]
    public async Task The_last_download_cannot_be_taken_twice_at_once_and_a_day_after_approval_the_file_is_refused()
    {
        var manager = await Factory.ClientForAsync("salesmgr");
        var id = await ApprovedExportAsync(manager, "月底复核" + Guid.NewGuid().ToString("N")[..4]);
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync($"/api/sales/customer-exports/{id}/file")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync($"/api/sales/customer-exports/{id}/file")).StatusCode);
        // The third and last, asked for three times at once: one file, two refusals, one more audit entry.
        var last = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => manager.GetAsync($"/api/sales/customer-exports/{id}/file")));
        Assert.Single(last, r => r.StatusCode == HttpStatusCode.OK);
        foreach (var refused in last.Where(r => r.StatusCode != HttpStatusCode.OK)) await refused.ProblemAsync(HttpStatusCode.Conflict);
        var mine = Assert.Single(await (await manager.GetAsync("/api/sales/customer-exports")).ReadAsync<List<CustomerExportDto>>(), e => e.Id == id);
        Assert.Equal((0, false), (mine.DownloadsLeft, mine.CanDownload));
        await using (var db = Factory.OpenDb())
            Assert.Equal(3, await db.AuditEntries.CountAsync(a => a.Action == AuditAction.Export && a.EntityKey == id.ToString()));

        // Another approved request, unused: 23 hours after the approval it downloads, 24 hours after it is refused.
        var later = await ApprovedExportAsync(manager, "次日复核" + Guid.NewGuid().ToString("N")[..4]);
        await AgeApprovalAsync(later, TimeSpan.FromHours(23));
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync($"/api/sales/customer-exports/{later}/file")).StatusCode);
        await AgeApprovalAsync(later, TimeSpan.FromHours(1));
        var expired = await (await manager.GetAsync($"/api/sales/customer-exports/{later}/file")).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("下载已失效：批准后 24 小时内最多下载 3 次。", expired.Title);
        mine = Assert.Single(await (await manager.GetAsync("/api/sales/customer-exports")).ReadAsync<List<CustomerExportDto>>(), e => e.Id == later);
        Assert.Equal((2, false), (mine.DownloadsLeft, mine.CanDownload));
        await using (var db = Factory.OpenDb())
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == AuditAction.Export && a.EntityKey == later.ToString()));
    }

    /// Requests an export with <paramref name="reason"/> and has the owner (老板) approve it.
    private async Task<Guid> ApprovedExportAsync(HttpClient manager, string reason)
    {
        var id = (await (await manager.PostAsJsonAsync("/api/sales/customer-exports", new { reason })).ReadAsync<IdResponse>(HttpStatusCode.Created)).Id;
        var owner = await Factory.ClientForAsync("owner");
        var task = (await (await owner.GetAsync("/api/platform/approvals/inbox")).ReadAsync<List<ApprovalListItem>>()).Single(r => r.Title.Contains(reason));
        var detail = await (await owner.GetAsync($"/api/platform/approvals/{task.Id}")).ReadAsync<ApprovalDetail>();
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync($"/api/platform/approvals/{task.Id}/approve", new { version = detail.Version })).StatusCode);
        return id;
    }

    /// Moves the approval <paramref name="by"/> into the past, as if that much time had gone by.
    private async Task AgeApprovalAsync(Guid id, TimeSpan by)
    {
        await using var db = Factory.OpenDb();
        var export = await db.CustomerExports.SingleAsync(e => e.Id == id);
        export.ApprovedAt -= by;
        await db.SaveChangesAsync();
    }

    public sealed record IdResponse(Guid Id);
}

[Trait("Category", "Integration")]
public sealed class SqliteCustomerExportApiTests(SqliteRenheFactory factory) : CustomerExportApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresCustomerExportApiTests(PostgresRenheFactory factory) : CustomerExportApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
