using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Renhe.Modules.Risk.Archive;

internal sealed class ArchivedRecordConfiguration : IEntityTypeConfiguration<ArchivedRecord>
{
    public void Configure(EntityTypeBuilder<ArchivedRecord> b)
    {
        b.ToTable("risk_archived_record");
        b.HasKey(x => x.Seq);
        b.Property(x => x.Seq).ValueGeneratedNever();
        b.Property(x => x.Class).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Channel).HasMaxLength(32);
        b.Property(x => x.SourceId).HasMaxLength(200);
        b.Property(x => x.SenderRaw).HasMaxLength(200);
        b.Property(x => x.CounterpartExternalId).HasMaxLength(100);
        b.Property(x => x.CounterpartPhone).HasMaxLength(30);
        b.Property(x => x.CounterpartRaw).HasMaxLength(200);
        b.Property(x => x.MsgType).HasMaxLength(40);
        b.Property(x => x.Action).HasMaxLength(20);
        b.Property(x => x.ReferencedSourceId).HasMaxLength(200);
        b.Property(x => x.Hash).HasMaxLength(32);
        b.Property(x => x.PreviousHash).HasMaxLength(32);
        b.HasIndex(x => new { x.Channel, x.SourceId }).IsUnique();
        b.HasIndex(x => new { x.EmployeeId, x.At });
        b.HasIndex(x => x.At);
    }
}
