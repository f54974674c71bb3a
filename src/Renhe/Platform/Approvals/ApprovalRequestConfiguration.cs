using Renhe.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Renhe.Modules.Org.Employees;

namespace Renhe.Platform.Approvals;

internal sealed class ApprovalRequestConfiguration : IEntityTypeConfiguration<ApprovalRequest>
{
    public void Configure(EntityTypeBuilder<ApprovalRequest> b)
    {
        b.ToTable("platform_approval_request");
        b.Property(x => x.RequestType).HasMaxLength(50);
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Amount).HasPrecision(18, 2);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        JsonListColumn.Configure(b.Property(x => x.Steps));
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.RequesterEmployeeId, x.Status });
        b.HasIndex(x => new { x.RequestType, x.SubjectId });
        b.HasOne<Employee>().WithMany().HasForeignKey(x => x.RequesterEmployeeId).OnDelete(DeleteBehavior.Restrict);
    }
}
