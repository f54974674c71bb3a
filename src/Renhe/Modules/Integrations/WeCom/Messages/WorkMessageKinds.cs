using Renhe.Modules.Commission.Disputes;
using Renhe.Modules.Commission.Statements;
using Renhe.Modules.Sales.Targets;
using Renhe.Platform.Approvals;

namespace Renhe.Modules.Integrations.WeCom.Messages;

/// What a work message is about, as a person turns it on or off (消息推送设置).
public enum WorkMessageKind
{
    /// 今日任务: the morning's list.
    Tasks,
    /// 待审批: a request waiting for the person's decision.
    Approvals,
    /// 跟进点评: a manager's comment on the person's follow-up.
    Comments,
    /// 风险预警: new alerts for investigators.
    Alerts,
    /// 提成: a statement closed, a dispute decided, a month waiting to be closed.
    Commission,
}

/// The catalogue of bell notices that also go out as WeCom app messages (工作消息), by their text
/// key. A notice whose key is not here stays in the bell only (a job giving up is for the jobs page,
/// not for a phone). Adding a notice to the push is adding its key here.
public static class WorkMessageKinds
{
    public static readonly IReadOnlyDictionary<string, WorkMessageKind> ByNoticeKey = new Dictionary<string, WorkMessageKind>(StringComparer.Ordinal)
    {
        [TodayNoticeJob.NoticeKey] = WorkMessageKind.Tasks,
        [ApprovalService.WaitingNoticeKey] = WorkMessageKind.Approvals,
        ["Notify.FollowUpCommented"] = WorkMessageKind.Comments,
        ["Notify.RiskAlertsRaised"] = WorkMessageKind.Alerts,
        [StatementCloseService.ClosedNoticeKey] = WorkMessageKind.Commission,
        ["Commission.Notify.DisputeAccepted"] = WorkMessageKind.Commission,
        ["Commission.Notify.DisputePartiallyAccepted"] = WorkMessageKind.Commission,
        ["Commission.Notify.DisputeRejected"] = WorkMessageKind.Commission,
        [CommissionMonthReminderJob.NoticeKey] = WorkMessageKind.Commission,
    };

    public static readonly IReadOnlyList<string> NoticeKeys = ByNoticeKey.Keys.ToList();

    public static IReadOnlyList<WorkMessageKind> All { get; } = Enum.GetValues<WorkMessageKind>();

    /// Resource key of the kind's name ("待审批", "Approvals").
    public static string NameKey(WorkMessageKind kind) => "WorkMessage.Kind." + kind;
}
