using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Renhe.Modules.Sales.Customers;

namespace Renhe.Modules.Sales.Targets;

internal sealed class DailyTaskConfiguration : IEntityTypeConfiguration<DailyTask>
{
    public void Configure(EntityTypeBuilder<DailyTask> b)
    {
        b.ToTable("sales_daily_task");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Note).HasMaxLength(500);
        b.HasIndex(x => new { x.ListId, x.CustomerId, x.Kind }).IsUnique();
        b.HasOne<Customer>().WithMany().HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Restrict);
    }
}
