using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Renhe.Platform.Security;

/// Declares the permission an endpoint or routable page needs. Works on minimal-API endpoints
/// (<c>.RequirePermission(...)</c> adds it), Razor components and AuthorizeView alike because it is
/// an ordinary policy name that <see cref="PermissionPolicyProvider"/> resolves.
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true)]
public sealed class HasPermissionAttribute : AuthorizeAttribute
{
    public const string PolicyPrefix = "perm:";

    public HasPermissionAttribute(string permission) : base(PolicyPrefix + permission) => Permission = permission;

    public string Permission { get; }
}

public sealed record PermissionRequirement(string Permission) : IAuthorizationRequirement;

public sealed class PermissionPolicyProvider(IOptions<AuthorizationOptions> options, PermissionCatalog catalog)
    : DefaultAuthorizationPolicyProvider(options)
{
    public override async Task<AuthorizationPolicy?> GetPolicyAsync(string policyName)
    {
        if (!policyName.StartsWith(HasPermissionAttribute.PolicyPrefix, StringComparison.Ordinal))
            return await base.GetPolicyAsync(policyName);
        var permission = policyName[HasPermissionAttribute.PolicyPrefix.Length..];
        if (!catalog.Contains(permission))
            throw new InvalidOperationException($"Permission '{permission}' is used but no module declares it.");
        return new AuthorizationPolicyBuilder()
            .RequireAuthenticatedUser()
            .AddRequirements(new PermissionRequirement(permission))
            .Build();
    }
}

/// Why a permission check failed, so the 403 can say it in words.
public sealed class SecondFactorRequiredReason(IAuthorizationHandler handler)
    : AuthorizationFailureReason(handler, "second-factor-required");

public sealed class PermissionHandler(AccessService access) : AuthorizationHandler<PermissionRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        var userId = context.User.UserId();
        if (userId is null) return;
        var grants = await access.GetAsync(userId.Value, CancellationToken.None);
        if (!grants.Has(requirement.Permission)) return;
        if (await access.RequiresSecondFactorAsync(requirement.Permission, CancellationToken.None)
            && !context.User.HasSecondFactor())
        {
            context.Fail(new SecondFactorRequiredReason(this));
            return;
        }
        context.Succeed(requirement);
    }
}

public static class PermissionEndpointExtensions
{
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, string permission)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new HasPermissionAttribute(permission));
}
