using System.Net;
using Npgsql;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Platform.Operations;

/// The probes an orchestrator or load balancer asks, on SQLite and on PostgreSQL: live says the
/// process serves, ready says requests can be served (the database answers, every migration is
/// applied) and names in words what is missing.
public abstract class HealthApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    [Fact]
    public async Task Live_and_ready_answer_200_on_a_migrated_database()
    {
        var client = Factory.CreateAnonymousClient();

        var live = await (await client.GetAsync("/health/live")).ReadAsync<HealthReport>();
        Assert.Equal("Healthy", live.Status);
        Assert.Empty(live.Checks);

        var ready = await (await client.GetAsync("/health/ready")).ReadAsync<HealthReport>();
        Assert.Equal("Healthy", ready.Status);
        Assert.Equal(new[] { "database", "migrations" }, ready.Checks.Select(c => c.Name).Order());
        Assert.All(ready.Checks, c => Assert.Equal("Healthy", c.Status));

        // The old address answers as it always did, for the scripts and monitors that use it.
        var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ready_answers_503_naming_the_migration_not_applied_on_a_database_nobody_migrated_while_live_answers_200()
    {
        var (settings, drop) = await EmptyDatabaseAsync();
        try
        {
            await using var app = await UninitialisedRenhe.StartAsync(settings);
            var client = app.CreateClient();

            Assert.Equal("Healthy", (await (await client.GetAsync("/health/live")).ReadAsync<HealthReport>()).Status);

            var ready = await (await client.GetAsync("/health/ready")).ReadAsync<HealthReport>(HttpStatusCode.ServiceUnavailable);
            Assert.Equal("Unhealthy", ready.Status);
            Assert.Equal("Healthy", ready.Checks.Single(c => c.Name == "database").Status);
            var migrations = ready.Checks.Single(c => c.Name == "migrations");
            Assert.Equal("Unhealthy", migrations.Status);
            Assert.Contains("_Initial", migrations.Description, StringComparison.Ordinal);
            Assert.Contains("migrate", migrations.Description, StringComparison.Ordinal);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health")).StatusCode);
        }
        finally
        {
            await drop();
        }
    }

    [Fact]
    public async Task Ready_answers_503_naming_the_database_when_it_cannot_be_reached_while_live_answers_200()
    {
        await using var app = await UninitialisedRenhe.StartAsync(UnreachableDatabase());
        var client = app.CreateClient();

        Assert.Equal("Healthy", (await (await client.GetAsync("/health/live")).ReadAsync<HealthReport>()).Status);

        var ready = await (await client.GetAsync("/health/ready")).ReadAsync<HealthReport>(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Unhealthy", ready.Status);
        var database = ready.Checks.Single(c => c.Name == "database");
        Assert.Equal("Unhealthy", database.Status);
        Assert.StartsWith("The database does not answer", database.Description, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health")).StatusCode);
    }

    /// A database that exists and answers but that no migration ever touched: a new SQLite file, or a
    /// new PostgreSQL database (dropped again by the returned action).
    private async Task<(Dictionary<string, string?> Settings, Func<Task> Drop)> EmptyDatabaseAsync()
    {
        if (Factory.ProviderName == "Sqlite")
        {
            var dir = Path.Combine(Path.GetTempPath(), "renhe-tests", "empty-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            var file = Path.Combine(dir, "renhe.db");
            return (new() { ["Database:Provider"] = "Sqlite", ["ConnectionStrings:Renhe"] = $"Data Source={file}" }, () =>
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
                return Task.CompletedTask;
            });
        }
        var name = "renhe_test_empty_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(TestEnvironment.PostgresConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        var connectionString = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresConnectionString) { Database = name }.ToString();
        return (new() { ["Database:Provider"] = "Postgres", ["ConnectionStrings:Renhe"] = connectionString }, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(TestEnvironment.PostgresConnectionString);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        });
    }

    /// A SQLite file in a folder that does not exist; a PostgreSQL port nothing listens on.
    private Dictionary<string, string?> UnreachableDatabase() => Factory.ProviderName == "Sqlite"
        ? new()
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Renhe"] = $"Data Source={Path.Combine(Path.GetTempPath(), "renhe-tests", "missing-" + Guid.NewGuid().ToString("N"), "renhe.db")}",
        }
        : new()
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Renhe"] = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresConnectionString)
            {
                Host = "127.0.0.1", Port = TestEnvironment.FreePort(), Database = "renhe", Timeout = 3,
            }.ToString(),
        };

    public sealed record HealthReport(string Status, List<HealthCheck> Checks);

    public sealed record HealthCheck(string Name, string Status, string? Description);
}

[Trait("Category", "Integration")]
public sealed class SqliteHealthApiTests(SqliteRenheFactory factory) : HealthApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresHealthApiTests(PostgresRenheFactory factory) : HealthApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
