using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Renhe.Platform.Data;

namespace Renhe.Modules.Integrations.WeCom.Directory;

internal sealed class WeComSharedContactConfiguration : IEntityTypeConfiguration<WeComSharedContact>
{
    public void Configure(EntityTypeBuilder<WeComSharedContact> b)
    {
        b.ToTable("integrations_wecom_shared_contact");
        b.Property(x => x.ExternalUserId).HasMaxLength(64);
        b.Property(x => x.Name).HasMaxLength(128);
        JsonListColumn.Configure(b.Property(x => x.FollowerUserIds).HasMaxLength(4000));
        b.HasIndex(x => x.ExternalUserId).IsUnique();
    }
}
