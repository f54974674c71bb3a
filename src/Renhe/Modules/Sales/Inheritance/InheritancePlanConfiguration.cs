using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Sales.Customers;

namespace Renhe.Modules.Sales.Inheritance;

internal sealed class InheritancePlanConfiguration : IEntityTypeConfiguration<InheritancePlan>
{
    public void Configure(EntityTypeBuilder<InheritancePlan> b)
    {
        b.ToTable("sales_inheritance_plan");
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne(x => x.Leaver).WithMany().HasForeignKey(x => x.LeaverId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Lines).WithOne().HasForeignKey(x => x.PlanId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.LeaverId, x.State });
        b.HasIndex(x => x.State);
    }
}

internal sealed class InheritanceLineConfiguration : IEntityTypeConfiguration<InheritanceLine>
{
    public void Configure(EntityTypeBuilder<InheritanceLine> b)
    {
        b.ToTable("sales_inheritance_line");
        b.Property(x => x.Outcome).HasConversion<string>().HasMaxLength(20);
        b.HasOne<Customer>().WithMany().HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Employee>().WithMany().HasForeignKey(x => x.ReceiverId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.PlanId, x.CustomerId }).IsUnique();
    }
}
