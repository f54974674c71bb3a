using System.Text.Json.Serialization;

namespace Renhe.Modules.Integrations.WeCom.Api;

/// The app Renhe calls WeCom as (a self-built app, 自建应用, with contact and customer-contact API
/// permissions). Null from <see cref="WeComSettingsService.AppAsync"/> when WeCom is not configured.
public sealed record WeComApp(string CorpId, long AgentId, string Secret)
{
    /// Tokens are per app: the same corp with another secret is another token.
    public string Key => $"{CorpId}:{AgentId}";
}

public sealed record WeComDepartment(long Id, string Name, long ParentId, int Order);

/// A member (成员). Status: 1 active, 2 disabled, 4 not activated, 5 left the company.
/// Mobile is empty for apps created after 2022-06-20 unless the company granted it.
public sealed record WeComMember(string UserId, string Name, IReadOnlyList<long> Departments, string? Mobile, string? Position, int Status);

/// A customer as WeCom knows them. Type: 1 a WeChat user, 2 a WeCom user of another company.
public sealed record WeComExternalContact(string ExternalUserId, string Name, int Type, string? CorpName);

public sealed record WeComFollowInfo(string UserId, string? Remark, DateTimeOffset CreatedAt, IReadOnlyList<string> RemarkMobiles, string? State);

public sealed record WeComContactItem(WeComExternalContact Contact, WeComFollowInfo FollowInfo);

/// One page of external contacts; <see cref="NextCursor"/> null on the last page.
public sealed record WeComContactPage(IReadOnlyList<WeComContactItem> Items, string? NextCursor);

/// WeCom's answer for one customer of a transfer call: 0 accepted, anything else refused (the
/// errcode says why, e.g. 40100 already being transferred).
public sealed record WeComCustomerResult(string ExternalUserId, int ErrCode);

/// The states transfer_result reports for a customer.
public static class WeComTransferStatus
{
    public const int Done = 1;
    public const int Waiting = 2;
    public const int Refused = 3;
    public const int TakeoverAtLimit = 4;
    public const int NoRecord = 5;
}

public sealed record WeComTransferStatusItem(string ExternalUserId, int Status, DateTimeOffset? TakeoverTime);

public sealed record WeComTransferResultPage(IReadOnlyList<WeComTransferStatusItem> Customers, string? NextCursor);

public sealed record WeComTextCard(string Title, string Description, string Url, string? ButtonText);

/// An app message to members: a text card (title, description, deep link) or markdown.
public sealed record WeComMessage(IReadOnlyList<string> ToUserIds, WeComTextCard? TextCard = null, string? Markdown = null);

/// What message/send answered: the message id and the members it could not reach.
public sealed record WeComMessageReceipt(string? MsgId, IReadOnlyList<string> InvalidUsers);

// The wire formats, field by field as WeCom's documentation names them.
internal class WeComReply
{
    [JsonPropertyName("errcode")] public int ErrCode { get; set; }
    [JsonPropertyName("errmsg")] public string? ErrMsg { get; set; }
}

internal sealed class TokenReply : WeComReply
{
    [JsonPropertyName("access_token")] public string? AccessToken { get; set; }
    [JsonPropertyName("expires_in")] public int ExpiresIn { get; set; }
}

internal sealed class DepartmentListReply : WeComReply
{
    [JsonPropertyName("department")] public List<DepartmentWire> Department { get; set; } = [];

    internal sealed class DepartmentWire
    {
        [JsonPropertyName("id")] public long Id { get; set; }
        [JsonPropertyName("name")] public string Name { get; set; } = "";
        [JsonPropertyName("parentid")] public long ParentId { get; set; }
        [JsonPropertyName("order")] public int Order { get; set; }
    }
}

internal sealed class UserListReply : WeComReply
{
    [JsonPropertyName("userlist")] public List<UserWire> UserList { get; set; } = [];

    internal sealed class UserWire
    {
        [JsonPropertyName("userid")] public string UserId { get; set; } = "";
        [JsonPropertyName("name")] public string Name { get; set; } = "";
        [JsonPropertyName("department")] public List<long> Department { get; set; } = [];
        [JsonPropertyName("mobile")] public string? Mobile { get; set; }
        [JsonPropertyName("position")] public string? Position { get; set; }
        [JsonPropertyName("status")] public int Status { get; set; }
    }
}

internal sealed class ContactBatchReply : WeComReply
{
    [JsonPropertyName("external_contact_list")] public List<ItemWire> ExternalContactList { get; set; } = [];
    [JsonPropertyName("next_cursor")] public string? NextCursor { get; set; }

    internal sealed class ItemWire
    {
        [JsonPropertyName("external_contact")] public ContactWire ExternalContact { get; set; } = new();
        [JsonPropertyName("follow_info")] public FollowWire FollowInfo { get; set; } = new();
    }

    internal sealed class ContactWire
    {
        [JsonPropertyName("external_userid")] public string ExternalUserId { get; set; } = "";
        [JsonPropertyName("name")] public string Name { get; set; } = "";
        [JsonPropertyName("type")] public int Type { get; set; }
        [JsonPropertyName("corp_name")] public string? CorpName { get; set; }
    }

    internal sealed class FollowWire
    {
        [JsonPropertyName("userid")] public string UserId { get; set; } = "";
        [JsonPropertyName("remark")] public string? Remark { get; set; }
        [JsonPropertyName("createtime")] public long CreateTime { get; set; }
        [JsonPropertyName("remark_mobiles")] public List<string> RemarkMobiles { get; set; } = [];
        [JsonPropertyName("state")] public string? State { get; set; }
    }
}

internal sealed class TransferReply : WeComReply
{
    [JsonPropertyName("customer")] public List<CustomerWire> Customer { get; set; } = [];

    internal sealed class CustomerWire
    {
        [JsonPropertyName("external_userid")] public string ExternalUserId { get; set; } = "";
        [JsonPropertyName("errcode")] public int ErrCode { get; set; }
    }
}

internal sealed class TransferResultReply : WeComReply
{
    [JsonPropertyName("customer")] public List<StatusWire> Customer { get; set; } = [];
    [JsonPropertyName("next_cursor")] public string? NextCursor { get; set; }

    internal sealed class StatusWire
    {
        [JsonPropertyName("external_userid")] public string ExternalUserId { get; set; } = "";
        [JsonPropertyName("status")] public int Status { get; set; }
        [JsonPropertyName("takeover_time")] public long TakeoverTime { get; set; }
    }
}

internal sealed class MessageReply : WeComReply
{
    [JsonPropertyName("invaliduser")] public string? InvalidUser { get; set; }
    [JsonPropertyName("msgid")] public string? MsgId { get; set; }
}
