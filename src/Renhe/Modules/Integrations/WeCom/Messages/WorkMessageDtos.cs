using System.ComponentModel.DataAnnotations;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Integrations.WeCom.Messages;

/// One switch of 消息推送设置.
public sealed class WorkMessagePreferenceInput
{
    [Required] public WorkMessageKind? Kind { get; set; }
    [Required] public bool? Enabled { get; set; }
}

/// A kind as the person sees it on their settings: its name and whether it is on.
public sealed record WorkMessagePreferenceItem(WorkMessageKind Kind, string Name, bool Enabled);

/// The person's settings: the switches, and what stands in the way of a push whatever they choose.
public sealed record WorkMessagePreferencesView(bool WeComConfigured, bool HasWeComAccount, IReadOnlyList<WorkMessagePreferenceItem> Kinds);

/// The send log's filters (发送记录): state, kind, a person's name or WeCom account, and days made
/// (in the viewer's zone).
public sealed record WorkMessageQuery(
    WorkMessageState? State, WorkMessageKind? Kind, [property: MaxLength(FieldLimits.PersonName)] string? Person,
    [property: DateWindow(DateKind.Report)] DateOnly? From, [property: DateWindow(DateKind.Report)] DateOnly? To,
    [property: Range(1, 100_000)] int? Page, [property: Range(1, FieldLimits.PageSize)] int? PageSize);

public sealed record WorkMessageListItem(
    Guid Id, DateTimeOffset CreatedAt, string RecipientName, string? WeComUserId, WorkMessageKind Kind, string KindName, string Title,
    WorkMessageState State, string StateName, int Attempts, int? ErrCode, string? Reason, DateTimeOffset? LastAttemptAt, DateTimeOffset? SentAt,
    DateTimeOffset? NextAttemptAt);

public sealed record WorkMessagePage(IReadOnlyList<WorkMessageListItem> Items, int Total);

/// Whether pushes can go out, for the send log's header: WeCom's settings, Renhe's public address,
/// and how many wait or failed.
public sealed record WorkMessageStatusView(bool WeComConfigured, bool PublicUrlSet, string? PublicUrl, int Pending, int Failed);
