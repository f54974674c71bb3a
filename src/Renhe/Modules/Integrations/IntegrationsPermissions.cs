using Renhe.Platform.Security;
using static Renhe.Platform.Security.Roles;

namespace Renhe.Modules.Integrations;

public static class IntegrationsPermissions
{
    /// WeCom settings (corp id, app secret, agent id), the directory sync and its links, and the
    /// work-message send log. The secret is write-only: once saved it is never shown again.
    public const string WeComManage = "integrations.wecom.manage";

    public static readonly PermissionDefinition[] All =
    [
        new(WeComManage, false, (Administrator, DataScope.All), (Hr, DataScope.All)),
    ];
}
