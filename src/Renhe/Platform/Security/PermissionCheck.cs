using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace Renhe.Platform.Security;

public enum PermissionCheck { Granted, Denied, NeedsSecondFactor }

public static class PermissionCheckExtensions
{
    /// Asks the same policy the endpoints use, and tells "not granted" apart from "granted, but
    /// this session did not pass the second factor", so a page can explain what to do.
    public static async Task<PermissionCheck> CheckPermissionAsync(this IAuthorizationService authorization,
        ClaimsPrincipal user, string permission)
    {
        var result = await authorization.AuthorizeAsync(user, HasPermissionAttribute.PolicyPrefix + permission);
        if (result.Succeeded) return PermissionCheck.Granted;
        return result.Failure?.FailureReasons.OfType<SecondFactorRequiredReason>().Any() == true
            ? PermissionCheck.NeedsSecondFactor
            : PermissionCheck.Denied;
    }
}
