using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Reflection;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Renhe.Platform.Data;

namespace Renhe.Platform.Backup;

/// `backup <file>`: the database (a consistent snapshot while Renhe runs), the keys folder and a
/// manifest in one zip. `restore <file> --data-dir <dir>`: checks the file, then writes it into a
/// new folder (and, for PostgreSQL, an empty database). Both work from the configuration alone,
/// before the application is composed, so a refused restore leaves no folder behind.
public static class BackupCommands
{
    public const int Done = 0;
    /// The backup file is not a Renhe backup, or an entry does not match its SHA-256.
    public const int Damaged = 1;
    public const int Usage = 2;
    /// Something would be overwritten: an existing file, a non-empty folder, a database with Renhe tables.
    public const int Refused = 3;
    /// The database, pg_dump or pg_restore failed, or a PostgreSQL client program is missing.
    public const int ToolFailed = 4;

    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static async Task<int> RunAsync(string verb, IReadOnlyList<string> arguments, IConfiguration configuration,
        TextWriter output, TextWriter errors, CancellationToken ct = default)
    {
        var file = arguments.Count > 0 && !arguments[0].StartsWith('-') ? arguments[0] : null;
        try
        {
            return verb == "restore"
                ? await RestoreAsync(file, configuration, output, ct)
                : await BackupAsync(file, configuration, output, ct);
        }
        catch (BackupException e)
        {
            await errors.WriteLineAsync(e.Message);
            return e.ExitCode;
        }
        catch (ArgumentException e)
        {
            // A connection string that does not parse.
            await errors.WriteLineAsync($"{verb}: {e.Message}");
            return Usage;
        }
        catch (Exception e) when (e is DbException or IOException or UnauthorizedAccessException)
        {
            await errors.WriteLineAsync($"{verb} failed: {e.Message}");
            return ToolFailed;
        }
    }

    private static async Task<int> BackupAsync(string? file, IConfiguration configuration, TextWriter output, CancellationToken ct)
    {
        if (file is null)
            throw new BackupException(Usage, "backup needs the file to write: backup <file>, for example backup /var/backups/renhe-2026-12-07.zip.");
        var path = Path.GetFullPath(file);
        if (File.Exists(path) || Directory.Exists(path))
            throw new BackupException(Refused, $"{path} already exists. A backup never overwrites a file: choose a new name.");
        if (!Directory.Exists(Path.GetDirectoryName(path)))
            throw new BackupException(Usage, $"The folder {Path.GetDirectoryName(path)} does not exist.");
        var provider = Provider(configuration);
        var connectionString = provider == DatabaseProvider.Postgres ? PostgresConnectionString(configuration) : null;
        var sqlitePath = provider == DatabaseProvider.Sqlite ? SqliteBackup.DatabasePath(configuration) : null;
        if (sqlitePath is not null && !File.Exists(sqlitePath))
            throw new BackupException(Usage, $"There is no database at {sqlitePath}. Give the data folder Renhe runs on: backup <file> --data-dir <dir>.");
        if (provider == DatabaseProvider.Postgres) PostgresBackup.RequireTool("pg_dump");

        var clock = Stopwatch.StartNew();
        var createdAt = DateTimeOffset.UtcNow;
        var partial = path + ".partial";
        var databaseCopy = path + ".database.tmp";
        var stream = CreateOwnerOnly(partial, () => new BackupException(Refused,
            $"{partial} exists: a backup to {path} is running or was interrupted. Remove it once no backup is running."));
        var written = false;
        try
        {
            DatabaseSnapshot snapshot;
            string databaseEntry;
            var keyFiles = BackupKeys.Files(configuration);
            var configuredKeys = BackupKeys.Configured(configuration);
            using (var writer = new BackupFileWriter(stream, createdAt, output))
            {
                var copyClock = Stopwatch.StartNew();
                if (sqlitePath is not null)
                {
                    await output.WriteLineAsync($"Copying the SQLite database {sqlitePath} (Renhe may keep running) …");
                    snapshot = await SqliteBackup.CopyAsync(sqlitePath, databaseCopy, ct);
                    databaseEntry = BackupManifest.SqliteEntry;
                }
                else
                {
                    var settings = new NpgsqlConnectionStringBuilder(connectionString);
                    await output.WriteLineAsync($"Dumping the PostgreSQL database '{settings.Database}' on {settings.Host}:{settings.Port} with pg_dump (Renhe may keep running) …");
                    snapshot = await PostgresBackup.DumpAsync(connectionString!, databaseCopy, ct);
                    databaseEntry = BackupManifest.PostgresEntry;
                }
                await output.WriteLineAsync(Invariant(
                    $"  database: {Size(new FileInfo(databaseCopy).Length)}, {snapshot.Tables.Count} tables, {snapshot.Rows:N0} rows, in {copyClock.Elapsed.TotalSeconds:0.0} s"));
                // pg_dump's custom format is compressed already.
                await writer.AddFileAsync(databaseEntry, databaseCopy,
                    provider == DatabaseProvider.Sqlite ? CompressionLevel.Fastest : CompressionLevel.NoCompression, ct);
                File.Delete(databaseCopy);

                foreach (var key in keyFiles)
                    await writer.AddFileAsync(BackupManifest.KeysFolder + Path.GetFileName(key), key, CompressionLevel.Optimal, ct);
                await output.WriteLineAsync(keyFiles.Count > 0
                    ? $"  keys: {string.Join(", ", keyFiles.Select(Path.GetFileName))} (from {BackupKeys.KeysDirectory(configuration)})"
                    : $"  keys: none in {BackupKeys.KeysDirectory(configuration)}");

                await writer.AddManifestAsync(new BackupManifest(BackupManifest.FormatName, BackupManifest.CurrentFormatVersion,
                    provider.ToString(), createdAt, ProgramVersion, snapshot.SchemaVersion, databaseEntry, snapshot.Tables,
                    writer.Entries.ToList(), configuredKeys), ct);
            }
            File.Move(partial, path, overwrite: false);
            written = true;

            await output.WriteLineAsync(Invariant(
                $"Backup written: {path} ({Size(new FileInfo(path).Length)}, {snapshot.Tables.Count} tables, {snapshot.Rows:N0} rows, {keyFiles.Count} key files) in {clock.Elapsed.TotalSeconds:0.0} s."));
            await output.WriteLineAsync(Invariant($"It is the database as of {createdAt:yyyy-MM-dd HH:mm:ss} UTC, with the keys to read it: keep it where only administrators can read it."));
            foreach (var key in configuredKeys) await output.WriteLineAsync(BackupKeys.Instruction(key));
            if (!keyFiles.Any(k => Path.GetFileName(k) == "field.key") && configuredKeys.All(k => k.Setting != "Encryption:Key"))
                await output.WriteLineAsync($"WARNING: no field-encryption key: {BackupKeys.KeysDirectory(configuration)}/field.key does not exist and " +
                                            "Encryption:Key is not set. Unless Renhe has never started on this database, find that key and keep it with this backup.");
            await output.WriteLineAsync("Not in the file: Renhe's configuration (appsettings.json, environment variables such as " +
                                        "Database__Provider, ConnectionStrings__Renhe, WeCom__*, Risk__Retention__*). Keep a copy of it with your backups.");
            await output.WriteLineAsync(provider == DatabaseProvider.Sqlite
                ? "Restore with: restore <file> --data-dir <new folder>"
                : "Restore with: restore <file> --data-dir <new folder> --Database:Provider=Postgres --ConnectionStrings:Renhe=\"<an empty database>\"");
            return Done;
        }
        finally
        {
            TryDelete(databaseCopy);
            if (!written) TryDelete(partial);
        }
    }

    private static async Task<int> RestoreAsync(string? file, IConfiguration configuration, TextWriter output, CancellationToken ct)
    {
        if (file is null)
            throw new BackupException(Usage, "restore needs the backup file: restore <file> --data-dir <new folder>.");
        var path = Path.GetFullPath(file);
        if (!File.Exists(path)) throw new BackupException(Usage, $"{path} does not exist.");
        if (string.IsNullOrWhiteSpace(configuration["DataDir"]))
            throw new BackupException(Usage, "restore needs the folder to restore into: restore <file> --data-dir <new folder> (a new or empty folder).");
        var dataDir = BackupKeys.DataDirectory(configuration);
        var keysDir = BackupKeys.KeysDirectory(configuration);
        RefuseUnlessEmpty(dataDir);
        RefuseUnlessEmpty(keysDir);
        var provider = Provider(configuration);

        using var zip = BackupFileReader.Open(path);
        await output.WriteLineAsync($"Checking {path} …");
        var manifest = await BackupFileReader.VerifyAsync(zip, path, ct);
        await output.WriteLineAsync(Invariant(
            $"  {manifest.Provider} backup made {manifest.CreatedAt:yyyy-MM-dd HH:mm:ss} UTC by Renhe {manifest.ProgramVersion}: {manifest.Entries.Count} entries, every SHA-256 matches."));
        if (!Enum.TryParse<DatabaseProvider>(manifest.Provider, ignoreCase: true, out var backupProvider))
            throw new BackupException(Damaged, $"{path}: unknown database provider '{manifest.Provider}' in the manifest.");
        if (manifest.SchemaVersion is { } schema && !KnownMigrations.Contains(schema))
            await output.WriteLineAsync($"WARNING: the backup's database schema ({schema}) is unknown to this program (Renhe {ProgramVersion}); " +
                                        $"start the restored data with Renhe {manifest.ProgramVersion} or newer.");

        string? connectionString = null;
        string? sqlitePath = null;
        if (backupProvider == DatabaseProvider.Sqlite)
        {
            if (provider != DatabaseProvider.Sqlite)
                throw new BackupException(Usage, "This is a backup of a SQLite database; it restores into a data folder. Leave Database:Provider at Sqlite.");
            sqlitePath = SqliteBackup.DatabasePath(configuration);
            if (File.Exists(sqlitePath)) throw new BackupException(Refused, $"{sqlitePath} already exists; restore never overwrites a database.");
        }
        else
        {
            if (provider != DatabaseProvider.Postgres || string.IsNullOrWhiteSpace(configuration.GetConnectionString("Renhe")))
                throw new BackupException(Usage, "This is a backup of a PostgreSQL database. Name the empty database to restore it into: " +
                                                 "restore <file> --data-dir <new folder> --Database:Provider=Postgres " +
                                                 "--ConnectionStrings:Renhe=\"Host=…;Database=…;Username=…;Password=…\" (or the same settings as environment variables).");
            connectionString = PostgresConnectionString(configuration);
            PostgresBackup.RequireTool("pg_restore");
        }

        // Nothing has been written so far. From here on, whatever this restore creates is removed again if it fails.
        var created = new Stack<string>();
        var createdDatabase = false;
        try
        {
            if (connectionString is not null)
                createdDatabase = await PostgresBackup.PrepareEmptyDatabaseAsync(connectionString, manifest.Tables.Keys, ct);
            CreateFolder(dataDir, null, created);
            CreateFolder(keysDir, OwnerOnlyFolder, created);
            var keyNames = new List<string>();
            foreach (var key in manifest.Entries.Where(e => e.Name.StartsWith(BackupManifest.KeysFolder, StringComparison.Ordinal)))
            {
                var name = key.Name[BackupManifest.KeysFolder.Length..];
                var target = Path.Combine(keysDir, name);
                created.Push(target);
                await BackupFileReader.ExtractAsync(zip.GetEntry(key.Name)!, target, OwnerOnlyFile, ct);
                keyNames.Add(name);
            }

            var database = zip.GetEntry(manifest.Database)!;
            if (sqlitePath is not null)
            {
                CreateFolder(Path.GetDirectoryName(sqlitePath), null, created);
                created.Push(sqlitePath);
                await BackupFileReader.ExtractAsync(database, sqlitePath, null, ct);
                await output.WriteLineAsync(Invariant(
                    $"  database: {sqlitePath} ({Size(database.Length)}, {manifest.Tables.Count} tables, {manifest.Tables.Values.Sum():N0} rows)"));
            }
            else
            {
                var dump = Path.Combine(dataDir, "renhe.dump.restoring");
                created.Push(dump);
                await BackupFileReader.ExtractAsync(database, dump, OwnerOnlyFile, ct);
                var settings = new NpgsqlConnectionStringBuilder(connectionString);
                await output.WriteLineAsync($"  restoring into the PostgreSQL database '{settings.Database}' on {settings.Host}:{settings.Port} with pg_restore …");
                await PostgresBackup.RestoreAsync(connectionString!, dump, ct);
                File.Delete(dump);
                var restored = await PostgresBackup.SnapshotAsync(connectionString!, ct);
                var differences = manifest.Tables.Where(t => restored.Tables.GetValueOrDefault(t.Key, -1) != t.Value)
                    .Select(t => $"{t.Key}: {restored.Tables.GetValueOrDefault(t.Key, -1)} rows, the backup has {t.Value}").ToList();
                if (differences.Count > 0)
                    throw new BackupException(ToolFailed, "The restored database differs from the backup: " + string.Join("; ", differences));
                await output.WriteLineAsync(Invariant($"  database: {restored.Tables.Count} tables, {restored.Rows:N0} rows, as in the backup"));
            }
            await output.WriteLineAsync(keyNames.Count > 0 ? $"  keys: {string.Join(", ", keyNames)} → {keysDir}" : "  keys: none in the backup");

            foreach (var key in manifest.ConfiguredKeys ?? [])
            {
                var here = configuration[key.Setting];
                if (string.IsNullOrEmpty(here)) await output.WriteLineAsync(BackupKeys.Instruction(key));
                else if (BackupKeys.Fingerprint(here) == key.Fingerprint) await output.WriteLineAsync($"  {key.Setting} is set here and matches the backup's key.");
                else await output.WriteLineAsync($"WARNING: {key.Setting} is set here but is not the backup's key (fingerprint {BackupKeys.Fingerprint(here)}, " +
                                                 $"the backup's is {key.Fingerprint}). Set the key the backup was made with.");
            }
            await output.WriteLineAsync($"Restored into {dataDir}. Start Renhe with --data-dir {dataDir}" +
                                        (connectionString is null ? "" : " and the same Database:Provider and ConnectionStrings:Renhe") +
                                        "; check the archive with verify-archive.");
            return Done;
        }
        catch
        {
            while (created.TryPop(out var item))
            {
                if (File.Exists(item)) TryDelete(item);
                else if (Directory.Exists(item) && !Directory.EnumerateFileSystemEntries(item).Any()) Directory.Delete(item);
            }
            if (createdDatabase) await PostgresBackup.DropAsync(connectionString!, CancellationToken.None);
            throw;
        }
    }

    public static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => Invariant($"{bytes / (double)(1L << 30):0.0} GB"),
        >= 1L << 20 => Invariant($"{bytes / (double)(1L << 20):0.0} MB"),
        >= 1L << 10 => Invariant($"{bytes / (double)(1L << 10):0.0} KB"),
        _ => Invariant($"{bytes} bytes"),
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string ProgramVersion =>
        typeof(BackupCommands).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    private static HashSet<string> KnownMigrations =>
        typeof(BackupCommands).Assembly.GetTypes().Select(t => t.GetCustomAttribute<MigrationAttribute>()?.Id)
            .OfType<string>().ToHashSet(StringComparer.Ordinal);

    private static DatabaseProvider Provider(IConfiguration configuration) =>
        Enum.TryParse<DatabaseProvider>(configuration["Database:Provider"] ?? nameof(DatabaseProvider.Sqlite), ignoreCase: true, out var provider)
            ? provider
            : throw new BackupException(Usage, $"Unknown Database:Provider '{configuration["Database:Provider"]}'. Use Sqlite or Postgres.");

    private static string PostgresConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString("Renhe") is { Length: > 0 } configured
            ? configured
            : throw new BackupException(Usage, "Database:Provider is Postgres but ConnectionStrings:Renhe is not set.");

    /// A restore writes only where nothing is: an absent folder or an empty one.
    private static void RefuseUnlessEmpty(string folder)
    {
        if (File.Exists(folder)) throw new BackupException(Refused, $"{folder} is a file; restore needs a new or empty folder there.");
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            throw new BackupException(Refused, $"{folder} is not empty. Restore writes only into a new or empty folder, so that nothing there " +
                                               "is overwritten: choose another folder, or empty this one.");
    }

    private static void CreateFolder(string? folder, UnixFileMode? mode, Stack<string> created)
    {
        if (folder is null || Directory.Exists(folder)) return;
        CreateFolder(Path.GetDirectoryName(folder), null, created);
        if (mode is { } m && !OperatingSystem.IsWindows()) Directory.CreateDirectory(folder, m);
        else Directory.CreateDirectory(folder);
        created.Push(folder);
    }

    /// The backup file is readable by its owner only: it holds the keys to the personal data in it.
    private static FileStream CreateOwnerOnly(string path, Func<BackupException> exists)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnlyFile;
        try
        {
            return new FileStream(path, options);
        }
        catch (IOException) when (File.Exists(path))
        {
            throw exists();
        }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
