namespace Renhe.Modules.Integrations.WeCom.Messages;

public enum WorkMessageState
{
    /// Waiting to be sent (first try, or a retry after a pause).
    Pending,
    Sent,
    /// Given up: WeCom refused it, or it kept failing; the reason and errcode say why. Retry-now sends it again.
    Failed,
    /// Never sent, on purpose: the person turned the kind off, has no linked WeCom account, or left.
    Skipped,
}

/// One bell notice on its way to a person's WeCom (工作消息): the outbox row of the second channel.
/// Made for a notice of a kind in <see cref="WorkMessageKinds"/> while WeCom is configured; its state
/// changes only through the methods below, so the send log always tells what happened and why.
public sealed class WorkMessage
{
    /// How many tries a message gets in one round (a retry-now starts another).
    public const int MaxAttempts = 5;

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    /// The bell notice delivered; unique, so a notice is never pushed twice.
    public Guid NotificationId { get; private set; }
    public Guid RecipientUserId { get; private set; }
    /// The person's name when the row was made (the log reads it without joining the directory).
    public string RecipientName { get; private set; } = "";
    /// The person's WeCom account (Employee.WeComUserId) at the time; null when there is none.
    public string? WeComUserId { get; private set; }
    public WorkMessageKind Kind { get; private set; }
    /// The text card as sent: title (the notice in zh-CN), description, link.
    public string Title { get; private set; } = "";
    public string Description { get; private set; } = "";
    public string Url { get; private set; } = "";
    public WorkMessageState State { get; private set; }
    public int Attempts { get; private set; }
    /// Tries allowed before giving up; raised by a retry-now.
    public int AttemptLimit { get; private set; } = MaxAttempts;
    public DateTimeOffset? NextAttemptAt { get; private set; }
    /// WeCom's errcode of the last failure (0 for a per-person refusal in the receipt, null for a transport error).
    public int? ErrCode { get; private set; }
    /// Why it failed or was skipped, for the administrator: a resource key of the module ...
    public string? ReasonKey { get; private set; }
    /// ... or WeCom's own words made readable (WeComErrors.Describe), as of the failure.
    public string? ReasonText { get; private set; }
    public string? MsgId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? LastAttemptAt { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }

    private WorkMessage() { }

    public static WorkMessage Pending(Guid notificationId, Guid recipientUserId, string recipientName, string weComUserId, WorkMessageKind kind,
        string title, string description, string url, DateTimeOffset now) =>
        new()
        {
            NotificationId = notificationId, RecipientUserId = recipientUserId, RecipientName = recipientName, WeComUserId = weComUserId, Kind = kind,
            Title = title, Description = description, Url = url, State = WorkMessageState.Pending, NextAttemptAt = now, CreatedAt = now,
        };

    public static WorkMessage Skipped(Guid notificationId, Guid recipientUserId, string recipientName, string? weComUserId, WorkMessageKind kind,
        string title, string reasonKey, DateTimeOffset now) =>
        new()
        {
            NotificationId = notificationId, RecipientUserId = recipientUserId, RecipientName = recipientName, WeComUserId = weComUserId, Kind = kind,
            Title = title, State = WorkMessageState.Skipped, ReasonKey = reasonKey, CreatedAt = now,
        };

    public void MarkSent(string? msgId, DateTimeOffset now)
    {
        EnsurePending();
        Attempts++;
        State = WorkMessageState.Sent;
        MsgId = msgId;
        SentAt = LastAttemptAt = now;
        NextAttemptAt = null;
        ErrCode = null;
        ReasonKey = ReasonText = null;
    }

    /// A try that may succeed later (WeCom's frequency limit, the network): paused 1, 2, 4, 8 … minutes,
    /// then given up once the round's tries are spent.
    public void MarkRetry(int? errCode, string? reasonKey, string? reasonText, DateTimeOffset now)
    {
        EnsurePending();
        Attempts++;
        LastAttemptAt = now;
        (ErrCode, ReasonKey, ReasonText) = (errCode, reasonKey, reasonText);
        if (Attempts >= AttemptLimit)
        {
            State = WorkMessageState.Failed;
            NextAttemptAt = null;
        }
        else NextAttemptAt = now + RetryDelay(Attempts);
    }

    /// A refusal that trying again will not change (an errcode other than the frequency limit, an
    /// account WeCom does not know).
    public void MarkFailed(int? errCode, string? reasonKey, string? reasonText, DateTimeOffset now)
    {
        EnsurePending();
        Attempts++;
        LastAttemptAt = now;
        State = WorkMessageState.Failed;
        NextAttemptAt = null;
        (ErrCode, ReasonKey, ReasonText) = (errCode, reasonKey, reasonText);
    }

    /// 立即重试: a failed message goes out on the next pass with a fresh round of tries.
    public void RetryNow(DateTimeOffset now)
    {
        if (State != WorkMessageState.Failed)
            throw new Platform.Problems.DomainException("WorkMessage.OnlyFailedRetried") { StatusCode = StatusCodes.Status409Conflict };
        State = WorkMessageState.Pending;
        AttemptLimit = Attempts + MaxAttempts;
        NextAttemptAt = now;
    }

    public static TimeSpan RetryDelay(int attempts) => TimeSpan.FromMinutes(Math.Pow(2, Math.Max(0, attempts - 1)));

    private void EnsurePending()
    {
        if (State != WorkMessageState.Pending) throw new InvalidOperationException($"Work message {Id} is {State}, not pending.");
    }
}
