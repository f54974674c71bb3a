using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Renhe.Modules.Risk.Archive;

internal sealed class ArchiveDigestTimestampConfiguration : IEntityTypeConfiguration<ArchiveDigestTimestamp>
{
    public void Configure(EntityTypeBuilder<ArchiveDigestTimestamp> b)
    {
        b.ToTable("risk_archive_digest_timestamp");
        b.HasKey(x => x.Day);
        b.HasOne<ArchiveDigestRecord>().WithOne().HasForeignKey<ArchiveDigestTimestamp>(x => x.Day).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.Token).HasMaxLength(16384);
        b.Property(x => x.Authority).HasMaxLength(500);
    }
}
