using Renhe.Platform.Signals;
using Renhe.Platform.Jobs;
using Renhe.Platform.Ui.Homes;
using Renhe.Platform.Localization;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Integrations.WeCom;
using Renhe.Modules.Risk.Archive;
using Renhe.Modules.Risk.Cases;
using Renhe.Modules.Risk.Lexicon;
using Renhe.Modules.Risk.Monitoring;
using Renhe.Platform.Data;
using Renhe.Platform.Security;
using Renhe.Platform.Ui;

namespace Renhe.Modules.Risk;

public static class RiskModule
{
    public static IServiceCollection AddRisk(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPermissions(RiskPermissions.All);
        services.AddModuleStrings<RiskStrings>();
        services.AddSingleton(_ => DigestKey.FromConfiguration(configuration,
            DatabaseSetup.KeysDirectory(configuration)));
        services.AddSingleton(_ => ArchiveSigningKey.FromConfiguration(configuration, DatabaseSetup.KeysDirectory(configuration)));
        services.AddHttpClient<ArchiveTimestampClient>(c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddScoped<Evidence.IEvidencePackageWriter, Evidence.EvidencePackageWriter>();
        // The scanner comes from the lexicon table (LexiconScanner.Current), not from code.
        services.AddSingleton<LexiconScanner>();
        services.AddHostedService<LexiconRefreshJob>();
        services.AddScoped<LexiconService>();
        services.AddScoped<ArchiveService>();
        services.AddSingleton<ArchiveSearchIndexer>();
        services.AddSignalSource<Signals.ArchiveSignalSource>();
        services.AddScoped<ArchiveImport>();
        services.AddScoped<ArchiveOverviewService>();
        services.AddScoped<ArchiveIntegrityService>();
        services.AddScoped<RetentionService>();
        services.AddScoped<Demo.DemoChatSeeder>();
        services.AddScoped<ArchiveSearchService>();
        services.AddScoped<MonitoringNoticeService>();
        services.AddScoped<Demo.DemoNoticeSeeder>();
        services.AddScoped<Demo.DemoRiskSeeder>();
        services.AddSingleton<Alerts.Pseudonyms>();
        services.AddScoped<Rules.RuleService>();
        services.AddScoped<Rules.BacktestService>();
        services.AddScoped<Alerts.RiskEvaluationService>();
        services.AddScoped<Alerts.AlertService>();
        services.AddScoped<CaseService>();
        services.AddNavItems(
            new NavItem("Nav.Archive", "/risk/archive", MudBlazor.Icons.Material.Filled.Inventory2, RiskPermissions.ArchiveVerify, 58),
            new NavItem("Nav.ArchiveSearch", "/risk/archive/search", MudBlazor.Icons.Material.Filled.ManageSearch, RiskPermissions.ArchiveSearch, 60),
            new NavItem("Nav.Lexicon", "/risk/lexicon", MudBlazor.Icons.Material.Filled.Spellcheck, RiskPermissions.LexiconManage, 61),
            new NavItem("Nav.MonitoringNotice", "/risk/monitoring-notice", MudBlazor.Icons.Material.Filled.Policy, RiskPermissions.MonitoringNoticeStatus, 65),
            new NavItem("Nav.RiskCases", "/risk/cases", MudBlazor.Icons.Material.Filled.FolderShared, RiskPermissions.CaseView, 62),
            new NavItem("Nav.RiskAlerts", "/risk/alerts", MudBlazor.Icons.Material.Filled.NotificationImportant, RiskPermissions.AlertTriage, 57),
            new NavItem("Nav.RiskRules", "/risk/rules", MudBlazor.Icons.Material.Filled.Rule, RiskPermissions.RuleManage, 63));
        // The auditor starts at the alert queue: what needs a decision today.
        services.AddRoleHome(Roles.Auditor, "/risk/alerts", "Nav.RiskAlerts", RiskPermissions.AlertTriage, MudBlazor.Icons.Material.Filled.NotificationImportant);
        // Employees read and acknowledge the monitoring notice before anything else (ADR 0009).
        services.AddLayoutGate<Monitoring.Pages.MonitoringNoticeGate>();
        services.AddJob<ArchiveDigestJob>(ArchiveDigestJob.Name, "Jobs.Risk.ArchiveDigest", JobSchedule.DailyInCompany(new TimeOnly(0, 5)), catchUp: true);
        services.AddJob<Alerts.RiskEvaluationJob>(Alerts.RiskEvaluationJob.Name, "Jobs.Risk.Evaluate", JobSchedule.Every(TimeSpan.FromMinutes(1)));
        services.AddJob<ArchiveRetentionJob>(ArchiveRetentionJob.Name, "Jobs.Risk.ArchiveRetention", JobSchedule.DailyInCompany(new TimeOnly(2, 0)));
        return services;
    }

    /// The risk tables, one configuration per entity beside it. The archive's PostgreSQL search
    /// index is the PostgreSQL context's own (ArchiveSearchEntryConfiguration).
    public static void ConfigureModel(ModelBuilder builder)
    {
        builder.ApplyConfiguration(new ArchivedRecordConfiguration());
        builder.ApplyConfiguration(new ScanHitRecordConfiguration());
        builder.ApplyConfiguration(new ArchiveHeadConfiguration());
        builder.ApplyConfiguration(new ArchiveDigestRecordConfiguration());
        builder.ApplyConfiguration(new ArchiveDigestTimestampConfiguration());
        builder.ApplyConfiguration(new ArchivePurgeConfiguration());
        builder.ApplyConfiguration(new SensitiveWordConfiguration());
        builder.ApplyConfiguration(new MonitoringNoticeConfiguration());
        builder.ApplyConfiguration(new MonitoringAcknowledgementConfiguration());
        builder.ApplyConfiguration(new LegalHoldConfiguration());
        builder.ApplyConfiguration(new Rules.RiskRuleConfiguration());
        builder.ApplyConfiguration(new Rules.RiskRuleRevisionConfiguration());
        builder.ApplyConfiguration(new Alerts.RiskAlertConfiguration());
        builder.ApplyConfiguration(new Alerts.RiskEvaluationMarkConfiguration());
        builder.ApplyConfiguration(new RiskCaseConfiguration());
        builder.ApplyConfiguration(new RiskCaseSubjectConfiguration());
        builder.ApplyConfiguration(new RiskCaseInvestigatorConfiguration());
        builder.ApplyConfiguration(new RiskCaseEvidenceConfiguration());
        builder.ApplyConfiguration(new RiskCaseEventConfiguration());
    }

    public static void MapRisk(this IEndpointRouteBuilder api)
    {
        var risk = api.MapGroup("/risk").WithTags("Risk");
        risk.MapArchiveApi();
        risk.MapLexiconApi();
        risk.MapMonitoringNoticeApi();
        Alerts.AlertEndpoints.MapAlertApi(risk);
        risk.MapCaseApi();
        api.MapWeComCallback();
    }
}
