using Renhe.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Org;
using Renhe.Platform.Security;

namespace Renhe.Modules.Sales.Orders;

/// The largest discount a person may give on an order, as a percentage of its list total
/// (ADR 0011). A row is either for a role (salesperson 10 %, sales manager 20 %) or for one
/// employee, which overrides their roles. Administrators edit the rows
/// (sales.discount.manage); everybody's own limit is shown on the order form.
public sealed class DiscountLimit : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// A role name (Roles.Salesperson), or null for a per-employee row.
    public string? Role { get; set; }
    public Guid? EmployeeId { get; set; }
    /// 0–100, two decimals.
    public decimal MaxPercent { get; set; }
    public Guid Version { get; private set; } = Guid.NewGuid();
}

internal static class OrdersModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<DiscountLimit>(b =>
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
        });
    }
}
