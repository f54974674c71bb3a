using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Modules.Integrations.WeCom.Messages;
using Renhe.Platform.Approvals;
using Renhe.Platform.Notifications;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Integrations.WeCom.Messages;

/// 工作消息 against WeCom's message/send as the loopback fake answers it: the text card exactly as
/// WeCom documents it, the frequency limit retried with a pause, refusals in the send log with the
/// errcode and a reason, an account WeCom does not know, and a person who turned a kind off (the
/// bell still has the notice). Each test marks its notices with a word of its own.
public abstract class WorkMessageApiSuite<TFactory> : DatabaseSuite<TFactory> where TFactory : RenheFactory
{
    public const string PublicUrl = "https://renhe.example.com";
    private const string SendPath = "/cgi-bin/message/send";
    private const string Log = "/api/integrations/wecom/messages";
    private const string Preferences = "/api/integrations/wecom/message-preferences";

    protected WorkMessageApiSuite(TFactory factory) : base(factory) => factory.Settings["Renhe:PublicUrl"] = PublicUrl + "/";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Marker() => "WM" + Guid.NewGuid().ToString("N")[..8];

    /// A "waiting for your approval" notice for a demo user, as the approval engine makes it.
    private async Task<Guid> NoticeAsync(string userName, string marker, DateTimeOffset at, string key = ApprovalService.WaitingNoticeKey)
    {
        await using var db = Factory.OpenDb();
        var user = await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync(Ct);
        NotificationService.Add(db, user, key, ["张三", marker], "/platform/approvals", at);
        await db.SaveChangesAsync(Ct);
        return db.ChangeTracker.Entries<Notification>().Single().Entity.Id;
    }

    private async Task<WorkMessagePass> PassAsync(DateTimeOffset now)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WorkMessageSender>().RunAsync(now, Ct);
    }

    private async Task<WorkMessage> RowAsync(Guid notificationId)
    {
        await using var db = Factory.OpenDb();
        return await db.Set<WorkMessage>().AsNoTracking().SingleAsync(m => m.NotificationId == notificationId, Ct);
    }

    private static List<JsonNode> Sent(WeComFakeServer wecom, string marker) =>
        wecom.Requests.Where(r => r.Path == SendPath && r.Body?.ToJsonString().Contains(marker, StringComparison.Ordinal) == true).Select(r => r.Body!).ToList();

    [Fact]
    public async Task A_notice_goes_out_as_the_text_card_wecom_documents()
    {
        await using var wecom = await WeComFakeServer.StartAsync();
        await wecom.ConnectAsync(Factory.Services);
        var marker = Marker();
        var now = DateTimeOffset.UtcNow;
        var notice = await NoticeAsync("zhangsan", marker, now);

        var pass = await PassAsync(now);

        var body = Assert.Single(Sent(wecom, marker));
        var card = body["textcard"]!;
        string weComUserId;
        await using (var db = Factory.OpenDb())
            weComUserId = await db.Employees.Where(e => db.Users.Any(u => u.UserName == "zhangsan" && u.EmployeeId == e.Id)).Select(e => e.WeComUserId!).SingleAsync(Ct);
        var local = TimeZoneInfo.ConvertTime(now, Renhe.Platform.Time.BranchCalendar.Zone(Renhe.Platform.Time.BranchCalendar.DefaultZoneId));
        Assert.Equal(
            (weComUserId, "textcard", $"待你审批：张三 提交的「{marker}」", $"待审批 · {local:yyyy-MM-dd HH:mm}", PublicUrl + "/platform/approvals", "详情"),
            ((string)body["touser"]!, (string)body["msgtype"]!, (string)card["title"]!, (string)card["description"]!, (string)card["url"]!, (string)card["btntxt"]!));
        Assert.Equal(WeComFakeServer.AgentId, body["agentid"]!.GetValue<long>());
        var row = await RowAsync(notice);
        Assert.Equal((WorkMessageState.Sent, 1), (row.State, row.Attempts));
        Assert.NotNull(row.SentAt);
        Assert.True(pass.Sent >= 1);

        // A second pass sends nothing again.
        await PassAsync(now.AddMinutes(1));
        Assert.Single(Sent(wecom, marker));
    }


    [Fact]
    public async Task The_frequency_limit_is_retried_after_a_pause_and_the_attempts_are_recorded()
    {
        await using var wecom = await WeComFakeServer.StartAsync();
        await wecom.ConnectAsync(Factory.Services);
        var marker = Marker();
        var now = DateTimeOffset.UtcNow;
        // The demo's own fresh notices go out first, so that the limit meets this one.
        await PassAsync(now);
        var notice = await NoticeAsync("zhangsan", marker, now);
        // The client itself tries a call four times within seconds; the limit outlasts them.
        wecom.FailNext("message/send", 45009, 45009, 45009, 45009);

        await PassAsync(now);
        var waiting = await RowAsync(notice);
        Assert.Equal((WorkMessageState.Pending, 1, 45009), (waiting.State, waiting.Attempts, waiting.ErrCode));
        Assert.Equal(now + WorkMessage.RetryDelay(1), waiting.NextAttemptAt!.Value, TimeSpan.FromMilliseconds(1));

        // Not before the pause is over.
        await PassAsync(now.AddSeconds(30));
        Assert.Equal(4, Sent(wecom, marker).Count);
        await PassAsync(now.AddMinutes(1));
        var sent = await RowAsync(notice);
        Assert.Equal((WorkMessageState.Sent, 2, (int?)null), (sent.State, sent.Attempts, sent.ErrCode));
        Assert.Equal(5, Sent(wecom, marker).Count);
    }

    [Fact]
    public async Task A_refusal_reaches_the_send_log_with_the_errcode_and_a_reason_and_is_sent_again_on_retry()
    {
        await using var wecom = await WeComFakeServer.StartAsync();
        await wecom.ConnectAsync(Factory.Services);
        var marker = Marker();
        var now = DateTimeOffset.UtcNow;
        // Other tests' notices go out first, so the scripted refusal meets this one.
        await PassAsync(now);
        var notice = await NoticeAsync("zhangsan", marker, now);
        wecom.FailNext("message/send", 60020);

        await PassAsync(now);
        var failed = await RowAsync(notice);
        Assert.Equal((WorkMessageState.Failed, 1, 60020), (failed.State, failed.Attempts, failed.ErrCode));

        var admin = await Factory.ClientForAsync("admin");
        var log = await (await admin.GetAsync($"{Log}?state=Failed&person=张三")).ReadAsync<WorkMessagePage>();
        var item = Assert.Single(log.Items, i => i.Title.Contains(marker, StringComparison.Ordinal));
        Assert.Equal(("失败", 60020), (item.StateName, item.ErrCode));
        Assert.Contains("60020", item.Reason, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"{Log}/{item.Id}/retry", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"{Log}/{item.Id}/retry", null, Ct)).StatusCode);
        await PassAsync(now.AddSeconds(5));
        Assert.Equal((WorkMessageState.Sent, 2), ((await RowAsync(notice)).State, (await RowAsync(notice)).Attempts));
    }

    [Fact]
    public async Task A_kind_turned_off_stays_in_the_bell_and_is_not_sent_even_once_turned_on_again()
    {
        await using var wecom = await WeComFakeServer.StartAsync();
        await wecom.ConnectAsync(Factory.Services);
        var lisi = await Factory.ClientForAsync("lisi");
        var off = await (await lisi.PutAsJsonAsync(Preferences, new { kind = "Approvals", enabled = false }, Ct)).ReadAsync<WorkMessagePreferencesView>();
        Assert.False(off.Kinds.Single(k => k.Kind == WorkMessageKind.Approvals).Enabled);
        Assert.True(off.Kinds.Single(k => k.Kind == WorkMessageKind.Tasks).Enabled);

        var marker = Marker();
        var now = DateTimeOffset.UtcNow;
        var notice = await NoticeAsync("lisi", marker, now);
        await PassAsync(now);
        Assert.Empty(Sent(wecom, marker));
        var skipped = await RowAsync(notice);
        Assert.Equal((WorkMessageState.Skipped, "WorkMessage.Reason.TurnedOff"), (skipped.State, skipped.ReasonKey));
        var bell = await (await lisi.GetAsync("/api/platform/notifications", Ct)).ReadAsync<List<NotificationItem>>();
        Assert.Contains(bell, n => n.Id == notice);

        // On again: the notice made while it was off is not sent late; a new one is.
        await lisi.PutAsJsonAsync(Preferences, new { kind = "Approvals", enabled = true }, Ct);
        var later = Marker();
        var next = await NoticeAsync("lisi", later, DateTimeOffset.UtcNow.AddSeconds(1));
        await PassAsync(DateTimeOffset.UtcNow.AddSeconds(2));
        Assert.Empty(Sent(wecom, marker));
        Assert.Single(Sent(wecom, later));
        Assert.Equal(WorkMessageState.Sent, (await RowAsync(next)).State);
    }

    [Fact]
    public async Task A_person_without_a_linked_wecom_account_gets_the_bell_only_and_the_log_says_why()
    {
        await using var wecom = await WeComFakeServer.StartAsync();
        await wecom.ConnectAsync(Factory.Services);
        await using (var db = Factory.OpenDb())
            await db.Employees.Where(e => db.Users.Any(u => u.UserName == "xiaoli" && u.EmployeeId == e.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.WeComUserId, (string?)null), Ct);
        var marker = Marker();
        var now = DateTimeOffset.UtcNow;
        var notice = await NoticeAsync("xiaoli", marker, now);
        await PassAsync(now);
        Assert.Empty(Sent(wecom, marker));
        Assert.Equal((WorkMessageState.Skipped, "WorkMessage.Reason.NoWeComAccount"), ((await RowAsync(notice)).State, (await RowAsync(notice)).ReasonKey));
        var xiaoli = await Factory.ClientForAsync("xiaoli");
        Assert.False((await (await xiaoli.GetAsync(Preferences, Ct)).ReadAsync<WorkMessagePreferencesView>()).HasWeComAccount);
    }

    [Fact]
    public async Task An_account_wecom_reports_invalid_fails_for_that_person_with_the_reason()
    {
        await using var wecom = await WeComFakeServer.StartAsync();
        await wecom.ConnectAsync(Factory.Services);
        string weComUserId;
        await using (var db = Factory.OpenDb())
            weComUserId = await db.Employees.Where(e => db.Users.Any(u => u.UserName == "lisi" && u.EmployeeId == e.Id)).Select(e => e.WeComUserId!).SingleAsync(Ct);
        wecom.InvalidUsers.Add(weComUserId);
        var marker = Marker();
        var now = DateTimeOffset.UtcNow;
        var notice = await NoticeAsync("lisi", marker, now);
        await PassAsync(now);
        Assert.Single(Sent(wecom, marker));
        var row = await RowAsync(notice);
        Assert.Equal((WorkMessageState.Failed, "WorkMessage.Reason.InvalidUser", 1), (row.State, row.ReasonKey, row.Attempts));
        var admin = await Factory.ClientForAsync("admin");
        var item = (await (await admin.GetAsync($"{Log}?state=Failed&kind=Approvals&person={weComUserId}")).ReadAsync<WorkMessagePage>()).Items
            .Single(i => i.Title.Contains(marker, StringComparison.Ordinal));
        Assert.StartsWith("企业微信不认识该账号", item.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_notice_older_than_an_hour_or_of_a_kind_not_pushed_is_not_sent()
    {
        await using var wecom = await WeComFakeServer.StartAsync();
        await wecom.ConnectAsync(Factory.Services);
        var now = DateTimeOffset.UtcNow;
        var stale = Marker();
        await NoticeAsync("zhangsan", stale, now - WorkMessageSender.FreshFor - TimeSpan.FromMinutes(1));
        var other = Marker();
        await NoticeAsync("zhangsan", other, now, key: "Jobs.Notice.GaveUp");
        await PassAsync(now);
        Assert.Empty(Sent(wecom, stale));
        Assert.Empty(Sent(wecom, other));
    }
}

[Trait("Category", "Integration")]
public sealed class SqliteWorkMessageApiTests(SqliteRenheFactory factory) : WorkMessageApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresWorkMessageApiTests(PostgresRenheFactory factory) : WorkMessageApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
