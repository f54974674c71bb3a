using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Renhe.Modules.Org.Employees;

namespace Renhe.Platform.Approvals;

internal sealed class ApprovalTaskConfiguration : IEntityTypeConfiguration<ApprovalTask>
{
    public void Configure(EntityTypeBuilder<ApprovalTask> b)
    {
        b.ToTable("platform_approval_task");
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        // The inbox: "open tasks of this employee".
        b.HasIndex(x => new { x.ApproverEmployeeId, x.Status });
        b.HasIndex(x => new { x.RequestId, x.StepIndex });
        b.HasOne<ApprovalRequest>().WithMany().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Employee>().WithMany().HasForeignKey(x => x.ApproverEmployeeId).OnDelete(DeleteBehavior.Restrict);
    }
}
