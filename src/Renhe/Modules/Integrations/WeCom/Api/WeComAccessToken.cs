using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Renhe.Modules.Integrations.WeCom.Api;

/// The access token of one WeCom app, shared by every Renhe instance: WeCom allows a limited
/// number of gettoken calls and each new token may end the previous one's life early, so the
/// instances take turns through <see cref="LeaseUntil"/> instead of each fetching its own.
public sealed class WeComAccessToken
{
    public string AppKey { get; set; } = "";
    /// Encrypted like personal data: a token lets its holder act as the app for two hours.
    public string? TokenCipher { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    /// While set and in the future, one instance is fetching a new token and the others wait.
    public DateTimeOffset? LeaseUntil { get; set; }
    public string? LeaseHolder { get; set; }
}

internal sealed class WeComAccessTokenConfiguration : IEntityTypeConfiguration<WeComAccessToken>
{
    public void Configure(EntityTypeBuilder<WeComAccessToken> b)
    {
        b.ToTable("integrations_wecom_token");
        b.HasKey(x => x.AppKey);
        b.Property(x => x.AppKey).HasMaxLength(100);
        b.Property(x => x.TokenCipher).HasMaxLength(1024);
        b.Property(x => x.LeaseHolder).HasMaxLength(64);
    }
}
