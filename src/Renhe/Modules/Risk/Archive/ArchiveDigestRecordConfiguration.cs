using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Renhe.Modules.Risk.Archive;

internal sealed class ArchiveDigestRecordConfiguration : IEntityTypeConfiguration<ArchiveDigestRecord>
{
    public void Configure(EntityTypeBuilder<ArchiveDigestRecord> b)
    {
        b.ToTable("risk_archive_digest");
        b.HasKey(x => x.Day);
        b.Property(x => x.HeadHash).HasMaxLength(32);
        b.Property(x => x.Signature).HasMaxLength(128);
        b.Property(x => x.KeyId).HasMaxLength(40);
        b.Property(x => x.Scheme).HasMaxLength(20);
    }
}
