using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Renhe.Platform.Data;
using Renhe.Platform.Security;

namespace Renhe.Platform.Auth;

public static class IdentitySetup
{
    /// The scheme every request authenticates with: bearer tokens when an Authorization header is
    /// sent (scripts, integrations), the Identity cookie otherwise (the browser UI).
    public const string Scheme = "Renhe";

    /// A browser sends its cookie with any request, also one forged by another site; the UI never
    /// changes data through /api (pages call services), so changing calls there need a bearer token.
    /// Downloads (GET) still work with the cookie.
    private static bool IsUnsafeApiCall(HttpRequest request) =>
        request.Path.StartsWithSegments("/api")
        && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method);

    public static IServiceCollection AddRenheIdentity(this IServiceCollection services)
    {
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = Scheme;
                o.DefaultChallengeScheme = Scheme;
                o.DefaultSignInScheme = IdentityConstants.ApplicationScheme;
            })
            .AddPolicyScheme(Scheme, "Cookie or bearer token", o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                || IsUnsafeApiCall(ctx.Request)
                    ? IdentityConstants.BearerScheme
                    : IdentityConstants.ApplicationScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, o => o.BearerTokenExpiration = TimeSpan.FromHours(1))
            .AddIdentityCookies();

        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/access-denied";
            o.Cookie.Name = "renhe.auth";
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.SlidingExpiration = true;
        });

        services.AddIdentityCore<AppUser>(o =>
            {
                // Chinese companies often use pinyin user names with digits; allow the usual characters.
                o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@";
                o.Password.RequiredLength = 8;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 4;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                // "Confirmed" here means "still active": see ActiveUserConfirmation.
                o.SignIn.RequireConfirmedAccount = true;
            })
            .AddRoles<AppRole>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<RenheClaimsPrincipalFactory>();
        services.AddScoped<IUserConfirmation<AppUser>, ActiveUserConfirmation>();
        services.AddScoped<TwoFactorService>();
        return services;
    }
}

/// Adds the person's name and remembered language to the sign-in principal. The name is the
/// employee's, as HR keeps it, for an account linked to one (so the top bar and the records say
/// the same 张志强); the account's display name only for an account without an employee.
public sealed class RenheClaimsPrincipalFactory(UserManager<AppUser> users, RoleManager<AppRole> roles, IOptions<IdentityOptions> options, AppDbContext db)
    : UserClaimsPrincipalFactory<AppUser, AppRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        var employeeName = user.EmployeeId is { } employeeId
            ? await db.Employees.AsNoTracking().Where(e => e.Id == employeeId).Select(e => e.Name).FirstOrDefaultAsync()
            : null;
        identity.AddClaim(new Claim("name", employeeName ?? user.DisplayName));
        if (user.Culture is not null) identity.AddClaim(new Claim(ClaimsPrincipalExtensions.CultureClaim, user.Culture));
        return identity;
    }
}

/// A user who has left (IsActive = false) cannot sign in, by password or token.
public sealed class ActiveUserConfirmation : IUserConfirmation<AppUser>
{
    public Task<bool> IsConfirmedAsync(UserManager<AppUser> manager, AppUser user) => Task.FromResult(user.IsActive);
}
