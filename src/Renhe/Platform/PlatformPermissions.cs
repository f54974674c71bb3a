using Renhe.Platform.Security;
using static Renhe.Platform.Security.Roles;

namespace Renhe.Platform;

public static class PlatformPermissions
{
    /// Own account: home page, language, password, second factor. Every seeded role has it.
    public const string AccountSelf = "platform.account.self";
    public const string RoleRead = "platform.role.read";
    public const string RoleManage = "platform.role.manage";
    public const string UserRead = "platform.user.read";
    public const string UserManage = "platform.user.manage";
    public const string AuditRead = "platform.audit.read";
    public const string AuditExport = "platform.audit.export";
    /// Integrations record sensitive reads made outside Renhe (a BI tool showing phone numbers).
    public const string AuditRecord = "platform.audit.record";
    /// The approvals centre: one's own requests and inbox. Acting still needs an open task on the request.
    public const string ApprovalAct = "platform.approval.act";
    /// Edit approval flows, and see every request.
    public const string ApprovalFlowManage = "platform.approval-flow.manage";
    /// The jobs page: what ran, when, how it went, what runs next.
    public const string JobRead = "platform.job.read";
    /// Start a job now (audited).
    public const string JobRun = "platform.job.run";

    // Changing who may do what, and taking the audit log out of the building, need a second factor.
    public static readonly PermissionDefinition[] All =
    [
        new(AccountSelf, false, Roles.Everyone(DataScope.Self)),
        new(RoleRead, false, (Administrator, DataScope.All), (Auditor, DataScope.All)),
        new(RoleManage, true, (Administrator, DataScope.All)),
        new(UserRead, false, (Administrator, DataScope.All), (Hr, DataScope.All), (Auditor, DataScope.All)),
        new(UserManage, true, (Administrator, DataScope.All)),
        new(AuditRead, false, (Administrator, DataScope.All), (Auditor, DataScope.All)),
        new(AuditExport, true, (Administrator, DataScope.All), (Auditor, DataScope.All)),
        new(AuditRecord, false, (Administrator, DataScope.All)),
        new(ApprovalAct, false, Roles.Everyone(DataScope.Self)),
        new(ApprovalFlowManage, false, (Administrator, DataScope.All)),
        new(JobRead, false, (Administrator, DataScope.All)),
        new(JobRun, false, (Administrator, DataScope.All)),
    ];
}
