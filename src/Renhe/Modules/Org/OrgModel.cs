using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Lifecycle;
using Renhe.Modules.Org.Profile;
using Renhe.Modules.Org.Structure;

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
        builder.Entity<Position>(b =>
        {
            b.ToTable("org_position");
            b.Property(x => x.Name).HasMaxLength(50);
            b.HasIndex(x => new { x.DepartmentId, x.Name }).IsUnique();
            b.HasOne<Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<Employee>(b =>
        {
            b.ToTable("org_employee");
            b.Property(x => x.EmployeeNumber).HasMaxLength(20);
            b.Property(x => x.Name).HasMaxLength(50);
            b.Property(x => x.SalaryGrade).HasMaxLength(20);
            b.Property(x => x.WorkPhone).HasMaxLength(20);
            b.Property(x => x.WeComUserId).HasMaxLength(64);
            b.Property(x => x.PersonalPhoneCipher).HasMaxLength(200);
            b.Property(x => x.IdCardNumberCipher).HasMaxLength(200);
            b.Property(x => x.IdCardNumberIndex).HasMaxLength(64);
            b.Property(x => x.BankAccountCipher).HasMaxLength(200);
            b.Property(x => x.EmergencyContactName).HasMaxLength(50);
            b.Property(x => x.EmergencyContactPhone).HasMaxLength(20);
            b.Property(x => x.LeaveReason).HasMaxLength(500);
            b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            b.Property(x => x.Gender).HasConversion<string>().HasMaxLength(20);
            b.Property(x => x.ContractType).HasConversion<string>().HasMaxLength(20);
            b.Property(x => x.LeaveType).HasConversion<string>().HasMaxLength(20);
            b.Property(x => x.Version).IsConcurrencyToken();
            b.HasIndex(x => x.EmployeeNumber).IsUnique();
            b.HasIndex(x => x.IdCardNumberIndex).IsUnique();
            b.HasIndex(x => x.WeComUserId).IsUnique();
            b.HasIndex(x => x.DepartmentId);
            b.HasOne<Branch>().WithMany().HasForeignKey(x => x.BranchId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Position>().WithMany().HasForeignKey(x => x.PositionId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Employee>().WithMany().HasForeignKey(x => x.ManagerId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<JobChange>(b =>
        {
            b.ToTable("org_job_change");
            b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(30);
            b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            b.Property(x => x.SalaryGrade).HasMaxLength(20);
            b.Property(x => x.Note).HasMaxLength(500);
            b.HasIndex(x => new { x.EmployeeId, x.EffectiveDate });
            b.HasOne<Employee>().WithMany().HasForeignKey(x => x.EmployeeId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<ChecklistItem>(b =>
        {
            b.ToTable("org_checklist_item");
            b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
            b.Property(x => x.Title).HasMaxLength(200);
            b.Property(x => x.Source).HasMaxLength(50);
            b.HasIndex(x => new { x.EmployeeId, x.Kind });
            b.HasOne<Employee>().WithMany().HasForeignKey(x => x.EmployeeId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<ProfileChangeRequest>(b =>
        {
            b.ToTable("org_profile_change_request");
            b.Property(x => x.Field).HasConversion<string>().HasMaxLength(30);
            b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            b.Property(x => x.NewValueCipher).HasMaxLength(300);
            b.Property(x => x.Comment).HasMaxLength(500);
            b.Property(x => x.DecisionReason).HasMaxLength(500);
            b.Property(x => x.Version).IsConcurrencyToken();
            b.HasIndex(x => new { x.Status, x.RequestedAt });
            b.HasOne<Employee>().WithMany().HasForeignKey(x => x.EmployeeId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
