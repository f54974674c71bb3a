using Renhe.Platform.Data;

namespace Renhe.Modules.Sales.WeComHandovers;

/// Which of WeCom's two handovers: 离职继承 (the employee has left; externalcontact/resigned/…) or
/// 在职继承 (the employee is still there; externalcontact/transfer_customer, which the customer may
/// refuse within 24 hours and which WeCom allows at most twice per customer in 90 days).
public enum HandoverKind { Resigned, InService }

/// Where a handover stands. Queued until the job sends it; Sent once WeCom accepted the customer
/// (errcode 0); then WeCom's transfer result decides: Waiting (the customer has 24 hours), Done,
/// Refused (the customer said no), TakeoverAtLimit (the receiver holds as many customers as WeCom
/// allows). Failed carries WeCom's errcode; NotApplicable means WeCom has nothing to move (the
/// customer has no external id or an employee no WeCom account), which is not an error.
public enum HandoverState { Queued, Sent, Waiting, Done, Refused, TakeoverAtLimit, Failed, NotApplicable }

/// One customer's handover on WeCom, kept as an outbox row: Renhe moves custody in its own
/// transaction and queues the row there; the sales.wecom-handover job sends it afterwards and
/// polls the result, so no HTTP call ever runs inside a business transaction and a WeCom outage
/// only delays the row. <see cref="OriginId"/> names what caused it: the inheritance plan for a
/// 离职继承, the customer transfer (客户转移申请) for a 在职继承.
public sealed class WeComHandover : IVersioned
{
    public const int MessageMax = 200;
    public const int ReasonMax = 200;

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public HandoverKind Kind { get; private set; }
    public Guid CustomerId { get; private set; }
    public string? ExternalUserId { get; private set; }
    public Guid FromEmployeeId { get; private set; }
    public Guid ToEmployeeId { get; private set; }
    /// The WeCom user ids the call names (Employee.WeComUserId at the time of queueing).
    public string? HandoverUserId { get; private set; }
    public string? TakeoverUserId { get; private set; }
    /// What the customer reads on an in-service handover (WeCom's own text when null).
    public string? Message { get; private set; }
    public Guid OriginId { get; private set; }
    public HandoverState State { get; private set; }
    /// WeCom's errcode for a customer it did not accept, or of the call that failed.
    public int? ErrCode { get; private set; }
    /// Why, in WeCom's or Renhe's words: the errmsg, the transfer_fail reason (customer_refused…),
    /// or why WeCom has nothing to do.
    public string? Reason { get; private set; }
    public DateTimeOffset QueuedAt { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }
    /// When WeCom says the receiver took over, or when the row otherwise settled.
    public DateTimeOffset? SettledAt { get; private set; }
    /// When the job asks WeCom for the result again (Sent and Waiting rows).
    public DateTimeOffset? NextCheckAt { get; private set; }
    /// Whether a refusal of an in-service handover gave the customer back to its owner in Renhe.
    public bool ReturnedToOwner { get; private set; }
    public Guid Version { get; private set; } = Guid.NewGuid();

    public static readonly TimeSpan WaitingRecheck = TimeSpan.FromMinutes(10);

    /// Not yet settled by WeCom.
    public bool IsOpen => State is HandoverState.Queued or HandoverState.Sent or HandoverState.Waiting;

    /// A row for one customer. Without an external id or a WeCom account on either side there is
    /// nothing to send, and the row says so instead of failing.
    public static WeComHandover Queue(HandoverKind kind, Guid customerId, string? externalUserId, Guid fromEmployeeId, string? handoverUserId,
        Guid toEmployeeId, string? takeoverUserId, Guid originId, string? message, DateTimeOffset now)
    {
        var row = new WeComHandover
        {
            Kind = kind, CustomerId = customerId, ExternalUserId = Blank(externalUserId), FromEmployeeId = fromEmployeeId,
            HandoverUserId = Blank(handoverUserId), ToEmployeeId = toEmployeeId, TakeoverUserId = Blank(takeoverUserId), OriginId = originId,
            Message = kind == HandoverKind.InService && Blank(message) is { } m ? (m.Length > MessageMax ? m[..MessageMax] : m) : null,
            QueuedAt = now, State = HandoverState.Queued,
        };
        var missing = row.ExternalUserId is null ? "no_external_id"
            : row.HandoverUserId is null ? "no_handover_userid"
            : row.TakeoverUserId is null ? "no_takeover_userid"
            : row.HandoverUserId == row.TakeoverUserId ? "same_userid"
            : null;
        if (missing is not null) row.Settle(HandoverState.NotApplicable, null, missing, now);
        return row;
    }

    /// WeCom's answer for this customer to the transfer call: 0 accepted, anything else refused.
    public void RecordSent(int errCode, string? errMsg, DateTimeOffset now)
    {
        EnsureState(HandoverState.Queued);
        if (errCode != 0)
        {
            Settle(HandoverState.Failed, errCode, Bounded(errMsg), now);
            return;
        }
        State = HandoverState.Sent;
        SentAt = now;
        NextCheckAt = now;
    }

    /// The whole call failed for a reason other than a frequency limit: the customer did not move on WeCom.
    public void RecordCallFailed(int errCode, string? errMsg, DateTimeOffset now)
    {
        EnsureState(HandoverState.Queued);
        Settle(HandoverState.Failed, errCode, Bounded(errMsg), now);
    }

    /// A status from transfer_result (1 done, 2 waiting, 3 refused, 4 receiver at the limit, 5 no record).
    /// True when the row settled with it.
    public bool RecordStatus(int status, DateTimeOffset? takeoverTime, DateTimeOffset now)
    {
        if (State is not (HandoverState.Sent or HandoverState.Waiting)) return false;
        switch (status)
        {
            case 1:
                Settle(HandoverState.Done, null, null, takeoverTime ?? now);
                return true;
            case 2:
                State = HandoverState.Waiting;
                NextCheckAt = now + WaitingRecheck;
                return false;
            case 3:
                Settle(HandoverState.Refused, null, "customer_refused", now);
                return true;
            case 4:
                Settle(HandoverState.TakeoverAtLimit, null, "customer_limit_exceed", now);
                return true;
            case 5:
                Settle(HandoverState.Failed, null, "no_record", now);
                return true;
            default:
                NextCheckAt = now + WaitingRecheck;
                return false;
        }
    }

    /// The customer was not in the result list yet: ask again later.
    public void RecheckLater(DateTimeOffset now) => NextCheckAt = now + (State == HandoverState.Sent ? TimeSpan.FromMinutes(1) : WaitingRecheck);

    /// WeCom's transfer_fail event (FailReason customer_refused or customer_limit_exceed). True when it settled the row.
    public bool RecordTransferFail(string? failReason, DateTimeOffset at)
    {
        if (State is not (HandoverState.Sent or HandoverState.Waiting)) return false;
        var state = failReason == "customer_limit_exceed" ? HandoverState.TakeoverAtLimit : HandoverState.Refused;
        Settle(state, null, Bounded(failReason) ?? "customer_refused", at);
        return true;
    }

    /// The refused customer went back to its owner in Renhe.
    public void MarkReturnedToOwner() => ReturnedToOwner = true;

    private void Settle(HandoverState state, int? errCode, string? reason, DateTimeOffset at)
    {
        State = state;
        ErrCode = errCode;
        Reason = reason;
        SettledAt = at;
        NextCheckAt = null;
    }

    private void EnsureState(HandoverState expected)
    {
        if (State != expected) throw new InvalidOperationException($"The handover is {State}, not {expected}.");
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string? Bounded(string? value) => Blank(value) is { } v && v.Length > ReasonMax ? v[..ReasonMax] : Blank(value);
}
