using Microsoft.Data.Sqlite;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Platform;

/// `Renhe migrate` brings a database up to date and exits, without serving or seeding anything.
[Trait("Category", "Integration")]
public sealed class MigrateVerbTests
{
    [Fact]
    public async Task Migrate_creates_the_sqlite_database_in_wal_mode_and_exits()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "renhe-migrate-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (exitCode, output) = await RunAsync("migrate", "--data-dir", dataDir);
            Assert.True(exitCode == 0, output);
            Assert.Contains("Database is up to date.", output);

            await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDir, "renhe.db")};Pooling=False");
            await connection.OpenAsync();
            Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode;"));
            Assert.Equal(1L, await ScalarAsync(connection, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'platform_audit_entry'"));
            Assert.Equal(0L, await ScalarAsync(connection, "SELECT COUNT(*) FROM platform_user"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task An_unknown_verb_is_refused_with_the_list_of_commands()
    {
        var (exitCode, output) = await RunAsync("migrat");
        Assert.Equal(2, exitCode);
        Assert.Contains("Commands: migrate", output);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private static Task<(int ExitCode, string Output)> RunAsync(params string[] args) => RenheProcess.RunAsync(args);
}
