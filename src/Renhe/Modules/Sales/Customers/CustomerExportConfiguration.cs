using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Renhe.Modules.Sales.Customers;

internal sealed class CustomerExportConfiguration : IEntityTypeConfiguration<CustomerExport>
{
    public void Configure(EntityTypeBuilder<CustomerExport> b)
    {
        b.ToTable("sales_customer_export");
        b.Property(x => x.Reason).HasMaxLength(500);
        b.Property(x => x.RequestedByName).HasMaxLength(256);
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.RequestedByUserId, x.CreatedAt });
    }
}
