using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Platform.Data;

/// The migrations build the schema recorded in Schema/*.schema.txt (see <see cref="SchemaDump"/>
/// for what a recording holds and what it leaves out), on a fresh database of each provider.
///
/// To record the schema again after a migration that changes it on purpose, run the two
/// *_build_the_recorded_schema tests with RENHE_WRITE_SCHEMA_FIXTURES=1 (and the PostgreSQL server
/// of RENHE_TEST_POSTGRES): they write the files instead of comparing. Review the diff of the
/// recordings with the migration:
/// `RENHE_WRITE_SCHEMA_FIXTURES=1 dotnet test tests/Renhe.Tests --filter FullyQualifiedName~MigrationSchemaTests`.
public sealed class MigrationSchemaTests
{
    private static bool WriteFixtures => Environment.GetEnvironmentVariable("RENHE_WRITE_SCHEMA_FIXTURES") == "1";

    private static string FixturePath(string name) =>
        Path.Combine(TestEnvironment.RepositoryRoot, "tests", "Renhe.Tests", "Platform", "Data", "Schema", name);

    [Fact]
    [Trait("Category", "Integration")]
    public Task Sqlite_migrations_build_the_recorded_schema() => WithSqliteAsync(async dataDir =>
    {
        await SchemaDump.MigrateAsync("Sqlite", connectionString: null, dataDir);
        SqliteConnection.ClearAllPools();
        Compare(FixturePath("sqlite.schema.txt"), await SchemaDump.SqliteAsync(Path.Combine(dataDir, "renhe.db")));
    });

    [Fact]
    [Trait("Category", "Postgres")]
    public Task Postgres_migrations_build_the_recorded_schema() => WithPostgresAsync(async connectionString =>
    {
        await SchemaDump.MigrateAsync("Postgres", connectionString);
        Compare(FixturePath("postgres.schema.txt"), await SchemaDump.PostgresAsync(connectionString));
    });

    // Reverted, the migrations leave only EF's own tables (the history; on SQLite the migration lock
    // too): Down drops what Up wrote by hand as well (the FTS5 table; PostgreSQL's functions and the
    // day-count table).
    [Fact]
    [Trait("Category", "Integration")]
    public Task Sqlite_migrations_revert_to_an_empty_database() => WithSqliteAsync(async dataDir =>
    {
        await SchemaDump.MigrateAsync("Sqlite", connectionString: null, dataDir, revertTo: "0");
        SqliteConnection.ClearAllPools();
        AssertOnlyHistoryLeft(await SchemaDump.SqliteAsync(Path.Combine(dataDir, "renhe.db")));
    });

    [Fact]
    [Trait("Category", "Postgres")]
    public Task Postgres_migrations_revert_to_an_empty_database() => WithPostgresAsync(async connectionString =>
    {
        await SchemaDump.MigrateAsync("Postgres", connectionString, revertTo: "0");
        AssertOnlyHistoryLeft(await SchemaDump.PostgresAsync(connectionString));
    });

    private static void AssertOnlyHistoryLeft(string dump)
    {
        var left = SchemaDump.Parse(dump).Keys
            .Where(h => !h.Contains("__EFMigrations", StringComparison.Ordinal) && h != "extension plpgsql").ToList();
        Assert.True(left.Count == 0, "Left after reverting every migration:\n" + string.Join("\n", left));
    }

    private static async Task WithSqliteAsync(Func<string, Task> test)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "renhe-schema-" + Guid.NewGuid().ToString("N"));
        try
        {
            await test(dataDir);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// A fresh database on the server of RENHE_TEST_POSTGRES, dropped afterwards; skipped (or failed
    /// under RENHE_REQUIRE_ALL=1) without the server.
    private static async Task WithPostgresAsync(Func<string, Task> test)
    {
        try
        {
            await using var probe = new NpgsqlConnection(TestEnvironment.PostgresConnectionString);
            await probe.OpenAsync();
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            TestEnvironment.Unavailable($"PostgreSQL ({ex.Message})");
        }

        var database = "renhe_schema_" + Guid.NewGuid().ToString("N")[..12];
        try
        {
            await test(new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresConnectionString) { Database = database }.ToString());
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(TestEnvironment.PostgresConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    [Trait("Category", "Unit")]
    public void Sqlite_text_is_compared_without_its_quoting_and_layout_but_with_its_literals()
    {
        // A renamed FTS5 table and its shadow tables read as if they had been created under that name.
        Assert.Equal(
            SchemaDump.NormaliseSqlite("CREATE VIRTUAL TABLE risk_archive_fts USING fts5(tokens, tokenize = 'ascii')"),
            SchemaDump.NormaliseSqlite("CREATE VIRTUAL TABLE \"risk_archive_fts\" USING fts5(tokens, tokenize = 'ascii')"));
        Assert.Equal(
            "CREATE TABLE x_data(id INTEGER PRIMARY KEY, block BLOB)",
            SchemaDump.NormaliseSqlite("CREATE TABLE 'x_data'(id INTEGER PRIMARY KEY, block BLOB)"));
        Assert.Equal(
            "CREATE TABLE x_data(id INTEGER PRIMARY KEY, block BLOB)",
            SchemaDump.NormaliseSqlite("CREATE TABLE \"x_data\" (\n    id INTEGER PRIMARY KEY ,\n    block BLOB\n)"));
        // Literals and identifiers that need their quotes are kept as they are.
        Assert.Equal("SELECT RAISE(ABORT, 'a  b, c')", SchemaDump.NormaliseSqlite("SELECT RAISE(ABORT,   'a  b, c')"));
        Assert.Equal("CREATE INDEX \"my index\" ON t(a)", SchemaDump.NormaliseSqlite("CREATE INDEX \"my index\" ON \"t\" (\"a\")"));
        Assert.NotEqual(
            SchemaDump.NormaliseSqlite("CREATE VIRTUAL TABLE f USING fts5(tokens, tokenize = 'ascii')"),
            SchemaDump.NormaliseSqlite("CREATE VIRTUAL TABLE f USING fts5(tokens, tokenize = 'unicode61')"));
    }

    private static void Compare(string fixturePath, string actual)
    {
        if (WriteFixtures)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(fixturePath)!);
            File.WriteAllText(fixturePath, actual);
            return;
        }
        Assert.True(File.Exists(fixturePath), $"{fixturePath} is missing: run with RENHE_WRITE_SCHEMA_FIXTURES=1 to record it.");
        var recorded = SchemaDump.Parse(File.ReadAllText(fixturePath));
        var differences = Differences(recorded, SchemaDump.Parse(actual));
        Assert.True(differences.Length == 0,
            $"The migrations no longer build the schema recorded in {Path.GetFileName(fixturePath)}. "
            + "If the change is intended, record it again with RENHE_WRITE_SCHEMA_FIXTURES=1 and review the diff.\n" + differences);
    }

    /// Entries only in one of the dumps, and for an entry in both, the lines only in one of them.
    internal static string Differences(Dictionary<string, string> recorded, Dictionary<string, string> built)
    {
        var report = new StringBuilder();
        foreach (var header in recorded.Keys.Union(built.Keys).Order(StringComparer.Ordinal))
        {
            var inRecorded = recorded.TryGetValue(header, out var expected);
            var inBuilt = built.TryGetValue(header, out var actual);
            if (inRecorded && inBuilt && expected == actual) continue;
            if (!inBuilt) { report.Append($"- {header} (recorded, not built)\n{expected}"); continue; }
            if (!inRecorded) { report.Append($"+ {header} (built, not recorded)\n{actual}"); continue; }
            report.Append($"~ {header}\n");
            var expectedLines = expected!.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
            var actualLines = actual!.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
            foreach (var line in MultisetExcept(expectedLines, actualLines)) report.Append($"  - {line.Trim()}\n");
            foreach (var line in MultisetExcept(actualLines, expectedLines)) report.Append($"  + {line.Trim()}\n");
            if (expectedLines.Order(StringComparer.Ordinal).SequenceEqual(actualLines.Order(StringComparer.Ordinal)))
                report.Append("  (same lines, in another order)\n");
        }
        return report.ToString();
    }

    private static List<string> MultisetExcept(List<string> lines, List<string> other)
    {
        var remaining = other.GroupBy(l => l, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var line in lines)
        {
            if (remaining.TryGetValue(line, out var count) && count > 0) remaining[line] = count - 1;
            else result.Add(line);
        }
        return result;
    }
}
