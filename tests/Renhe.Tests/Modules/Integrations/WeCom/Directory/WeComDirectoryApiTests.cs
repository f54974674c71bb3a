using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Integrations.WeCom.Directory;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Integrations.WeCom.Directory;

/// The directory API per role on both databases, in the demo (WeCom not configured): the stored
/// snapshot with its two unmatched members, no sync while WeCom is off, and hand links that
/// write the employee's user id, survive as decisions and are audited.
public abstract class WeComDirectoryApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private const string Url = "/api/integrations/wecom/directory";

    [Theory]
    [InlineData("zhangsan")]
    [InlineData("salesmgr")]
    [InlineData("finance")]
    public async Task Salespeople_managers_and_others_without_the_permission_are_refused(string user)
    {
        var client = await Factory.ClientForAsync(user);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(Url, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(Url + "/employees", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync(Url + "/sync", null, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync(Url + "/customer-import", null, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync($"{Url}/members/{Guid.NewGuid()}/unlink",
            new { version = Guid.NewGuid() }, TestContext.Current.CancellationToken)).StatusCode);
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("hr")]
    public async Task The_demo_snapshot_shows_two_unmatched_members_and_says_WeCom_is_not_configured(string user)
    {
        var client = await Factory.ClientForAsync(user);
        var view = await (await client.GetAsync(Url, TestContext.Current.CancellationToken)).ReadAsync<DirectoryView>();
        Assert.False(view.Configured);
        Assert.Equal(["kefu01", "wangpeng.intern"], view.Members.Where(m => m.Present && m.EmployeeId is null && m.UserId is "kefu01" or "wangpeng.intern")
            .Select(m => m.UserId).Order());
        Assert.Contains(view.Members, m => m.UserId == "zhangsan" && m.EmployeeName == "张三");
        Assert.Equal(DirectorySyncStatus.Succeeded, view.LastDirectorySync?.Status);
        // The mobile is shown masked, never in clear.
        Assert.All(view.Members.Where(m => m.MobileMasked is not null), m => Assert.Contains("****", m.MobileMasked));
    }

    [Fact]
    public async Task No_sync_or_import_starts_while_WeCom_is_not_configured()
    {
        var client = await Factory.ClientForAsync("admin");
        var sync = await (await client.PostAsync(Url + "/sync", null, TestContext.Current.CancellationToken)).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("企业微信未配置", sync.Detail ?? sync.Title);
        await (await client.PostAsync(Url + "/customer-import", null, TestContext.Current.CancellationToken)).ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task An_administrator_unlinks_and_links_by_hand_and_both_are_audited()
    {
        var client = await Factory.ClientForAsync("admin");
        var ct = TestContext.Current.CancellationToken;
        var view = await (await client.GetAsync(Url, ct)).ReadAsync<DirectoryView>();
        var member = view.Members.Single(m => m.EmployeeName == "林雪");

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync($"{Url}/members/{member.Id}/unlink", new { version = member.Version }, ct)).StatusCode);
        await using (var db = Factory.OpenDb())
        {
            Assert.Null(await db.Employees.Where(e => e.Id == member.EmployeeId).Select(e => e.WeComUserId).SingleAsync(ct));
            Assert.Equal(MemberMatch.ManualUnlinked, (await db.WeComDirectoryMembers.SingleAsync(m => m.Id == member.Id, ct)).Match);
        }
        // A stale version is refused.
        await (await client.PostAsJsonAsync($"{Url}/members/{member.Id}/unlink", new { version = member.Version }, ct)).ProblemAsync(HttpStatusCode.Conflict);

        var employees = await (await client.GetAsync(Url + "/employees", ct)).ReadAsync<List<EmployeeRef>>();
        Assert.Contains(employees, e => e.Id == member.EmployeeId);
        view = await (await client.GetAsync(Url, ct)).ReadAsync<DirectoryView>();
        var unlinked = view.Members.Single(m => m.Id == member.Id);
        Assert.Contains(view.UnmatchedEmployees, e => e.Name == "林雪");

        // Bad input names the field; an employee linked elsewhere is a conflict.
        var missing = await (await client.PostAsJsonAsync($"{Url}/members/{member.Id}/link", new { version = unlinked.Version }, ct)).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("employeeId", missing.Errors!.Keys);
        var zhangsan = view.Members.Single(m => m.UserId == "zhangsan").EmployeeId;
        await (await client.PostAsJsonAsync($"{Url}/members/{member.Id}/link", new { employeeId = zhangsan, version = unlinked.Version }, ct))
            .ProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync($"{Url}/members/{member.Id}/link",
            new { employeeId = member.EmployeeId, version = unlinked.Version }, ct)).StatusCode);
        await using (var db = Factory.OpenDb())
        {
            Assert.Equal(member.UserId, await db.Employees.Where(e => e.Id == member.EmployeeId).Select(e => e.WeComUserId).SingleAsync(ct));
            var row = await db.WeComDirectoryMembers.SingleAsync(m => m.Id == member.Id, ct);
            Assert.Equal((MemberMatch.Manual, member.EmployeeId, "admin"), (row.Match, row.EmployeeId, row.LinkedBy));
            var audited = await db.AuditEntries.Where(a => a.Entity == "integrations_wecom_member" && a.EntityKey == member.Id.ToString()).CountAsync(ct);
            Assert.True(audited >= 2, $"{audited} audit entries for the member");
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == "org_employee" && a.EntityKey == member.EmployeeId.ToString() && a.UserName == "admin", ct));
        }
    }
}

[Trait("Category", "Integration")]
public sealed class SqliteWeComDirectoryApiTests(SqliteRenheFactory factory) : WeComDirectoryApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresWeComDirectoryApiTests(PostgresRenheFactory factory) : WeComDirectoryApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
