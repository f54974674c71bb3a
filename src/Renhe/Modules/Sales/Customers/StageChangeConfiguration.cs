using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Renhe.Modules.Sales.Customers;

internal sealed class StageChangeConfiguration : IEntityTypeConfiguration<StageChange>
{
    public void Configure(EntityTypeBuilder<StageChange> b)
    {
        b.ToTable("sales_stage_change");
        b.Property(x => x.FromStage).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.ToStage).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.ByName).HasMaxLength(256);
        b.HasIndex(x => new { x.CustomerId, x.At });
        b.HasOne<Customer>().WithMany().HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Restrict);
    }
}
