using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Renhe.Modules.Org;
using Renhe.Modules.Risk;
using Renhe.Modules.Sales;
using Renhe.Platform;

namespace Renhe.Tests.Infrastructure;

/// The application composed and served as the program composes it (AddRenhe, UsePlatform, each
/// module's routes) but without its start-up work: no migrations, no seeding (Program's
/// InitialiseAsync, which RenheFactory cannot skip), and none of the modules' hosted services (the
/// seeding ones among them run before the server starts). That is what an instance looks like to a
/// probe when it runs on a database nobody migrated, or on one it cannot reach: the program itself
/// stops at start-up on such a database.
public sealed class UninitialisedRenhe : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _dataDir;

    private UninitialisedRenhe(WebApplication app, string dataDir)
    {
        _app = app;
        _dataDir = dataDir;
    }

    public static async Task<UninitialisedRenhe> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "renhe-tests", "bare-" + Guid.NewGuid().ToString("N"));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Testing",
            ApplicationName = typeof(Program).Assembly.GetName().Name,
        });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["DataDir"] = dataDir });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddRenhe();
        var renhe = typeof(Program).Assembly;
        foreach (var own in builder.Services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Assembly == renhe).ToList())
            builder.Services.Remove(own);
        var host = new UninitialisedRenhe(builder.Build(), dataDir);
        try
        {
            var api = host._app.UsePlatform();
            api.MapOrg();
            api.MapRisk();
            api.MapSales();
            await host._app.StartAsync();
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public HttpClient CreateClient() => _app.GetTestClient();

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
