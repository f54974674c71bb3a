using Renhe.Platform.Security;
using static Renhe.Platform.Security.Roles;

namespace Renhe.Modules.Commission;

public static class CommissionPermissions
{
    /// Statements, the performance panel and the navigator within scope: a salesperson their own,
    /// a manager the team's, finance and the owner everyone's.
    public const string StatementRead = "commission.statement.read";
    /// Read commission plans and their versions, and run the simulator on them.
    public const string PlanRead = "commission.plan.read";
    /// Write plans and draft versions, and send a version for publication (finance, then the
    /// owner approve); sending needs a second factor.
    public const string PlanManage = "commission.plan.manage";
    /// Close a finished month: statements are locked and the payable ledger written. Second factor.
    public const string MonthClose = "commission.month.close";
    /// The payable ledger (应付提成) payroll reads, and its Excel payroll-import file; audited.
    public const string PayableRead = "commission.payable.read";
    /// Ask for a manual adjustment of a person's commission (finance approves).
    public const string AdjustmentRequest = "commission.adjustment.request";
    /// Dispute one's own closed statement within the dispute window.
    public const string DisputeCreate = "commission.dispute.create";

    public static readonly PermissionDefinition[] All =
    [
        new(StatementRead, false, (Salesperson, DataScope.Self), (SalesManager, DataScope.Team), (Finance, DataScope.All), (Owner, DataScope.All), (Administrator, DataScope.All)),
        new(PlanRead, false, (SalesManager, DataScope.All), (Finance, DataScope.All), (Owner, DataScope.All), (Administrator, DataScope.All)),
        new(PlanManage, true, (Finance, DataScope.All), (Administrator, DataScope.All)),
        new(MonthClose, true, (Finance, DataScope.All)),
        new(PayableRead, false, (Finance, DataScope.All), (Hr, DataScope.All), (Owner, DataScope.All)),
        new(AdjustmentRequest, false, (SalesManager, DataScope.Team), (Finance, DataScope.All)),
        new(DisputeCreate, false, (Salesperson, DataScope.Self), (SalesManager, DataScope.Self)),
    ];
}
