using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Renhe.Modules.Org;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Structure;

namespace Renhe.Modules.Sales.Targets;

internal sealed class DailyTaskListConfiguration : IEntityTypeConfiguration<DailyTaskList>
{
    public void Configure(EntityTypeBuilder<DailyTaskList> b)
    {
        b.ToTable("sales_daily_task_list");
        // One list per person and day: two first reads at once store it once (the loser re-reads).
        b.HasIndex(x => new { x.EmployeeId, x.Day }).IsUnique();
        b.HasOne<Employee>().WithMany().HasForeignKey(x => x.EmployeeId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Tasks).WithOne().HasForeignKey(x => x.ListId).OnDelete(DeleteBehavior.Cascade);
    }
}
