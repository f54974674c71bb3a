namespace Renhe.Platform.Problems;

/// A business rule refused the operation. <see cref="MessageKey"/> is a resource key in Strings;
/// <see cref="Args"/> fill its placeholders. The edge turns it into a localised ProblemDetails.
public class DomainException(string messageKey, params object[] args) : Exception(messageKey)
{
    public string MessageKey { get; } = messageKey;
    public object[] Args { get; } = args;

    /// 409 when the request clashes with stored state (duplicates, stale versions), 400 otherwise.
    public int StatusCode { get; init; } = StatusCodes.Status400BadRequest;

    /// The field the refusal is about, if any, so clients can highlight it.
    public string? Field { get; init; }

    /// Text to show when <see cref="MessageKey"/> has no resource (a library's own message).
    public string? Fallback { get; init; }

    /// For a refusal that passes with time (429): how long to wait, sent as the Retry-After header.
    public TimeSpan? RetryAfter { get; init; }
}

/// The record does not exist, or lies outside the caller's data scope (which must not be told apart).
public sealed class NotFoundException : DomainException
{
    public NotFoundException() : base("Error.NotFound") => StatusCode = StatusCodes.Status404NotFound;
}
