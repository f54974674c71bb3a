using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Renhe.Modules.Org.Employees;

namespace Renhe.Modules.Risk.Monitoring;

internal sealed class MonitoringAcknowledgementConfiguration : IEntityTypeConfiguration<MonitoringAcknowledgement>
{
    public void Configure(EntityTypeBuilder<MonitoringAcknowledgement> b)
    {
        b.ToTable("risk_monitoring_ack");
        b.HasIndex(x => new { x.EmployeeId, x.NoticeVersion }).IsUnique();
        b.HasOne<Employee>().WithMany().HasForeignKey(x => x.EmployeeId).OnDelete(DeleteBehavior.Restrict);
    }
}
