using System.Security.Claims;

namespace Renhe.Platform.Security;

public static class ClaimsPrincipalExtensions
{
    public const string CultureClaim = "renhe:culture";

    public static Guid? UserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    /// Identity adds amr=mfa when a sign-in completed a second factor; the token endpoint does the same.
    public static bool HasSecondFactor(this ClaimsPrincipal user) =>
        user.HasClaim("amr", "mfa");
}
