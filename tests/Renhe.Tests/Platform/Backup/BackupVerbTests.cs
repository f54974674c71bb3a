using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Platform.Backup;

/// `backup` and `restore` refuse what would lose or overwrite data, and say so.
[Trait("Category", "Integration")]
public sealed class BackupVerbTests(BackedUpDataFolder folder) : IClassFixture<BackedUpDataFolder>, IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("renhe-backup-verb-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_scratch, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [Fact]
    public async Task Backup_refuses_to_overwrite_an_existing_file()
    {
        var before = await File.ReadAllBytesAsync(folder.Backup);

        var run = await RenheProgram.RunAsync(["backup", folder.Backup, "--data-dir", folder.DataDir]);

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains($"{folder.Backup} already exists", run.Errors);
        Assert.Equal(before, await File.ReadAllBytesAsync(folder.Backup));
        Assert.False(File.Exists(folder.Backup + ".partial"));
    }

    [Fact]
    public async Task Restore_refuses_a_folder_that_is_not_empty_and_changes_nothing_in_it()
    {
        var target = Path.Combine(_scratch, "in-use");
        Directory.CreateDirectory(target);
        await File.WriteAllTextAsync(Path.Combine(target, "renhe.db"), "the database someone still needs");

        var run = await RenheProgram.RunAsync(["restore", folder.Backup, "--data-dir", target]);

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains($"{target} is not empty", run.Errors);
        Assert.Equal(["renhe.db"], Directory.GetFileSystemEntries(target).Select(Path.GetFileName));
        Assert.Equal("the database someone still needs", await File.ReadAllTextAsync(Path.Combine(target, "renhe.db")));
    }

    [Fact]
    public async Task Restore_refuses_a_backup_whose_database_does_not_match_its_hash_and_writes_nothing()
    {
        // The zip itself is sound; only its database differs from what the manifest says was backed up.
        var altered = Path.Combine(_scratch, "altered.zip");
        File.Copy(folder.Backup, altered);
        using (var zip = ZipFile.Open(altered, ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry("renhe.db")!;
            byte[] database;
            await using (var stream = entry.Open())
            using (var copy = new MemoryStream())
            {
                await stream.CopyToAsync(copy);
                database = copy.ToArray();
            }
            database[database.Length / 2] ^= 0x5A;
            entry.Delete();
            await using var replaced = zip.CreateEntry("renhe.db").Open();
            await replaced.WriteAsync(database);
        }
        var target = Path.Combine(_scratch, "restored");

        var run = await RenheProgram.RunAsync(["restore", altered, "--data-dir", target]);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("'renhe.db' does not match its SHA-256", run.Errors);
        Assert.False(Directory.Exists(target), "a refused restore left a folder behind");
    }

    [Fact]
    public async Task Restore_refuses_a_backup_file_damaged_on_disk_and_writes_nothing()
    {
        var damaged = Path.Combine(_scratch, "damaged.zip");
        var bytes = await File.ReadAllBytesAsync(folder.Backup);
        // Inside the compressed database, the first entry of the file.
        for (var i = 0; i < 64; i++) bytes[200 + i * 97] ^= 0xFF;
        await File.WriteAllBytesAsync(damaged, bytes);
        var target = Path.Combine(_scratch, "restored");

        var run = await RenheProgram.RunAsync(["restore", damaged, "--data-dir", target]);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("renhe.db", run.Errors);
        Assert.False(Directory.Exists(target), "a refused restore left a folder behind");
    }

    [Fact]
    public async Task A_key_from_configuration_stays_out_of_the_file_and_both_verbs_say_where_to_copy_it()
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var backup = Path.Combine(_scratch, "configured-key.zip");

        // The key after the file name, as an operator types it.
        var run = await RenheProgram.RunAsync(["backup", backup, "--data-dir", folder.DataDir, $"--Encryption:Key={key}"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Encryption:Key comes from configuration and is NOT in the backup file", run.Output);
        Assert.Contains("Encryption__Key", run.Output);
        using (var zip = ZipFile.OpenRead(backup))
        {
            Assert.DoesNotContain(zip.Entries, e => e.FullName == "keys/field.key");
            Assert.Contains(zip.Entries, e => e.FullName == "keys/archive-digest.key");
            foreach (var entry in zip.Entries)
            {
                await using var stream = entry.Open();
                using var reader = new StreamReader(stream);
                Assert.DoesNotContain(key, await reader.ReadToEndAsync());
            }
            var manifest = await ManifestAsync(zip);
            var configured = Assert.Single(manifest.GetProperty("configuredKeys").EnumerateArray());
            Assert.Equal("Encryption:Key", configured.GetProperty("setting").GetString());
        }

        var without = await RenheProgram.RunAsync(["restore", backup, "--data-dir", Path.Combine(_scratch, "without-key")]);
        Assert.True(without.ExitCode == 0, without.ToString());
        Assert.Contains("Encryption:Key comes from configuration and is NOT in the backup file", without.Output);

        var with = await RenheProgram.RunAsync(["restore", backup, "--data-dir", Path.Combine(_scratch, "with-key"), $"--Encryption:Key={key}"]);
        Assert.True(with.ExitCode == 0, with.ToString());
        Assert.Contains("Encryption:Key is set here and matches the backup's key", with.Output);
    }

    [Fact]
    public async Task A_postgres_backup_without_pg_dump_names_what_to_install_and_writes_nothing()
    {
        var backup = Path.Combine(_scratch, "postgres.zip");

        var run = await RenheProgram.RunAsync(
            ["backup", backup, "--Database:Provider=Postgres", "--ConnectionStrings:Renhe=Host=localhost;Database=renhe;Username=renhe"],
            new Dictionary<string, string?> { ["PATH"] = _scratch });

        Assert.True(run.ExitCode == 4, run.ToString());
        Assert.Contains("pg_dump was not found on PATH", run.Errors);
        Assert.Contains("postgresql-client", run.Errors);
        Assert.Empty(Directory.GetFiles(_scratch));
    }

    [Fact]
    public async Task Help_lists_backup_and_restore_and_the_exit_codes()
    {
        var run = await RenheProgram.RunAsync(["--help"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("backup <file>", run.Output);
        Assert.Contains("restore <file> --data-dir <new folder>", run.Output);
        Assert.Contains("Exit codes: 0 done", run.Output);
    }

    internal static async Task<JsonElement> ManifestAsync(ZipArchive zip)
    {
        await using var stream = zip.GetEntry("manifest.json")!.Open();
        return (await JsonDocument.ParseAsync(stream)).RootElement.Clone();
    }
}

/// A data folder with a migrated database and both key files, and a backup of it.
public sealed class BackedUpDataFolder : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("renhe-backup-folder-").FullName;

    public string DataDir => Path.Combine(_root, "data");

    public string Backup => Path.Combine(_root, "renhe.zip");

    public async ValueTask InitializeAsync()
    {
        var migrate = await RenheProgram.RunAsync(["migrate", "--data-dir", DataDir]);
        Assert.True(migrate.ExitCode == 0, migrate.ToString());
        Directory.CreateDirectory(Path.Combine(DataDir, "keys"));
        foreach (var key in new[] { "field.key", "archive-digest.key" })
            await File.WriteAllTextAsync(Path.Combine(DataDir, "keys", key), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        var backup = await RenheProgram.RunAsync(["backup", Backup, "--data-dir", DataDir]);
        Assert.True(backup.ExitCode == 0, backup.ToString());
    }

    public ValueTask DisposeAsync()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return ValueTask.CompletedTask;
    }
}
