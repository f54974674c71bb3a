using Renhe.Platform.Security;
using static Renhe.Platform.Security.Roles;

namespace Renhe.Modules.Risk;

public static class RiskPermissions
{
    /// Feed messages into the archive (integrations sign in with a bearer token as a user holding it).
    public const string ArchiveIngest = "risk.archive.ingest";
    /// Recompute the archive's hash chain and check its signed digests.
    public const string ArchiveVerify = "risk.archive.verify";
    /// Read archived content; every search is audited.
    public const string ArchiveSearch = "risk.archive.search";
    /// Open and close legal holds, which stop retention from purging a person's records.
    public const string LegalHoldManage = "risk.legal-hold.manage";
    /// Edit, import and export the sensitive-word lexicon that every archived message is scanned with.
    public const string LexiconManage = "risk.lexicon.manage";

    /// Write and publish the monitoring notice (监控告知书); each publication is a new version.
    public const string MonitoringNoticeManage = "risk.monitoring-notice.manage";
    /// See who has and has not acknowledged the notice in force, within the data scope.
    public const string MonitoringNoticeStatus = "risk.monitoring-notice.status";
    /// Read the notice (every version) and acknowledge the one in force as oneself. Every employee
    /// needs it: monitoring is only fair once the person has been told (ADR 0009).
    public const string MonitoringNoticeAcknowledge = "risk.monitoring-notice.acknowledge";

    /// See the alert queue (pseudonyms and numbers only), dismiss alerts and read risk scores.
    public const string AlertTriage = "risk.alert.triage";
    /// Reveal who a pseudonymised alert is about, with a reason; audited with the person as data subject.
    public const string AlertReveal = "risk.alert.reveal";
    /// Edit alert rules, write custom expressions, backtest them.
    public const string RuleManage = "risk.rule.manage";
    /// See investigation cases whose every subject is within the scope, with their evidence and notes; every view is audited.
    public const string CaseView = "risk.case.view";
    /// Open cases, edit them, add and remove evidence, add notes and move them to review or close them.
    public const string CaseManage = "risk.case.manage";
    /// Export a case's arbitration evidence package (a ZIP of records, hashes and a report); needs a second factor.
    public const string EvidenceExport = "risk.evidence.export";

    public static readonly PermissionDefinition[] All =
    [
        new(ArchiveIngest, false, (Administrator, DataScope.All)),
        new(ArchiveVerify, false, (Auditor, DataScope.All), (Owner, DataScope.All), (Administrator, DataScope.All)),
        new(ArchiveSearch, false, (Auditor, DataScope.All), (Owner, DataScope.All)),
        new(LegalHoldManage, false, (Auditor, DataScope.All)),
        new(LexiconManage, false, (Administrator, DataScope.All), (Auditor, DataScope.All)),
        new(MonitoringNoticeManage, false, (Hr, DataScope.All), (Administrator, DataScope.All)),
        new(MonitoringNoticeStatus, false, (Hr, DataScope.All), (Auditor, DataScope.All), (Administrator, DataScope.All)),
        new(MonitoringNoticeAcknowledge, false, Roles.Everyone(DataScope.Self)),
        new(AlertTriage, false, (Auditor, DataScope.All)),
        new(AlertReveal, false, (Auditor, DataScope.All)),
        new(RuleManage, false, (Auditor, DataScope.All), (Administrator, DataScope.All)),
        new(CaseView, false, (Auditor, DataScope.All), (Hr, DataScope.All), (Owner, DataScope.All)),
        new(CaseManage, false, (Auditor, DataScope.All)),
        new(EvidenceExport, true, (Auditor, DataScope.All)),
    ];
}
