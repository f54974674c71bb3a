using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Platform.Auth;
using Renhe.Platform.Data;
using Renhe.Platform.Security;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Platform;

/// Rules of the house that a test can hold: deny by default, and a model both databases agree on.
[Trait("Category", "Architecture")]
public sealed class ArchitectureTests(SqliteRenheFactory factory) : IClassFixture<SqliteRenheFactory>
{
    // Endpoints the framework itself maps: Blazor's circuit hub and scripts, and the static-asset
    // file fallback that serves build-output files (wwwroot and package assets) by path.
    private static readonly string[] FrameworkRoutes = ["_blazor", "_framework", "{**path:file}"];

    [Fact]
    public void Every_endpoint_declares_a_permission_or_allows_anonymous_access()
    {
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.NotEmpty(endpoints);
        var undeclared = endpoints
            .Where(e => e.Metadata.GetMetadata<StaticAssetDescriptor>() is null)
            .Where(e => !FrameworkRoutes.Any(r => e.RoutePattern.RawText!.TrimStart('/').StartsWith(r, StringComparison.Ordinal)))
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null
                        && !e.Metadata.GetOrderedMetadata<HasPermissionAttribute>().Any())
            .Select(e => $"{e.RoutePattern.RawText} ({e.DisplayName})")
            .ToList();
        Assert.True(undeclared.Count == 0, "Endpoints without [HasPermission] or [AllowAnonymous]:\n" + string.Join("\n", undeclared));
    }

    [Fact]
    public void Every_routable_page_declares_a_permission_or_allows_anonymous_access()
    {
        var pages = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t) && t.GetCustomAttributes<RouteAttribute>().Any())
            .ToList();
        Assert.NotEmpty(pages);
        var undeclared = pages
            .Where(t => t.GetCustomAttribute<AllowAnonymousAttribute>() is null && t.GetCustomAttribute<HasPermissionAttribute>() is null)
            .Select(t => $"{t.FullName} ({string.Join(", ", t.GetCustomAttributes<RouteAttribute>().Select(r => r.Template))})")
            .ToList();
        Assert.True(undeclared.Count == 0, "Pages without [HasPermission] or [AllowAnonymous]:\n" + string.Join("\n", undeclared));
    }

    [Fact]
    public void Every_permission_used_on_an_endpoint_is_declared_by_a_module()
    {
        var catalog = factory.Services.GetRequiredService<PermissionCatalog>();
        var used = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .SelectMany(e => e.Metadata.GetOrderedMetadata<HasPermissionAttribute>())
            .Select(a => a.Permission)
            .Concat(typeof(Program).Assembly.GetTypes().SelectMany(t => t.GetCustomAttributes<HasPermissionAttribute>()).Select(a => a.Permission))
            .Distinct();
        Assert.All(used, p => Assert.True(catalog.Contains(p), $"{p} is used but not declared"));
    }

    // The model is built as the running program builds it (Identity's options shape some columns),
    // not only as `dotnet ef` sees it; no server is needed to compare it with the migrations.
    [Theory]
    [InlineData("Sqlite", "Data Source=:memory:")]
    [InlineData("Postgres", "Host=localhost;Database=renhe_model_check")]
    public void Migrations_match_the_model_the_program_runs_with(string provider, string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider,
            ["ConnectionStrings:Renhe"] = connectionString,
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System).AddHttpContextAccessor()
            .AddScoped<CurrentUser>().AddRenheDatabase(configuration);
        services.AddRenheIdentity();
        using var provider_ = services.BuildServiceProvider();
        using var scope = provider_.CreateScope();
        using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();
        Assert.False(db.Database.HasPendingModelChanges(),
            $"Run scripts/add-migration.sh: the {provider} migrations are behind the model.");
    }

    [Fact]
    public void Design_time_models_match_the_migrations()
    {
        using var sqlite = new SqliteDesignTimeFactory().CreateDbContext([]);
        using var postgres = new PostgresDesignTimeFactory().CreateDbContext([]);
        Assert.False(sqlite.Database.HasPendingModelChanges());
        Assert.False(postgres.Database.HasPendingModelChanges());
    }

    [Fact]
    public void Every_table_name_carries_its_module_prefix()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);
        var prefixes = new[] { "platform_", "org_", "risk_", "sales_", "commission_", "integrations_" };
        var unprefixed = db.Model.GetEntityTypes().Select(t => t.GetTableName()!)
            .Where(name => !prefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal))).ToList();
        Assert.Empty(unprefixed);
    }
}
