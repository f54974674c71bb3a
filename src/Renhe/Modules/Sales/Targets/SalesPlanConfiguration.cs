using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Renhe.Modules.Org;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Structure;

namespace Renhe.Modules.Sales.Targets;

internal sealed class SalesPlanConfiguration : IEntityTypeConfiguration<SalesPlan>
{
    public void Configure(EntityTypeBuilder<SalesPlan> b)
    {
        b.ToTable("sales_plan");
        b.HasIndex(x => new { x.TargetId, x.EmployeeId }).IsUnique();
        b.HasIndex(x => x.EmployeeId);
        b.HasOne(x => x.Employee).WithMany().HasForeignKey(x => x.EmployeeId).OnDelete(DeleteBehavior.Restrict);
    }
}
