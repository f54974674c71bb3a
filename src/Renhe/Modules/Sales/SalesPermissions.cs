using Renhe.Platform.Security;
using static Renhe.Platform.Security.Roles;

namespace Renhe.Modules.Sales;

public static class SalesPermissions
{
    /// Customers within the data scope: a salesperson their own, a manager the team's.
    public const string CustomerRead = "sales.customer.read";
    /// Create and edit customers, change their stage, give them back to the pool.
    public const string CustomerManage = "sales.customer.manage";
    /// Show a customer's phone in clear; every use is audited. Salespeople may reveal their own
    /// customers' numbers (they have to call them), so the audit log, not a refusal, is the control.
    public const string CustomerReveal = "sales.customer.reveal";
    /// Soft delete: customers are company assets, so only administrators remove one, and the row stays.
    public const string CustomerDelete = "sales.customer.delete";
    /// See the public pool (公海) and claim from it, within the per-person limit and cooldown.
    public const string PoolClaim = "sales.pool.claim";
    /// Log a follow-up (跟进记录) on a customer one can see or one in the pool.
    public const string FollowUpCreate = "sales.follow-up.create";
    /// Follow-ups by author: a salesperson their own, a manager the team's (跟进动态).
    public const string FollowUpRead = "sales.follow-up.read";
    /// Comment (点评) on follow-ups, with attachments; the author is notified.
    public const string FollowUpComment = "sales.follow-up.comment";

    public static readonly PermissionDefinition[] All =
    [
        new(CustomerRead, false, (Salesperson, DataScope.Self), (SalesManager, DataScope.Team), (Owner, DataScope.All), (Administrator, DataScope.All)),
        new(CustomerManage, false, (Salesperson, DataScope.Self), (SalesManager, DataScope.Team), (Administrator, DataScope.All)),
        new(CustomerReveal, false, (Salesperson, DataScope.Self), (SalesManager, DataScope.Team), (Administrator, DataScope.All)),
        new(CustomerDelete, false, (Administrator, DataScope.All)),
        new(PoolClaim, false, (Salesperson, DataScope.Self), (SalesManager, DataScope.Team)),
        new(FollowUpCreate, false, (Salesperson, DataScope.Self), (SalesManager, DataScope.Team)),
        new(FollowUpRead, false, (Salesperson, DataScope.Self), (SalesManager, DataScope.Team), (Owner, DataScope.All), (Administrator, DataScope.All)),
        new(FollowUpComment, false, (SalesManager, DataScope.Team), (Administrator, DataScope.All)),
    ];
}
