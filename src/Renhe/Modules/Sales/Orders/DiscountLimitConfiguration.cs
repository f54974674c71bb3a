using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Renhe.Modules.Org;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Structure;
using Renhe.Platform.Security;

namespace Renhe.Modules.Sales.Orders;

internal sealed class DiscountLimitConfiguration : IEntityTypeConfiguration<DiscountLimit>
{
    public void Configure(EntityTypeBuilder<DiscountLimit> b)
    {
        b.ToTable("sales_discount_limit");
        b.Property(x => x.Role).HasMaxLength(100);
        b.Property(x => x.MaxPercent).HasPrecision(5, 2);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.Role).IsUnique();
        b.HasIndex(x => x.EmployeeId).IsUnique();
        b.HasOne<Employee>().WithMany().HasForeignKey(x => x.EmployeeId).OnDelete(DeleteBehavior.Cascade);
        // The defaults, written by the migration once; administrators change them afterwards.
        b.HasData(
            new { Id = new Guid("0193a000-0000-7000-8000-000000000011"), Role = Roles.Salesperson, MaxPercent = 10m,
                Version = new Guid("0193a000-0000-7000-8000-000000000111") },
            new { Id = new Guid("0193a000-0000-7000-8000-000000000012"), Role = Roles.SalesManager, MaxPercent = 20m,
                Version = new Guid("0193a000-0000-7000-8000-000000000112") });
    }
}
