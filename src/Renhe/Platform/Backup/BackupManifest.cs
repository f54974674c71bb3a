using System.Text.Json;
using System.Text.Json.Serialization;

namespace Renhe.Platform.Backup;

/// manifest.json, the last entry of a backup file: what the file holds and how to check it.
/// <see cref="Tables"/> are the row counts of the snapshot the database entry was taken from, so a
/// restore (or a person) can tell what "the data at backup time" was while Renhe kept writing.
public sealed record BackupManifest(
    string Format,
    int FormatVersion,
    string Provider,
    DateTimeOffset CreatedAt,
    string ProgramVersion,
    string? SchemaVersion,
    string Database,
    IReadOnlyDictionary<string, long> Tables,
    IReadOnlyList<BackupEntry> Entries,
    IReadOnlyList<ConfiguredKey> ConfiguredKeys)
{
    public const string FileName = "manifest.json";
    public const string FormatName = "renhe-backup";
    /// Raised when the file's layout changes; a restore refuses a version it does not know.
    public const int CurrentFormatVersion = 1;

    public const string SqliteEntry = "renhe.db";
    public const string PostgresEntry = "renhe.dump";
    public const string KeysFolder = "keys/";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Read by people too: "1.0.0+abc", not "1.0.0\u002Babc".
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static BackupManifest? FromJson(Stream json) => JsonSerializer.Deserialize<BackupManifest>(json, Json);

    /// An entry name a restore may write: the database, or a file directly under keys/. Anything
    /// else (a path climbing out of the folder, a subfolder) is not something a backup makes.
    public static bool IsKnownEntryName(string name) =>
        name is SqliteEntry or PostgresEntry
        || (name.StartsWith(KeysFolder, StringComparison.Ordinal) && name.Length > KeysFolder.Length
            && name[KeysFolder.Length..] is var file && file == Path.GetFileName(file)
            && file.IndexOfAny(['/', '\\', ':']) < 0 && file is not ("." or ".."));
}

public sealed record BackupEntry(string Name, long Size, string Sha256);

/// A key the data needs that came from configuration and so is not in the file: the setting to
/// carry over by hand, and a fingerprint (the first 8 bytes of its SHA-256) to tell the right one.
public sealed record ConfiguredKey(string Setting, string EnvironmentVariable, string Purpose, string Fingerprint);
