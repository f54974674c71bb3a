using System.Text.Json;
using Renhe.Modules.Integrations.WeCom;
using Renhe.Modules.Risk.Archive;

namespace Renhe.Tests.Modules.Integrations.WeCom;

/// Chat-archive messages in WeCom's documented decrypted form, one fixture per message type.
[Trait("Category", "Unit")]
public sealed class ChatArchiveMessageTests
{
    private const string Head = "\"msgid\":\"CAQQluDa4QUY0On2rYSAgAMgzPrShAE=\",\"action\":\"send\",\"from\":\"XuJinSheng\",\"tolist\":[\"icefog\"],\"roomid\":\"\",\"msgtime\":1547087894783,";

    [Theory]
    [InlineData("""{HEAD"msgtype":"text","text":{"content":"加我微信"}}""", "text", "加我微信", RecordClass.ChatMessage)]
    [InlineData("""{HEAD"msgtype":"image","image":{"md5sum":"50de8e5ae8ffe4f1df7a93841f71993a","filesize":70961,"sdkfileid":"CtYBMzA2OTAy"}}""", "image", null, RecordClass.ChatMessage)]
    [InlineData("""{HEAD"msgtype":"agree","agree":{"userid":"wmeDKaCQAAGd9oGiQWxVsAKwV2HxNAAA","agree_time":1547087894783}}""", "agree", null, RecordClass.ChatMessage)]
    [InlineData("""{HEAD"msgtype":"disagree","disagree":{"userid":"wmeDKaCQAAGd9oGiQWxVsAKwV2HxNAAA","disagree_time":1547087894783}}""", "disagree", null, RecordClass.ChatMessage)]
    [InlineData("""{HEAD"msgtype":"voice","voice":{"md5sum":"9db09c7fa627c9e53f17736c786a74d5","voice_size":6810,"play_length":10,"sdkfileid":"kcyZjZkNGU1"}}""", "voice", null, RecordClass.ChatMessage)]
    [InlineData("""{HEAD"msgtype":"file","file":{"md5sum":"18e93fc2ea884df23b3d2d3b8667b9f0","filename":"资料.docx","fileext":"docx","filesize":18056,"sdkfileid":"E4ODRk"}}""", "file", "资料.docx", RecordClass.ChatMessage)]
    [InlineData("""{HEAD"msgtype":"link","link":{"title":"拼多多店铺","description":"便宜","link_url":"https://example.com","image_url":""}}""", "link", "拼多多店铺\n便宜", RecordClass.ChatMessage)]
    [InlineData("""{HEAD"msgtype":"voice_call","voice_call":{"demofiledata":[],"sharescreendata":[]}}""", "voice_call", null, RecordClass.Call)]
    public void Each_message_type_becomes_a_draft_with_its_searchable_text(string json, string msgType, string? content, RecordClass recordClass)
    {
        var draft = Assert.IsType<ArchiveDraft>(Parse(json.Replace("HEAD", Head, StringComparison.Ordinal)));
        Assert.Equal(msgType, draft.MsgType);
        Assert.Equal(content, draft.Content);
        Assert.Equal(recordClass, draft.Class);
        Assert.Equal("XuJinSheng", draft.Sender);
        Assert.Equal(["icefog"], draft.Recipients);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1547087894783), draft.At);
        Assert.Equal("CAQQluDa4QUY0On2rYSAgAMgzPrShAE=", draft.SourceId);
    }

    [Fact]
    public void A_recall_references_the_recalled_message()
    {
        var draft = Assert.IsType<ArchiveDraft>(Parse(
            """{"msgid":"r1","action":"recall","from":"XuJinSheng","tolist":["icefog"],"roomid":"","msgtime":1547087894783,"msgtype":"revoke","revoke":{"pre_msgid":"14822339130656386894_1603875464"}}"""));
        Assert.Equal("recall", draft.Action);
        Assert.Equal("14822339130656386894_1603875464", draft.ReferencedSourceId);
    }

    [Fact]
    public void A_switch_is_kept_as_a_generic_record()
    {
        var draft = Assert.IsType<ArchiveDraft>(Parse("""{"msgid":"s1","action":"switch","time":1554119421840,"user":"XuJinSheng"}"""));
        Assert.Equal(RecordClass.Generic, draft.Class);
        Assert.Equal("XuJinSheng", draft.Sender);
    }

    [Theory]
    [InlineData("""{"action":"send","msgtime":1,"msgtype":"text"}""", "msgid")]
    [InlineData("""{"msgid":"a","action":"send","msgtype":"text"}""", "msgtime")]
    [InlineData("""{"msgid":"a","action":"forward","msgtime":1,"msgtype":"text"}""", "action")]
    [InlineData("""{"msgid":"a","action":"recall","msgtime":1,"msgtype":"revoke","revoke":{}}""", "revoke.pre_msgid")]
    [InlineData("""[1,2]""", "message")]
    public void Incomplete_messages_are_rejected_naming_what_is_missing(string json, string field) =>
        Assert.Equal(field, Assert.IsType<RejectedDraft>(Parse(json)).Error);

    private static object Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return ChatArchiveMessage.Parse(doc.RootElement.Clone());
    }
}
