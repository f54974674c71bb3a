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

    public static readonly PermissionDefinition[] All =
    [
        new(ArchiveIngest, false, (Administrator, DataScope.All)),
        new(ArchiveVerify, false, (Auditor, DataScope.All), (Administrator, DataScope.All)),
        new(ArchiveSearch, false, (Auditor, DataScope.All)),
        new(LegalHoldManage, false, (Auditor, DataScope.All)),
        new(LexiconManage, false, (Administrator, DataScope.All), (Auditor, DataScope.All)),
    ];
}
