using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Renhe.Platform.Data;

namespace Renhe.Modules.Integrations.WeCom.Settings;

/// The company's WeCom app (one row): corp id, the app's agent id and its secret. The secret is
/// encrypted like personal data and never shown again once saved; nothing outbound happens until
/// all three are set.
public sealed class WeComSettings : IVersioned
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    public string CorpId { get; set; } = "";
    public long AgentId { get; set; }
    public string? SecretCipher { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
    public Guid Version { get; set; }

    public bool IsComplete => CorpId.Length > 0 && AgentId > 0 && SecretCipher is not null;
}

internal sealed class WeComSettingsConfiguration : IEntityTypeConfiguration<WeComSettings>
{
    public void Configure(EntityTypeBuilder<WeComSettings> b)
    {
        b.ToTable("integrations_wecom_settings");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.CorpId).HasMaxLength(64);
        b.Property(x => x.SecretCipher).HasMaxLength(512);
        b.Property(x => x.UpdatedBy).HasMaxLength(256);
        b.Property(x => x.Version).IsConcurrencyToken();
    }
}
