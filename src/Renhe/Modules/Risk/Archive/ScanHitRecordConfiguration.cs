using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Renhe.Modules.Risk.Archive;

internal sealed class ScanHitRecordConfiguration : IEntityTypeConfiguration<ScanHitRecord>
{
    public void Configure(EntityTypeBuilder<ScanHitRecord> b)
    {
        b.ToTable("risk_scan_hit");
        b.Property(x => x.Category).HasMaxLength(40);
        b.Property(x => x.Word).HasMaxLength(100);
        b.Property(x => x.Severity).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(x => x.Seq);
        b.HasIndex(x => x.Category);
    }
}
