using System.Security.Cryptography;

namespace Renhe.Modules.Risk.Archive;

/// The HMAC key that signs the daily digests. Like the field-encryption key it never lives in the
/// database: configuration (<c>Risk:DigestKey</c>, base64 of at least 32 bytes) or the file
/// <c>keys/archive-digest.key</c> in the data folder, created on first start. Someone who can
/// rewrite the database but not read this key cannot forge a signed head.
public sealed class DigestKey
{
    public DigestKey(byte[] key)
    {
        if (key.Length < 32) throw new ArgumentException("The digest key must be at least 32 bytes.", nameof(key));
        Key = key;
        Id = Convert.ToHexStringLower(SHA256.HashData(key).AsSpan(0, 8));
    }

    public byte[] Key { get; }

    /// A fingerprint that names the key in stored digests without revealing it.
    public string Id { get; }

    public static DigestKey FromConfiguration(IConfiguration configuration, string keysDirectory)
    {
        if (configuration["Risk:DigestKey"] is { Length: > 0 } configured) return new DigestKey(Convert.FromBase64String(configured));
        Directory.CreateDirectory(keysDirectory);
        var path = Path.Combine(keysDirectory, "archive-digest.key");
        if (!File.Exists(path))
        {
            File.WriteAllText(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return new DigestKey(Convert.FromBase64String(File.ReadAllText(path).Trim()));
    }
}
