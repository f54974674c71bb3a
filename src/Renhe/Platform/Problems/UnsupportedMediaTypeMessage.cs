using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.Localization;

namespace Renhe.Platform.Problems;

/// What a 415 tells the caller to send: the body type the endpoint accepts (its IAcceptsMetadata),
/// a form for the upload endpoints and JSON for the rest. Two places answer 415. The parameter
/// binder knows its endpoint. Routing refuses a Content-Type that no endpoint at the path and
/// method accepts before any of them runs, and answers with a bare 415 endpoint of its own that no
/// longer knows them, so for that answer the endpoints at the path and method are looked up again
/// (only ever on a refused request).
public static class UnsupportedMediaTypeMessage
{
    public static string For(HttpContext http, Endpoint? endpoint, IStringLocalizer l)
    {
        IReadOnlyList<IAcceptsMetadata> accepts = endpoint?.Metadata.GetMetadata<IAcceptsMetadata>() is { ContentTypes.Count: > 0 } known
            ? [known]
            : AcceptsAt(http).ToList();
        var formOnly = accepts.Count > 0 && accepts.All(a => a.ContentTypes.Any(IsForm));
        return formOnly ? l["Error.UnsupportedMediaType.Form"] : l["Error.UnsupportedMediaType"];
    }

    private static bool IsForm(string contentType) =>
        contentType.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase)
        || contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);

    /// The body types of the endpoints that answer this request's path and method.
    private static IEnumerable<IAcceptsMetadata> AcceptsAt(HttpContext http)
    {
        var policies = http.RequestServices.GetRequiredService<ParameterPolicyFactory>();
        foreach (var endpoint in http.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is not { ContentTypes.Count: > 0 } accepts) continue;
            if (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is { } methods
                && !methods.HttpMethods.Contains(http.Request.Method, StringComparer.OrdinalIgnoreCase)) continue;
            var pattern = endpoint.RoutePattern;
            var values = new RouteValueDictionary();
            if (!new TemplateMatcher(new RouteTemplate(pattern), new RouteValueDictionary(pattern.Defaults)).TryMatch(http.Request.Path, values))
                continue;
            // The matcher reads the template alone; {id:guid} and its kind are checked here, so that
            // "/x/import" is not taken for "/x/{id:guid}".
            if (ConstraintsHold(http, pattern, values, policies)) yield return accepts;
        }
    }

    private static bool ConstraintsHold(HttpContext http, RoutePattern pattern, RouteValueDictionary values, ParameterPolicyFactory policies)
    {
        foreach (var (name, references) in pattern.ParameterPolicies)
        {
            var parameter = pattern.GetParameter(name);
            foreach (var reference in references)
            {
                if (policies.Create(parameter, reference) is IRouteConstraint constraint
                    && !constraint.Match(http, null, name, values, RouteDirection.IncomingRequest))
                    return false;
            }
        }
        return true;
    }
}
