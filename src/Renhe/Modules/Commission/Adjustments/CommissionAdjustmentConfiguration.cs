using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Commission.Adjustments;

internal sealed class CommissionAdjustmentConfiguration : IEntityTypeConfiguration<CommissionAdjustment>
{
    public void Configure(EntityTypeBuilder<CommissionAdjustment> b)
    {
        b.ToTable("commission_adjustment");
        b.Property(x => x.Reason).HasMaxLength(FieldLimits.Reason);
        b.Property(x => x.RequestedByName).HasMaxLength(FieldLimits.PersonName);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.Month, x.EmployeeId });
        b.HasIndex(x => x.ApprovalRequestId);
        b.HasOne(x => x.Employee).WithMany().HasForeignKey(x => x.EmployeeId).OnDelete(DeleteBehavior.Restrict);
    }
}
