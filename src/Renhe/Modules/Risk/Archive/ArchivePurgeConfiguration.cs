using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Renhe.Modules.Risk.Archive;

internal sealed class ArchivePurgeConfiguration : IEntityTypeConfiguration<ArchivePurge>
{
    public void Configure(EntityTypeBuilder<ArchivePurge> b)
    {
        b.ToTable("risk_archive_purge");
        b.Property(x => x.LastPurgedHash).HasMaxLength(32);
        b.Property(x => x.PurgedBy).HasMaxLength(256);
        b.Property(x => x.Reason).HasMaxLength(500);
        b.HasIndex(x => x.FirstSeq).IsUnique();
    }
}
