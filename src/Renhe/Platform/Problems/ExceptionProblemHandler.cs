using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Renhe.Platform.Localization;
using Renhe.Platform.Operations;

namespace Renhe.Platform.Problems;

/// Turns every exception that escapes an API endpoint into a ProblemDetails a person can read,
/// in the caller's language. Unexpected failures are logged with the request id and shown as such.
public sealed partial class ExceptionProblemHandler(
    Problems problems, IStringLocalizer<Strings> l, IProblemDetailsService writer, ILogger<ExceptionProblemHandler> log)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        // Pages get the friendly error page (re-executed at /error); only the API speaks ProblemDetails.
        // The middleware has already pointed the request at /error: ask for the path that failed.
        var path = new PathString(context.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? context.Request.Path);
        if (!path.StartsWithSegments("/api"))
        {
            log.LogError(exception, "Unhandled error in {Path} (request {RequestId})", path, context.TraceIdentifier);
            return false;
        }
        var problem = exception switch
        {
            DomainException domain => problems.FromDomain(domain),
            BadHttpRequestException bad => FromBadRequest(context, bad),
            DbUpdateConcurrencyException => problems.Create(StatusCodes.Status409Conflict, l["Error.Concurrency"]),
            // Before DbUpdateException: a save that lost its connection is no clash with another record.
            _ when DatabaseOutage.Is(exception) => DatabaseUnavailable(context, exception, path),
            // A unique index won a race the service's own check lost: the same clash, told the same way.
            DbUpdateException => problems.Create(StatusCodes.Status409Conflict, l["Error.Conflict"]),
            _ => null,
        };
        if (problem is null)
        {
            log.LogError(exception, "Unhandled error in {Path} (request {RequestId})", path, context.TraceIdentifier);
            problem = problems.Create(StatusCodes.Status500InternalServerError, l["Error.Unexpected"]);
        }
        context.Response.StatusCode = problem.Status!.Value;
        if (exception is DomainException { RetryAfter: { } wait })
            context.Response.Headers.RetryAfter = ((long)Math.Ceiling(Math.Max(wait.TotalSeconds, 1))).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await writer.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    /// The database is down or restarting: the caller may simply try again, and the log gets one line,
    /// not a stack trace per request for as long as the outage lasts.
    private Microsoft.AspNetCore.Mvc.ProblemDetails DatabaseUnavailable(HttpContext context, Exception exception, PathString path)
    {
        log.LogWarning("Database unreachable in {Path} (request {RequestId}): {Reason}", path, context.TraceIdentifier,
            exception.GetBaseException().Message);
        context.Response.Headers.RetryAfter = "5";
        return problems.Create(StatusCodes.Status503ServiceUnavailable, l["Error.DatabaseUnavailable"]);
    }

    private Microsoft.AspNetCore.Mvc.ProblemDetails FromBadRequest(HttpContext context, BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException json)
        {
            var unknown = UnknownMember().Match(json.Message);
            if (unknown.Success)
            {
                var name = unknown.Groups[1].Value;
                return FieldProblem(name, l["Error.UnknownField", name]);
            }
            var field = FieldFromPath(json.Path);
            return field is null
                ? problems.Create(StatusCodes.Status400BadRequest, l["Error.MalformedJson"])
                : FieldProblem(field, l["Error.InvalidField", field]);
        }
        if (bad.Message.Contains("body was not provided", StringComparison.OrdinalIgnoreCase)
            || bad.Message.Contains("Implicit body inferred", StringComparison.OrdinalIgnoreCase))
            return problems.Create(StatusCodes.Status400BadRequest, l["Error.MissingBody"]);
        if (bad.StatusCode == StatusCodes.Status415UnsupportedMediaType)
            // The handler has already taken the endpoint off the context; the feature keeps it.
            return problems.Create(bad.StatusCode,
                UnsupportedMediaTypeMessage.For(context, context.Features.Get<IExceptionHandlerFeature>()?.Endpoint, l));
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
            return problems.Create(bad.StatusCode, l["Error.TooLarge"]);
        return problems.Create(StatusCodes.Status400BadRequest, l["Error.BadRequest"]);
    }

    private Microsoft.AspNetCore.Mvc.ProblemDetails FieldProblem(string field, string message) =>
        problems.Create(StatusCodes.Status400BadRequest, message, new Dictionary<string, string[]> { [field] = [message] });

    /// "$.lines[2].price" → "lines[2].price"; "$" (the document itself) → null.
    private static string? FieldFromPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return null;
        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    [GeneratedRegex("The JSON property '([^']+)' could not be mapped")]
    private static partial Regex UnknownMember();
}
