using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Renhe.Modules.Commission.Statements;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Commission.Disputes;

internal sealed class CommissionDisputeConfiguration : IEntityTypeConfiguration<CommissionDispute>
{
    public void Configure(EntityTypeBuilder<CommissionDispute> b)
    {
        b.ToTable("commission_dispute");
        b.Property(x => x.Text).HasMaxLength(FieldLimits.Note);
        b.Property(x => x.Response).HasMaxLength(FieldLimits.Note);
        b.Property(x => x.DecidedByName).HasMaxLength(FieldLimits.PersonName);
        b.Property(x => x.Reason).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.StatementId);
        b.HasIndex(x => x.ApprovalRequestId);
        b.HasOne(x => x.Employee).WithMany().HasForeignKey(x => x.EmployeeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<CommissionStatement>().WithMany().HasForeignKey(x => x.StatementId).OnDelete(DeleteBehavior.Restrict);
    }
}
