using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Renhe.Modules.Risk.Monitoring;

internal sealed class MonitoringNoticeConfiguration : IEntityTypeConfiguration<MonitoringNotice>
{
    public void Configure(EntityTypeBuilder<MonitoringNotice> b)
    {
        b.ToTable("risk_monitoring_notice");
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Text).HasMaxLength(20000);
        b.Property(x => x.PublishedBy).HasMaxLength(256);
        b.HasIndex(x => x.Version).IsUnique();
    }
}
