using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Renhe.Modules.Integrations.WeCom.Directory;

internal sealed class WeComDirectorySyncConfiguration : IEntityTypeConfiguration<WeComDirectorySync>
{
    public void Configure(EntityTypeBuilder<WeComDirectorySync> b)
    {
        b.ToTable("integrations_wecom_directory_sync");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.StartedBy).HasMaxLength(256);
        b.Property(x => x.Error).HasMaxLength(500);
        b.HasIndex(x => new { x.Kind, x.StartedAt });
    }
}
