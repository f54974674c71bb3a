using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Renhe.Modules.Sales.Customers;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Org;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Structure;
using Renhe.Modules.Org.Lifecycle;
using Renhe.Modules.Org.Profile;
using Renhe.Modules.Risk;
using Renhe.Modules.Risk.Archive;
using Renhe.Modules.Risk.Lexicon;
using Renhe.Modules.Risk.Monitoring;
using Renhe.Modules.Sales;
using Renhe.Modules.Sales.WeComHandovers;
using Renhe.Platform.Approvals;
using Renhe.Platform.Audit;
using Renhe.Platform.Security;

namespace Renhe.Platform.Data;

/// The one model of Renhe. Provider specifics (column types, converters, migrations) live in
/// <see cref="SqliteAppDbContext"/> and <see cref="PostgresAppDbContext"/>; nothing here may depend
/// on which database runs underneath.
public abstract class AppDbContext(DbContextOptions options)
    : IdentityDbContext<AppUser, AppRole, Guid, IdentityUserClaim<Guid>, AppUserRole, IdentityUserLogin<Guid>,
        IdentityRoleClaim<Guid>, IdentityUserToken<Guid>>(options), IDataProtectionKeyContext
{
    /// Who is acting, for the audit interceptor: set by the scope's factory each time the pool hands
    /// this context out (DatabaseSetup), and forgotten when it goes back (so the pool does not keep
    /// an ended scope's user alive). Null where nobody is (startup, background jobs).
    internal CurrentUser? Actor { get; set; }

    public override void Dispose()
    {
        Actor = null;
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    public override async ValueTask DisposeAsync()
    {
        Actor = null;
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<PermissionSetting> Permissions => Set<PermissionSetting>();
    public DbSet<RolePermission> RolePermissions => Set<RolePermission>();
    public DbSet<Branch> Branches => Set<Branch>();
    public DbSet<Department> Departments => Set<Department>();
    public DbSet<Employee> Employees => Set<Employee>();
    public DbSet<Position> Positions => Set<Position>();
    public DbSet<JobChange> JobChanges => Set<JobChange>();
    public DbSet<ChecklistItem> ChecklistItems => Set<ChecklistItem>();
    public DbSet<ProfileChangeRequest> ProfileChangeRequests => Set<ProfileChangeRequest>();
    public DbSet<ArchivedRecord> ArchivedRecords => Set<ArchivedRecord>();
    public DbSet<ScanHitRecord> ScanHits => Set<ScanHitRecord>();
    public DbSet<ArchiveHead> ArchiveHeads => Set<ArchiveHead>();
    public DbSet<ArchiveDigestRecord> ArchiveDigests => Set<ArchiveDigestRecord>();
    public DbSet<ArchiveDigestTimestamp> ArchiveDigestTimestamps => Set<ArchiveDigestTimestamp>();
    public DbSet<ArchivePurge> ArchivePurges => Set<ArchivePurge>();
    public DbSet<LegalHold> LegalHolds => Set<LegalHold>();
    public DbSet<SensitiveWord> SensitiveWords => Set<SensitiveWord>();
    public DbSet<MonitoringNotice> MonitoringNotices => Set<MonitoringNotice>();
    public DbSet<MonitoringAcknowledgement> MonitoringAcknowledgements => Set<MonitoringAcknowledgement>();
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<CustodyEntry> CustodyEntries => Set<CustodyEntry>();
    public DbSet<WeComHandover> WeComHandovers => Set<WeComHandover>();
    public DbSet<StageChange> StageChanges => Set<StageChange>();
    public DbSet<Modules.Sales.FollowUps.FollowUp> FollowUps => Set<Modules.Sales.FollowUps.FollowUp>();
    public DbSet<Modules.Sales.Orders.Product> Products => Set<Modules.Sales.Orders.Product>();
    public DbSet<Modules.Sales.Orders.Order> Orders => Set<Modules.Sales.Orders.Order>();
    public DbSet<Modules.Sales.Orders.OrderLine> OrderLines => Set<Modules.Sales.Orders.OrderLine>();
    public DbSet<Modules.Sales.Orders.OrderAdjustment> OrderAdjustments => Set<Modules.Sales.Orders.OrderAdjustment>();
    public DbSet<Modules.Sales.Targets.SalesTarget> SalesTargets => Set<Modules.Sales.Targets.SalesTarget>();
    public DbSet<Modules.Sales.Targets.SalesPlan> SalesPlans => Set<Modules.Sales.Targets.SalesPlan>();
    public DbSet<Modules.Sales.Targets.DailyTaskList> DailyTaskLists => Set<Modules.Sales.Targets.DailyTaskList>();
    public DbSet<Modules.Sales.Targets.DailyTask> DailyTasks => Set<Modules.Sales.Targets.DailyTask>();
    public DbSet<Modules.Sales.Customers.AssignmentRule> AssignmentRules => Set<Modules.Sales.Customers.AssignmentRule>();
    public DbSet<Modules.Sales.Customers.CustomerTransfer> CustomerTransfers => Set<Modules.Sales.Customers.CustomerTransfer>();
    public DbSet<Modules.Sales.Customers.CustomerExport> CustomerExports => Set<Modules.Sales.Customers.CustomerExport>();
    public DbSet<Modules.Sales.Inheritance.InheritancePlan> InheritancePlans => Set<Modules.Sales.Inheritance.InheritancePlan>();
    public DbSet<Modules.Sales.Inheritance.InheritanceLine> InheritanceLines => Set<Modules.Sales.Inheritance.InheritanceLine>();
    public DbSet<Modules.Commission.Plans.CommissionPlan> CommissionPlans => Set<Modules.Commission.Plans.CommissionPlan>();
    public DbSet<Modules.Commission.Plans.CommissionPlanVersion> CommissionPlanVersions => Set<Modules.Commission.Plans.CommissionPlanVersion>();
    public DbSet<Modules.Commission.Plans.PlanAcknowledgement> PlanAcknowledgements => Set<Modules.Commission.Plans.PlanAcknowledgement>();
    public DbSet<Modules.Commission.Statements.CommissionStatement> CommissionStatements => Set<Modules.Commission.Statements.CommissionStatement>();
    public DbSet<Modules.Commission.Statements.CommissionStatementLine> CommissionStatementLines => Set<Modules.Commission.Statements.CommissionStatementLine>();
    public DbSet<Modules.Commission.Statements.CommissionMonth> CommissionMonths => Set<Modules.Commission.Statements.CommissionMonth>();
    public DbSet<Modules.Commission.Statements.CommissionPayable> CommissionPayables => Set<Modules.Commission.Statements.CommissionPayable>();
    public DbSet<Modules.Commission.Adjustments.CommissionAdjustment> CommissionAdjustments => Set<Modules.Commission.Adjustments.CommissionAdjustment>();
    public DbSet<Modules.Commission.Disputes.CommissionDispute> CommissionDisputes => Set<Modules.Commission.Disputes.CommissionDispute>();
    public DbSet<Modules.Risk.Rules.RiskRule> RiskRules => Set<Modules.Risk.Rules.RiskRule>();
    public DbSet<Modules.Risk.Rules.RiskRuleRevision> RiskRuleRevisions => Set<Modules.Risk.Rules.RiskRuleRevision>();
    public DbSet<Modules.Risk.Alerts.RiskAlert> RiskAlerts => Set<Modules.Risk.Alerts.RiskAlert>();
    public DbSet<Modules.Risk.Alerts.RiskEvaluationMark> RiskEvaluationMarks => Set<Modules.Risk.Alerts.RiskEvaluationMark>();
    public DbSet<ApprovalFlow> ApprovalFlows => Set<ApprovalFlow>();
    public DbSet<ApprovalRequest> ApprovalRequests => Set<ApprovalRequest>();
    public DbSet<ApprovalTask> ApprovalTasks => Set<ApprovalTask>();
    public DbSet<ApprovalAction> ApprovalActions => Set<ApprovalAction>();
    public DbSet<Modules.Sales.FollowUps.FollowUpComment> FollowUpComments => Set<Modules.Sales.FollowUps.FollowUpComment>();
    public DbSet<Notifications.Notification> Notifications => Set<Notifications.Notification>();
    public DbSet<Files.StoredFile> StoredFiles => Set<Files.StoredFile>();
    public DbSet<Jobs.JobRun> JobRuns => Set<Jobs.JobRun>();
    public DbSet<Jobs.JobState> JobStates => Set<Jobs.JobState>();
    public DbSet<Modules.Integrations.WeCom.Settings.WeComSettings> WeComSettings => Set<Modules.Integrations.WeCom.Settings.WeComSettings>();
    public DbSet<Modules.Integrations.WeCom.Api.WeComAccessToken> WeComAccessTokens => Set<Modules.Integrations.WeCom.Api.WeComAccessToken>();
    public DbSet<Modules.Integrations.WeCom.Directory.WeComDirectoryMember> WeComDirectoryMembers => Set<Modules.Integrations.WeCom.Directory.WeComDirectoryMember>();
    public DbSet<Modules.Integrations.WeCom.Directory.WeComDirectorySync> WeComDirectorySyncs => Set<Modules.Integrations.WeCom.Directory.WeComDirectorySync>();
    public DbSet<Modules.Integrations.WeCom.Directory.WeComSharedContact> WeComSharedContacts => Set<Modules.Integrations.WeCom.Directory.WeComSharedContact>();
    /// The Data Protection key ring (sign-in cookies, bearer tokens, antiforgery), shared by every
    /// instance through the database instead of a shared disk.
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        PlatformModule.ConfigureModel(builder);
        OrgModule.ConfigureModel(builder);
        RiskModule.ConfigureModel(builder);
        Modules.Sales.SalesModule.ConfigureModel(builder);
        Modules.Commission.CommissionModule.ConfigureModel(builder);
        Modules.Integrations.IntegrationsModule.ConfigureModel(builder);
    }
}
