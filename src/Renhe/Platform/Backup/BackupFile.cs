using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Renhe.Platform.Backup;

/// A refusal or failure of backup/restore: the message for the operator and the exit code.
public sealed class BackupException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

/// Writes the zip: each entry hashed while it is written, manifest.json last.
internal sealed class BackupFileWriter(Stream file, DateTimeOffset createdAt, TextWriter output) : IDisposable
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(5);
    private readonly ZipArchive _zip = new(file, ZipArchiveMode.Create, leaveOpen: false);
    private readonly List<BackupEntry> _entries = [];

    public IReadOnlyList<BackupEntry> Entries => _entries;

    public async Task AddFileAsync(string name, string path, CompressionLevel compression, CancellationToken ct)
    {
        var entry = _zip.CreateEntry(name, compression);
        entry.LastWriteTime = createdAt;
        await using var source = File.OpenRead(path);
        await using var target = entry.Open();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        long written = 0;
        var sinceProgress = Stopwatch.StartNew();
        int read;
        while ((read = await source.ReadAsync(buffer, ct)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            await target.WriteAsync(buffer.AsMemory(0, read), ct);
            written += read;
            if (sinceProgress.Elapsed > ProgressEvery)
            {
                await output.WriteLineAsync($"  … {name}: {BackupCommands.Size(written)} of {BackupCommands.Size(source.Length)}");
                sinceProgress.Restart();
            }
        }
        _entries.Add(new BackupEntry(name, written, Convert.ToHexStringLower(hash.GetHashAndReset())));
    }

    public async Task AddManifestAsync(BackupManifest manifest, CancellationToken ct)
    {
        var entry = _zip.CreateEntry(BackupManifest.FileName, CompressionLevel.Optimal);
        entry.LastWriteTime = createdAt;
        await using var target = entry.Open();
        await target.WriteAsync(manifest.ToJson(), ct);
    }

    public void Dispose() => _zip.Dispose();
}

/// Reads a backup and checks it before anything is written: a manifest this program understands,
/// every entry it lists present with its size and SHA-256, nothing unlisted or out of place.
internal static class BackupFileReader
{
    public static ZipArchive Open(string path)
    {
        try
        {
            return ZipFile.OpenRead(path);
        }
        catch (InvalidDataException)
        {
            throw new BackupException(BackupCommands.Damaged, $"{path} is not a Renhe backup: it is not a readable zip file.");
        }
    }

    public static async Task<BackupManifest> VerifyAsync(ZipArchive zip, string path, CancellationToken ct)
    {
        var manifestEntry = zip.GetEntry(BackupManifest.FileName)
                            ?? throw new BackupException(BackupCommands.Damaged, $"{path} is not a Renhe backup: it has no {BackupManifest.FileName}.");
        BackupManifest? manifest;
        try
        {
            await using var json = manifestEntry.Open();
            manifest = BackupManifest.FromJson(json);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidDataException or NotSupportedException)
        {
            throw new BackupException(BackupCommands.Damaged, $"{path}: {BackupManifest.FileName} cannot be read ({e.Message}).");
        }
        if (manifest is null || manifest.Format != BackupManifest.FormatName || manifest.Entries is null || manifest.Tables is null)
            throw new BackupException(BackupCommands.Damaged, $"{path} is not a Renhe backup: its {BackupManifest.FileName} is not a Renhe backup manifest.");
        if (manifest.FormatVersion > BackupManifest.CurrentFormatVersion)
            throw new BackupException(BackupCommands.Damaged,
                $"{path} was written by Renhe {manifest.ProgramVersion} in backup format {manifest.FormatVersion}; this program reads up to " +
                $"format {BackupManifest.CurrentFormatVersion}. Restore it with that version of Renhe or a newer one.");

        var listed = manifest.Entries.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var entry in zip.Entries)
            if (entry.FullName != BackupManifest.FileName && !listed.Contains(entry.FullName))
                throw new BackupException(BackupCommands.Damaged, $"{path}: entry '{entry.FullName}' is not listed in the manifest.");
        if (!listed.Contains(manifest.Database))
            throw new BackupException(BackupCommands.Damaged, $"{path}: the database entry '{manifest.Database}' is missing from the manifest.");

        foreach (var expected in manifest.Entries)
        {
            if (!BackupManifest.IsKnownEntryName(expected.Name))
                throw new BackupException(BackupCommands.Damaged, $"{path}: entry '{expected.Name}' is not something a Renhe backup contains.");
            var entry = zip.GetEntry(expected.Name)
                        ?? throw new BackupException(BackupCommands.Damaged, $"{path}: entry '{expected.Name}' listed in the manifest is missing.");
            var (size, sha256) = await HashAsync(entry, path, ct);
            if (size != expected.Size || !string.Equals(sha256, expected.Sha256, StringComparison.OrdinalIgnoreCase))
                throw new BackupException(BackupCommands.Damaged,
                    $"{path}: entry '{expected.Name}' does not match its SHA-256 in the manifest (expected {expected.Sha256}, " +
                    $"{expected.Size.ToString("N0", CultureInfo.InvariantCulture)} bytes; found {sha256}, {size.ToString("N0", CultureInfo.InvariantCulture)} bytes). " +
                    "The file is damaged or was altered; nothing was restored.");
        }
        return manifest;
    }

    /// Writes an entry to <paramref name="path"/>, which must not exist yet.
    public static async Task ExtractAsync(ZipArchiveEntry entry, string path, UnixFileMode? mode, CancellationToken ct)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (mode is { } m && !OperatingSystem.IsWindows()) options.UnixCreateMode = m;
        await using var target = new FileStream(path, options);
        await using var source = entry.Open();
        await source.CopyToAsync(target, 1 << 20, ct);
    }

    private static async Task<(long Size, string Sha256)> HashAsync(ZipArchiveEntry entry, string path, CancellationToken ct)
    {
        try
        {
            await using var stream = entry.Open();
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[1 << 20];
            long size = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer, ct)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                size += read;
            }
            return (size, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        catch (InvalidDataException e)
        {
            // The zip's own checks (a broken compressed stream, a CRC mismatch) caught it first.
            throw new BackupException(BackupCommands.Damaged, $"{path}: entry '{entry.FullName}' cannot be read ({e.Message}). The file is damaged; nothing was restored.");
        }
    }
}
