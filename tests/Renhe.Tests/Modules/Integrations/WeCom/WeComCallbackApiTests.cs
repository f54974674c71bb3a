using Renhe.Modules.Sales.Customers;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Modules.Integrations.WeCom;
using Renhe.Modules.Risk.Archive;
using Renhe.Modules.Sales;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Integrations.WeCom;

/// The callback URL through HTTP, on SQLite and PostgreSQL: WeCom's public vector for URL
/// verification, and events of our own encryption for customer-contact changes. Anything not
/// signed and encrypted for us, or not shaped like WeCom's events, is a 4xx and stores nothing.
public abstract class WeComCallbackApiSuite<TFactory> : DatabaseSuite<TFactory> where TFactory : RenheFactory
{
    private const string Token = "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo";
    private const string AesKey = "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt";
    private const string CorpId = "ww1436e0e65a779aee";
    private const string Url = "/api/integrations/wecom/callback";

    private static readonly WeComCrypto Crypto = new(Token, AesKey, CorpId);
    private readonly TFactory _factory;

    protected WeComCallbackApiSuite(TFactory factory) : base(factory)
    {
        _factory = factory;
        if (factory.UnavailableReason is not null) return; // skipped; the host is not started
        var configuration = factory.Services.GetRequiredService<IConfiguration>();
        configuration["WeCom:Token"] = Token;
        configuration["WeCom:EncodingAesKey"] = AesKey;
        configuration["WeCom:CorpId"] = CorpId;
    }

    [Fact]
    public async Task Url_verification_answers_the_public_vectors_echo_as_plain_text()
    {
        var client = _factory.CreateAnonymousClient();
        var echostr = Uri.EscapeDataString("fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA==");
        var response = await client.GetAsync(
            $"{Url}?msg_signature=012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb&timestamp=1476416373&nonce=47744683&echostr={echostr}",
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("1288432023552776189", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Url_verification_with_a_bad_signature_or_another_corp_id_is_refused()
    {
        var client = _factory.CreateAnonymousClient();
        var echostr = Crypto.Encrypt("42");
        var bad = await client.GetAsync($"{Url}?msg_signature={new string('0', 40)}&timestamp=1&nonce=2&echostr={Uri.EscapeDataString(echostr)}",
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        var other = new WeComCrypto(Token, AesKey, "wwSomeoneElse");
        var foreign = other.Encrypt("42");
        var wrongCorp = await client.GetAsync(
            $"{Url}?msg_signature={other.Sign("1", "2", foreign)}&timestamp=1&nonce=2&echostr={Uri.EscapeDataString(foreign)}",
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, wrongCorp.StatusCode);

        var ok = await client.GetAsync($"{Url}?msg_signature={Crypto.Sign("1", "2", echostr)}&timestamp=1&nonce=2&echostr={Uri.EscapeDataString(echostr)}",
            TestContext.Current.CancellationToken);
        Assert.Equal("42", await ok.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("add_external_contact")]
    [InlineData("add_half_external_contact")]
    [InlineData("edit_external_contact")]
    [InlineData("del_external_contact")]
    [InlineData("del_follow_user")]
    [InlineData("transfer_fail")]
    public async Task A_contact_event_is_archived_once_linked_to_the_employee_and_keeps_the_external_id(string changeType)
    {
        var external = "wm" + Guid.NewGuid().ToString("N")[..16];
        var failReason = changeType == "transfer_fail" ? "<FailReason><![CDATA[customer_refused]]></FailReason>" : "";
        var xml = $"<xml><ToUserName><![CDATA[{CorpId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>"
                  + "<CreateTime>1763600000</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_external_contact]]></Event>"
                  + $"<ChangeType><![CDATA[{changeType}]]></ChangeType><UserID><![CDATA[xiaoli]]></UserID>"
                  + $"<ExternalUserID><![CDATA[{external}]]></ExternalUserID>{failReason}</xml>";
        var client = _factory.CreateAnonymousClient();
        for (var attempt = 0; attempt < 2; attempt++) // WeCom retries: the second push is a duplicate
        {
            var response = await PostAsync(client, xml);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("success", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }

        await using var db = _factory.OpenDb();
        var record = await db.ArchivedRecords.SingleAsync(r => r.CounterpartExternalId == external, TestContext.Current.CancellationToken);
        Assert.Equal(RecordClass.ContactEvent, record.Class);
        Assert.Equal(changeType, record.MsgType);
        Assert.Equal(await db.Employees.Where(e => e.WeComUserId == "xiaoli").Select(e => e.Id).SingleAsync(TestContext.Current.CancellationToken),
            record.EmployeeId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1763600000), record.At);
        if (changeType == "transfer_fail") Assert.Contains("customer_refused", record.Body);
    }

    [Fact]
    public async Task Adding_an_unknown_customer_creates_a_lead_owned_by_the_employee_with_its_custody_entry_and_nothing_else_moves_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var external = "wm" + Guid.NewGuid().ToString("N")[..16];
        var client = _factory.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, ContactXml("add_external_contact", "xiaoli", external, 1763600000))).StatusCode);
        // Another salesperson adds the same customer, then xiaoli deletes it: the owner stays.
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, ContactXml("add_external_contact", "zhangsan", external, 1763600100))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, ContactXml("del_external_contact", "xiaoli", external, 1763600200))).StatusCode);

        await using var db = _factory.OpenDb();
        var xiaoli = await db.Employees.Where(e => e.WeComUserId == "xiaoli").Select(e => e.Id).SingleAsync(ct);
        var customer = await db.Customers.SingleAsync(c => c.WeComExternalId == external, ct);
        Assert.Equal(xiaoli, customer.OwnerId);
        Assert.Equal(CustomerStage.Lead, customer.Stage);
        Assert.Equal(ContactEventLinker.WeComSource, customer.SourceChannel);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1763600000), customer.AssignedAt);
        var custody = await db.CustodyEntries.Where(c => c.CustomerId == customer.Id).ToListAsync(ct);
        var entry = Assert.Single(custody);
        Assert.Equal((null, xiaoli, CustodyReason.WeComContact), (entry.FromEmployeeId, entry.ToEmployeeId, entry.Reason));
        Assert.Equal(CustomerStage.Lead, (await db.StageChanges.SingleAsync(s => s.CustomerId == customer.Id, ct)).ToStage);
        Assert.Equal(3, await db.ArchivedRecords.CountAsync(r => r.CounterpartExternalId == external, ct));
    }

    [Fact]
    public async Task A_deletion_for_a_customer_nobody_entered_archives_the_event_but_creates_no_customer()
    {
        var ct = TestContext.Current.CancellationToken;
        var external = "wm" + Guid.NewGuid().ToString("N")[..16];
        var addedByStranger = "wm" + Guid.NewGuid().ToString("N")[..16];
        var client = _factory.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, ContactXml("del_follow_user", "xiaoli", external, 1763600000))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, ContactXml("add_external_contact", "nobody_here", addedByStranger, 1763600000))).StatusCode);

        await using var db = _factory.OpenDb();
        Assert.False(await db.Customers.AnyAsync(c => c.WeComExternalId == external || c.WeComExternalId == addedByStranger, ct));
        Assert.True(await db.ArchivedRecords.AnyAsync(r => r.CounterpartExternalId == external, ct));
        Assert.True((await db.ArchivedRecords.SingleAsync(r => r.CounterpartExternalId == addedByStranger, ct)).UnknownEmployee);
    }

    [Fact]
    public async Task A_half_add_brings_the_customer_in_as_a_lead_and_the_employees_own_add_later_finds_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var external = "wm" + Guid.NewGuid().ToString("N")[..16];
        var client = _factory.CreateAnonymousClient();
        // The customer added xiaoli, who lets customers in without verifying; she adds them back later.
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, ContactXml("add_half_external_contact", "xiaoli", external, 1763600000))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, ContactXml("add_external_contact", "xiaoli", external, 1763600300))).StatusCode);

        await using var db = _factory.OpenDb();
        var xiaoli = await db.Employees.Where(e => e.WeComUserId == "xiaoli").Select(e => e.Id).SingleAsync(ct);
        var customer = await db.Customers.SingleAsync(c => c.WeComExternalId == external, ct);
        Assert.Equal((xiaoli, CustomerStage.Lead, ContactEventLinker.WeComSource), (customer.OwnerId, customer.Stage, customer.SourceChannel));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1763600000), customer.AssignedAt);
        var entry = Assert.Single(await db.CustodyEntries.Where(c => c.CustomerId == customer.Id).ToListAsync(ct));
        Assert.Equal((null, xiaoli, CustodyReason.WeComContact), (entry.FromEmployeeId, entry.ToEmployeeId, entry.Reason));
        Assert.Equal(2, await db.ArchivedRecords.CountAsync(r => r.CounterpartExternalId == external, ct));
    }

    [Fact]
    public async Task An_event_with_an_absurdly_long_id_is_refused_and_stores_neither_the_event_nor_a_lead()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = _factory.CreateAnonymousClient();
        var before = await CountsAsync(ct);
        // Long enough that the event's archive source id passes the archive's 200 characters.
        var tooLong = "wm" + new string('x', 250);
        var refused = await PostAsync(client, ContactXml("add_external_contact", "xiaoli", tooLong, 1763600000));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var overBound = "wm" + new string('y', WeComCallbackXml.MaxExternalUserIdLength - 1);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(client, ContactXml("add_external_contact", "xiaoli", overBound, 1763600000))).StatusCode);
        Assert.Equal(before, await CountsAsync(ct));

        // The same add with an id like WeCom's stores the event, the lead and its custody entry.
        var external = "wm" + Guid.NewGuid().ToString("N");
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, ContactXml("add_external_contact", "xiaoli", external, 1763600000))).StatusCode);
        Assert.Equal((before.Records + 1, before.Customers + 1, before.Custody + 1, before.Stages + 1), await CountsAsync(ct));
        await using var db = _factory.OpenDb();
        Assert.True(await db.ArchivedRecords.AnyAsync(r => r.CounterpartExternalId == external, ct));
        var customer = await db.Customers.SingleAsync(c => c.WeComExternalId == external, ct);
        Assert.True(await db.CustodyEntries.AnyAsync(c => c.CustomerId == customer.Id, ct));
    }

    [Fact]
    public async Task Ids_at_their_longest_accepted_length_are_archived_in_full()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = new string('u', WeComCallbackXml.MaxUserIdLength);
        var external = "wm" + Guid.NewGuid().ToString("N").PadRight(WeComCallbackXml.MaxExternalUserIdLength - 2, 'z');
        var changeType = "future_" + new string('c', WeComCallbackXml.MaxChangeTypeLength - 7);
        var lastSecond = DateTimeOffset.MaxValue.ToUnixTimeSeconds();
        var client = _factory.CreateAnonymousClient();

        var response = await PostAsync(client, ContactXml(changeType, user, external, lastSecond));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = _factory.OpenDb();
        var record = await db.ArchivedRecords.SingleAsync(r => r.CounterpartExternalId == external, ct);
        Assert.Equal((user, changeType), (record.SenderRaw, record.MsgType));
        Assert.True(record.UnknownEmployee);
    }

    private async Task<(int Records, int Customers, int Custody, int Stages)> CountsAsync(CancellationToken ct)
    {
        await using var db = _factory.OpenDb();
        return (await db.ArchivedRecords.CountAsync(ct), await db.Customers.CountAsync(ct), await db.CustodyEntries.CountAsync(ct),
            await db.StageChanges.CountAsync(ct));
    }

    private static string ContactXml(string changeType, string user, string external, long createTime) =>
        $"<xml><ToUserName><![CDATA[{CorpId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>"
        + $"<CreateTime>{createTime}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_external_contact]]></Event>"
        + $"<ChangeType><![CDATA[{changeType}]]></ChangeType><UserID><![CDATA[{user}]]></UserID>"
        + $"<ExternalUserID><![CDATA[{external}]]></ExternalUserID></xml>";

    [Fact]
    public async Task Bad_signatures_foreign_corp_ids_and_garbage_are_refused_and_store_nothing()
    {
        var client = _factory.CreateAnonymousClient();
        var external = "wm" + Guid.NewGuid().ToString("N")[..16];
        var xml = $"<xml><ToUserName><![CDATA[{CorpId}]]></ToUserName><CreateTime>1763600000</CreateTime><Event><![CDATA[change_external_contact]]></Event>"
                  + $"<ChangeType><![CDATA[add_external_contact]]></ChangeType><UserID><![CDATA[xiaoli]]></UserID><ExternalUserID><![CDATA[{external}]]></ExternalUserID></xml>";

        var encrypted = Crypto.Encrypt(xml);
        Assert.Equal(HttpStatusCode.BadRequest, (await RawPostAsync(client, Envelope(encrypted), new string('a', 40))).StatusCode);
        var other = new WeComCrypto(Token, AesKey, "wwSomeoneElse");
        var foreign = other.Encrypt(xml);
        Assert.Equal(HttpStatusCode.BadRequest, (await RawPostAsync(client, Envelope(foreign), other.Sign("1", "2", foreign))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await RawPostAsync(client, "not xml at all", Crypto.Sign("1", "2", ""))).StatusCode);
        var junk = Convert.ToBase64String(new byte[64]);
        Assert.Equal(HttpStatusCode.BadRequest, (await RawPostAsync(client, Envelope(junk), Crypto.Sign("1", "2", junk))).StatusCode);
        var wrongEvent = Crypto.Encrypt(xml.Replace(CorpId, "wwOther", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, (await RawPostAsync(client, Envelope(wrongEvent), Crypto.Sign("1", "2", wrongEvent))).StatusCode);

        await using var db = _factory.OpenDb();
        Assert.False(await db.ArchivedRecords.AnyAsync(r => r.CounterpartExternalId == external, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Other_events_are_acknowledged_without_storing_anything()
    {
        var client = _factory.CreateAnonymousClient();
        await using var before = _factory.OpenDb();
        var count = await before.ArchivedRecords.CountAsync(TestContext.Current.CancellationToken);
        var response = await PostAsync(client, $"<xml><ToUserName><![CDATA[{CorpId}]]></ToUserName><Event><![CDATA[change_contact]]></Event></xml>");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var after = _factory.OpenDb();
        Assert.Equal(count, await after.ArchivedRecords.CountAsync(TestContext.Current.CancellationToken));
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string xml)
    {
        var encrypted = Crypto.Encrypt(xml);
        return RawPostAsync(client, Envelope(encrypted), Crypto.Sign("1", "2", encrypted));
    }

    private static string Envelope(string encrypted) =>
        $"<xml><ToUserName><![CDATA[{CorpId}]]></ToUserName><AgentID><![CDATA[1000002]]></AgentID><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>";

    private static Task<HttpResponseMessage> RawPostAsync(HttpClient client, string body, string signature) =>
        client.PostAsync($"{Url}?msg_signature={signature}&timestamp=1&nonce=2", new StringContent(body, Encoding.UTF8, "text/xml"),
            TestContext.Current.CancellationToken);
}

[Trait("Category", "Integration")]
public sealed class SqliteWeComCallbackApiTests(SqliteRenheFactory factory) : WeComCallbackApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresWeComCallbackApiTests(PostgresRenheFactory factory) : WeComCallbackApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
