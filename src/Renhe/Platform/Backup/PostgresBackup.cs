using System.Data;
using System.Diagnostics;
using System.Text;
using Npgsql;

namespace Renhe.Platform.Backup;

/// pg_dump and pg_restore, given the connection string's host, port, user and database on the
/// command line and its password in PGPASSWORD (a command line is visible to every user of the
/// machine; the environment of a process is not).
public static class PostgresBackup
{
    private const string InstallHint =
        "Install the PostgreSQL client programs of the server's major version or newer (Debian/Ubuntu: " +
        "apt-get install postgresql-client; Red Hat: dnf install postgresql; Windows: the PostgreSQL installer's " +
        "command line tools) and make sure they are on PATH.";

    /// The program on PATH, or a refusal that says what to install.
    public static string RequireTool(string name)
    {
        var fileName = OperatingSystem.IsWindows() ? name + ".exe" : name;
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, fileName);
            if (File.Exists(candidate)) return candidate;
        }
        throw new BackupException(BackupCommands.ToolFailed, $"{name} was not found on PATH. {InstallHint}");
    }

    /// Dumps the database in pg_dump's custom format into <paramref name="destination"/>. The rows
    /// are counted in a transaction whose snapshot pg_dump is told to use, so the counts describe
    /// exactly the data in the dump while Renhe keeps writing.
    public static async Task<DatabaseSnapshot> DumpAsync(string connectionString, string destination, CancellationToken ct)
    {
        var pgDump = RequireTool("pg_dump");
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        await using var connection = await OpenAsync(connectionString, ct);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        await using var export = new NpgsqlCommand("SELECT pg_export_snapshot()", connection, transaction);
        var snapshotId = (string)(await export.ExecuteScalarAsync(ct))!;
        var snapshot = await SnapshotAsync(connection, transaction, ct);
        await RunAsync(pgDump, settings,
            ["--format=custom", "--no-password", $"--snapshot={snapshotId}", $"--file={destination}"], ct);
        await transaction.CommitAsync(ct);
        return snapshot;
    }

    /// Makes sure the target database exists and holds none of Renhe's tables: creates it when it
    /// does not exist (reported by the return value), refuses one that already has them.
    public static async Task<bool> PrepareEmptyDatabaseAsync(string connectionString, IEnumerable<string> renheTables, CancellationToken ct)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        var created = false;
        NpgsqlConnection connection;
        try
        {
            connection = await OpenAsync(connectionString, ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            var maintenance = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
            await using (var server = await OpenAsync(maintenance.ConnectionString, ct))
            await using (var create = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(settings.Database!)}", server))
                await create.ExecuteNonQueryAsync(ct);
            created = true;
            connection = await OpenAsync(connectionString, ct);
        }
        await using (connection)
        {
            var present = (await TablesAsync(connection, null, ct)).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
            var clash = renheTables.Append(TableCounts.MigrationsTable).Where(present.Contains).Distinct().Order(StringComparer.Ordinal).ToList();
            if (clash.Count > 0)
                throw new BackupException(BackupCommands.Refused,
                    $"Database '{settings.Database}' on {settings.Host}:{settings.Port} already has Renhe tables ({string.Join(", ", clash.Take(5))}" +
                    $"{(clash.Count > 5 ? $" and {clash.Count - 5} more" : "")}). Restore only into an empty database, so that nothing in it is overwritten.");
        }
        return created;
    }

    /// Restores the dump in one transaction: on any error the database is left as it was.
    public static Task RestoreAsync(string connectionString, string dump, CancellationToken ct) =>
        RunAsync(RequireTool("pg_restore"), new NpgsqlConnectionStringBuilder(connectionString),
            ["--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", "--no-password", dump], ct);

    public static async Task<DatabaseSnapshot> SnapshotAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = await OpenAsync(connectionString, ct);
        return await SnapshotAsync(connection, null, ct);
    }

    public static async Task DropAsync(string connectionString, CancellationToken ct)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        NpgsqlConnection.ClearAllPools();
        var maintenance = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var server = await OpenAsync(maintenance.ConnectionString, ct);
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {QuoteIdentifier(settings.Database!)}", server);
        await drop.ExecuteNonQueryAsync(ct);
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task<DatabaseSnapshot> SnapshotAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken ct) =>
        await TableCounts.ReadAsync(connection, transaction, await TablesAsync(connection, transaction, ct), ct);

    /// Base tables outside the system schemas; those in public are named without their schema.
    private static async Task<List<(string Name, string Sql)>> TablesAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken ct)
    {
        await using var list = new NpgsqlCommand(
            "SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' " +
            "AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2", connection, transaction);
        await using var reader = await list.ExecuteReaderAsync(ct);
        var tables = new List<(string, string)>();
        while (await reader.ReadAsync(ct))
        {
            var (schema, table) = (reader.GetString(0), reader.GetString(1));
            tables.Add((schema == "public" ? table : $"{schema}.{table}", $"{QuoteIdentifier(schema)}.{QuoteIdentifier(table)}"));
        }
        return tables;
    }

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task RunAsync(string program, NpgsqlConnectionStringBuilder settings, IEnumerable<string> arguments, CancellationToken ct)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (!string.IsNullOrEmpty(settings.Host)) start.ArgumentList.Add($"--host={settings.Host}");
        start.ArgumentList.Add($"--port={settings.Port}");
        if (!string.IsNullOrEmpty(settings.Username)) start.ArgumentList.Add($"--username={settings.Username}");
        if (!string.IsNullOrEmpty(settings.Database)) start.ArgumentList.Add($"--dbname={settings.Database}");
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        if (!string.IsNullOrEmpty(settings.Password)) start.Environment["PGPASSWORD"] = settings.Password;
        if (SslMode(settings.SslMode) is { } sslMode) start.Environment["PGSSLMODE"] = sslMode;
        start.Environment["PGAPPNAME"] = "renhe-backup";

        using var process = Process.Start(start) ?? throw new BackupException(BackupCommands.ToolFailed, $"{program} could not be started.");
        var errors = new StringBuilder();
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (errors) errors.AppendLine(e.Data); };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (errors) errors.AppendLine(e.Data); };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        await process.WaitForExitAsync(CancellationToken.None); // drains the redirected output
        if (process.ExitCode != 0)
            throw new BackupException(BackupCommands.ToolFailed,
                $"{Path.GetFileName(program)} failed with exit code {process.ExitCode}:{Environment.NewLine}{errors.ToString().TrimEnd()}");
    }

    private static string? SslMode(Npgsql.SslMode mode) => mode switch
    {
        Npgsql.SslMode.Disable => "disable",
        Npgsql.SslMode.Allow => "allow",
        Npgsql.SslMode.Require => "require",
        Npgsql.SslMode.VerifyCA => "verify-ca",
        Npgsql.SslMode.VerifyFull => "verify-full",
        _ => null, // Prefer, libpq's default too
    };
}
