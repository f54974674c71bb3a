using System.Globalization;
using System.Xml;

namespace Renhe.Modules.Integrations.WeCom;

/// Reads WeCom's callback XML: the outer envelope of a POST (ToUserName, AgentID, Encrypt) and,
/// once decrypted, the flat event document. WeCom's documents are one level deep under
/// <c>&lt;xml&gt;</c>, values mostly in CDATA. The reader forbids DTDs and resolves nothing, so
/// a hostile body cannot expand entities or reach files and URLs (XXE), and it caps the size.
public static class WeComCallbackXml
{
    private const int MaxCharacters = 1 << 20;

    // How long an event's ids may be. What WeCom documents, with room to spare, while an absurd id
    // is refused before anything is stored:
    // - UserID (成员UserID): 1–64 bytes of letters, digits and _-@. (通讯录管理 → 创建成员).
    // - ExternalUserID: WeCom documents no length; the ids it hands out are 32 characters starting
    //   wm or wo (its own examples: woAJ2GCAAAXtWyujaWJHDDGi0mACHAAA).
    // - ToUserName, the corp id (ww and 16 characters): needs no bound, anything but ours is refused.
    // - State: WeCom caps the 「联系我」 channel tag at 30 characters.
    // - ChangeType: the longest WeCom sends is add_half_external_contact (25).
    // Together they keep the archive's source id of the event (user:external:change:seconds, see
    // WeComCallbackEndpoints.ToDraft) within the 200 characters the archive takes.
    public const int MaxUserIdLength = 80;
    public const int MaxExternalUserIdLength = 64;
    public const int MaxStateLength = 64;
    public const int MaxChangeTypeLength = 40;

    public static WeComEnvelope ReadEnvelope(string xml)
    {
        var fields = ReadFlat(xml);
        if (!fields.TryGetValue("Encrypt", out var encrypt) || encrypt.Length == 0)
            throw new FormatException("The callback body has no Encrypt element.");
        return new WeComEnvelope(fields.GetValueOrDefault("ToUserName"), fields.GetValueOrDefault("AgentID"), encrypt);
    }

    /// Parses a decrypted <c>change_external_contact</c> event (客户联系 → 事件格式). Change types
    /// this code does not know are kept with <see cref="ExternalContactChange.Other"/> and their raw name.
    public static WeComExternalContactEvent ParseExternalContactEvent(string xml)
    {
        var f = ReadFlat(xml);
        var eventName = f.GetValueOrDefault("Event") ?? "";
        if (!string.Equals(eventName, "change_external_contact", StringComparison.Ordinal))
            throw new FormatException($"Not a change_external_contact event: '{eventName}'.");
        var changeType = Bounded(Required(f, "ChangeType"), "ChangeType", MaxChangeTypeLength);
        if (!long.TryParse(Required(f, "CreateTime"), NumberStyles.None, CultureInfo.InvariantCulture, out var createTime)
            || createTime > MaxUnixSeconds)
            throw new FormatException("CreateTime is not a Unix time in seconds.");

        return new WeComExternalContactEvent(
            ToUserName: Required(f, "ToUserName"),
            CreateTime: DateTimeOffset.FromUnixTimeSeconds(createTime),
            Event: eventName,
            ChangeType: ParseChange(changeType),
            ChangeTypeName: changeType,
            UserId: Bounded(Required(f, "UserID"), "UserID", MaxUserIdLength),
            ExternalUserId: Bounded(Required(f, "ExternalUserID"), "ExternalUserID", MaxExternalUserIdLength),
            State: Bounded(Optional(f, "State"), "State", MaxStateLength),
            WelcomeCode: Optional(f, "WelcomeCode"),
            FailReason: Optional(f, "FailReason"),
            Source: Optional(f, "Source"));
    }

    /// The event name of a decrypted document, so a handler can dispatch before parsing.
    public static string? ReadEventName(string xml) => ReadFlat(xml).GetValueOrDefault("Event");

    private static ExternalContactChange ParseChange(string name) => name switch
    {
        "add_external_contact" => ExternalContactChange.AddExternalContact,
        "add_half_external_contact" => ExternalContactChange.AddHalfExternalContact,
        "edit_external_contact" => ExternalContactChange.EditExternalContact,
        "del_external_contact" => ExternalContactChange.DelExternalContact,
        "del_follow_user" => ExternalContactChange.DelFollowUser,
        "transfer_fail" => ExternalContactChange.TransferFail,
        _ => ExternalContactChange.Other,
    };

    private static string Required(Dictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var value) && value.Length > 0 ? value : throw new FormatException($"The event has no {name}.");

    private static string? Optional(Dictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    // The last second DateTimeOffset holds (9999-12-31 23:59:59 UTC).
    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(value))]
    private static string? Bounded(string? value, string name, int max) =>
        value is null || value.Length <= max ? value : throw new FormatException($"{name} is longer than {max} characters.");

    private static Dictionary<string, string> ReadFlat(string xml)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxCharacters,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
        };
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            reader.MoveToContent();
            if (reader.NodeType != XmlNodeType.Element) throw new FormatException("The callback document has no root element.");
            if (reader.IsEmptyElement) return fields;
            reader.Read();
            while (!reader.EOF && reader.NodeType != XmlNodeType.EndElement)
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    reader.Read();
                    continue;
                }
                var name = reader.LocalName;
                // ReadElementContentAsString concatenates text and CDATA and rejects nested
                // elements, which WeCom's flat documents never have.
                var value = reader.ReadElementContentAsString();
                fields.TryAdd(name, value.Trim());
            }
        }
        catch (XmlException e)
        {
            throw new FormatException("The callback body is not well-formed XML: " + e.Message, e);
        }
        return fields;
    }
}

public sealed record WeComEnvelope(string? ToUserName, string? AgentId, string Encrypt);

public enum ExternalContactChange
{
    Other,
    AddExternalContact,
    /// The customer added an employee who lets customers in without verifying them (免验证添加);
    /// the employee has not added the customer back yet, but the contact is there.
    AddHalfExternalContact,
    EditExternalContact,
    /// The employee deleted the customer.
    DelExternalContact,
    /// The customer deleted the employee.
    DelFollowUser,
    /// A customer handover to another employee failed (FailReason says why).
    TransferFail,
}

/// ToUserName is the corp id; UserId the employee's WeCom user id; ExternalUserId the customer's
/// external id. State is the channel tag of a 「联系我」 QR code, WelcomeCode lets the app send a
/// welcome message within 20 s, FailReason (customer_refused, customer_limit_exceed) comes with
/// transfer_fail, and Source = DELETE_BY_TRANSFER marks a deletion caused by a handover.
public sealed record WeComExternalContactEvent(
    string ToUserName,
    DateTimeOffset CreateTime,
    string Event,
    ExternalContactChange ChangeType,
    string ChangeTypeName,
    string UserId,
    string ExternalUserId,
    string? State,
    string? WelcomeCode,
    string? FailReason,
    string? Source);
