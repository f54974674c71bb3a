using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Renhe.Platform.Security;

internal sealed class PermissionSettingConfiguration : IEntityTypeConfiguration<PermissionSetting>
{
    public void Configure(EntityTypeBuilder<PermissionSetting> b)
    {
        b.ToTable("platform_permission");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasMaxLength(100);
    }
}
