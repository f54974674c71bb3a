using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Renhe.Platform.Security;

/// A grant: a role holds a permission with a data scope. Editable by administrators
/// (platform.role.manage); seeded once per permission from the module's defaults.
public sealed class RolePermission
{
    public Guid RoleId { get; set; }
    public string Permission { get; set; } = "";
    public DataScope Scope { get; set; }
}

/// Per-permission settings kept as data. A row exists for every permission the program has ever
/// declared; its presence means the module defaults were applied once, so an administrator's
/// later removal of a default grant is not undone at the next start.
public sealed class PermissionSetting
{
    public string Id { get; set; } = "";
    public bool RequiresSecondFactor { get; set; }
}

internal sealed class RolePermissionConfiguration : IEntityTypeConfiguration<RolePermission>
{
    public void Configure(EntityTypeBuilder<RolePermission> b)
    {
        b.ToTable("platform_role_permission");
        b.HasKey(x => new { x.RoleId, x.Permission });
        b.Property(x => x.Permission).HasMaxLength(100);
        b.HasOne<AppRole>().WithMany().HasForeignKey(x => x.RoleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PermissionSettingConfiguration : IEntityTypeConfiguration<PermissionSetting>
{
    public void Configure(EntityTypeBuilder<PermissionSetting> b)
    {
        b.ToTable("platform_permission");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasMaxLength(100);
    }
}
