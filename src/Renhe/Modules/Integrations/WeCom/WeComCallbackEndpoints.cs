using System.ComponentModel.DataAnnotations;
using Renhe.Modules.Sales.Customers;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Renhe.Modules.Risk.Archive;
using Renhe.Platform.Problems;

namespace Renhe.Modules.Integrations.WeCom;

/// WeCom's callback URL. Anonymous because WeCom calls it; what makes it safe is the signature
/// over the token only we and WeCom share, checked before anything is decrypted, and the receive
/// id inside the ciphertext (our corp id). Anything that fails is answered 4xx, logged with the
/// reason (never the payload) and stores nothing.
public static class WeComCallbackEndpoints
{
    private const int MaxBody = 1 << 20;

    public static void MapWeComCallback(this IEndpointRouteBuilder api)
    {
        var wecom = api.MapGroup("/integrations/wecom").WithTags("WeCom").AllowAnonymous();

        // URL verification: answer the decrypted echostr exactly, as text, nothing added.
        // Bounds with room over what WeCom sends: a 40-hex SHA-1 signature, a 10-digit timestamp,
        // a short nonce and an echostr of a few hundred base64 characters.
        wecom.MapGet("/callback", (HttpContext http, [FromQuery(Name = "msg_signature"), MaxLength(64)] string? signature,
            [MaxLength(20)] string? timestamp, [MaxLength(64)] string? nonce, [MaxLength(2048)] string? echostr, IConfiguration configuration, ILogger<WeComCallback> log) =>
        {
            var crypto = Crypto(configuration);
            if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(nonce) || string.IsNullOrEmpty(echostr))
                return Refuse(log, "verification without timestamp, nonce or echostr");
            try
            {
                return Results.Text(crypto.VerifyAndDecrypt(signature, timestamp, nonce, echostr), "text/plain");
            }
            catch (WeComCryptoException e)
            {
                return Refuse(log, e.Reason.ToString());
            }
        });

        wecom.MapPost("/callback", async (HttpContext http, [FromQuery(Name = "msg_signature"), MaxLength(64)] string? signature,
            [MaxLength(20)] string? timestamp, [MaxLength(64)] string? nonce, IConfiguration configuration, ArchiveService archive, ContactEventLinker customers,
            ILogger<WeComCallback> log, CancellationToken ct) =>
        {
            var crypto = Crypto(configuration);
            if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(nonce)) return Refuse(log, "event without timestamp or nonce");
            string xml;
            try
            {
                var body = await ReadBodyAsync(http.Request, ct);
                var envelope = WeComCallbackXml.ReadEnvelope(body);
                xml = crypto.VerifyAndDecrypt(signature, timestamp, nonce, envelope.Encrypt);
            }
            catch (WeComCryptoException e)
            {
                return Refuse(log, e.Reason.ToString());
            }
            catch (FormatException e)
            {
                return Refuse(log, "malformed envelope: " + e.Message);
            }

            string? eventName;
            try
            {
                eventName = WeComCallbackXml.ReadEventName(xml);
            }
            catch (FormatException e)
            {
                return Refuse(log, "malformed event: " + e.Message);
            }
            if (eventName != "change_external_contact")
            {
                // Other events (approval, contacts sync…) are acknowledged so WeCom does not retry them.
                log.LogInformation("WeCom callback event {Event} acknowledged and not handled", eventName ?? "(none)");
                return Results.Text("success", "text/plain");
            }
            WeComExternalContactEvent e2;
            try
            {
                e2 = WeComCallbackXml.ParseExternalContactEvent(xml);
            }
            catch (FormatException e)
            {
                return Refuse(log, "malformed change_external_contact: " + e.Message);
            }
            if (e2.ToUserName != configuration["WeCom:CorpId"]) return Refuse(log, "event for another corp id");

            // The event and the lead it brings in are stored in one transaction: a refused event
            // leaves no lead behind, a lead that cannot be stored takes the event with it (WeCom
            // retries), and a retry of a stored event links again, harmlessly.
            LinkedCustomer? customer = null;
            var result = await archive.AppendAsync(ToDraft(e2), async (db, token) => customer = await customers.LinkAsync(db, e2, token), ct);
            if (result.Status == AppendStatus.Rejected) return Refuse(log, "the archive refused the event: " + result.Error);
            log.LogInformation("WeCom contact event {Change} for {User}: {Status}, customer {Customer} (new: {New})", e2.ChangeTypeName, e2.UserId,
                result.Status, customer?.Id, customer?.IsNew ?? false);
            return Results.Text("success", "text/plain");
        });
    }

    /// A contact event has no id of its own; WeCom retries a push it thinks failed, so the event's
    /// own fields make the source id and a retry is recognised as a duplicate.
    public static ArchiveDraft ToDraft(WeComExternalContactEvent e)
    {
        var sourceId = string.Join(':', e.UserId, e.ExternalUserId, e.ChangeTypeName,
            e.CreateTime.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        var body = JsonSerializer.Serialize(new
        {
            e.Event, changeType = e.ChangeTypeName, userId = e.UserId, externalUserId = e.ExternalUserId, e.State, e.FailReason, e.Source,
        });
        return new ArchiveDraft(RecordClass.ContactEvent, ArchiveService.ChannelWeComContact, sourceId, e.CreateTime, e.UserId, [],
            null, body, MsgType: e.ChangeTypeName, Action: e.Event, Counterpart: e.ExternalUserId);
    }

    private static WeComCrypto Crypto(IConfiguration configuration)
    {
        var token = configuration["WeCom:Token"];
        var key = configuration["WeCom:EncodingAesKey"];
        var corpId = configuration["WeCom:CorpId"];
        if (string.IsNullOrEmpty(token) || string.IsNullOrEmpty(key) || string.IsNullOrEmpty(corpId))
            throw new NotFoundException(); // not configured: there is no callback here
        return new WeComCrypto(token, key, corpId);
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBody) throw new FormatException("The body is too large.");
        using var reader = new StreamReader(request.Body);
        var buffer = new char[MaxBody + 1];
        var total = 0;
        int read;
        while ((read = await reader.ReadBlockAsync(buffer.AsMemory(total), ct)) > 0)
        {
            total += read;
            if (total > MaxBody) throw new FormatException("The body is too large.");
        }
        return new string(buffer, 0, total);
    }

    private static IResult Refuse(ILogger log, string reason)
    {
        log.LogWarning("WeCom callback refused: {Reason}", reason);
        return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad Request");
    }
}

/// The logging category of the callback.
public sealed class WeComCallback;
