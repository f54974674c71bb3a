using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Sales.Customers;

namespace Renhe.Modules.Sales.WeComHandovers;

internal sealed class WeComHandoverConfiguration : IEntityTypeConfiguration<WeComHandover>
{
    public void Configure(EntityTypeBuilder<WeComHandover> b)
    {
        b.ToTable("sales_wecom_handover");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.ExternalUserId).HasMaxLength(100);
        b.Property(x => x.HandoverUserId).HasMaxLength(64);
        b.Property(x => x.TakeoverUserId).HasMaxLength(64);
        b.Property(x => x.Message).HasMaxLength(WeComHandover.MessageMax);
        b.Property(x => x.Reason).HasMaxLength(WeComHandover.ReasonMax);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.IsOpen);
        // The job's two questions: what is queued, what is due for a result.
        b.HasIndex(x => new { x.State, x.NextCheckAt });
        b.HasIndex(x => new { x.CustomerId, x.QueuedAt });
        b.HasIndex(x => x.OriginId);
        b.HasIndex(x => new { x.TakeoverUserId, x.ExternalUserId });
        b.HasOne<Customer>().WithMany().HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Employee>().WithMany().HasForeignKey(x => x.FromEmployeeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Employee>().WithMany().HasForeignKey(x => x.ToEmployeeId).OnDelete(DeleteBehavior.Restrict);
    }
}
