using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Renhe.Modules.Org;
using Renhe.Modules.Sales.FollowUps;
using Renhe.Modules.Sales.Orders;

namespace Renhe.Modules.Sales;

internal static class SalesModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<Customer>(b =>
        {
            b.ToTable("sales_customer");
            b.Property(x => x.Name).HasMaxLength(100);
            b.Property(x => x.Company).HasMaxLength(200);
            b.Property(x => x.PhoneCipher).HasMaxLength(200);
            b.Property(x => x.PhoneIndex).HasMaxLength(64);
            b.Property(x => x.PhoneMasked).HasMaxLength(30);
            b.Property(x => x.WeComExternalId).HasMaxLength(100);
            b.Property(x => x.Region).HasMaxLength(50);
            b.Property(x => x.Industry).HasMaxLength(50);
            b.Property(x => x.SourceChannel).HasMaxLength(50);
            // Tags as a JSON array in one column: both databases, no join table for a short list.
            b.Property(x => x.Tags).HasMaxLength(1000).HasConversion(
                v => JsonSerializer.Serialize(v, (JsonSerializerOptions?)null),
                v => JsonSerializer.Deserialize<List<string>>(v, (JsonSerializerOptions?)null) ?? new List<string>(),
                new ValueComparer<List<string>>((a, c) => a!.SequenceEqual(c!), v => v.Aggregate(0, (h, s) => HashCode.Combine(h, s)),
                    v => v.ToList()));
            b.Property(x => x.Stage).HasConversion<string>().HasMaxLength(20);
            b.Property(x => x.Version).IsConcurrencyToken();
            b.HasIndex(x => x.PhoneIndex).IsUnique();
            b.HasIndex(x => x.WeComExternalId).IsUnique();
            b.HasIndex(x => new { x.OwnerId, x.Stage });
            b.HasIndex(x => x.LastFollowUpAt);
            b.HasOne(x => x.Owner).WithMany().HasForeignKey(x => x.OwnerId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<CustodyEntry>(b =>
        {
            b.ToTable("sales_custody_entry");
            b.Property(x => x.Reason).HasConversion<string>().HasMaxLength(20);
            b.Property(x => x.Note).HasMaxLength(500);
            b.Property(x => x.ByName).HasMaxLength(256);
            b.HasIndex(x => new { x.CustomerId, x.At });
            b.HasIndex(x => new { x.FromEmployeeId, x.At });
            b.HasOne<Customer>().WithMany().HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Employee>().WithMany().HasForeignKey(x => x.FromEmployeeId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Employee>().WithMany().HasForeignKey(x => x.ToEmployeeId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<StageChange>(b =>
        {
            b.ToTable("sales_stage_change");
            b.Property(x => x.FromStage).HasConversion<string>().HasMaxLength(20);
            b.Property(x => x.ToStage).HasConversion<string>().HasMaxLength(20);
            b.Property(x => x.ByName).HasMaxLength(256);
            b.HasIndex(x => new { x.CustomerId, x.At });
            b.HasOne<Customer>().WithMany().HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<FollowUp>(b =>
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
        });
        builder.Entity<Product>(b =>
        {
            b.ToTable("sales_product");
            b.Property(x => x.Code).HasMaxLength(50);
            b.Property(x => x.Name).HasMaxLength(200);
            b.Property(x => x.Unit).HasMaxLength(20);
            b.Property(x => x.Version).IsConcurrencyToken();
            b.HasIndex(x => x.Code).IsUnique();
        });
        builder.Entity<Order>(b =>
        {
            b.ToTable("sales_order");
            b.Property(x => x.Number).HasMaxLength(30);
            b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            b.Property(x => x.Note).HasMaxLength(1000);
            b.Property(x => x.Version).IsConcurrencyToken();
            b.HasIndex(x => x.Number).IsUnique();
            b.HasIndex(x => new { x.SalespersonId, x.Status, x.EffectiveAt });
            b.HasIndex(x => new { x.CustomerId, x.Status });
            b.HasOne(x => x.Customer).WithMany().HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne(x => x.Salesperson).WithMany().HasForeignKey(x => x.SalespersonId).OnDelete(DeleteBehavior.Restrict);
            b.HasMany(x => x.Lines).WithOne().HasForeignKey(x => x.OrderId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<OrderLine>(b =>
        {
            b.ToTable("sales_order_line");
            b.Property(x => x.ProductName).HasMaxLength(200);
            b.HasOne<Product>().WithMany().HasForeignKey(x => x.ProductId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<OrderAdjustment>(b =>
        {
            b.ToTable("sales_order_adjustment");
            b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
            b.Property(x => x.Reason).HasMaxLength(500);
            b.Property(x => x.ByName).HasMaxLength(256);
            b.HasIndex(x => new { x.OrderId, x.At });
            b.HasOne<Order>().WithMany().HasForeignKey(x => x.OrderId).OnDelete(DeleteBehavior.Restrict);
        });
        Orders.OrdersModel.Configure(builder);
        Customers.CustomersModel.Configure(builder);
        FollowUpModel.Configure(builder);
    }
}
