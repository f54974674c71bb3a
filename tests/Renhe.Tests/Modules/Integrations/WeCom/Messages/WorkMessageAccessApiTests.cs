using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Modules.Integrations.WeCom.Messages;
using Renhe.Platform.Approvals;
using Renhe.Platform.Notifications;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Integrations.WeCom.Messages;

/// 工作消息 while WeCom is not configured (the demo as it ships), and who may do what: everyone sets
/// their own switches and nobody else's; the send log is for whoever manages WeCom.
public abstract class WorkMessageAccessApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private const string Log = "/api/integrations/wecom/messages";
    private const string Preferences = "/api/integrations/wecom/message-preferences";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_wecom_nothing_is_queued_or_sent_and_both_pages_say_so()
    {
        Guid notice;
        await using (var db = Factory.OpenDb())
        {
            var user = await db.Users.Where(u => u.UserName == "zhangsan").Select(u => u.Id).SingleAsync(Ct);
            NotificationService.Add(db, user, ApprovalService.WaitingNoticeKey, ["张三", "未配置"], "/platform/approvals", DateTimeOffset.UtcNow);
            await db.SaveChangesAsync(Ct);
            notice = db.ChangeTracker.Entries<Notification>().Single().Entity.Id;
        }
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var pass = await scope.ServiceProvider.GetRequiredService<WorkMessageSender>().RunAsync(DateTimeOffset.UtcNow, Ct);
            Assert.Equal(new WorkMessagePass(false, 0, 0, 0), pass);
        }
        await using (var db = Factory.OpenDb())
            Assert.False(await db.Set<WorkMessage>().AnyAsync(m => m.NotificationId == notice, Ct));

        var status = await (await (await Factory.ClientForAsync("admin")).GetAsync($"{Log}/status", Ct)).ReadAsync<WorkMessageStatusView>();
        Assert.False(status.WeComConfigured);
        var mine = await (await (await Factory.ClientForAsync("zhangsan")).GetAsync(Preferences, Ct)).ReadAsync<WorkMessagePreferencesView>();
        Assert.False(mine.WeComConfigured);
        Assert.True(mine.HasWeComAccount);
        Assert.Equal(["今日任务", "待审批", "跟进点评", "风险预警", "提成"], mine.Kinds.Select(k => k.Name));
        Assert.All(mine.Kinds, k => Assert.True(k.Enabled));
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("hr")]
    [InlineData("finance")]
    [InlineData("salesmgr")]
    [InlineData("zhangsan")]
    [InlineData("auditor")]
    public async Task Everyone_turns_their_own_kinds_on_and_off_and_bad_input_names_the_field(string userName)
    {
        var client = await Factory.ClientForAsync(userName);
        var off = await (await client.PutAsJsonAsync(Preferences, new { kind = "Alerts", enabled = false }, Ct)).ReadAsync<WorkMessagePreferencesView>();
        Assert.False(off.Kinds.Single(k => k.Kind == WorkMessageKind.Alerts).Enabled);
        Assert.False((await (await client.GetAsync(Preferences, Ct)).ReadAsync<WorkMessagePreferencesView>()).Kinds.Single(k => k.Kind == WorkMessageKind.Alerts).Enabled);
        // Someone else's switches are their own: this person's choice changed nobody else's.
        var other = await Factory.ClientForAsync(userName == "lisi" ? "xiaoli" : "lisi");
        Assert.True((await (await other.GetAsync(Preferences, Ct)).ReadAsync<WorkMessagePreferencesView>()).Kinds.Single(k => k.Kind == WorkMessageKind.Alerts).Enabled);
        await client.PutAsJsonAsync(Preferences, new { kind = "Alerts", enabled = true }, Ct);

        var badKind = await client.PutAsJsonAsync(Preferences, new { kind = "Nope", enabled = false }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badKind.StatusCode);
        var missing = await client.PutAsJsonAsync(Preferences, new { kind = "Tasks" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("enabled", (await missing.Content.ReadAsStringAsync(Ct)), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Nobody_signed_out_reads_or_sets_switches()
    {
        var anonymous = Factory.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Preferences, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Log, Ct)).StatusCode);
    }

    [Theory]
    [InlineData("admin", true)]
    [InlineData("hr", true)]
    [InlineData("owner", false)]
    [InlineData("finance", false)]
    [InlineData("salesmgr", false)]
    [InlineData("zhangsan", false)]
    [InlineData("auditor", false)]
    public async Task Only_those_who_manage_wecom_read_export_and_retry_the_send_log(string userName, bool allowed)
    {
        var client = await Factory.ClientForAsync(userName);
        var expected = allowed ? HttpStatusCode.OK : HttpStatusCode.Forbidden;
        Assert.Equal(expected, (await client.GetAsync(Log, Ct)).StatusCode);
        Assert.Equal(expected, (await client.GetAsync($"{Log}/status", Ct)).StatusCode);
        var export = await client.GetAsync($"{Log}/export?state=Failed", Ct);
        Assert.Equal(expected, export.StatusCode);
        Assert.Equal(allowed ? HttpStatusCode.NotFound : HttpStatusCode.Forbidden, (await client.PostAsync($"{Log}/{Guid.NewGuid()}/retry", null, Ct)).StatusCode);
        if (!allowed) return;
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", export.Content.Headers.ContentType!.MediaType);
        var tooLong = await client.GetAsync($"{Log}?person={new string('人', 51)}", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"{Log}?state=Lost", Ct)).StatusCode);
    }
}

[Trait("Category", "Integration")]
public sealed class SqliteWorkMessageAccessApiTests(SqliteRenheFactory factory) : WorkMessageAccessApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresWorkMessageAccessApiTests(PostgresRenheFactory factory) : WorkMessageAccessApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
