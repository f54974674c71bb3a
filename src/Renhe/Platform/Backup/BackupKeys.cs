using System.Security.Cryptography;

namespace Renhe.Platform.Backup;

/// The keys the data cannot be read without, which never live in the database: the field
/// encryption key (FieldCipher) and the archive digest key (DigestKey), in one folder, or from
/// configuration instead. (The Data Protection key ring is in the database, and so in its copy; key
/// files an earlier version left in the folder travel along.)
public static class BackupKeys
{
    private static readonly (string Setting, string File, string Purpose)[] KeySettings =
    [
        ("Encryption:Key", "field.key", "field encryption: ID card numbers, personal phones and bank accounts cannot be read without it"),
        ("Risk:DigestKey", "archive-digest.key", "archive digest signatures: verify-archive cannot check the signed daily digests without it"),
        ("Risk:DigestSigningKey", "archive-digest-ecdsa.key", "archive digest and evidence package signatures: without it a restored Renhe signs with a new key, and its published public key changes"),
    ];

    /// The same folder FieldCipher and DigestKey use (DatabaseSetup.KeysDirectory, without creating the data folder).
    public static string KeysDirectory(IConfiguration configuration) =>
        Path.GetFullPath(configuration["Keys:Dir"] ?? configuration["DataProtection:KeysDir"] ?? Path.Combine(DataDirectory(configuration), "keys"));

    /// DatabaseSetup.DataDirectory without creating the folder: neither verb may leave one behind.
    public static string DataDirectory(IConfiguration configuration) => Path.GetFullPath(configuration["DataDir"] ?? "data");

    /// The files of the keys folder (none when it does not exist yet), except a key file that a
    /// configured key overrides: Renhe does not read it, and the backup should not carry a key
    /// that decrypts nothing in it as if it were the one.
    public static IReadOnlyList<string> Files(IConfiguration configuration)
    {
        var directory = KeysDirectory(configuration);
        if (!Directory.Exists(directory)) return [];
        var overridden = KeySettings.Where(k => !string.IsNullOrEmpty(configuration[k.Setting])).Select(k => k.File).ToHashSet(StringComparer.Ordinal);
        return Directory.GetFiles(directory).Where(f => !overridden.Contains(Path.GetFileName(f))).Order(StringComparer.Ordinal).ToList();
    }

    public static IReadOnlyList<ConfiguredKey> Configured(IConfiguration configuration) =>
        KeySettings.Where(k => !string.IsNullOrEmpty(configuration[k.Setting]))
            .Select(k => new ConfiguredKey(k.Setting, k.Setting.Replace(":", "__", StringComparison.Ordinal), k.Purpose,
                Fingerprint(configuration[k.Setting]!)))
            .ToList();

    /// Names a key without revealing it; a value that is not base64 is fingerprinted as written.
    public static string Fingerprint(string configured)
    {
        byte[] key;
        try { key = Convert.FromBase64String(configured.Trim()); }
        catch (FormatException) { key = System.Text.Encoding.UTF8.GetBytes(configured); }
        return Convert.ToHexStringLower(SHA256.HashData(key).AsSpan(0, 8));
    }

    /// What an operator must do about a key that is not in the file.
    public static string Instruction(ConfiguredKey key) =>
        $"{key.Setting} comes from configuration and is NOT in the backup file ({key.Purpose}). Copy the same value " +
        $"from where it is set now (environment variable {key.EnvironmentVariable}, appsettings.json or your secret store) " +
        $"into the configuration of the restored Renhe. Its fingerprint is {key.Fingerprint}.";
}
