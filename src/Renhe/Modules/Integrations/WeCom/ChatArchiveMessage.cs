using System.Text.Json;
using Renhe.Modules.Risk.Archive;

namespace Renhe.Modules.Integrations.WeCom;

/// Reads one message of WeCom's chat archive (会话存档) in its documented decrypted JSON form:
/// msgid, action (send / recall / switch), from, tolist, roomid, msgtime (ms) and a body named
/// after msgtype (text.content, revoke.pre_msgid, agree.userid, file.filename, …). The whole
/// message is kept as the record's body; the text worth scanning and searching is lifted out.
public static class ChatArchiveMessage
{
    public static object Parse(JsonElement message)
    {
        try
        {
            return ParseMessage(message);
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json refuses to read an escaped lone surrogate ("\ud800") as a string.
            string? id = null;
            try { id = Str(message, "msgid"); }
            catch (InvalidOperationException) { }
            return new RejectedDraft(ArchiveService.ChannelWeComChat, id, "text");
        }
    }

    private static object ParseMessage(JsonElement message)
    {
        if (message.ValueKind != JsonValueKind.Object) return new RejectedDraft(ArchiveService.ChannelWeComChat, null, "message");
        var msgId = Str(message, "msgid");
        if (string.IsNullOrWhiteSpace(msgId)) return new RejectedDraft(ArchiveService.ChannelWeComChat, null, "msgid");
        var action = Str(message, "action") ?? "send";
        var body = message.GetRawText();

        if (action == "switch")
        {
            // An employee switched enterprise: {msgid, action, time, user}.
            if (!TryMillis(message, "time", out var switched)) return new RejectedDraft(ArchiveService.ChannelWeComChat, msgId, "time");
            return new ArchiveDraft(RecordClass.Generic, ArchiveService.ChannelWeComChat, msgId, switched,
                Str(message, "user"), [], null, body, MsgType: "switch", Action: action);
        }
        if (action is not ("send" or "recall")) return new RejectedDraft(ArchiveService.ChannelWeComChat, msgId, "action");
        if (!TryMillis(message, "msgtime", out var at)) return new RejectedDraft(ArchiveService.ChannelWeComChat, msgId, "msgtime");
        var msgType = Str(message, "msgtype");
        if (string.IsNullOrWhiteSpace(msgType)) return new RejectedDraft(ArchiveService.ChannelWeComChat, msgId, "msgtype");

        var recipients = new List<string>();
        if (message.TryGetProperty("tolist", out var to) && to.ValueKind == JsonValueKind.Array)
            recipients.AddRange(to.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!));
        // In a group chat (roomid) the counterpart is the first recipient who is not an employee;
        // the room itself stays in the body.

        var inner = message.TryGetProperty(msgType, out var b) && b.ValueKind == JsonValueKind.Object ? b : default;
        string? referenced = null;
        string? content = msgType switch
        {
            "text" => Str(inner, "content"),
            "markdown" => Str(inner, "content"),
            "file" => Str(inner, "filename"),
            "link" => Join(Str(inner, "title"), Str(inner, "description")),
            "weapp" => Join(Str(inner, "title"), Str(inner, "description")),
            "card" => Str(inner, "corpname"),
            "location" => Join(Str(inner, "title"), Str(inner, "address")),
            _ => null,
        };
        if (msgType == "revoke")
        {
            referenced = Str(inner, "pre_msgid");
            if (string.IsNullOrWhiteSpace(referenced)) return new RejectedDraft(ArchiveService.ChannelWeComChat, msgId, "revoke.pre_msgid");
        }
        var recordClass = msgType is "voice_call" or "meeting_voice_call" or "voip_doc_share" ? RecordClass.Call : RecordClass.ChatMessage;
        return new ArchiveDraft(recordClass, ArchiveService.ChannelWeComChat, msgId, at, Str(message, "from"), recipients,
            content, body, MsgType: msgType, Action: action, ReferencedSourceId: referenced);
    }

    private static bool TryMillis(JsonElement e, string name, out DateTimeOffset at)
    {
        at = default;
        if (!e.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out var ms) || ms <= 0) return false;
        // Chat-archive msgtime is in milliseconds; the switch event's time is too.
        try { at = DateTimeOffset.FromUnixTimeMilliseconds(ms); }
        catch (ArgumentOutOfRangeException) { return false; }
        return true;
    }

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string? Join(string? a, string? b) => a is null ? b : b is null ? a : a + "\n" + b;
}
