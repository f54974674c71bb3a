using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Renhe.Modules.Org.Employees;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Commission.Plans;

internal sealed class CommissionPlanConfiguration : IEntityTypeConfiguration<CommissionPlan>
{
    public void Configure(EntityTypeBuilder<CommissionPlan> b)
    {
        b.ToTable("commission_plan");
        b.Property(x => x.Name).HasMaxLength(FieldLimits.Name);
        b.Property(x => x.Description).HasMaxLength(FieldLimits.Note);
        b.PrimitiveCollection(x => x.EmployeeIds);
        b.PrimitiveCollection(x => x.PositionIds);
        b.PrimitiveCollection(x => x.DepartmentIds);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.Name).IsUnique();
        b.HasMany(x => x.Versions).WithOne(v => v.Plan).HasForeignKey(v => v.PlanId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CommissionPlanVersionConfiguration : IEntityTypeConfiguration<CommissionPlanVersion>
{
    public void Configure(EntityTypeBuilder<CommissionPlanVersion> b)
    {
        b.ToTable("commission_plan_version");
        b.Property(x => x.RulesJson).HasMaxLength(FieldLimits.LongText);
        b.Property(x => x.Note).HasMaxLength(FieldLimits.Note);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.PlanId, x.Number }).IsUnique();
        b.HasIndex(x => x.ApprovalRequestId);
        b.Ignore(x => x.Rules);
    }
}

internal sealed class PlanAcknowledgementConfiguration : IEntityTypeConfiguration<PlanAcknowledgement>
{
    public void Configure(EntityTypeBuilder<PlanAcknowledgement> b)
    {
        b.ToTable("commission_plan_ack");
        b.HasIndex(x => new { x.EmployeeId, x.PlanVersionId }).IsUnique();
        b.HasOne<CommissionPlanVersion>().WithMany().HasForeignKey(x => x.PlanVersionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Employee>().WithMany().HasForeignKey(x => x.EmployeeId).OnDelete(DeleteBehavior.Restrict);
    }
}
