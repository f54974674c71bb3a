namespace Renhe.Platform.Security;

/// The roles every installation starts with. Their names are stable keys; people see them
/// through the resource "Role.&lt;key&gt;". Administrators may add roles of their own.
public static class Roles
{
    public const string Administrator = "administrator";
    public const string Owner = "owner";
    public const string Hr = "hr";
    public const string Finance = "finance";
    public const string SalesManager = "sales_manager";
    public const string Salesperson = "salesperson";
    public const string CsSupervisor = "cs_supervisor";
    public const string CsAgent = "cs_agent";
    public const string Auditor = "auditor";

    public static readonly string[] Seeded =
        [Administrator, Owner, Hr, Finance, SalesManager, Salesperson, CsSupervisor, CsAgent, Auditor];

    /// Every seeded role, each with the same scope: for permissions every employee needs.
    public static (string, DataScope)[] Everyone(DataScope scope) => Seeded.Select(r => (r, scope)).ToArray();
}
