using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Renhe.Platform.Localization;

namespace Renhe.Platform.Problems;

/// Builds the ProblemDetails every API error uses: a localised title (what went wrong) and detail
/// (what to do), the request id, and per-field errors where the input was at fault.
public sealed class Problems(IStringLocalizer<Strings> l)
{
    public ProblemDetails Create(int status, string message, IDictionary<string, string[]>? errors = null)
    {
        var problem = errors is null
            ? new ProblemDetails()
            : new HttpValidationProblemDetails(errors);
        problem.Status = status;
        problem.Title = message;
        problem.Detail = message;
        problem.Type = $"https://httpstatuses.io/{status}";
        return problem;
    }

    public ProblemHttpResult NotFound() => TypedResults.Problem(Create(StatusCodes.Status404NotFound, l["Error.NotFound"]));

    public ProblemDetails FromDomain(DomainException ex)
    {
        if (ex is Renhe.Platform.Validation.InvalidInputException invalid)
            return Create(ex.StatusCode, invalid.Fallback!, invalid.Errors.ToDictionary());
        var message = l.Message(ex);
        return Create(ex.StatusCode, message,
            ex.Field is null ? null : new Dictionary<string, string[]> { [ex.Field] = [message] });
    }
}
