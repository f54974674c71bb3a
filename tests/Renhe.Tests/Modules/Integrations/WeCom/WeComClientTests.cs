using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Renhe.Modules.Integrations.WeCom.Api;
using Renhe.Modules.Integrations.WeCom.Settings;
using Renhe.Platform.Data;
using Renhe.Platform.Security;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Integrations.WeCom;

/// The outbound client against WeCom's documented API served on loopback, on both databases (the
/// token is shared through the database): what Renhe sends, field by field, and how it meets each
/// answer — tokens cached and refreshed once under concurrency, an expired token replaced and the
/// call retried, frequency limits backed off, transfers split at 100 customers, cursors followed.
public abstract class WeComClientSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private WeComFakeServer? _wecom;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<WeComFakeServer> ConnectedAsync()
    {
        _wecom = await WeComFakeServer.StartAsync();
        await _wecom.ConnectAsync(Factory.Services);
        return _wecom;
    }

    private T Resolve<T>(IServiceScope scope) where T : notnull => scope.ServiceProvider.GetRequiredService<T>();

    [Fact]
    public async Task The_token_is_fetched_with_corp_id_and_secret_once_and_reused_by_later_calls()
    {
        var wecom = await ConnectedAsync();
        wecom.Departments.Add((2, "销售一部", 1, 2));
        using var scope = Factory.Services.CreateScope();
        var client = Resolve<WeComClient>(scope);

        var departments = await client.ListDepartmentsAsync(Ct);
        await client.ListDepartmentsAsync(Ct);

        Assert.Equal([new WeComDepartment(1, "深圳某电商服务公司", 0, 1), new WeComDepartment(2, "销售一部", 1, 2)], departments);
        var token = Assert.Single(wecom.To("gettoken"));
        Assert.Equal(WeComFakeServer.CorpId, token.Query["corpid"]);
        Assert.Equal(WeComFakeServer.Secret, token.Query["corpsecret"]);
        Assert.All(wecom.To("department/list"), r => Assert.Equal("ACCESS_TOKEN_1", r.Query["access_token"]));
        await using var db = Factory.OpenDb();
        var stored = await db.WeComAccessTokens.SingleAsync(Ct);
        Assert.DoesNotContain("ACCESS_TOKEN", stored.TokenCipher); // encrypted at rest
    }

    [Fact]
    public async Task Twenty_concurrent_calls_on_two_instances_cost_one_token_refresh()
    {
        var wecom = await ConnectedAsync();
        wecom.TokenDelay = TimeSpan.FromMilliseconds(400);
        // A second Renhe instance: its own token cache over the same database.
        var otherInstance = new WeComTokens(Factory.Services.GetRequiredService<FieldCipher>(), TimeProvider.System, NullLogger<WeComTokens>.Instance);
        var calls = Enumerable.Range(0, 20).Select(async i =>
        {
            using var scope = Factory.Services.CreateScope();
            var client = i % 2 == 0
                ? Resolve<WeComClient>(scope)
                : new WeComClient(Resolve<IHttpClientFactory>(scope).CreateClient(nameof(WeComClient)), otherInstance, Resolve<WeComSettingsService>(scope),
                    Resolve<IDbContextFactory<AppDbContext>>(scope));
            return await client.ListDepartmentsAsync(Ct);
        });

        var answers = await Task.WhenAll(calls);

        Assert.All(answers, a => Assert.Single(a));
        Assert.Equal(1, wecom.TokensIssued);
        Assert.Equal(20, wecom.To("department/list").Count());
    }

    [Theory]
    [InlineData(42001)] // expired
    [InlineData(40014)] // invalid
    public async Task A_rejected_token_is_replaced_and_the_call_made_once_more(int rejection)
    {
        var wecom = await ConnectedAsync();
        using var scope = Factory.Services.CreateScope();
        var client = Resolve<WeComClient>(scope);
        await client.ListDepartmentsAsync(Ct);
        if (rejection == 42001) wecom.ExpireTokens();
        else wecom.FailNext("department/list", 40014);

        var departments = await client.ListDepartmentsAsync(Ct);

        Assert.Single(departments);
        Assert.Equal(2, wecom.TokensIssued);
        Assert.Equal(["ACCESS_TOKEN_1", "ACCESS_TOKEN_1", "ACCESS_TOKEN_2"], wecom.To("department/list").Select(r => r.Query["access_token"]));
    }

    [Fact]
    public async Task A_token_rejected_twice_is_an_error_naming_the_errcode()
    {
        var wecom = await ConnectedAsync();
        wecom.FailNext("department/list", 40014, 40014);
        using var scope = Factory.Services.CreateScope();

        var error = await Assert.ThrowsAsync<WeComException>(() => Resolve<WeComClient>(scope).ListDepartmentsAsync(Ct));

        Assert.Equal(40014, error.ErrCode);
        Assert.Equal(2, wecom.To("department/list").Count());
    }

    [Fact]
    public async Task A_frequency_limit_is_waited_out_and_the_same_message_sent_again()
    {
        var wecom = await ConnectedAsync();
        wecom.FailNext("message/send", 45009, 45033);
        using var scope = Factory.Services.CreateScope();

        var receipt = await Resolve<WeComClient>(scope).SendMessageAsync(
            new WeComMessage(["zhangsan"], Markdown: "**今日任务** 3 项"), Ct);

        Assert.Equal("msgid-1", receipt.MsgId);
        var sent = wecom.To("message/send").ToList();
        Assert.Equal(3, sent.Count);
        Assert.All(sent, r => Assert.Equal(sent[0].Body!.ToJsonString(), r.Body!.ToJsonString()));
    }

    [Fact]
    public async Task A_frequency_limit_that_outlasts_the_retries_is_reported_as_such()
    {
        var wecom = await ConnectedAsync();
        wecom.FailNext("message/send", 45009, 45009, 45009, 45009);
        using var scope = Factory.Services.CreateScope();

        var error = await Assert.ThrowsAsync<WeComException>(() => Resolve<WeComClient>(scope).SendMessageAsync(
            new WeComMessage(["zhangsan"], Markdown: "x"), Ct));

        Assert.True(error.IsFrequencyLimit);
        Assert.Equal(4, wecom.To("message/send").Count()); // the first try and three retries
    }

    [Fact]
    public async Task A_text_card_is_sent_field_by_field_from_the_configured_agent_and_invalid_members_are_reported()
    {
        var wecom = await ConnectedAsync();
        wecom.InvalidUsers.Add("left_member");
        using var scope = Factory.Services.CreateScope();

        var receipt = await Resolve<WeComClient>(scope).SendMessageAsync(new WeComMessage(["zhangsan", "left_member"],
            new WeComTextCard("待你审批：客户转移", "张三 申请把 3 位客户转给 李四", "https://renhe.example.com/approvals/1", null)), Ct);

        Assert.Equal(["left_member"], receipt.InvalidUsers);
        var body = Assert.Single(wecom.To("message/send")).Body!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"touser":"zhangsan|left_member","msgtype":"textcard","agentid":1000002,
             "textcard":{"title":"待你审批：客户转移","description":"张三 申请把 3 位客户转给 李四","url":"https://renhe.example.com/approvals/1","btntxt":"详情"}}
            """), body), body.ToJsonString());
    }

    [Fact]
    public async Task A_resigned_transfer_of_101_customers_takes_two_calls_and_returns_each_customers_errcode()
    {
        var wecom = await ConnectedAsync();
        var customers = Enumerable.Range(0, 101).Select(i => $"wmCustomer{i:D3}").ToList();
        wecom.CustomerErrCodes["wmCustomer100"] = 40096;
        using var scope = Factory.Services.CreateScope();

        var results = await Resolve<WeComClient>(scope).TransferResignedCustomersAsync("leaver", "heir", customers, Ct);

        Assert.Equal(customers, results.Select(r => r.ExternalUserId));
        Assert.Equal(40096, results[^1].ErrCode);
        Assert.All(results.Take(100), r => Assert.Equal(0, r.ErrCode));
        var calls = wecom.To("externalcontact/resigned/transfer_customer").ToList();
        Assert.Equal(2, calls.Count);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$"""
            {"handover_userid":"leaver","takeover_userid":"heir","external_userid":["wmCustomer100"]}
            """), calls[1].Body), calls[1].Body!.ToJsonString());
        Assert.Equal(customers.Take(100), calls[0].Body!["external_userid"]!.AsArray().Select(c => c!.GetValue<string>()));
    }

    [Fact]
    public async Task An_in_service_transfer_carries_the_message_to_the_customer()
    {
        var wecom = await ConnectedAsync();
        using var scope = Factory.Services.CreateScope();

        await Resolve<WeComClient>(scope).TransferCustomersAsync("zhangsan", "lisi", ["wmA"], "您好，我是李四，接下来由我为您服务", Ct);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"handover_userid":"zhangsan","takeover_userid":"lisi","external_userid":["wmA"],"transfer_success_msg":"您好，我是李四，接下来由我为您服务"}
            """), Assert.Single(wecom.To("externalcontact/transfer_customer")).Body));
    }

    [Fact]
    public async Task Transfer_results_are_read_page_by_page_with_every_status()
    {
        var wecom = await ConnectedAsync();
        wecom.PageSize = 2;
        wecom.TransferStatuses[("leaver", "heir")] = [("wm1", 1), ("wm2", 2), ("wm3", 3), ("wm4", 4), ("wm5", 5)];
        using var scope = Factory.Services.CreateScope();
        var client = Resolve<WeComClient>(scope);

        var seen = new List<WeComTransferStatusItem>();
        string? cursor = null;
        do
        {
            var page = await client.ResignedTransferResultAsync("leaver", "heir", cursor, Ct);
            seen.AddRange(page.Customers);
            cursor = page.NextCursor;
        } while (cursor is not null);

        Assert.Equal([WeComTransferStatus.Done, WeComTransferStatus.Waiting, WeComTransferStatus.Refused, WeComTransferStatus.TakeoverAtLimit,
            WeComTransferStatus.NoRecord], seen.Select(s => s.Status));
        Assert.NotNull(seen[0].TakeoverTime);
        Assert.Null(seen[1].TakeoverTime);
        Assert.Equal(["", "2", "4"], wecom.To("externalcontact/resigned/transfer_result").Select(r => r.Body!["cursor"]!.GetValue<string>()));
    }

    [Fact]
    public async Task External_contacts_are_read_by_cursor_with_the_follow_info()
    {
        var wecom = await ConnectedAsync();
        wecom.PageSize = 2;
        wecom.ExternalContacts["zhangsan"] = [new("wmA", "王女士", Mobiles: ["13800000001"]), new("wmB", "赵先生"), new("wmC", "某公司采购", Type: 2, CorpName: "某公司")];
        using var scope = Factory.Services.CreateScope();
        var client = Resolve<WeComClient>(scope);

        var first = await client.ListExternalContactsAsync(["zhangsan"], null, Ct);
        var second = await client.ListExternalContactsAsync(["zhangsan"], first.NextCursor, Ct);

        Assert.Equal(["wmA", "wmB"], first.Items.Select(i => i.Contact.ExternalUserId));
        Assert.Equal(["13800000001"], first.Items[0].FollowInfo.RemarkMobiles);
        Assert.Equal("zhangsan", first.Items[0].FollowInfo.UserId);
        Assert.Equal(new WeComExternalContact("wmC", "某公司采购", 2, "某公司"), Assert.Single(second.Items).Contact);
        Assert.Null(second.NextCursor);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"userid_list":["zhangsan"],"cursor":"","limit":100}"""),
            wecom.To("externalcontact/batch/get_by_user").First().Body));
    }

    [Fact]
    public async Task Members_are_read_with_their_sub_departments()
    {
        var wecom = await ConnectedAsync();
        wecom.Departments.Add((2, "销售一部", 1, 1));
        wecom.Members.Add(new FakeMember("zhangsan", "张三", [2], "13800000002", "销售"));
        using var scope = Factory.Services.CreateScope();

        var members = await Resolve<WeComClient>(scope).ListMembersAsync(1, Ct);

        Assert.Equal(new WeComMember("zhangsan", "张三", [2], "13800000002", "销售", 1) with { Departments = members[0].Departments }, members[0]);
        Assert.Equal([2L], members[0].Departments);
        var request = Assert.Single(wecom.To("user/list"));
        Assert.Equal(("1", "1"), (request.Query["department_id"], request.Query["fetch_child"]));
    }

    [Fact]
    public async Task The_settings_page_api_keeps_the_secret_to_itself_and_tells_a_second_editor()
    {
        var admin = await Factory.ClientForAsync("admin");
        var before = await (await admin.GetAsync("/api/integrations/wecom/settings", Ct)).ReadAsync<WeComSettingsView>();
        var saved = await (await admin.PutJsonAsync("/api/integrations/wecom/settings",
            new { corpId = "ww55aa", agentId = 1000005, secret = "s3cret-value", version = before.Version })).ReadAsync<WeComSettingsView>();
        Assert.True(saved is { CorpId: "ww55aa", AgentId: 1000005, SecretSet: true, Configured: true });

        var raw = await admin.GetStringAsync("/api/integrations/wecom/settings", Ct);
        Assert.DoesNotContain("s3cret-value", raw);
        await using (var db = Factory.OpenDb())
            Assert.DoesNotContain("s3cret-value", (await db.WeComSettings.SingleAsync(Ct)).SecretCipher);

        var stale = await admin.PutJsonAsync("/api/integrations/wecom/settings", new { corpId = "ww66bb", agentId = 1000006, version = before.Version ?? Guid.NewGuid() });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var bad = await (await admin.PutJsonAsync("/api/integrations/wecom/settings", new { corpId = "ww 55/aa", agentId = 0, version = saved.Version }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("corpId", bad.Errors!.Keys, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("agentId", bad.Errors!.Keys, StringComparer.OrdinalIgnoreCase);
        Assert.Equal("ww55aa", (await (await admin.GetAsync("/api/integrations/wecom/settings", Ct)).ReadAsync<WeComSettingsView>()).CorpId);
    }

    [Theory]
    [InlineData("admin", HttpStatusCode.OK)]
    [InlineData("hr", HttpStatusCode.OK)]
    [InlineData("salesmgr", HttpStatusCode.Forbidden)]
    [InlineData("zhangsan", HttpStatusCode.Forbidden)]
    [InlineData("finance", HttpStatusCode.Forbidden)]
    public async Task Only_administrators_and_hr_see_the_settings(string user, HttpStatusCode expected)
    {
        var client = await Factory.ClientForAsync(user);
        Assert.Equal(expected, (await client.GetAsync("/api/integrations/wecom/settings", Ct)).StatusCode);
        if (expected == HttpStatusCode.Forbidden)
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PutJsonAsync("/api/integrations/wecom/settings", new { corpId = "ww1", agentId = 1 })).StatusCode);
    }

    [Fact]
    public async Task The_connection_check_names_wecoms_errcode_and_what_to_do()
    {
        var wecom = await ConnectedAsync();
        wecom.FailNext("department/list", 60011);
        var admin = await Factory.ClientForAsync("admin");

        var failed = await (await admin.PostAsync("/api/integrations/wecom/settings/check", null, Ct)).ReadAsync<WeComConnectionCheck>();
        var ok = await (await admin.PostAsync("/api/integrations/wecom/settings/check", null, Ct)).ReadAsync<WeComConnectionCheck>();

        Assert.False(failed.Ok);
        Assert.Equal(60011, failed.ErrCode);
        Assert.Contains("60011", failed.Message);
        Assert.Contains("可见范围", failed.Message);
        Assert.True(ok.Ok);
        Assert.Contains("1", ok.Message);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_wecom is not null) await _wecom.DisposeAsync();
        await base.DisposeAsync();
    }
}

[Trait("Category", "Integration")]
public sealed class SqliteWeComClientTests(SqliteRenheFactory factory) : WeComClientSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresWeComClientTests(PostgresRenheFactory factory) : WeComClientSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
