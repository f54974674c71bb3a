using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Modules.Integrations.WeCom;
using Renhe.Modules.Sales.Customers;
using Renhe.Modules.Sales.WeComHandovers;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Sales.WeComHandovers;

/// The handover job against WeCom's documented API, answered by a real HTTP server on loopback:
/// what Renhe sends (batches of at most 100, the exact bodies), what it makes of each answer
/// (per-customer errcodes, the four transfer statuses, a frequency limit, paged results) and of
/// WeCom's transfer_fail event, and what a refusal does to custody in Renhe.
public abstract class WeComHandoverContractSuite<TFactory> : DatabaseSuite<TFactory> where TFactory : RenheFactory
{
    private const string Token = "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo";
    private const string AesKey = "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt";
    private const string CallbackCorpId = "ww1436e0e65a779aee";
    private const string ResignedTransfer = "/cgi-bin/externalcontact/resigned/transfer_customer";
    private const string InServiceTransfer = "/cgi-bin/externalcontact/transfer_customer";
    private const string InServiceResult = "/cgi-bin/externalcontact/transfer_result";

    private static readonly WeComCrypto Crypto = new(Token, AesKey, CallbackCorpId);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected WeComHandoverContractSuite(TFactory factory) : base(factory)
    {
        if (factory.UnavailableReason is not null) return;
        var configuration = factory.Services.GetRequiredService<IConfiguration>();
        configuration["WeCom:Token"] = Token;
        configuration["WeCom:EncodingAesKey"] = AesKey;
        configuration["WeCom:CorpId"] = CallbackCorpId;
    }

    [Fact]
    public async Task A_hundred_and_one_customers_go_out_in_two_calls_of_100_and_1_with_wecoms_exact_bodies()
    {
        await using var wecom = await ConnectAsync();
        var (handover, takeover) = Pair();
        var rows = await SeedAsync(HandoverKind.Resigned, handover, takeover, 101);

        await RunAsync(DateTimeOffset.UtcNow);

        var calls = wecom.Requests.Where(r => r.Path == ResignedTransfer).ToList();
        Assert.Equal(2, calls.Count);
        var externals = rows.Select(r => r.External).ToList();
        Assert.True(JsonNode.DeepEquals(Body(handover, takeover, externals.Take(100)), calls[0].Body), calls[0].Body?.ToJsonString());
        Assert.True(JsonNode.DeepEquals(Body(handover, takeover, externals.Skip(100)), calls[1].Body), calls[1].Body?.ToJsonString());
        // Accepted: WeCom now waits for the takeover.
        Assert.All(await StatesAsync(rows), s => Assert.Equal(HandoverState.Waiting, s));
    }

    [Fact]
    public async Task An_in_service_handover_carries_the_message_for_the_customer()
    {
        await using var wecom = await ConnectAsync();
        var (handover, takeover) = Pair();
        var rows = await SeedAsync(HandoverKind.InService, handover, takeover, 2, message: "您好，我是新的顾问");

        await RunAsync(DateTimeOffset.UtcNow);

        var call = Assert.Single(wecom.Requests, r => r.Path == InServiceTransfer);
        var expected = Body(handover, takeover, rows.Select(r => r.External));
        expected["transfer_success_msg"] = "您好，我是新的顾问";
        Assert.True(JsonNode.DeepEquals(expected, call.Body), call.Body?.ToJsonString());
    }

    [Fact]
    public async Task Each_transfer_status_settles_the_row_as_wecom_says_and_a_waiting_one_is_asked_again()
    {
        await using var wecom = await ConnectAsync();
        var (handover, takeover) = Pair();
        var rows = await SeedAsync(HandoverKind.InService, handover, takeover, 4);
        wecom.TransferStatuses[(handover, takeover)] = rows.Select((r, i) => (r.External, i + 1)).ToList();
        var now = DateTimeOffset.UtcNow;

        await RunAsync(now);
        Assert.Equal([HandoverState.Done, HandoverState.Waiting, HandoverState.Refused, HandoverState.TakeoverAtLimit], await StatesAsync(rows));

        // The customer has 24 hours: asked again after the pause, not at once.
        wecom.TransferStatuses[(handover, takeover)] = [(rows[1].External, 1)];
        await RunAsync(now.AddMinutes(1));
        Assert.Equal(HandoverState.Waiting, (await StatesAsync(rows))[1]);
        await RunAsync(now + WeComHandover.WaitingRecheck);
        Assert.Equal(HandoverState.Done, (await StatesAsync(rows))[1]);
    }

    [Fact]
    public async Task A_customer_wecom_does_not_accept_fails_with_its_errcode_and_is_listed_for_the_manager()
    {
        await using var wecom = await ConnectAsync();
        var (handover, takeover) = Pair();
        var rows = await SeedAsync(HandoverKind.Resigned, handover, takeover, 3);
        wecom.CustomerErrCodes[rows[1].External] = 40096;

        await RunAsync(DateTimeOffset.UtcNow);

        Assert.Equal([HandoverState.Waiting, HandoverState.Failed, HandoverState.Waiting], await StatesAsync(rows));
        await using var db = Factory.OpenDb();
        Assert.Equal(40096, (await db.WeComHandovers.SingleAsync(h => h.Id == rows[1].Id, Ct)).ErrCode);
        var manager = await Factory.ClientForAsync("salesmgr");
        var failed = await (await manager.GetAsync("/api/sales/wecom-handovers/failed", Ct)).ReadAsync<List<FailedHandoverListItem>>();
        var item = Assert.Single(failed, f => f.Id == rows[1].Id);
        Assert.Contains("40096", item.ReasonText);
    }

    [Fact]
    public async Task A_frequency_limit_leaves_the_rows_queued_for_the_next_run()
    {
        await using var wecom = await ConnectAsync();
        var (handover, takeover) = Pair();
        var rows = await SeedAsync(HandoverKind.Resigned, handover, takeover, 2);
        // The client itself tries a limited call three more times after a short pause; WeCom keeps saying no.
        wecom.FailNext("externalcontact/resigned/transfer_customer", 45009, 45009, 45009, 45009);

        await RunAsync(DateTimeOffset.UtcNow);
        Assert.All(await StatesAsync(rows), s => Assert.Equal(HandoverState.Queued, s));

        await RunAsync(DateTimeOffset.UtcNow);
        Assert.All(await StatesAsync(rows), s => Assert.Equal(HandoverState.Waiting, s));
        // Four refused attempts in the first run, one accepted call in the second.
        Assert.Equal(5, wecom.To("externalcontact/resigned/transfer_customer").Count());
    }

    [Fact]
    public async Task Another_wecom_error_fails_the_rows_of_that_call_with_the_errcode()
    {
        await using var wecom = await ConnectAsync();
        var (handover, takeover) = Pair();
        var rows = await SeedAsync(HandoverKind.Resigned, handover, takeover, 2);
        wecom.FailNext("externalcontact/resigned/transfer_customer", 60111);

        await RunAsync(DateTimeOffset.UtcNow);

        await using var db = Factory.OpenDb();
        var stored = await db.WeComHandovers.AsNoTracking().Where(h => h.HandoverUserId == handover).ToListAsync(Ct);
        Assert.All(stored, h => Assert.Equal((HandoverState.Failed, (int?)60111), (h.State, h.ErrCode)));
    }

    [Fact]
    public async Task Transfer_results_are_read_page_by_page_with_the_cursor()
    {
        await using var wecom = await ConnectAsync();
        var (handover, takeover) = Pair();
        var rows = await SeedAsync(HandoverKind.InService, handover, takeover, 5);
        wecom.PageSize = 2;
        wecom.TransferStatuses[(handover, takeover)] = rows.Select(r => (r.External, 1)).ToList();

        await RunAsync(DateTimeOffset.UtcNow);

        Assert.All(await StatesAsync(rows), s => Assert.Equal(HandoverState.Done, s));
        var pages = wecom.Requests.Where(r => r.Path == InServiceResult && (string?)r.Body?["handover_userid"] == handover).ToList();
        Assert.Equal(3, pages.Count);
        Assert.Equal("", (string?)pages[0].Body?["cursor"]);
        Assert.All(pages.Skip(1), p => Assert.False(string.IsNullOrEmpty((string?)p.Body?["cursor"])));
    }

    [Fact]
    public async Task A_refused_in_service_handover_gives_the_customer_back_and_the_ledger_keeps_both_moves()
    {
        await using var wecom = await ConnectAsync();
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var refused = await CreateCustomerAsync(zhangsan, "拒绝转接的客户");
        var movedSince = await CreateCustomerAsync(zhangsan, "之后又转走的客户");
        var transferId = await TransferAsync(refused.Id, movedSince.Id, "李四");
        wecom.TransferStatuses[("zhangsan", "lisi")] = [(refused.External, 3), (movedSince.External, 3)];
        await using (var db = Factory.OpenDb())
        {
            // Moved on in Renhe before WeCom's answer came: that later move stands.
            var customer = await db.Customers.SingleAsync(c => c.Id == movedSince.Id, Ct);
            db.CustodyEntries.Add(customer.ChangeCustody(await EmployeeIdAsync("李晓"), CustodyReason.Transferred, "again", ChangedBy.System,
                DateTimeOffset.UtcNow));
            await db.SaveChangesAsync(Ct);
        }

        await RunAsync(DateTimeOffset.UtcNow);

        await using var check = Factory.OpenDb();
        Assert.Equal("张三", await OwnerAsync(refused.Id));
        var ledger = await check.CustodyEntries.AsNoTracking().Where(e => e.CustomerId == refused.Id).OrderBy(e => e.At).ToListAsync(Ct);
        var zhangsanId = await EmployeeIdAsync("张三");
        var lisiId = await EmployeeIdAsync("李四");
        Assert.Equal([(null, zhangsanId, CustodyReason.Created), (zhangsanId, lisiId, CustodyReason.Transferred), (lisiId, zhangsanId, CustodyReason.TransferRefused)],
            ledger.Select(e => (e.FromEmployeeId, e.ToEmployeeId, e.Reason)).ToList());
        Assert.Equal("李晓", await OwnerAsync(movedSince.Id));
        var rows = await check.WeComHandovers.AsNoTracking().Where(h => h.OriginId == transferId).ToListAsync(Ct);
        Assert.All(rows, r => Assert.Equal(HandoverState.Refused, r.State));
        Assert.True(rows.Single(r => r.CustomerId == refused.Id).ReturnedToOwner);
        Assert.False(rows.Single(r => r.CustomerId == movedSince.Id).ReturnedToOwner);
    }

    [Fact]
    public async Task The_transfer_fail_callback_settles_the_handover_and_keeps_the_event_in_the_archive()
    {
        await using var wecom = await ConnectAsync();
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var refusing = await CreateCustomerAsync(zhangsan, "回调拒绝的客户");
        var atLimit = await CreateCustomerAsync(zhangsan, "接替人已满的客户");
        var transferId = await TransferAsync(refusing.Id, atLimit.Id, "李晓");
        await RunAsync(DateTimeOffset.UtcNow); // sent; WeCom has no result yet

        var client = Factory.CreateAnonymousClient();
        var at = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.Equal(HttpStatusCode.OK, (await PostEventAsync(client, TransferFailXml("xiaoli", refusing.External, "customer_refused", at))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostEventAsync(client, TransferFailXml("xiaoli", atLimit.External, "customer_limit_exceed", at))).StatusCode);
        // WeCom retries: the second push changes nothing.
        Assert.Equal(HttpStatusCode.OK, (await PostEventAsync(client, TransferFailXml("xiaoli", refusing.External, "customer_refused", at))).StatusCode);

        await using var db = Factory.OpenDb();
        var rows = await db.WeComHandovers.AsNoTracking().Where(h => h.OriginId == transferId).ToListAsync(Ct);
        Assert.Equal(HandoverState.Refused, rows.Single(r => r.CustomerId == refusing.Id).State);
        Assert.Equal(HandoverState.TakeoverAtLimit, rows.Single(r => r.CustomerId == atLimit.Id).State);
        Assert.Equal("张三", await OwnerAsync(refusing.Id));
        Assert.Equal("李晓", await OwnerAsync(atLimit.Id)); // only a refusal gives the customer back
        Assert.Equal(1, await db.CustodyEntries.CountAsync(e => e.CustomerId == refusing.Id && e.Reason == CustodyReason.TransferRefused, Ct));
        Assert.True(await db.ArchivedRecords.AnyAsync(r => r.CounterpartExternalId == refusing.External && r.MsgType == "transfer_fail", Ct));
    }

    // ---- helpers ----

    private async Task<WeComFakeServer> ConnectAsync()
    {
        var wecom = await WeComFakeServer.StartAsync();
        await wecom.ConnectAsync(Factory.Services);
        return wecom;
    }

    private async Task RunAsync(DateTimeOffset now)
    {
        using var scope = Factory.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<WeComHandoverSender>().RunAsync(now, Ct);
    }

    private static (string Handover, string Takeover) Pair()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        return ("h" + id, "t" + id);
    }

    private static JsonObject Body(string handover, string takeover, IEnumerable<string> externals) => new()
    {
        ["handover_userid"] = handover,
        ["takeover_userid"] = takeover,
        ["external_userid"] = new JsonArray(externals.Select(e => (JsonNode)JsonValue.Create(e)!).ToArray()),
    };

    private sealed record Seeded(Guid Id, Guid CustomerId, string External);

    /// Handover rows as the outbox holds them, for customers of 张三 handed to 李四 under the given WeCom user ids.
    private async Task<List<Seeded>> SeedAsync(HandoverKind kind, string handover, string takeover, int count, string? message = null)
    {
        await using var db = Factory.OpenDb();
        var from = await db.Employees.Where(e => e.Name == "张三").Select(e => e.Id).SingleAsync(Ct);
        var to = await db.Employees.Where(e => e.Name == "李四").Select(e => e.Id).SingleAsync(Ct);
        var now = DateTimeOffset.UtcNow;
        var seeded = new List<Seeded>();
        for (var i = 0; i < count; i++)
        {
            var external = $"wm{handover}{i:000}{Guid.NewGuid().ToString("N")[..8]}";
            var (customer, custody, stage) = Customer.Enter(from, CustodyReason.Created, null, ChangedBy.System, now);
            customer.Name = "转接 " + external[^8..];
            customer.WeComExternalId = external;
            db.AddRange(customer, custody, stage);
            var row = WeComHandover.Queue(kind, customer.Id, external, from, handover, to, takeover, Guid.CreateVersion7(), message, now.AddMilliseconds(i));
            db.WeComHandovers.Add(row);
            seeded.Add(new Seeded(row.Id, customer.Id, external));
        }
        await db.SaveChangesAsync(Ct);
        return seeded;
    }

    private async Task<List<HandoverState>> StatesAsync(List<Seeded> rows)
    {
        await using var db = Factory.OpenDb();
        var ids = rows.Select(r => r.Id).ToList();
        var states = await db.WeComHandovers.AsNoTracking().Where(h => ids.Contains(h.Id)).ToDictionaryAsync(h => h.Id, h => h.State, Ct);
        return rows.Select(r => states[r.Id]).ToList();
    }

    private async Task<(Guid Id, string External)> CreateCustomerAsync(HttpClient client, string name)
    {
        var external = "wm" + Guid.NewGuid().ToString("N")[..24];
        var response = await client.PostAsJsonAsync("/api/sales/customers", new { name, weComExternalId = external }, Http.Json, Ct);
        return ((await response.ReadAsync<IdResponse>(HttpStatusCode.Created)).Id, external);
    }

    /// 张三's customers to <paramref name="receiver"/>, asked by the sales manager (approved at once).
    private async Task<Guid> TransferAsync(Guid first, Guid second, string receiver)
    {
        var manager = await Factory.ClientForAsync("salesmgr");
        var created = await (await manager.PostAsJsonAsync($"/api/sales/customers/{first}/transfer-requests",
            new { customerIds = new[] { second }, toEmployeeId = await EmployeeIdAsync(receiver), reason = "调整" }, Ct)).ReadAsync<TransferCreated>(HttpStatusCode.Created);
        return created.Id;
    }

    private async Task<string?> OwnerAsync(Guid customerId)
    {
        await using var db = Factory.OpenDb();
        return await db.Customers.Where(c => c.Id == customerId).Select(c => c.Owner == null ? null : c.Owner.Name).SingleAsync(Ct);
    }

    private async Task<Guid> EmployeeIdAsync(string name)
    {
        await using var db = Factory.OpenDb();
        return await db.Employees.Where(e => e.Name == name).Select(e => e.Id).FirstAsync(Ct);
    }

    private static string TransferFailXml(string takeoverUser, string external, string failReason, long createTime) =>
        $"<xml><ToUserName><![CDATA[{CallbackCorpId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>"
        + $"<CreateTime>{createTime}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_external_contact]]></Event>"
        + $"<ChangeType><![CDATA[transfer_fail]]></ChangeType><FailReason><![CDATA[{failReason}]]></FailReason>"
        + $"<UserID><![CDATA[{takeoverUser}]]></UserID><ExternalUserID><![CDATA[{external}]]></ExternalUserID></xml>";

    private static Task<HttpResponseMessage> PostEventAsync(HttpClient client, string xml)
    {
        var encrypted = Crypto.Encrypt(xml);
        var envelope = $"<xml><ToUserName><![CDATA[{CallbackCorpId}]]></ToUserName><AgentID><![CDATA[1000002]]></AgentID><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>";
        return client.PostAsync($"/api/integrations/wecom/callback?msg_signature={Crypto.Sign("1", "2", encrypted)}&timestamp=1&nonce=2",
            new StringContent(envelope, Encoding.UTF8, "text/xml"), Ct);
    }

    public sealed record IdResponse(Guid Id);
}

[Trait("Category", "Integration")]
public sealed class SqliteWeComHandoverContractTests(SqliteRenheFactory factory)
    : WeComHandoverContractSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresWeComHandoverContractTests(PostgresRenheFactory factory)
    : WeComHandoverContractSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
