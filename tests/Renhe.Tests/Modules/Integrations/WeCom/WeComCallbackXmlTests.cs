using Renhe.Modules.Integrations.WeCom;

namespace Renhe.Tests.Modules.Integrations.WeCom;

[Trait("Category", "Unit")]
public sealed class WeComCallbackXmlTests
{
    // Fixtures in the form of WeCom's 客户联系 → 变更回调 → 事件格式 documentation.
    private const string AddExternalContact = """
        <xml>
        	<ToUserName><![CDATA[ww1436e0e65a779aee]]></ToUserName>
        	<FromUserName><![CDATA[sys]]></FromUserName>
        	<CreateTime>1403610513</CreateTime>
        	<MsgType><![CDATA[event]]></MsgType>
        	<Event><![CDATA[change_external_contact]]></Event>
        	<ChangeType><![CDATA[add_external_contact]]></ChangeType>
        	<UserID><![CDATA[zhangsan]]></UserID>
        	<ExternalUserID><![CDATA[woAJ2GCAAAXtWyujaWJHDDGi0mACHAAA]]></ExternalUserID>
        	<State><![CDATA[teststate]]></State>
        	<WelcomeCode><![CDATA[WELCOMECODE]]></WelcomeCode>
        </xml>
        """;

    private const string EditExternalContact = """
        <xml>
        	<ToUserName><![CDATA[ww1436e0e65a779aee]]></ToUserName>
        	<FromUserName><![CDATA[sys]]></FromUserName>
        	<CreateTime>1403610514</CreateTime>
        	<MsgType><![CDATA[event]]></MsgType>
        	<Event><![CDATA[change_external_contact]]></Event>
        	<ChangeType><![CDATA[edit_external_contact]]></ChangeType>
        	<UserID><![CDATA[zhangsan]]></UserID>
        	<ExternalUserID><![CDATA[woAJ2GCAAAXtWyujaWJHDDGi0mACHAAA]]></ExternalUserID>
        </xml>
        """;

    private const string DelExternalContact = """
        <xml>
        	<ToUserName><![CDATA[ww1436e0e65a779aee]]></ToUserName>
        	<FromUserName><![CDATA[sys]]></FromUserName>
        	<CreateTime>1403610515</CreateTime>
        	<MsgType><![CDATA[event]]></MsgType>
        	<Event><![CDATA[change_external_contact]]></Event>
        	<ChangeType><![CDATA[del_external_contact]]></ChangeType>
        	<UserID><![CDATA[lisi]]></UserID>
        	<ExternalUserID><![CDATA[woAJ2GCAAAd1asdasdjO4wKmE8AabjBBB]]></ExternalUserID>
        	<Source><![CDATA[DELETE_BY_TRANSFER]]></Source>
        </xml>
        """;

    private const string DelFollowUser = """
        <xml>
        	<ToUserName><![CDATA[ww1436e0e65a779aee]]></ToUserName>
        	<FromUserName><![CDATA[sys]]></FromUserName>
        	<CreateTime>1403610516</CreateTime>
        	<MsgType><![CDATA[event]]></MsgType>
        	<Event><![CDATA[change_external_contact]]></Event>
        	<ChangeType><![CDATA[del_follow_user]]></ChangeType>
        	<UserID><![CDATA[lisi]]></UserID>
        	<ExternalUserID><![CDATA[woAJ2GCAAAd1asdasdjO4wKmE8AabjCCC]]></ExternalUserID>
        </xml>
        """;

    private const string TransferFail = """
        <xml>
        	<ToUserName><![CDATA[ww1436e0e65a779aee]]></ToUserName>
        	<FromUserName><![CDATA[sys]]></FromUserName>
        	<CreateTime>1403610517</CreateTime>
        	<MsgType><![CDATA[event]]></MsgType>
        	<Event><![CDATA[change_external_contact]]></Event>
        	<ChangeType><![CDATA[transfer_fail]]></ChangeType>
        	<FailReason><![CDATA[customer_refused]]></FailReason>
        	<UserID><![CDATA[wangwu]]></UserID>
        	<ExternalUserID><![CDATA[woAJ2GCAAAd1asdasdjO4wKmE8AabjDDD]]></ExternalUserID>
        </xml>
        """;

    public static TheoryData<string, ExternalContactChange, string, string, string, long> ChangeTypes => new()
    {
        { AddExternalContact, ExternalContactChange.AddExternalContact, "add_external_contact", "zhangsan", "woAJ2GCAAAXtWyujaWJHDDGi0mACHAAA", 1403610513 },
        { EditExternalContact, ExternalContactChange.EditExternalContact, "edit_external_contact", "zhangsan", "woAJ2GCAAAXtWyujaWJHDDGi0mACHAAA", 1403610514 },
        { DelExternalContact, ExternalContactChange.DelExternalContact, "del_external_contact", "lisi", "woAJ2GCAAAd1asdasdjO4wKmE8AabjBBB", 1403610515 },
        { DelFollowUser, ExternalContactChange.DelFollowUser, "del_follow_user", "lisi", "woAJ2GCAAAd1asdasdjO4wKmE8AabjCCC", 1403610516 },
        { TransferFail, ExternalContactChange.TransferFail, "transfer_fail", "wangwu", "woAJ2GCAAAd1asdasdjO4wKmE8AabjDDD", 1403610517 },
    };

    [Theory]
    [MemberData(nameof(ChangeTypes))]
    public void Each_change_type_is_parsed_with_employee_customer_and_time(
        string xml, ExternalContactChange change, string changeName, string userId, string externalUserId, long createTime)
    {
        var e = WeComCallbackXml.ParseExternalContactEvent(xml);
        Assert.Equal("ww1436e0e65a779aee", e.ToUserName);
        Assert.Equal("change_external_contact", e.Event);
        Assert.Equal(change, e.ChangeType);
        Assert.Equal(changeName, e.ChangeTypeName);
        Assert.Equal(userId, e.UserId);
        Assert.Equal(externalUserId, e.ExternalUserId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(createTime), e.CreateTime);
    }

    [Fact]
    public void Add_external_contact_carries_state_and_welcome_code()
    {
        var e = WeComCallbackXml.ParseExternalContactEvent(AddExternalContact);
        Assert.Equal("teststate", e.State);
        Assert.Equal("WELCOMECODE", e.WelcomeCode);
        Assert.Null(e.FailReason);
        Assert.Equal(new DateTimeOffset(2014, 6, 24, 11, 48, 33, TimeSpan.Zero), e.CreateTime);
    }

    [Fact]
    public void Edit_external_contact_has_no_optional_fields()
    {
        var e = WeComCallbackXml.ParseExternalContactEvent(EditExternalContact);
        Assert.Null(e.State);
        Assert.Null(e.WelcomeCode);
        Assert.Null(e.FailReason);
        Assert.Null(e.Source);
    }

    [Fact]
    public void Del_external_contact_says_whether_a_handover_caused_it() =>
        Assert.Equal("DELETE_BY_TRANSFER", WeComCallbackXml.ParseExternalContactEvent(DelExternalContact).Source);

    [Fact]
    public void Transfer_fail_carries_the_reason() =>
        Assert.Equal("customer_refused", WeComCallbackXml.ParseExternalContactEvent(TransferFail).FailReason);

    [Fact]
    public void An_unknown_change_type_is_kept_by_name()
    {
        var xml = AddExternalContact.Replace("add_external_contact", "add_future_contact", StringComparison.Ordinal);
        var e = WeComCallbackXml.ParseExternalContactEvent(xml);
        Assert.Equal(ExternalContactChange.Other, e.ChangeType);
        Assert.Equal("add_future_contact", e.ChangeTypeName);
    }

    [Fact]
    public void A_half_add_is_an_add_the_employee_has_not_confirmed_and_carries_its_state()
    {
        var xml = AddExternalContact.Replace("add_external_contact", "add_half_external_contact", StringComparison.Ordinal);
        var e = WeComCallbackXml.ParseExternalContactEvent(xml);
        Assert.Equal(ExternalContactChange.AddHalfExternalContact, e.ChangeType);
        Assert.Equal(("add_half_external_contact", "woAJ2GCAAAXtWyujaWJHDDGi0mACHAAA", "teststate"), (e.ChangeTypeName, e.ExternalUserId, e.State));
    }

    [Theory]
    [InlineData("UserID", "zhangsan", WeComCallbackXml.MaxUserIdLength)]
    [InlineData("ExternalUserID", "woAJ2GCAAAXtWyujaWJHDDGi0mACHAAA", WeComCallbackXml.MaxExternalUserIdLength)]
    [InlineData("State", "teststate", WeComCallbackXml.MaxStateLength)]
    [InlineData("ChangeType", "add_external_contact", WeComCallbackXml.MaxChangeTypeLength)]
    public void An_id_is_read_up_to_its_bound_and_refused_past_it(string element, string documented, int bound)
    {
        string With(int length) => AddExternalContact.Replace($"<{element}><![CDATA[{documented}]]>",
            $"<{element}><![CDATA[{documented + new string('x', length - documented.Length)}]]>", StringComparison.Ordinal);
        Assert.NotNull(WeComCallbackXml.ParseExternalContactEvent(With(bound)));
        Assert.Throws<FormatException>(() => WeComCallbackXml.ParseExternalContactEvent(With(bound + 1)));
    }

    [Fact]
    public void A_create_time_past_the_calendar_is_refused_as_malformed()
    {
        var xml = AddExternalContact.Replace("1403610513", "99999999999999", StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => WeComCallbackXml.ParseExternalContactEvent(xml));
    }

    [Fact]
    public void Plain_text_values_without_cdata_are_read_too()
    {
        const string xml = "<xml><ToUserName>ww1</ToUserName><CreateTime>1700000000</CreateTime><Event>change_external_contact</Event>"
                           + "<ChangeType>del_follow_user</ChangeType><UserID>u1</UserID><ExternalUserID>e1</ExternalUserID></xml>";
        var e = WeComCallbackXml.ParseExternalContactEvent(xml);
        Assert.Equal(ExternalContactChange.DelFollowUser, e.ChangeType);
        Assert.Equal("e1", e.ExternalUserId);
    }

    [Theory]
    [InlineData("<xml><Event><![CDATA[change_contact]]></Event></xml>")]                     // another event
    [InlineData("<xml><ToUserName>ww1</ToUserName><CreateTime>1</CreateTime><Event>change_external_contact</Event><ChangeType>add_external_contact</ChangeType><ExternalUserID>e</ExternalUserID></xml>")] // no UserID
    [InlineData("<xml><ToUserName>ww1</ToUserName><CreateTime>yesterday</CreateTime><Event>change_external_contact</Event><ChangeType>add_external_contact</ChangeType><UserID>u</UserID><ExternalUserID>e</ExternalUserID></xml>")]
    [InlineData("<xml><Event>change_external_contact</Event>")]                              // not well-formed
    [InlineData("")]
    [InlineData("<xml><Event><Nested>change_external_contact</Nested></Event></xml>")]
    public void Documents_that_are_not_a_complete_contact_event_are_refused(string xml) =>
        Assert.Throws<FormatException>(() => WeComCallbackXml.ParseExternalContactEvent(xml));

    [Fact]
    public void A_document_type_definition_is_refused_so_entities_cannot_be_expanded()
    {
        const string xxe = """
            <?xml version="1.0"?>
            <!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]>
            <xml><ToUserName>&x;</ToUserName><Event>change_external_contact</Event></xml>
            """;
        Assert.Throws<FormatException>(() => WeComCallbackXml.ParseExternalContactEvent(xxe));
    }

    [Fact]
    public void The_post_envelope_yields_the_ciphertext()
    {
        const string body = """
            <xml>
               <ToUserName><![CDATA[ww1436e0e65a779aee]]></ToUserName>
               <AgentID><![CDATA[218]]></AgentID>
               <Encrypt><![CDATA[RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZbqALMUxPObPHvxx7h+S6rPYCVSGQkdJ9S5v2u7tsDVTPBV3hLZOfLUWYqfiubASJ5WM3y5tY27oTB8dNhKbyrVWmfATFTsfoUG6TY20GBSHuYQlzjpZnyvNXGyVcrgdaBg4AgYxvQGgEYJp9W4u4qXsFcpNvz4tSVoAXeTYq8MLR/pdy10UDSTU9kMo48R0jKAZEtXGaP7iIBCI/E5T33lU9fgn5wKm0MSSXdpvYHDzSQw9V6ETDZ+a+eNbyT+NiYqYSsrYcPC8uZMs5VjzdW]]></Encrypt>
            </xml>
            """;
        var envelope = WeComCallbackXml.ReadEnvelope(body);
        Assert.Equal("ww1436e0e65a779aee", envelope.ToUserName);
        Assert.Equal("218", envelope.AgentId);
        Assert.StartsWith("RypEvHKD8QQKFhvQ6QleEB4J58", envelope.Encrypt, StringComparison.Ordinal);
    }

    [Fact]
    public void An_encrypted_event_round_trips_through_crypto_and_parser()
    {
        var crypto = new WeComCrypto("token", "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt", "ww1436e0e65a779aee");
        var encrypted = crypto.Encrypt(DelFollowUser);
        var body = $"<xml><ToUserName><![CDATA[ww1436e0e65a779aee]]></ToUserName><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>";
        var signature = crypto.Sign("1700000000", "nonce", encrypted);

        var envelope = WeComCallbackXml.ReadEnvelope(body);
        var xml = crypto.VerifyAndDecrypt(signature, "1700000000", "nonce", envelope.Encrypt);
        Assert.Equal("change_external_contact", WeComCallbackXml.ReadEventName(xml));
        Assert.Equal(ExternalContactChange.DelFollowUser, WeComCallbackXml.ParseExternalContactEvent(xml).ChangeType);
    }
}
