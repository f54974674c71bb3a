using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Renhe.Platform.Audit;
using Renhe.Platform.Localization;
using Renhe.Platform.Security;

namespace Renhe.Platform.Auth;

public sealed record TokenRequest(
    [property: Required, MaxLength(256)] string UserName,
    [property: Required, MaxLength(256)] string Password,
    [property: MaxLength(64)] string? Totp);

public sealed record CodeRequest([property: Required, MaxLength(64)] string Code);

public sealed record RecoveryCodes(IReadOnlyList<string> Codes);

public sealed record CultureRequest([property: Required, MaxLength(10)] string Culture);

public sealed record MeResponse(Guid Id, string UserName, string DisplayName, string? Culture, bool TwoFactorEnabled,
    IReadOnlyList<string> Roles, IReadOnlyDictionary<string, DataScope> Permissions);

public static class AuthEndpoints
{
    public static readonly string[] Cultures = ["zh-CN", "en"];

    public static void MapAuth(this IEndpointRouteBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Auth");
        auth.MapPost("/token", IssueTokenAsync).AllowAnonymous()
            .Produces<AccessTokenResponse>()
            .WithSummary("Exchange user name, password (and TOTP code when enrolled) for a bearer token.");

        var totp = auth.MapGroup("/totp").RequirePermission(PlatformPermissions.AccountSelf);
        // Once enrolled, the shared key and fresh recovery codes are only for a session that passed the second factor.
        totp.MapPost("/setup", async Task<Results<Ok<AuthenticatorSetup>, ForbidHttpResult>> (ClaimsPrincipal principal, UserManager<AppUser> users, TwoFactorService twoFactor) =>
        {
            var user = (await users.GetUserAsync(principal))!;
            if (user.TwoFactorEnabled && !principal.HasSecondFactor()) return TypedResults.Forbid();
            return TypedResults.Ok(await twoFactor.GetSetupAsync(user));
        });
        totp.MapPost("/enable", async Task<Results<Ok<RecoveryCodes>, ForbidHttpResult>> (CodeRequest request, ClaimsPrincipal principal, UserManager<AppUser> users, TwoFactorService twoFactor) =>
        {
            var user = (await users.GetUserAsync(principal))!;
            if (user.TwoFactorEnabled && !principal.HasSecondFactor()) return TypedResults.Forbid();
            return TypedResults.Ok(new RecoveryCodes(await twoFactor.EnableAsync(user, request.Code)));
        });
        // Only a session that itself passed the second factor may weaken or reissue it.
        totp.MapPost("/recovery-codes", async Task<Results<Ok<RecoveryCodes>, ForbidHttpResult>> (
            ClaimsPrincipal principal, UserManager<AppUser> users, TwoFactorService twoFactor) =>
        {
            if (!principal.HasSecondFactor()) return TypedResults.Forbid();
            return TypedResults.Ok(new RecoveryCodes(await twoFactor.NewRecoveryCodesAsync((await users.GetUserAsync(principal))!)));
        });
        totp.MapDelete("", async Task<Results<NoContent, ForbidHttpResult>> (
            ClaimsPrincipal principal, UserManager<AppUser> users, TwoFactorService twoFactor) =>
        {
            if (!principal.HasSecondFactor()) return TypedResults.Forbid();
            await twoFactor.DisableAsync((await users.GetUserAsync(principal))!);
            return TypedResults.NoContent();
        });

        var me = api.MapGroup("/me").WithTags("Me").RequirePermission(PlatformPermissions.AccountSelf);
        me.MapGet("", GetMeAsync);
        me.MapPut("/culture", async Task<Results<NoContent, ProblemHttpResult>> (CultureRequest request, ClaimsPrincipal principal,
            UserManager<AppUser> users, HttpContext http, Problems.Problems problems, IStringLocalizer<Strings> l) =>
        {
            if (!Cultures.Contains(request.Culture))
                return TypedResults.Problem(problems.Create(400, l["Validation.Format", "culture"],
                    new Dictionary<string, string[]> { ["culture"] = [l["Validation.Format", "culture"]] }));
            await SaveCultureAsync(http, users, principal, request.Culture);
            return TypedResults.NoContent();
        });
    }

    /// Sign-in UI: switch language and come back. A plain GET so the layout can link to it.
    public static void MapCultureSwitch(this IEndpointRouteBuilder app) =>
        app.MapGet("/culture", async (string culture, string? returnUrl, HttpContext http, UserManager<AppUser> users) =>
        {
            if (Cultures.Contains(culture)) await SaveCultureAsync(http, users, http.User, culture);
            return TypedResults.LocalRedirect(RedirectHttpResult.IsLocalUrl(returnUrl) ? returnUrl! : "/");
        }).AllowAnonymous().ExcludeFromDescription();

    private static async Task SaveCultureAsync(HttpContext http, UserManager<AppUser> users, ClaimsPrincipal principal, string culture)
    {
        WriteCultureCookie(http, culture);
        if (principal.Identity?.IsAuthenticated == true && await users.GetUserAsync(principal) is { } user)
        {
            user.Culture = culture;
            await users.UpdateAsync(user);
        }
    }

    public static void WriteCultureCookie(HttpContext http, string culture) =>
        http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });

    private static async Task<Results<SignInHttpResult, ProblemHttpResult>> IssueTokenAsync(
        TokenRequest request, UserManager<AppUser> users, SignInManager<AppUser> signIn, TwoFactorService twoFactor,
        Problems.Problems problems, IStringLocalizer<Strings> l, AuditService audit, CancellationToken ct)
    {
        var user = await users.FindByNameAsync(request.UserName);
        async Task<ProblemHttpResult> Refuse(string key)
        {
            await audit.RecordSignInAsync(user?.Id, request.UserName, "token", key, ct);
            return TypedResults.Problem(problems.Create(StatusCodes.Status401Unauthorized, l[key]));
        }

        if (user is null) return await Refuse("Auth.InvalidCredentials");
        var check = await signIn.CheckPasswordSignInAsync(user, request.Password, lockoutOnFailure: true);
        if (check.IsLockedOut) return await Refuse("Auth.LockedOut");
        if (check.IsNotAllowed) return await Refuse("Auth.Disabled");
        if (!check.Succeeded) return await Refuse("Auth.InvalidCredentials");

        var usedSecondFactor = false;
        if (await users.GetTwoFactorEnabledAsync(user))
        {
            if (string.IsNullOrWhiteSpace(request.Totp)) return await Refuse("Auth.TotpRequired");
            if (!await twoFactor.VerifyAsync(user, request.Totp))
            {
                // A wrong code counts towards lockout like a wrong password.
                await users.AccessFailedAsync(user);
                return await Refuse(await users.IsLockedOutAsync(user) ? "Auth.LockedOut" : "Auth.InvalidCode");
            }
            usedSecondFactor = true;
        }

        await audit.RecordSignInAsync(user.Id, user.UserName!, usedSecondFactor ? "token+totp" : "token", "ok", ct);
        var principal = await signIn.CreateUserPrincipalAsync(user);
        if (usedSecondFactor) ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim("amr", "mfa"));
        // The bearer handler writes { tokenType, accessToken, expiresIn, refreshToken }.
        return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
    }

    private static async Task<Ok<MeResponse>> GetMeAsync(ClaimsPrincipal principal, UserManager<AppUser> users, CurrentUser current,
        CancellationToken ct)
    {
        var user = (await users.GetUserAsync(principal))!;
        var access = await current.AccessAsync(ct);
        var roles = await users.GetRolesAsync(user);
        return TypedResults.Ok(new MeResponse(user.Id, user.UserName!, user.DisplayName, user.Culture,
            user.TwoFactorEnabled, roles.Order().ToList(), access.Grants));
    }
}
