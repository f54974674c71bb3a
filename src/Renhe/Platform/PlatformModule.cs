using Renhe.Platform.Ui.Homes;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Microsoft.Extensions.WebEncoders;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;
using MudBlazor.Services;
using Renhe.Platform.Admin;
using Renhe.Platform.Approvals;
using Renhe.Platform.Audit;
using Renhe.Platform.Auth;
using Renhe.Platform.Data;
using Renhe.Platform.Files;
using Renhe.Platform.Hosting;
using Renhe.Platform.Jobs;
using Renhe.Platform.Localization;
using Renhe.Platform.Notifications;
using Renhe.Platform.Operations;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;
using Renhe.Platform.Setup;
using Renhe.Platform.Ui;
using Scalar.AspNetCore;

namespace Renhe.Platform;

public static class PlatformModule
{
    public static readonly CultureInfo[] SupportedCultures = [new("zh-CN"), new("en")];

    public static WebApplicationBuilder AddPlatform(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        // `dotnet run` serves on the documented address unless --urls or ASPNETCORE_URLS says otherwise.
        if (string.IsNullOrEmpty(configuration["urls"]) && string.IsNullOrEmpty(configuration["Kestrel:Endpoints:Http:Url"]))
            builder.WebHost.UseUrls("http://localhost:5080");
        // Package assets (MudBlazor's CSS and JS) are served from the build output outside Development too.
        builder.WebHost.UseStaticWebAssets();
        builder.AddRenheTelemetry();

        services.AddSingleton(TimeProvider.System);
        services.AddScoped<Renhe.Platform.Time.BranchCalendar>();
        services.AddScoped<Renhe.Platform.Signals.SignalLoader>();
        Renhe.Platform.Signals.SignalSourceRegistration.AddSignalSource<Renhe.Platform.Signals.AuditSignalSource>(services);
        services.AddScoped<Renhe.Platform.Validation.InputValidator>();
        services.AddHttpContextAccessor();
        services.AddRenheForwardedHeaders(configuration);
        services.AddMemoryCache();
        services.AddRenheDatabase(configuration);
        // The key ring lives in the database, so every instance behind the proxy reads the same keys
        // (a cookie or token issued by one is accepted by the others) without a shared disk.
        services.AddDataProtection()
            .SetApplicationName("Renhe")
            .PersistKeysToDbContext<AppDbContext>();
        services.AddJobs();

        services.AddRenheIdentity();
        services.AddPermissions(PlatformPermissions.All);
        services.AddSingleton<IAuthorizationPolicyProvider, PermissionPolicyProvider>();
        services.AddScoped<IAuthorizationHandler, PermissionHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ApiAuthorizationResultHandler>();
        services.AddAuthorization(o =>
            // Deny by default: anything that forgot to declare a permission still needs a signed-in user
            // (and the architecture test fails on it).
            o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddScoped<AccessService>();
        services.AddScoped<CurrentUser>();
        services.AddScoped<CircuitHandler, CurrentUserCircuitHandler>();

        services.AddModularLocalization();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("zh-CN");
            o.SupportedCultures = SupportedCultures;
            o.SupportedUICultures = SupportedCultures;
            o.RequestCultureProviders =
            [
                new CookieRequestCultureProvider(),
                new UserPreferenceCultureProvider(),
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });

        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Extensions["requestId"] = ctx.HttpContext.TraceIdentifier;
            // The framework's own answers (no such route, wrong method) in the caller's language too.
            var status = ctx.ProblemDetails.Status ?? 0;
            if (ctx.ProblemDetails.Title == Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status))
            {
                var l = ctx.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Strings>>();
                ctx.ProblemDetails.Title = status switch
                {
                    404 => l["Error.NotFound"], 405 => l["Error.MethodNotAllowed"], 401 => l["Error.Unauthorized"],
                    403 => l["Error.Forbidden"], 415 => UnsupportedMediaTypeMessage.For(ctx.HttpContext, ctx.HttpContext.GetEndpoint(), l),
                    _ => l["Error.BadRequest"],
                };
                ctx.ProblemDetails.Detail ??= ctx.ProblemDetails.Title;
            }
        });
        services.AddScoped<Problems.Problems>();
        services.AddExceptionHandler<ExceptionProblemHandler>();
        // Binding failures (malformed JSON, wrong types) become exceptions the handler can explain.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o =>
        {
            // Names only: an integer would slip past validation as an undefined value.
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        });

        services.AddOpenApi(o => o.AddDocumentTransformer<BearerSecurityTransformer>());
        services.AddRenheHealthChecks();

        // Pages are mostly Chinese: send it as text, not as &#x...; entities.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingIdentityStateProvider>();
        services.AddMudServices();

        services.AddScoped<AuditService>();
        services.AddScoped<AuditQuery>();
        services.AddScoped<AuditExport>();
        services.AddScoped<AuditDescriber>();
        services.AddScoped<DataAccessQuery>();
        services.AddScoped<RoleAdminService>();
        services.AddScoped<UserAdminService>();
        services.AddScoped<UserExport>();
        services.AddScoped<PermissionSeeder>();
        services.AddScoped<DemoSeeder>();
        services.AddSingleton<SetupState>();
        services.AddScoped<NavBadges>();
        services.AddApprovals();
        services.AddNotifications();
        services.AddNavItems(
            new NavItem("Nav.Home", "/", MudBlazor.Icons.Material.Filled.Home, PlatformPermissions.AccountSelf, 0),
            new NavItem("Nav.Users", "/platform/users", MudBlazor.Icons.Material.Filled.ManageAccounts, PlatformPermissions.UserRead, 900),
            new NavItem("Nav.Roles", "/platform/roles", MudBlazor.Icons.Material.Filled.AdminPanelSettings, PlatformPermissions.RoleRead, 910),
            new NavItem("Nav.Audit", "/platform/audit", MudBlazor.Icons.Material.Filled.History, PlatformPermissions.AuditRead, 920),
            new NavItem("Nav.Jobs", "/platform/jobs", MudBlazor.Icons.Material.Filled.Schedule, PlatformPermissions.JobRead, 930),
            new NavItem("Nav.Security", "/account/security", MudBlazor.Icons.Material.Filled.Security, PlatformPermissions.AccountSelf, 990));
        services.AddRoleHome(Roles.Administrator, "/platform/users", "Nav.Users", PlatformPermissions.UserRead, MudBlazor.Icons.Material.Filled.ManageAccounts);
        return builder;
    }

    /// The platform's tables: Identity's (renamed into the platform prefix), the audit log, permission
    /// settings and grants, approvals, notifications and stored files; each configuration beside its entity.
    public static void ConfigureModel(ModelBuilder builder)
    {
        IdentityTables.Configure(builder);
        builder.ApplyConfiguration(new AuditEntryConfiguration());
        builder.ApplyConfiguration(new PermissionSettingConfiguration());
        builder.ApplyConfiguration(new RolePermissionConfiguration());
        builder.ApplyConfiguration(new ApprovalFlowConfiguration());
        builder.ApplyConfiguration(new ApprovalRequestConfiguration());
        builder.ApplyConfiguration(new ApprovalTaskConfiguration());
        builder.ApplyConfiguration(new ApprovalActionConfiguration());
        builder.ApplyConfiguration(new NotificationConfiguration());
        builder.ApplyConfiguration(new StoredFileConfiguration());
        builder.ApplyConfiguration(new Jobs.JobRunConfiguration());
        builder.ApplyConfiguration(new Jobs.JobStateConfiguration());
        builder.Entity<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>(b =>
        {
            b.ToTable("platform_data_protection_key");
            b.Property(x => x.FriendlyName).HasMaxLength(100);
        });
    }

    /// The request pipeline and the platform's own endpoints. Modules map theirs onto the /api group.
    public static RouteGroupBuilder UsePlatform(this WebApplication app)
    {
        // First: everything after it (cookies, redirects) sees the user's scheme, not the proxy's.
        app.UseForwardedHeaders();
        // Authentication, then localisation (a signed-in user's saved language counts), both before the
        // exception handler so that error responses are in the caller's language too.
        app.UseAuthentication();
        app.UseRequestLocalization();
        app.UseExceptionHandler("/error", createScopeForErrors: true);
        app.UseWhen(ctx => ctx.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
        app.UseWhen(ctx => !ctx.Request.Path.StartsWithSegments("/api"),
            pages => pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        app.UseSetupRedirect();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        app.MapRenheHealth();
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/api-docs", o => o.WithTitle("Renhe API")).AllowAnonymous();
        app.MapCultureSwitch();
        app.MapAccountEndpoints();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

        var api = app.MapGroup("/api").AddEndpointFilterFactory(ValidationFilter.Factory);
        api.MapAuth();
        api.MapAdmin();
        api.MapAudit();
        api.MapApprovals();
        api.MapNotifications();
        api.MapJobs();
        return api;
    }
}
