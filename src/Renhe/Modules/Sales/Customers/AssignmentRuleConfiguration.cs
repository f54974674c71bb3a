using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Renhe.Modules.Org;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Structure;

namespace Renhe.Modules.Sales.Customers;

internal sealed class AssignmentRuleConfiguration : IEntityTypeConfiguration<AssignmentRule>
{
    public void Configure(EntityTypeBuilder<AssignmentRule> b)
    {
        b.ToTable("sales_assignment_rule");
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Region).HasMaxLength(50);
        b.Property(x => x.Industry).HasMaxLength(50);
        b.Property(x => x.SourceChannel).HasMaxLength(50);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.Order);
        b.HasOne<Department>().WithMany().HasForeignKey(x => x.TargetDepartmentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Employee>().WithMany().HasForeignKey(x => x.TargetEmployeeId).OnDelete(DeleteBehavior.Restrict);
    }
}
