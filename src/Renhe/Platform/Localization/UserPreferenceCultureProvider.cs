using Microsoft.AspNetCore.Localization;
using Renhe.Platform.Security;

namespace Renhe.Platform.Localization;

/// The language a signed-in user chose, carried in their principal: it follows them to a new
/// browser and to API calls made with their token.
public sealed class UserPreferenceCultureProvider : RequestCultureProvider
{
    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var culture = httpContext.User.FindFirst(ClaimsPrincipalExtensions.CultureClaim)?.Value;
        return Task.FromResult(culture is null ? null : new ProviderCultureResult(culture));
    }
}
