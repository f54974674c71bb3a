using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Renhe.Modules.Commission.Plans;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Commission.Statements;

internal sealed class CommissionStatementConfiguration : IEntityTypeConfiguration<CommissionStatement>
{
    public void Configure(EntityTypeBuilder<CommissionStatement> b)
    {
        b.ToTable("commission_statement");
        b.HasIndex(x => new { x.EmployeeId, x.Month }).IsUnique();
        b.HasIndex(x => x.Month);
        b.Property(x => x.SnapshotJson).HasMaxLength(FieldLimits.LongText);
        b.Property(x => x.ClosedByName).HasMaxLength(FieldLimits.PersonName);
        b.HasOne(x => x.Employee).WithMany().HasForeignKey(x => x.EmployeeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<CommissionPlanVersion>().WithMany().HasForeignKey(x => x.PlanVersionId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Lines).WithOne().HasForeignKey(l => l.StatementId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CommissionStatementLineConfiguration : IEntityTypeConfiguration<CommissionStatementLine>
{
    public void Configure(EntityTypeBuilder<CommissionStatementLine> b)
    {
        b.ToTable("commission_statement_line");
        b.HasIndex(x => new { x.StatementId, x.Seq }).IsUnique();
        b.HasIndex(x => x.OrderId);
        b.HasIndex(x => x.SourceId);
        b.Property(x => x.OrderNumber).HasMaxLength(FieldLimits.Code);
        b.Property(x => x.CustomerName).HasMaxLength(FieldLimits.Name);
        b.Property(x => x.Note).HasMaxLength(FieldLimits.Reason);
    }
}

internal sealed class CommissionMonthConfiguration : IEntityTypeConfiguration<CommissionMonth>
{
    public void Configure(EntityTypeBuilder<CommissionMonth> b)
    {
        b.ToTable("commission_month");
        b.HasKey(x => x.Month);
        b.Property(x => x.ClosedByName).HasMaxLength(FieldLimits.PersonName);
    }
}

internal sealed class CommissionPayableConfiguration : IEntityTypeConfiguration<CommissionPayable>
{
    public void Configure(EntityTypeBuilder<CommissionPayable> b)
    {
        b.ToTable("commission_payable");
        b.HasIndex(x => new { x.Month, x.EmployeeId });
        b.HasOne(x => x.Employee).WithMany().HasForeignKey(x => x.EmployeeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<CommissionStatement>().WithMany().HasForeignKey(x => x.StatementId).OnDelete(DeleteBehavior.Restrict);
    }
}
