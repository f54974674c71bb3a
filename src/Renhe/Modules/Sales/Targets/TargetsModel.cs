using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Org;

namespace Renhe.Modules.Sales.Targets;

internal static class TargetsModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<SalesTarget>(b =>
        {
            b.ToTable("sales_target");
            b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            b.Property(x => x.PublishedByName).HasMaxLength(256);
            b.Property(x => x.Version).IsConcurrencyToken();
            b.HasIndex(x => new { x.DepartmentId, x.Month }).IsUnique();
            b.HasOne<Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Restrict);
            b.HasMany(x => x.Plans).WithOne().HasForeignKey(x => x.TargetId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<SalesPlan>(b =>
        {
            b.ToTable("sales_plan");
            b.HasIndex(x => new { x.TargetId, x.EmployeeId }).IsUnique();
            b.HasIndex(x => x.EmployeeId);
            b.HasOne(x => x.Employee).WithMany().HasForeignKey(x => x.EmployeeId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<DailyTaskList>(b =>
        {
            b.ToTable("sales_daily_task_list");
            // One list per person and day: two first reads at once store it once (the loser re-reads).
            b.HasIndex(x => new { x.EmployeeId, x.Day }).IsUnique();
            b.HasOne<Employee>().WithMany().HasForeignKey(x => x.EmployeeId).OnDelete(DeleteBehavior.Restrict);
            b.HasMany(x => x.Tasks).WithOne().HasForeignKey(x => x.ListId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<DailyTask>(b =>
        {
            b.ToTable("sales_daily_task");
            b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
            b.Property(x => x.Note).HasMaxLength(500);
            b.HasIndex(x => new { x.ListId, x.CustomerId, x.Kind }).IsUnique();
            b.HasOne<Customer>().WithMany().HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
