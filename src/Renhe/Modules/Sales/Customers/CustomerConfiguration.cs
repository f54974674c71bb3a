using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Renhe.Platform.Data;

namespace Renhe.Modules.Sales.Customers;

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> b)
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
        JsonListColumn.Configure(b.Property(x => x.Tags).HasMaxLength(1000));
        b.Property(x => x.Stage).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.PhoneIndex).IsUnique();
        b.HasIndex(x => x.WeComExternalId).IsUnique();
        b.HasIndex(x => new { x.OwnerId, x.Stage });
        b.HasIndex(x => x.LastFollowUpAt);
        b.HasOne(x => x.Owner).WithMany().HasForeignKey(x => x.OwnerId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.LostReason).HasMaxLength(500);
    }
}
