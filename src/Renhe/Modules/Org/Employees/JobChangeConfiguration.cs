using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Renhe.Modules.Org.Employees;

internal sealed class JobChangeConfiguration : IEntityTypeConfiguration<JobChange>
{
    public void Configure(EntityTypeBuilder<JobChange> b)
    {
        b.ToTable("org_job_change");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(30);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.SalaryGrade).HasMaxLength(20);
        b.Property(x => x.Note).HasMaxLength(500);
        b.HasIndex(x => new { x.EmployeeId, x.EffectiveDate });
        b.HasOne<Employee>().WithMany().HasForeignKey(x => x.EmployeeId).OnDelete(DeleteBehavior.Cascade);
    }
}
