using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Renhe.Modules.Integrations.WeCom.Settings;

namespace Renhe.Tests.Infrastructure;

/// WeCom's server API as its documentation shows it, served over real HTTP on loopback: the
/// request fields Renhe must send and the response fields WeCom answers with, errcodes included.
/// It records every request so a test asserts the exact JSON Renhe sent, and a test scripts what
/// WeCom should answer (members, contacts, transfer statuses, errors) through the public members.
public sealed class WeComFakeServer : IAsyncDisposable
{
    public const string CorpId = "ww0123456789abcdef";
    public const long AgentId = 1000002;
    public const string Secret = "fake-app-secret_0123456789";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, bool> _tokens = new(); // token -> still valid
    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> _failures = new();
    private int _tokenCount;
    private int _messageCount;

    private WeComFakeServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    /// Every request received, in order (gettoken included).
    public ConcurrentQueue<WeComRequest> Requests { get; } = new();

    public List<(long Id, string Name, long ParentId, int Order)> Departments { get; } = [(1, "深圳某电商服务公司", 0, 1)];
    public List<FakeMember> Members { get; } = [];
    /// External contacts per member user id, in the order batch/get_by_user pages through them.
    public ConcurrentDictionary<string, List<FakeContact>> ExternalContacts { get; } = new();
    /// Page size of batch/get_by_user and transfer_result answers (WeCom's own limit is 100).
    public int PageSize { get; set; } = 100;
    /// The errcode WeCom answers for one customer of a transfer call (absent = 0, accepted).
    public ConcurrentDictionary<string, int> CustomerErrCodes { get; } = new();
    /// What transfer_result and resigned/transfer_result answer per (handover, takeover): accepted
    /// transfers are added as waiting (2); a test sets 1, 3 or 4 to play the customer's answer.
    public ConcurrentDictionary<(string Handover, string Takeover), List<(string ExternalUserId, int Status)>> TransferStatuses { get; } = new();
    /// Members message/send reports as invalid (invaliduser).
    public HashSet<string> InvalidUsers { get; } = [];
    /// A pause before gettoken answers, to make concurrent refreshes overlap.
    public TimeSpan TokenDelay { get; set; } = TimeSpan.Zero;
    public int TokenLifetimeSeconds { get; set; } = 7200;

    public int TokensIssued => _tokenCount;

    public IEnumerable<WeComRequest> To(string api) => Requests.Where(r => r.Path == "/cgi-bin/" + api);

    /// The next calls to <paramref name="api"/> ("message/send") answer these errcodes, one per call.
    public void FailNext(string api, params int[] errCodes)
    {
        var queue = _failures.GetOrAdd("/cgi-bin/" + api, _ => new ConcurrentQueue<int>());
        foreach (var code in errCodes) queue.Enqueue(code);
    }

    /// Every token issued so far is expired: the next call with one is answered 42001.
    public void ExpireTokens()
    {
        foreach (var token in _tokens.Keys) _tokens[token] = false;
    }

    public static async Task<WeComFakeServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new WeComFakeServer(app);
        fake.Map(app);
        await app.StartAsync();
        fake.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/";
        return fake;
    }

    /// Points a Renhe host at this server and saves the app settings WeCom would have given.
    public async Task ConnectAsync(IServiceProvider renhe)
    {
        var configuration = renhe.GetRequiredService<IConfiguration>();
        configuration["WeCom:ApiBaseUrl"] = BaseUrl;
        configuration["WeCom:RetryDelayMilliseconds"] = "20";
        using var scope = renhe.CreateScope();
        var settings = scope.ServiceProvider.GetRequiredService<WeComSettingsService>();
        var current = await settings.GetAsync(CancellationToken.None);
        await settings.SaveAsync(new WeComSettingsInput { CorpId = CorpId, AgentId = AgentId, Secret = Secret, Version = current.Version },
            CancellationToken.None);
    }

    private void Map(WebApplication app)
    {
        app.MapGet("/cgi-bin/gettoken", async (HttpContext http) =>
        {
            Record(http, null);
            if (TokenDelay > TimeSpan.Zero) await Task.Delay(TokenDelay);
            if (http.Request.Query["corpid"] != CorpId) return Error(40013, "invalid corpid");
            if (http.Request.Query["corpsecret"] != Secret) return Error(40001, "invalid credential");
            var token = $"ACCESS_TOKEN_{Interlocked.Increment(ref _tokenCount)}";
            _tokens[token] = true;
            return Ok(new JsonObject { ["access_token"] = token, ["expires_in"] = TokenLifetimeSeconds });
        });
        app.MapGet("/cgi-bin/department/list", (HttpContext http) => Guarded(http, null, () => Ok(new JsonObject
        {
            ["department"] = new JsonArray(Departments.Select(d => (JsonNode)new JsonObject
            {
                ["id"] = d.Id, ["name"] = d.Name, ["name_en"] = "", ["department_leader"] = new JsonArray(), ["parentid"] = d.ParentId, ["order"] = d.Order,
            }).ToArray()),
        })));
        app.MapGet("/cgi-bin/user/list", (HttpContext http) => Guarded(http, null, () =>
        {
            if (!long.TryParse(http.Request.Query["department_id"], out var department)) return Error(40058, "department_id missing");
            var within = Descendants(department, http.Request.Query["fetch_child"] == "1");
            return Ok(new JsonObject
            {
                ["userlist"] = new JsonArray(Members.Where(m => m.Departments.Any(within.Contains)).Select(m => (JsonNode)new JsonObject
                {
                    ["userid"] = m.UserId, ["name"] = m.Name, ["department"] = new JsonArray(m.Departments.Select(d => (JsonNode)d).ToArray()),
                    ["position"] = m.Position ?? "", ["mobile"] = m.Mobile ?? "", ["status"] = m.Status,
                }).ToArray()),
            });
        }));
        app.MapPost("/cgi-bin/externalcontact/batch/get_by_user", async (HttpContext http) =>
        {
            var body = await BodyAsync(http);
            return Guarded(http, body, () =>
            {
                var users = body?["userid_list"]?.AsArray().Select(u => u!.GetValue<string>()).ToList() ?? [];
                if (users.Count is 0 or > 100) return Error(40058, "userid_list must hold 1 to 100 members");
                var limit = Math.Min(body?["limit"]?.GetValue<int>() ?? 50, Math.Min(100, PageSize));
                var all = users.SelectMany(u => ExternalContacts.TryGetValue(u, out var list) ? list.Select(c => (User: u, Contact: c)) : []).ToList();
                var offset = int.TryParse(body?["cursor"]?.GetValue<string>(), out var o) ? o : 0;
                var page = all.Skip(offset).Take(limit).ToList();
                return Ok(new JsonObject
                {
                    ["external_contact_list"] = new JsonArray(page.Select(x => (JsonNode)new JsonObject
                    {
                        ["external_contact"] = new JsonObject
                        {
                            ["external_userid"] = x.Contact.ExternalUserId, ["name"] = x.Contact.Name, ["type"] = x.Contact.Type,
                            ["corp_name"] = x.Contact.CorpName ?? "", ["avatar"] = "", ["gender"] = 0,
                        },
                        ["follow_info"] = new JsonObject
                        {
                            ["userid"] = x.User, ["remark"] = x.Contact.Remark ?? "", ["description"] = "", ["createtime"] = x.Contact.CreateTime,
                            ["tag_id"] = new JsonArray(), ["remark_mobiles"] = new JsonArray(x.Contact.RemarkMobiles.Select(m => (JsonNode)m).ToArray()),
                            ["add_way"] = 1, ["oper_userid"] = x.User, ["state"] = x.Contact.State ?? "",
                        },
                    }).ToArray()),
                    ["next_cursor"] = offset + page.Count < all.Count ? (offset + page.Count).ToString(System.Globalization.CultureInfo.InvariantCulture) : "",
                });
            });
        });
        foreach (var api in new[] { "externalcontact/transfer_customer", "externalcontact/resigned/transfer_customer" })
            app.MapPost("/cgi-bin/" + api, async (HttpContext http) =>
            {
                var body = await BodyAsync(http);
                return Guarded(http, body, () =>
                {
                    var handover = body?["handover_userid"]?.GetValue<string>() ?? "";
                    var takeover = body?["takeover_userid"]?.GetValue<string>() ?? "";
                    var customers = body?["external_userid"]?.AsArray().Select(c => c!.GetValue<string>()).ToList() ?? [];
                    if (handover.Length == 0 || takeover.Length == 0 || customers.Count is 0 or > 100)
                        return Error(40058, "handover_userid, takeover_userid and 1 to 100 external_userid are required");
                    var statuses = TransferStatuses.GetOrAdd((handover, takeover), _ => []);
                    var answer = new JsonArray();
                    foreach (var customer in customers)
                    {
                        var code = CustomerErrCodes.TryGetValue(customer, out var c) ? c : 0;
                        answer.Add(new JsonObject { ["external_userid"] = customer, ["errcode"] = code });
                        lock (statuses)
                            if (code == 0 && statuses.All(s => s.ExternalUserId != customer)) statuses.Add((customer, 2));
                    }
                    return Ok(new JsonObject { ["customer"] = answer });
                });
            });
        foreach (var api in new[] { "externalcontact/transfer_result", "externalcontact/resigned/transfer_result" })
            app.MapPost("/cgi-bin/" + api, async (HttpContext http) =>
            {
                var body = await BodyAsync(http);
                return Guarded(http, body, () =>
                {
                    var key = (body?["handover_userid"]?.GetValue<string>() ?? "", body?["takeover_userid"]?.GetValue<string>() ?? "");
                    List<(string ExternalUserId, int Status)> all;
                    lock (TransferStatuses) all = TransferStatuses.TryGetValue(key, out var list) ? [.. list] : [];
                    var offset = int.TryParse(body?["cursor"]?.GetValue<string>(), out var o) ? o : 0;
                    var page = all.Skip(offset).Take(Math.Min(100, PageSize)).ToList();
                    return Ok(new JsonObject
                    {
                        ["customer"] = new JsonArray(page.Select(s => (JsonNode)new JsonObject
                        {
                            ["external_userid"] = s.ExternalUserId, ["status"] = s.Status, ["takeover_time"] = s.Status == 1 ? 1_780_000_000L : 0L,
                        }).ToArray()),
                        ["next_cursor"] = offset + page.Count < all.Count ? (offset + page.Count).ToString(System.Globalization.CultureInfo.InvariantCulture) : "",
                    });
                });
            });
        app.MapPost("/cgi-bin/message/send", async (HttpContext http) =>
        {
            var body = await BodyAsync(http);
            return Guarded(http, body, () =>
            {
                if (body?["agentid"]?.GetValue<long>() != AgentId) return Error(40056, "invalid agentid");
                var to = (body["touser"]?.GetValue<string>() ?? "").Split('|', StringSplitOptions.RemoveEmptyEntries);
                var invalid = to.Where(InvalidUsers.Contains).ToList();
                return Ok(new JsonObject
                {
                    ["invaliduser"] = string.Join('|', invalid), ["invalidparty"] = "", ["invalidtag"] = "", ["unlicenseduser"] = "",
                    ["msgid"] = $"msgid-{Interlocked.Increment(ref _messageCount)}", ["response_code"] = "",
                });
            });
        });
    }

    private HashSet<long> Descendants(long department, bool children)
    {
        var found = new HashSet<long> { department };
        if (!children) return found;
        bool added;
        do
        {
            added = false;
            foreach (var d in Departments.Where(d => found.Contains(d.ParentId) && found.Add(d.Id))) added = true;
        } while (added);
        return found;
    }

    /// Checks the token as WeCom does (40014 unknown, 42001 expired) and plays scripted failures.
    private IResult Guarded(HttpContext http, JsonNode? body, Func<IResult> answer)
    {
        Record(http, body);
        var token = http.Request.Query["access_token"].ToString();
        if (!_tokens.TryGetValue(token, out var valid)) return Error(40014, "invalid access_token");
        if (!valid) return Error(42001, "access_token expired");
        if (_failures.TryGetValue(http.Request.Path, out var queue) && queue.TryDequeue(out var code)) return Error(code, "scripted failure");
        return answer();
    }

    private void Record(HttpContext http, JsonNode? body) =>
        Requests.Enqueue(new WeComRequest(http.Request.Method, http.Request.Path, http.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()), body));

    private static async Task<JsonNode?> BodyAsync(HttpContext http)
    {
        try
        {
            return await JsonNode.ParseAsync(http.Request.Body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IResult Ok(JsonObject payload)
    {
        payload["errcode"] = 0;
        payload["errmsg"] = "ok";
        return Results.Text(payload.ToJsonString(), "application/json");
    }

    private static IResult Error(int code, string message) =>
        Results.Text(new JsonObject { ["errcode"] = code, ["errmsg"] = message }.ToJsonString(), "application/json");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record WeComRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, JsonNode? Body);

public sealed record FakeMember(string UserId, string Name, long[] Departments, string? Mobile = null, string? Position = null, int Status = 1);

public sealed record FakeContact(string ExternalUserId, string Name, int Type = 1, string? CorpName = null, string? Remark = null,
    long CreateTime = 1_780_000_000, string[]? Mobiles = null, string? State = null)
{
    public string[] RemarkMobiles => Mobiles ?? [];
}
