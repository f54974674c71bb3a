using Microsoft.AspNetCore.Identity;
using Renhe.Platform.Security;

namespace Renhe.Platform.Auth;

public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // A form post from the layout (antiforgery-protected); signing out needs no permission.
        app.MapPost("/account/logout", async (SignInManager<AppUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/account/login");
        }).AllowAnonymous().ExcludeFromDescription();
    }
}
