using Microsoft.Extensions.Localization;
using Renhe.Platform.Localization;

namespace Renhe.Modules.Risk.Archive;

/// The channels records arrive through, named for people. Integrations may send a channel of their
/// own (it is free text on the batch API); that one is shown by its code.
public static class ArchiveChannels
{
    /// Every channel Renhe itself archives from: WeCom chats and customer-contact events, call
    /// records and e-mail. Each has a name in every language (Risk.Channel.&lt;code&gt;).
    public static readonly IReadOnlyList<string> Known =
        [ArchiveService.ChannelWeComChat, ArchiveService.ChannelWeComContact, ArchiveImport.CallChannel, "email"];

    public static string Name(IStringLocalizer l, string channel) => l.Or("Risk.Channel." + channel, channel);

    /// What a record without text was (an image, a voice note, a contact event), in brackets.
    public static string Placeholder(IStringLocalizer l, string? msgType) =>
        "[" + (msgType is null ? "—" : l.Or("Risk.MsgType." + msgType, msgType)) + "]";
}
