using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Renhe.Platform.Data;
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
        JsonListColumn.Configure(b.Property(x => x.CustomerIds).HasMaxLength(8000));
        b.Property(x => x.Reason).HasMaxLength(500);
        b.Property(x => x.WeComMessage).HasMaxLength(200);
        b.Property(x => x.RequestedByName).HasMaxLength(256);
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(x => x.State);
        b.HasOne<Employee>().WithMany().HasForeignKey(x => x.ToEmployeeId).OnDelete(DeleteBehavior.Restrict);
    }
}
