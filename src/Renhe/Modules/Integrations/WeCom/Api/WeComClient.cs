using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Integrations.WeCom.Settings;
using Renhe.Platform.Data;

namespace Renhe.Modules.Integrations.WeCom.Api;

/// Renhe's calls to WeCom's server API (https://qyapi.weixin.qq.com/cgi-bin/…), one method per
/// documented call, the JSON field by field as the documentation names it. Every call carries the
/// app's access token (<see cref="WeComTokens"/>); a token WeCom rejects is replaced and the call
/// made once more. Transport failures and frequency limits are retried with growing pauses by the
/// HTTP client's resilience pipeline (<see cref="WeComHttp"/>); what still fails is a
/// <see cref="WeComException"/> naming the errcode.
public sealed class WeComClient(HttpClient http, WeComTokens tokens, WeComSettingsService settings, IDbContextFactory<AppDbContext> dbFactory)
{
    /// WeCom takes at most this many customers in one transfer call.
    public const int TransferBatch = 100;
    /// And at most this many members and contacts per batch/get_by_user page.
    public const int ContactPageSize = 100;
    /// The transfer's message to the customer (transfer_success_msg) is at most 200 characters.
    public const int TransferMessageLength = 200;

    public async Task<IReadOnlyList<WeComDepartment>> ListDepartmentsAsync(CancellationToken ct)
    {
        var reply = await GetAsync<DepartmentListReply>("department/list", null, ct);
        return reply.Department.Select(d => new WeComDepartment(d.Id, d.Name, d.ParentId, d.Order)).ToList();
    }

    /// The members of a department and of its sub-departments.
    public async Task<IReadOnlyList<WeComMember>> ListMembersAsync(long departmentId, CancellationToken ct)
    {
        var reply = await GetAsync<UserListReply>("user/list", $"department_id={departmentId}&fetch_child=1", ct);
        return reply.UserList.Select(u => new WeComMember(u.UserId, u.Name, u.Department, Blank(u.Mobile), Blank(u.Position), u.Status)).ToList();
    }

    /// One page of the external contacts of up to 100 members.
    public async Task<WeComContactPage> ListExternalContactsAsync(IReadOnlyList<string> userIds, string? cursor, CancellationToken ct)
    {
        if (userIds.Count is 0 or > ContactPageSize) throw new ArgumentOutOfRangeException(nameof(userIds), "WeCom takes 1 to 100 members per call.");
        var reply = await PostAsync<ContactBatchReply>("externalcontact/batch/get_by_user",
            new { userid_list = userIds, cursor = cursor ?? "", limit = ContactPageSize }, ct);
        var items = reply.ExternalContactList.Select(i => new WeComContactItem(
            new WeComExternalContact(i.ExternalContact.ExternalUserId, i.ExternalContact.Name, i.ExternalContact.Type, Blank(i.ExternalContact.CorpName)),
            new WeComFollowInfo(i.FollowInfo.UserId, Blank(i.FollowInfo.Remark), DateTimeOffset.FromUnixTimeSeconds(i.FollowInfo.CreateTime),
                i.FollowInfo.RemarkMobiles, Blank(i.FollowInfo.State)))).ToList();
        return new WeComContactPage(items, Blank(reply.NextCursor));
    }

    /// 离职继承: a member who has left hands customers to a colleague. Longer lists go in several calls.
    public Task<IReadOnlyList<WeComCustomerResult>> TransferResignedCustomersAsync(string handoverUserId, string takeoverUserId,
        IReadOnlyList<string> externalUserIds, CancellationToken ct) =>
        TransferAsync("externalcontact/resigned/transfer_customer", externalUserIds,
            batch => new { handover_userid = handoverUserId, takeover_userid = takeoverUserId, external_userid = batch }, ct);

    /// 在职继承: a member hands customers to a colleague; each customer may refuse within 24 hours.
    public Task<IReadOnlyList<WeComCustomerResult>> TransferCustomersAsync(string handoverUserId, string takeoverUserId,
        IReadOnlyList<string> externalUserIds, string? successMessage, CancellationToken ct)
    {
        if (successMessage is { Length: > TransferMessageLength })
            throw new ArgumentOutOfRangeException(nameof(successMessage), "WeCom takes at most 200 characters.");
        return TransferAsync("externalcontact/transfer_customer", externalUserIds, batch => string.IsNullOrEmpty(successMessage)
            ? new { handover_userid = handoverUserId, takeover_userid = takeoverUserId, external_userid = batch }
            : (object)new { handover_userid = handoverUserId, takeover_userid = takeoverUserId, external_userid = batch, transfer_success_msg = successMessage }, ct);
    }

    public Task<WeComTransferResultPage> ResignedTransferResultAsync(string handoverUserId, string takeoverUserId, string? cursor, CancellationToken ct) =>
        TransferResultAsync("externalcontact/resigned/transfer_result", handoverUserId, takeoverUserId, cursor, ct);

    public Task<WeComTransferResultPage> TransferResultAsync(string handoverUserId, string takeoverUserId, string? cursor, CancellationToken ct) =>
        TransferResultAsync("externalcontact/transfer_result", handoverUserId, takeoverUserId, cursor, ct);

    /// An app message to members (应用消息), from the configured agent.
    public async Task<WeComMessageReceipt> SendMessageAsync(WeComMessage message, CancellationToken ct)
    {
        if (message.ToUserIds.Count is 0 or > 1000) throw new ArgumentOutOfRangeException(nameof(message), "WeCom takes 1 to 1000 members per message.");
        if ((message.TextCard is null) == (message.Markdown is null)) throw new ArgumentException("A message is a text card or markdown.", nameof(message));
        var app = await RequireAppAsync(ct);
        var touser = string.Join('|', message.ToUserIds);
        object body = message.TextCard is { } card
            ? new
            {
                touser, msgtype = "textcard", agentid = app.AgentId,
                textcard = new { title = card.Title, description = card.Description, url = card.Url, btntxt = card.ButtonText ?? "详情" },
            }
            : new { touser, msgtype = "markdown", agentid = app.AgentId, markdown = new { content = message.Markdown } };
        var reply = await PostAsync<MessageReply>("message/send", body, ct);
        var invalid = (reply.InvalidUser ?? "").Split('|', StringSplitOptions.RemoveEmptyEntries);
        return new WeComMessageReceipt(Blank(reply.MsgId), invalid);
    }

    private async Task<IReadOnlyList<WeComCustomerResult>> TransferAsync(string api, IReadOnlyList<string> externalUserIds,
        Func<IReadOnlyList<string>, object> body, CancellationToken ct)
    {
        var results = new List<WeComCustomerResult>(externalUserIds.Count);
        foreach (var batch in externalUserIds.Chunk(TransferBatch))
        {
            var reply = await PostAsync<TransferReply>(api, body(batch), ct);
            results.AddRange(reply.Customer.Select(c => new WeComCustomerResult(c.ExternalUserId, c.ErrCode)));
        }
        return results;
    }

    private async Task<WeComTransferResultPage> TransferResultAsync(string api, string handoverUserId, string takeoverUserId, string? cursor,
        CancellationToken ct)
    {
        var reply = await PostAsync<TransferResultReply>(api,
            new { handover_userid = handoverUserId, takeover_userid = takeoverUserId, cursor = cursor ?? "" }, ct);
        return new WeComTransferResultPage(reply.Customer.Select(c => new WeComTransferStatusItem(c.ExternalUserId, c.Status,
            c.TakeoverTime > 0 ? DateTimeOffset.FromUnixTimeSeconds(c.TakeoverTime) : null)).ToList(), Blank(reply.NextCursor));
    }

    private Task<T> GetAsync<T>(string api, string? query, CancellationToken ct) where T : WeComReply =>
        CallAsync<T>(api, token => new HttpRequestMessage(HttpMethod.Get, Address(api, token, query)), ct);

    private Task<T> PostAsync<T>(string api, object body, CancellationToken ct) where T : WeComReply =>
        CallAsync<T>(api, token => new HttpRequestMessage(HttpMethod.Post, Address(api, token, null)) { Content = JsonContent.Create(body, options: Json) }, ct);

    private async Task<T> CallAsync<T>(string api, Func<string, HttpRequestMessage> request, CancellationToken ct) where T : WeComReply
    {
        var app = await RequireAppAsync(ct);
        for (var attempt = 1; ; attempt++)
        {
            var token = await tokens.GetAsync(app, dbFactory, c => FetchTokenAsync(app, c), ct);
            using var message = request(token);
            var reply = await SendAsync<T>(api, message, ct);
            if (reply.ErrCode == 0) return reply;
            var error = new WeComException(api, reply.ErrCode, reply.ErrMsg);
            if (!error.IsTokenRejected || attempt > 1) throw error;
            await tokens.RejectAsync(app, token, dbFactory, ct);
        }
    }

    private async Task<(string Token, int ExpiresIn)> FetchTokenAsync(WeComApp app, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get,
            $"cgi-bin/gettoken?corpid={Uri.EscapeDataString(app.CorpId)}&corpsecret={Uri.EscapeDataString(app.Secret)}");
        var reply = await SendAsync<TokenReply>("gettoken", message, ct);
        if (reply.ErrCode != 0 || string.IsNullOrEmpty(reply.AccessToken)) throw new WeComException("gettoken", reply.ErrCode, reply.ErrMsg);
        return (reply.AccessToken, reply.ExpiresIn);
    }

    private async Task<T> SendAsync<T>(string api, HttpRequestMessage message, CancellationToken ct) where T : WeComReply
    {
        using var response = await http.SendAsync(message, ct);
        response.EnsureSuccessStatusCode();
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(Json, ct) ?? throw new JsonException("empty body");
        }
        catch (JsonException e)
        {
            throw new HttpRequestException($"WeCom {api} answered something that is not its JSON: {e.Message}", e);
        }
    }

    private async Task<WeComApp> RequireAppAsync(CancellationToken ct) => await settings.AppAsync(ct) ?? throw new WeComNotConfiguredException();

    private static string Address(string api, string token, string? query) =>
        $"cgi-bin/{api}?access_token={Uri.EscapeDataString(token)}" + (query is null ? "" : "&" + query);

    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
