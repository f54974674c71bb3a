using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.Localization;
using Renhe.Platform.Localization;
using Renhe.Platform.Security;

namespace Renhe.Platform.Problems;

/// For /api: 401 and 403 as ProblemDetails in the caller's language, saying when a second factor
/// is what is missing. Pages keep the usual redirects to sign-in and access-denied.
public sealed class ApiAuthorizationResultHandler(Problems problems, IStringLocalizer<Strings> l) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (!context.Request.Path.StartsWithSegments("/api") || result.Succeeded)
        {
            await _default.HandleAsync(next, context, policy, result);
            return;
        }
        if (result.Challenged)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await TypedResults.Problem(problems.Create(401, l["Error.Unauthorized"])).ExecuteAsync(context);
            return;
        }
        var needsSecondFactor = result.AuthorizationFailure?.FailureReasons.OfType<SecondFactorRequiredReason>().Any() == true;
        var message = needsSecondFactor ? l["Error.SecondFactorRequired"] : l["Error.Forbidden"];
        await TypedResults.Problem(problems.Create(403, message)).ExecuteAsync(context);
    }
}
