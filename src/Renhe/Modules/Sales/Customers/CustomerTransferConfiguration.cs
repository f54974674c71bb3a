using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Renhe.Modules.Org;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Structure;
namespace Renhe.Modules.Sales.Customers;

internal sealed class CustomerTransferConfiguration : IEntityTypeConfiguration<CustomerTransfer>
{
    public void Configure(EntityTypeBuilder<CustomerTransfer> b)
    {
        b.ToTable("sales_customer_transfer");
        // The customers as a JSON array in one column: read and written whole, never queried into.
        b.Property(x => x.CustomerIds).HasMaxLength(8000).HasConversion(
            v => JsonSerializer.Serialize(v, (JsonSerializerOptions?)null),
            v => JsonSerializer.Deserialize<List<Guid>>(v, (JsonSerializerOptions?)null) ?? new List<Guid>(),
            new ValueComparer<List<Guid>>((a, c) => a!.SequenceEqual(c!), v => v.Aggregate(0, (h, g) => HashCode.Combine(h, g)), v => v.ToList()));
        b.Property(x => x.Reason).HasMaxLength(500);
        b.Property(x => x.RequestedByName).HasMaxLength(256);
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(x => x.State);
        b.HasOne<Employee>().WithMany().HasForeignKey(x => x.ToEmployeeId).OnDelete(DeleteBehavior.Restrict);
    }
}
