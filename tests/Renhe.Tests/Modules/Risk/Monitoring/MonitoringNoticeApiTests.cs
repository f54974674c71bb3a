using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Risk.Archive;
using Renhe.Modules.Risk.Demo;
using Renhe.Modules.Risk.Monitoring;
using Renhe.Platform.Audit;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Risk.Monitoring;

/// The monitoring notice through HTTP on both databases: the demo's version 1 and who has not
/// acknowledged it, publishing new versions (validation, stale editors, two at once), idempotent
/// acknowledgement, who may do what, and the search results marking records made before the
/// person had acknowledged. Tests share the factory, so they compare against what they read first.
public abstract class MonitoringNoticeApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private const string Api = "/api/risk/monitoring-notice";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<MonitoringNoticeDto> CurrentAsync(HttpClient client) =>
        (await (await client.GetAsync(Api, Ct)).ReadAsync<MyNoticeState>()).Notice;

    [Fact]
    public async Task The_demo_notice_is_in_force_and_the_status_lists_everyone_employed_with_counts()
    {
        var hr = await Factory.ClientForAsync("hr");
        var current = await CurrentAsync(hr);
        Assert.True(current.Version >= 1);
        var versions = await (await hr.GetAsync(Api + "/versions", Ct)).ReadAsync<List<MonitoringNoticeDto>>();
        Assert.Equal(DemoNoticeSeeder.Title, versions[^1].Title);
        Assert.Contains("180 天", versions[^1].Text);
        Assert.Equal(versions.Select(v => v.Version).OrderDescending(), versions.Select(v => v.Version));

        var status = await (await hr.GetAsync(Api + "/acknowledgements", Ct)).ReadAsync<AcknowledgementStatusList>();
        Assert.Equal(current.Version, status.CurrentVersion);
        Assert.Equal(status.Total, status.Items.Count);
        Assert.Equal(status.AcknowledgedCount, status.Items.Count(i => i.Acknowledged));
        Assert.Equal(status.Total - status.AcknowledgedCount, status.PendingCount);
        // Probation and notice period included; people who left are not monitored any more.
        await using (var db = Factory.OpenDb())
        {
            var employed = await db.Employees.CountAsync(e => e.Status == EmploymentStatus.Probation || e.Status == EmploymentStatus.Active
                                                              || e.Status == EmploymentStatus.Leaving, Ct);
            Assert.Equal(employed, status.Total);
        }
        Assert.DoesNotContain(status.Items, i => i.Name == "韩梅");
        var lisi = Assert.Single(status.Items, i => i.Name == "李四");
        Assert.Equal(EmploymentStatus.Probation, lisi.Status);

        var pending = await (await hr.GetAsync(Api + "/acknowledgements?pending=true", Ct)).ReadAsync<AcknowledgementStatusList>();
        Assert.Equal(status.PendingCount, pending.Items.Count);
        Assert.All(pending.Items, i => Assert.False(i.Acknowledged));
        Assert.Equal(status.Total, pending.Total); // the counts always describe everyone

        var bytes = await hr.GetByteArrayAsync(Api + "/acknowledgements/export?pending=true", Ct);
        using var stream = new MemoryStream(bytes);
        var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(pending.Items.Count, rows.Count);
        Assert.All(rows, r => Assert.Equal("否", r["当前版本"]));
        await using var check = Factory.OpenDb();
        Assert.True(await check.AuditEntries.AnyAsync(a => a.Action == AuditAction.Export
                                                          && a.Entity == "risk.monitoring-notice.acknowledgements" && a.UserName == "hr", Ct));
    }

    [Fact]
    public async Task Publishing_makes_a_new_version_that_everyone_acknowledges_once()
    {
        var hr = await Factory.ClientForAsync("hr");
        var before = await CurrentAsync(hr);
        // Other tests of this class publish too: what 张三 last acknowledged depends on their order.
        var zhangsanBefore = (await (await hr.GetAsync(Api + "/acknowledgements", Ct)).ReadAsync<AcknowledgementStatusList>())
            .Items.Single(i => i.Name == "张三").LastVersion;
        var published = await (await hr.PostAsJsonAsync(Api, new { title = "监控告知书（修订）", text = "  新增：通话录音保存 90 天。  ",
            basedOnVersion = before.Version }, Ct)).ReadAsync<MonitoringNoticeDto>(HttpStatusCode.Created);
        Assert.Equal(before.Version + 1, published.Version);
        Assert.Equal("新增：通话录音保存 90 天。", published.Text);
        Assert.Equal("hr", published.PublishedBy);
        var versions = await (await hr.GetAsync(Api + "/versions", Ct)).ReadAsync<List<MonitoringNoticeDto>>();
        Assert.Equal(published.Version, versions[0].Version);
        Assert.Contains(versions, v => v.Version == before.Version); // the earlier text stays

        // Everyone has to acknowledge the new version, including those who acknowledged the last one.
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var mine = await (await zhangsan.GetAsync(Api, Ct)).ReadAsync<MyNoticeState>();
        Assert.Equal(published.Version, mine.Notice.Version);
        Assert.True(mine.IsEmployee);
        Assert.False(mine.Acknowledged);
        var status = await (await hr.GetAsync(Api + "/acknowledgements", Ct)).ReadAsync<AcknowledgementStatusList>();
        Assert.Equal(0, status.AcknowledgedCount);
        Assert.Equal(zhangsanBefore, status.Items.Single(i => i.Name == "张三").LastVersion);

        var first = await (await zhangsan.PostAsJsonAsync(Api + "/acknowledge", new { version = published.Version }, Ct)).ReadAsync<AcknowledgementDto>();
        var again = await (await zhangsan.PostAsJsonAsync(Api + "/acknowledge", new { version = published.Version }, Ct)).ReadAsync<AcknowledgementDto>();
        Assert.Equal(published.Version, first.NoticeVersion);
        Assert.Equal(first, again);
        await using (var db = Factory.OpenDb())
        {
            var employeeId = await db.Users.Where(u => u.UserName == "zhangsan").Select(u => u.EmployeeId).SingleAsync(Ct);
            Assert.Equal(1, await db.MonitoringAcknowledgements.CountAsync(a => a.EmployeeId == employeeId && a.NoticeVersion == published.Version, Ct));
        }
        Assert.True((await (await zhangsan.GetAsync(Api, Ct)).ReadAsync<MyNoticeState>()).Acknowledged);

        status = await (await hr.GetAsync(Api + "/acknowledgements", Ct)).ReadAsync<AcknowledgementStatusList>();
        Assert.Equal(1, status.AcknowledgedCount);
        Assert.Equal(status.Total - 1, status.PendingCount);
        var row = status.Items.Single(i => i.Name == "张三");
        Assert.True(row.Acknowledged);
        Assert.Equal(published.Version, row.LastVersion);
        Assert.Equal(first.AcknowledgedAt, row.AcknowledgedAt);

        // Acknowledging a version that is no longer in force says so.
        var stale = await zhangsan.PostAsJsonAsync(Api + "/acknowledge", new { version = before.Version }, Ct);
        await stale.ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Empty_text_is_refused_and_a_stale_editor_gets_409()
    {
        var hr = await Factory.ClientForAsync("hr");
        var current = await CurrentAsync(hr);
        var empty = await (await hr.PostAsJsonAsync(Api, new { title = "告知书", text = "   \n  " }, Ct)).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(empty.Errors);
        Assert.True(empty.Errors!.ContainsKey("text"));
        await (await hr.PostAsJsonAsync(Api, new { title = "告知书" }, Ct)).ProblemAsync(HttpStatusCode.BadRequest);
        var stale = await (await hr.PostAsJsonAsync(Api, new { title = "告知书", text = "内容", basedOnVersion = current.Version - 1 }, Ct))
            .ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains(current.Version.ToString(), stale.Title + stale.Detail);
        Assert.Equal(current.Version, (await CurrentAsync(hr)).Version);
    }

    [Fact]
    public async Task Two_publications_from_the_same_version_at_once_let_one_in_and_refuse_the_other()
    {
        var hr = await Factory.ClientForAsync("hr");
        var admin = await Factory.ClientForAsync("admin");
        var current = await CurrentAsync(hr);
        var responses = await Task.WhenAll(
            hr.PostAsJsonAsync(Api, new { title = "甲的版本", text = "甲", basedOnVersion = current.Version }, Ct),
            admin.PostAsJsonAsync(Api, new { title = "乙的版本", text = "乙", basedOnVersion = current.Version }, Ct));
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        await responses.Single(r => r.StatusCode == HttpStatusCode.Conflict).ProblemAsync(HttpStatusCode.Conflict);
        var versions = await (await hr.GetAsync(Api + "/versions", Ct)).ReadAsync<List<MonitoringNoticeDto>>();
        Assert.Equal(current.Version + 1, versions[0].Version);
        Assert.Equal(versions.Count, versions.Select(v => v.Version).Distinct().Count());

        // Without basedOnVersion the unique index alone decides: never two rows with one number.
        var blind = await Task.WhenAll(Enumerable.Range(0, 3).Select(i =>
            hr.PostAsJsonAsync(Api, new { title = "并发", text = "第" + i }, Ct)));
        Assert.All(blind, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        await using var db = Factory.OpenDb();
        var numbers = await db.MonitoringNotices.Select(n => n.Version).ToListAsync(Ct);
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
    }

    [Fact]
    public async Task A_salesperson_acknowledges_but_cannot_publish_or_see_the_status_and_an_account_without_employee_gets_404()
    {
        var sales = await Factory.ClientForAsync("xiaoli");
        Assert.Equal(HttpStatusCode.OK, (await sales.GetAsync(Api, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await sales.GetAsync(Api + "/versions", Ct)).StatusCode);
        var inForce = (await (await sales.GetAsync(Api, Ct)).ReadAsync<MyNoticeState>()).Notice.Version;
        Assert.Equal(HttpStatusCode.OK, (await sales.PostAsJsonAsync(Api + "/acknowledge", new { version = inForce }, Ct)).StatusCode);
        await (await sales.PostAsJsonAsync(Api, new { title = "x", text = "y" }, Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await sales.GetAsync(Api + "/acknowledgements", Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await sales.GetAsync(Api + "/acknowledgements/export", Ct)).ProblemAsync(HttpStatusCode.Forbidden);

        var auditor = await Factory.ClientForAsync("auditor");
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync(Api + "/acknowledgements", Ct)).StatusCode);
        await (await auditor.PostAsJsonAsync(Api, new { title = "x", text = "y" }, Ct)).ProblemAsync(HttpStatusCode.Forbidden);

        // The administrator's demo account is nobody's: nothing to acknowledge as, and it is told so.
        var admin = await Factory.ClientForAsync("admin");
        Assert.False((await (await admin.GetAsync(Api, Ct)).ReadAsync<MyNoticeState>()).IsEmployee);
        var problem = await (await admin.PostAsJsonAsync(Api + "/acknowledge", new { version = inForce }, Ct)).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("员工", problem.Title + problem.Detail);

        await (await Factory.CreateAnonymousClient().GetAsync(Api, Ct)).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Search_results_mark_records_made_before_the_employee_had_acknowledged()
    {
        var counterpart = "wmAck" + Guid.NewGuid().ToString("N")[..10];
        var at = DateTimeOffset.UtcNow.AddMinutes(-5);
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var archive = scope.ServiceProvider.GetRequiredService<ArchiveService>();
            // 李四 has not acknowledged in the demo; 张三 acknowledged months ago.
            await archive.AppendAsync([
                new ArchiveDraft(RecordClass.ChatMessage, "wecom-chat", counterpart + "-1", at, "lisi", [counterpart], "您好，我是李四", null, MsgType: "text"),
                new ArchiveDraft(RecordClass.ChatMessage, "wecom-chat", counterpart + "-2", at.AddSeconds(1), "zhangsan", [counterpart], "您好，我是张三", null, MsgType: "text"),
            ], Ct);
        }
        var auditor = await Factory.ClientForAsync("auditor");
        var page = await (await auditor.GetAsync($"/api/risk/archive/search?counterpart={counterpart}", Ct)).ReadAsync<ArchiveSearchPage>();
        Assert.Equal(2, page.Total);
        Assert.False(page.Items.Single(i => i.EmployeeName == "李四").NoticeAcknowledged);
        Assert.True(page.Items.Single(i => i.EmployeeName == "张三").NoticeAcknowledged);
    }
}

[Trait("Category", "Integration")]
public sealed class SqliteMonitoringNoticeApiTests(SqliteRenheFactory factory) : MonitoringNoticeApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresMonitoringNoticeApiTests(PostgresRenheFactory factory) : MonitoringNoticeApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
