using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Renhe.Modules.Risk.Archive;
using Renhe.Modules.Sales.Customers;
using Renhe.Platform.Audit;
using Renhe.Platform.Security;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Risk.Archive;

/// The archive search's Excel export: the same records as the search with the same filters, in
/// words (customer, employee, channel, categories); only for holders of risk.archive.search whose
/// session passed a second factor; recorded as an export that names each employee disclosed.
public abstract class ArchiveSearchExportApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset T0 = new(2026, 11, 3, 1, 30, 0, TimeSpan.Zero);

    private async Task<(string Counterpart, Guid CustomerId)> StoreAsync()
    {
        var c = "wm" + Guid.NewGuid().ToString("N")[..12];
        Guid customerId;
        await using (var db = Factory.OpenDb())
        {
            var customer = Customer.Enter(null, CustodyReason.Created, null, ChangedBy.System, T0).Customer;
            (customer.Name, customer.WeComExternalId) = ("鼒女士", c);
            db.Customers.Add(customer);
            await db.SaveChangesAsync(Ct);
            customerId = customer.Id;
        }
        await using var scope = Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ArchiveService>().AppendAsync(
        [
            new ArchiveDraft(RecordClass.ChatMessage, "wecom-chat", c + "-0", T0, "xiaoli", [c], "王总您好，报价单发您了", null, MsgType: "text"),
            new ArchiveDraft(RecordClass.ChatMessage, "wecom-chat", c + "-1", T0.AddMinutes(1), "xiaoli", [c], "定金转我个人账户就行", null, MsgType: "text"),
            new ArchiveDraft(RecordClass.ChatMessage, "wecom-chat", c + "-2", T0.AddMinutes(2), "zhangsan", [c], "拼多多上也有", null, MsgType: "text"),
            new ArchiveDraft(RecordClass.ChatMessage, "wecom-chat", c + "-3", T0.AddMinutes(3), "xiaoli", [c], null, null, MsgType: "image"),
        ], Ct);
        return (c, customerId);
    }

    private async Task<HttpClient> AuditorWithSecondFactorAsync()
    {
        var name = "aud2fa" + Guid.NewGuid().ToString("N")[..6];
        await Factory.CreateUserAsync(name, Roles.Auditor);
        var plain = await Factory.ClientForAsync(name);
        var setup = await (await plain.PostAsync("/api/auth/totp/setup", null, Ct)).ReadAsync<Renhe.Platform.Auth.AuthenticatorSetup>();
        (await plain.PostAsJsonAsync("/api/auth/totp/enable", new { code = TotpCodes.For(setup.SharedKey) }, Ct)).EnsureSuccessStatusCode();
        return await Factory.ClientForAsync(name, TotpCodes.For(setup.SharedKey));
    }

    private static List<IDictionary<string, object?>> Rows(byte[] xlsx)
    {
        using var stream = new MemoryStream(xlsx);
        return stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
    }

    [Fact]
    public async Task An_auditor_with_a_second_factor_exports_exactly_the_searchs_records_in_words_and_the_export_is_audited()
    {
        var (c, _) = await StoreAsync();
        var auditor = await AuditorWithSecondFactorAsync();

        var response = await auditor.GetAsync($"/api/risk/archive/search/export?counterpart={c}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(AuditEndpoints.XlsxContentType, response.Content.Headers.ContentType?.MediaType);
        var rows = Rows(await response.Content.ReadAsByteArrayAsync(Ct));
        var search = await (await auditor.GetAsync($"/api/risk/archive/search?counterpart={c}", Ct)).ReadAsync<ArchiveSearchPage>();
        Assert.Equal(search.Items.Select(i => i.Seq), rows.Select(r => Convert.ToInt64(r["序号"], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(rows, r => Assert.Equal("鼒女士", r["客户"]));
        Assert.All(rows, r => Assert.Equal(c, r["对方标识"]));
        Assert.All(rows, r => Assert.Equal("企业微信会话", r["渠道"]));
        Assert.Equal(["李晓", "张三", "李晓", "李晓"], rows.Select(r => r["员工"]));
        Assert.Equal(["[图片]", "拼多多上也有", "定金转我个人账户就行", "王总您好，报价单发您了"], rows.Select(r => r["内容"]));
        Assert.Equal("私人收款", rows[2]["命中类别"]);
        Assert.Equal("2026-11-03 09:31:00", rows[2]["时间"]); // the viewer's branch time

        // A narrower filter narrows the file alike.
        var flagged = Rows(await auditor.GetByteArrayAsync($"/api/risk/archive/search/export?counterpart={c}&flagged=true&employeeId={search.Items[0].EmployeeId}", Ct));
        Assert.Equal(["定金转我个人账户就行"], flagged.Select(r => r["内容"]));

        await using var db = Factory.OpenDb();
        var entries = await db.AuditEntries.Where(a => a.Action == AuditAction.Export && a.Entity == "risk.archive.search" && a.Changes!.Contains(c)).ToListAsync(Ct);
        var overall = Assert.Single(entries, a => a.SubjectEmployeeId == null && a.Changes!.Contains("\"rows\":4"));
        var people = await db.AuditEntries.Where(a => a.Action == AuditAction.Export && a.Changes!.Contains(overall.Id.ToString())).ToListAsync(Ct);
        var names = await db.Employees.Where(e => people.Select(p => p.SubjectEmployeeId).Contains(e.Id)).Select(e => e.Name).ToListAsync(Ct);
        Assert.Equal(["张三", "李晓"], names.Order());
    }

    [Fact]
    public async Task Without_a_second_factor_or_without_the_search_permission_the_export_is_refused_and_nothing_is_disclosed()
    {
        var (c, _) = await StoreAsync();
        var auditor = await Factory.ClientForAsync("auditor");
        var refused = await auditor.GetAsync($"/api/risk/archive/search/export?counterpart={c}", Ct);
        var problem = await refused.ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("两步验证", problem.Title + problem.Detail);

        var sales = await Factory.ClientForAsync("zhangsan");
        var forbidden = await sales.GetAsync($"/api/risk/archive/search/export?counterpart={c}", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.DoesNotContain("个人账户", await forbidden.Content.ReadAsStringAsync(Ct));

        await using var db = Factory.OpenDb();
        Assert.False(await db.AuditEntries.AnyAsync(a => a.Action == AuditAction.Export && a.Entity == "risk.archive.search" && a.Changes!.Contains(c), Ct));
    }
}

[Trait("Category", "Integration")]
public sealed class SqliteArchiveSearchExportApiTests(SqliteRenheFactory factory) : ArchiveSearchExportApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresArchiveSearchExportApiTests(PostgresRenheFactory factory) : ArchiveSearchExportApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
