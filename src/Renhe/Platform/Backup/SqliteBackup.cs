using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Renhe.Platform.Backup;

/// The database as of one moment: row counts per table and the last migration applied.
public sealed record DatabaseSnapshot(IReadOnlyDictionary<string, long> Tables, string? SchemaVersion)
{
    public long Rows => Tables.Values.Sum();
}

public static class SqliteBackup
{
    private const int SqliteBusy = 5, SqliteLocked = 6;
    private static readonly TimeSpan BusyPatience = TimeSpan.FromSeconds(60);

    /// The file Renhe uses: the configured connection string's data source, or renhe.db in the data folder.
    public static string DatabasePath(IConfiguration configuration)
    {
        var configured = configuration.GetConnectionString("Renhe");
        return Path.GetFullPath(string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(BackupKeys.DataDirectory(configuration), "renhe.db")
            : new SqliteConnectionStringBuilder(configured).DataSource);
    }

    /// Copies the live database into <paramref name="destination"/> with SQLite's online backup
    /// API. The copy is made in one step under one read transaction, so it is the database as of
    /// one moment while Renhe keeps writing: in WAL mode that reader never blocks the writer, and
    /// the writer's commits after it began are not in the copy.
    public static async Task<DatabaseSnapshot> CopyAsync(string source, string destination, CancellationToken ct)
    {
        await using var from = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = source, Mode = SqliteOpenMode.ReadWrite, Pooling = false,
        }.ToString());
        await from.OpenAsync(ct);
        await ExecuteAsync(from, "PRAGMA busy_timeout = 30000;", ct);
        await using var to = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = destination, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false,
        }.ToString());
        await to.OpenAsync(ct);

        var waiting = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                from.BackupDatabase(to);
                break;
            }
            // A checkpoint or WAL recovery can hold the lock the copy needs for a moment.
            catch (SqliteException e) when (e.SqliteErrorCode is SqliteBusy or SqliteLocked && waiting.Elapsed < BusyPatience)
            {
                await Task.Delay(200, ct);
            }
        }
        // One self-contained file: the copy would otherwise keep the source's WAL mode and expect
        // a -wal file beside it. Renhe switches it back to WAL when it starts on the restored folder.
        await ExecuteAsync(to, "PRAGMA journal_mode = DELETE;", ct);
        return await SnapshotAsync(to, ct);
    }

    /// Row counts of the copy, read from the copy (not the live database, which has moved on).
    public static async Task<DatabaseSnapshot> SnapshotAsync(SqliteConnection connection, CancellationToken ct)
    {
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            // Virtual tables (the archive's full-text index) are counted through their shadow tables.
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' " +
                               "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) tables.Add(reader.GetString(0));
        }
        return await TableCounts.ReadAsync(connection, null, tables.Select(t => (t, Quote(t))), ct);
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }
}

internal static class TableCounts
{
    public const string MigrationsTable = "__EFMigrationsHistory";

    /// COUNT(*) of each table (name as reported, SQL to name it), and the last migration when the
    /// history table is among them.
    public static async Task<DatabaseSnapshot> ReadAsync(DbConnection connection, DbTransaction? transaction,
        IEnumerable<(string Name, string Sql)> tables, CancellationToken ct)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        string? schema = null;
        foreach (var (name, sql) in tables)
        {
            await using var count = connection.CreateCommand();
            count.Transaction = transaction;
            count.CommandTimeout = 0;
            count.CommandText = $"SELECT COUNT(*) FROM {sql}";
            counts[name] = Convert.ToInt64(await count.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
            if (name == MigrationsTable)
            {
                await using var last = connection.CreateCommand();
                last.Transaction = transaction;
                last.CommandText = $"SELECT MAX(\"MigrationId\") FROM {sql}";
                schema = await last.ExecuteScalarAsync(ct) as string;
            }
        }
        return new DatabaseSnapshot(counts, schema);
    }
}
