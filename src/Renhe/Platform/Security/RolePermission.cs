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
