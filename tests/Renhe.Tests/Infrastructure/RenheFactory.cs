using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Renhe.Platform.Approvals;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Renhe.Platform.Data;

namespace Renhe.Tests.Infrastructure;

/// The whole application in memory, on its own database, with the demo company loaded.
/// One instance per test class; the provider subclasses decide where the database lives.
public abstract class RenheFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    protected readonly string DataDir = Path.Combine(Path.GetTempPath(), "renhe-tests", Guid.NewGuid().ToString("N"));

    public const string DemoPassword = "Renhe@2026";

    public abstract string ProviderName { get; }

    /// Null when the database server this factory needs is missing.
    public string? UnavailableReason { get; protected set; }

    protected abstract IEnumerable<KeyValuePair<string, string>> DatabaseSettings();

    /// Settings of one test's own factory, set before it starts (Demo:Chats=false for an empty archive).
    public Dictionary<string, string> Settings { get; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("DataDir", DataDir);
        builder.UseSetting("Demo:Enabled", "true");
        // The demo people and customers, without six months of sales history: tests count from a known ledger.
        builder.UseSetting("Demo:SalesActivity", "false");
        foreach (var (key, value) in DatabaseSettings()) builder.UseSetting(key, value);
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        // A request type for the approval engine's tests (the first production type, orders, is not built yet).
        builder.ConfigureTestServices(s => s.AddApprovalHandler<TestPurchaseHandler>());
    }

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public void SkipIfUnavailable()
    {
        if (UnavailableReason is not null) TestEnvironment.Unavailable(UnavailableReason);
    }

    /// A client signed in as a demo user through POST /api/auth/token.
    public async Task<HttpClient> ClientForAsync(string userName, string? totp = null, string culture = "zh-CN")
    {
        var client = CreateAnonymousClient(culture);
        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password = DemoPassword, totp });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return client;
    }

    public HttpClient CreateAnonymousClient(string culture = "zh-CN")
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(culture));
        return client;
    }

    /// Direct database access for assertions ("nothing was written").
    public AppDbContext OpenDb()
    {
        var scope = Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        try { Directory.Delete(DataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public sealed record TokenResponse(string TokenType, string AccessToken, long ExpiresIn);
}

public sealed class SqliteRenheFactory : RenheFactory
{
    public override string ProviderName => "Sqlite";

    protected override IEnumerable<KeyValuePair<string, string>> DatabaseSettings() =>
        [new("Database:Provider", "Sqlite")];
}

/// A fresh database on the PostgreSQL server named by RENHE_TEST_POSTGRES, dropped afterwards.
public sealed class PostgresRenheFactory : RenheFactory
{
    private readonly string _database = "renhe_test_" + Guid.NewGuid().ToString("N")[..12];

    public override string ProviderName => "Postgres";

    private string ConnectionString => new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresConnectionString) { Database = _database }.ToString();

    protected override IEnumerable<KeyValuePair<string, string>> DatabaseSettings() =>
        [new("Database:Provider", "Postgres"), new("ConnectionStrings:Renhe", ConnectionString)];

    public override async ValueTask InitializeAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(TestEnvironment.PostgresConnectionString);
            await connection.OpenAsync();
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            UnavailableReason = $"PostgreSQL ({ex.Message})";
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (UnavailableReason is not null) return;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(TestEnvironment.PostgresConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

public static class RenheFactoryExtensions
{
    /// A fresh account for tests that change it (lockout, second factor), so the demo accounts
    /// other tests rely on stay as they are.
    public static async Task<Guid> CreateUserAsync(this RenheFactory factory, string userName, params string[] roles)
    {
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Renhe.Platform.Security.AppUser>>();
        var user = new Renhe.Platform.Security.AppUser { UserName = userName, DisplayName = userName };
        var result = await users.CreateAsync(user, RenheFactory.DemoPassword);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        if (roles.Length > 0) await users.AddToRolesAsync(user, roles);
        return user.Id;
    }
}

public static class ServiceProviderExtensions
{
    public static string GetDataDirectory(this IServiceProvider services) =>
        Renhe.Platform.Data.DatabaseSetup.DataDirectory(services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>());
}
