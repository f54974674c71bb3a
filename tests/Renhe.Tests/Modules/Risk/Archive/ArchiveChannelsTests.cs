using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Renhe.Modules.Risk.Archive;
using Renhe.Platform.Localization;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Risk.Archive;

/// Channels are shown in words, in either language; a channel an integration invents is shown by
/// its code rather than not at all.
[Trait("Category", "Integration")]
public sealed class ArchiveChannelsTests(SqliteRenheFactory factory) : IClassFixture<SqliteRenheFactory>
{
    public static TheoryData<string> Known => new(ArchiveChannels.Known);

    [Theory]
    [MemberData(nameof(Known))]
    public void Every_channel_renhe_archives_from_has_a_name_in_both_languages(string channel)
    {
        var l = factory.Services.GetRequiredService<IStringLocalizer<Strings>>();
        var names = new List<string>();
        var saved = CultureInfo.CurrentUICulture;
        try
        {
            foreach (var language in new[] { "zh-CN", "en" })
            {
                CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
                Assert.False(l["Risk.Channel." + channel].ResourceNotFound, $"Risk.Channel.{channel} has no {language} name");
                names.Add(ArchiveChannels.Name(l, channel));
            }
        }
        finally
        {
            CultureInfo.CurrentUICulture = saved;
        }
        Assert.DoesNotContain(channel, names);
        Assert.NotEqual(names[0], names[1]);
    }

    [Fact]
    public void A_channel_nobody_named_is_shown_by_its_code()
    {
        var l = factory.Services.GetRequiredService<IStringLocalizer<Strings>>();
        Assert.Equal("fax-gateway", ArchiveChannels.Name(l, "fax-gateway"));
        Assert.Equal("企业微信会话", ArchiveChannels.Name(l, ArchiveService.ChannelWeComChat));
    }
}
