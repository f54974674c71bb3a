using MudBlazor;

namespace Renhe.Modules.Risk.Cases.Pages;

/// What only the case pages share.
public static class CaseUi
{
    public static Color StatusColor(CaseStatus status) => status switch
    {
        CaseStatus.Open => Color.Warning,
        CaseStatus.UnderReview => Color.Info,
        _ => Color.Default,
    };

    /// Evidence kinds the page offers in its picker, in the order an investigator reaches for them.
    public static readonly string[] PickableKinds =
    [
        EvidenceKinds.FollowUp, EvidenceKinds.Order, EvidenceKinds.Custody, EvidenceKinds.Approval, EvidenceKinds.Audit,
        EvidenceKinds.Acknowledgement, EvidenceKinds.Archive, EvidenceKinds.Alert,
    ];

    /// Kinds added by key (an archive seq from the search, an alert id) rather than from the subjects' recent records.
    public static bool ByKey(string kind) => kind is EvidenceKinds.Archive or EvidenceKinds.Alert;
}
