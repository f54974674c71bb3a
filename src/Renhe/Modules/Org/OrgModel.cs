using Microsoft.EntityFrameworkCore;

namespace Renhe.Modules.Org;

internal static class OrgModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<Branch>(b =>
        {
            b.ToTable("org_branch");
            b.Property(x => x.Name).HasMaxLength(100);
            b.Property(x => x.City).HasMaxLength(50);
            b.Property(x => x.TimeZone).HasMaxLength(50);
            b.HasIndex(x => x.Name).IsUnique();
        });
        builder.Entity<Department>(b =>
        {
            b.ToTable("org_department");
            b.Property(x => x.Name).HasMaxLength(100);
            b.Property(x => x.Version).IsConcurrencyToken();
            b.HasOne<Branch>().WithMany().HasForeignKey(x => x.BranchId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Department>().WithMany().HasForeignKey(x => x.ParentId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Employee>().WithMany().HasForeignKey(x => x.ManagerEmployeeId).OnDelete(DeleteBehavior.SetNull);
        });
        builder.Entity<Employee>(b =>
        {
            b.ToTable("org_employee");
            b.Property(x => x.EmployeeNumber).HasMaxLength(20);
            b.Property(x => x.Name).HasMaxLength(50);
            b.Property(x => x.Position).HasMaxLength(50);
            b.Property(x => x.WorkPhone).HasMaxLength(20);
            b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            b.HasIndex(x => x.EmployeeNumber).IsUnique();
            b.HasOne<Branch>().WithMany().HasForeignKey(x => x.BranchId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Employee>().WithMany().HasForeignKey(x => x.ManagerId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
