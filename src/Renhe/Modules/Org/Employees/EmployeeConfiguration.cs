using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Renhe.Modules.Org.Structure;

namespace Renhe.Modules.Org.Employees;

internal sealed class EmployeeConfiguration : IEntityTypeConfiguration<Employee>
{
    public void Configure(EntityTypeBuilder<Employee> b)
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
        b.Property(x => x.EmergencyContactPhoneCipher).HasMaxLength(200);
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
    }
}
