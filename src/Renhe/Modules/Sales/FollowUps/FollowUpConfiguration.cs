using Renhe.Modules.Sales.Customers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Renhe.Modules.Org;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Structure;

namespace Renhe.Modules.Sales.FollowUps;

internal sealed class FollowUpConfiguration : IEntityTypeConfiguration<FollowUp>
{
    public void Configure(EntityTypeBuilder<FollowUp> b)
    {
        b.ToTable("sales_follow_up");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Notes).HasMaxLength(2000);
        b.Property(x => x.Objections).HasMaxLength(1000);
        b.Property(x => x.NextStep).HasMaxLength(500);
        b.Property(x => x.StageFrom).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.StageTo).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(x => new { x.CustomerId, x.At });
        b.HasIndex(x => new { x.EmployeeId, x.At });
        b.HasIndex(x => new { x.EmployeeId, x.NextDate });
        b.HasOne(x => x.Customer).WithMany().HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Employee).WithMany().HasForeignKey(x => x.EmployeeId).OnDelete(DeleteBehavior.Restrict);
    }
}
