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
    /// Take the public pool out of Renhe as Excel (phones masked); audited. Not every claimer's: the
    /// pool is the whole company's leads, and a salesperson's own customers leave only with approval.
    public const string PoolExport = "sales.pool.export";
    /// Orders within the data scope: a salesperson their own, a manager the team's, finance all.
    public const string OrderRead = "sales.order.read";
    /// Create, edit, submit and withdraw one's own orders.
    public const string OrderCreate = "sales.order.create";
    /// Record a refund or cancel an effective order (finance).
    public const string OrderRefund = "sales.order.refund";
    /// Take the order list out of Renhe as Excel; audited.
    public const string OrderExport = "sales.order.export";
    /// Edit the price list and stock.
    public const string ProductManage = "sales.product.manage";
    /// Edit the discount limits per role and per person (ADR 0011).
    public const string DiscountManage = "sales.discount.manage";
    /// Set, split and publish a team's monthly target.
    public const string TargetManage = "sales.target.manage";
    /// Read the team dashboard (团队看板), the month's sales and the targets and plans of the
    /// departments within scope, without changing them: the owner reads the company's.
    public const string TargetRead = "sales.target.read";
    /// The daily task list (今日): a salesperson their own, a manager the team's.
    public const string TaskRead = "sales.task.read";
    /// 分配规则: list, add, edit, reorder and switch off the rules that give new customers an owner.
    public const string AssignmentManage = "sales.assignment.manage";
    /// Import customers from Excel/CSV; owners named in the file must be within this scope.
    public const string CustomerImport = "sales.customer.import";
    /// Ask to export customers; the file comes only after the sales.customer-export approval.
    public const string CustomerExport = "sales.customer.export";
    /// Log a follow-up (跟进记录) on a customer one can see or one in the pool.
    public const string FollowUpCreate = "sales.follow-up.create";
    /// Follow-ups by author: a salesperson their own, a manager the team's (跟进动态).
    public const string FollowUpRead = "sales.follow-up.read";
    /// Comment (点评) on follow-ups, with attachments; the author is notified.
    public const string FollowUpComment = "sales.follow-up.comment";

    /// 离职继承: review and change who inherits a leaver's customers (the manager for the team, HR and
    /// administrators for everyone); nobody sees the plan of their own leaving.
    public const string InheritanceManage = "sales.inheritance.manage";

    /// 我的客户 for whoever reads only their own customers (a salesperson); 客户 for whoever reads a
    /// team's, a branch's or the company's (a manager, the owner): the label says what the list holds.
    public static string CustomersTitleKey(UserAccess access, string own, string wider) =>
        access.ScopeOf(CustomerRead) is DataScope.Self ? own : wider;

    public static readonly PermissionDefinition[] All =
    [
        new(InheritanceManage, false, (SalesManager, DataScope.Team), (Hr, DataScope.All), (Administrator, DataScope.All)),
        new(CustomerRead, false, (Salesperson, DataScope.Self), (SalesManager, DataScope.Team), (Owner, DataScope.All), (Administrator, DataScope.All)),
        new(CustomerManage, false, (Salesperson, DataScope.Self), (SalesManager, DataScope.Team), (Administrator, DataScope.All)),
        new(CustomerReveal, false, (Salesperson, DataScope.Self), (SalesManager, DataScope.Team), (Administrator, DataScope.All)),
        new(CustomerDelete, false, (Administrator, DataScope.All)),
        new(PoolClaim, false, (Salesperson, DataScope.Self), (SalesManager, DataScope.Team)),
        new(PoolExport, false, (SalesManager, DataScope.Team)),
        new(OrderRead, false, (Salesperson, DataScope.Self), (SalesManager, DataScope.Team), (Finance, DataScope.All), (Owner, DataScope.All), (Administrator, DataScope.All)),
        new(OrderCreate, false, (Salesperson, DataScope.Self), (SalesManager, DataScope.Team)),
        new(OrderRefund, false, (Finance, DataScope.All), (Administrator, DataScope.All)),
        new(OrderExport, false, (SalesManager, DataScope.Team), (Finance, DataScope.All), (Owner, DataScope.All), (Administrator, DataScope.All)),
        new(ProductManage, false, (Finance, DataScope.All), (Administrator, DataScope.All)),
        new(DiscountManage, false, (Administrator, DataScope.All)),
        new(TargetManage, false, (SalesManager, DataScope.Team), (Administrator, DataScope.All)),
        new(TargetRead, false, (SalesManager, DataScope.Team), (Owner, DataScope.All), (Administrator, DataScope.All)),
        new(TaskRead, false, (Salesperson, DataScope.Self), (SalesManager, DataScope.Team), (Administrator, DataScope.All)),
        new(AssignmentManage, false, (SalesManager, DataScope.All), (Administrator, DataScope.All)),
        new(CustomerImport, false, (SalesManager, DataScope.Team), (Administrator, DataScope.All)),
        new(CustomerExport, false, (SalesManager, DataScope.Team), (Owner, DataScope.All)),
        new(FollowUpCreate, false, (Salesperson, DataScope.Self), (SalesManager, DataScope.Team)),
        new(FollowUpRead, false, (Salesperson, DataScope.Self), (SalesManager, DataScope.Team), (Owner, DataScope.All), (Administrator, DataScope.All)),
        new(FollowUpComment, false, (SalesManager, DataScope.Team), (Administrator, DataScope.All)),
    ];
}
