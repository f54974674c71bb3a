using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Renhe.Platform.Data;

namespace Renhe.Modules.Integrations.WeCom.Directory;

internal sealed class WeComDirectoryMemberConfiguration : IEntityTypeConfiguration<WeComDirectoryMember>
{
    public void Configure(EntityTypeBuilder<WeComDirectoryMember> b)
    {
        b.ToTable("integrations_wecom_member");
        // WeCom user ids are at most 64 bytes.
        b.Property(x => x.UserId).HasMaxLength(64);
        b.Property(x => x.Name).HasMaxLength(64);
        b.Property(x => x.Departments).HasMaxLength(500);
        b.Property(x => x.Position).HasMaxLength(128);
        b.Property(x => x.MobileIndex).HasMaxLength(64);
        b.Property(x => x.MobileMasked).HasMaxLength(20);
        b.Property(x => x.Match).HasConversion<string>().HasMaxLength(20);
        JsonListColumn.Configure(b.Property(x => x.Candidates).HasMaxLength(2000));
        b.Property(x => x.LinkedBy).HasMaxLength(256);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.UserId).IsUnique();
        b.HasIndex(x => x.EmployeeId);
    }
}
