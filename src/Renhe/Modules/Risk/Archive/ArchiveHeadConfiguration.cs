using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Renhe.Modules.Risk.Archive;

internal sealed class ArchiveHeadConfiguration : IEntityTypeConfiguration<ArchiveHead>
{
    public void Configure(EntityTypeBuilder<ArchiveHead> b)
    {
        b.ToTable("risk_archive_head");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.LastHash).HasMaxLength(32);
    }
}
