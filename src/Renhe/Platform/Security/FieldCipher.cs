using System.Security.Cryptography;
using System.Text;

namespace Renhe.Platform.Security;

/// Encrypts personal data (ID card numbers, personal phones, bank accounts) at rest with
/// AES-256-GCM, and derives blind indexes (HMAC-SHA256) so uniqueness can be checked without
/// decrypting. The keys never live in the database: they come from configuration
/// (<c>Encryption:Key</c>, base64 of 32 bytes) or from a key file in the data folder.
///
/// Stored form: "v1:" + base64(nonce[12] | tag[16] | ciphertext).
public sealed class FieldCipher
{
    private const string Prefix = "v1:";
    private const int NonceSize = 12, TagSize = 16;
    private readonly byte[] _encryptionKey;
    private readonly byte[] _indexKey;

    public FieldCipher(byte[] masterKey)
    {
        if (masterKey.Length != 32) throw new ArgumentException("The field encryption key must be 32 bytes (AES-256).", nameof(masterKey));
        // Separate keys for secrecy and for the blind index, both derived from the one master key.
        _encryptionKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, info: "renhe:field:aes-gcm"u8.ToArray());
        _indexKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, info: "renhe:field:blind-index"u8.ToArray());
    }

    public string? Encrypt(string? plaintext)
    {
        if (plaintext is null) return null;
        var data = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[NonceSize + TagSize + data.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_encryptionKey, TagSize);
        aes.Encrypt(nonce, data, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize));
        return Prefix + Convert.ToBase64String(output);
    }

    public string? Decrypt(string? stored)
    {
        if (stored is null) return null;
        if (!stored.StartsWith(Prefix, StringComparison.Ordinal)) throw new CryptographicException("Unknown field encryption format.");
        var bytes = Convert.FromBase64String(stored[Prefix.Length..]);
        var plaintext = new byte[bytes.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_encryptionKey, TagSize);
        aes.Decrypt(bytes.AsSpan(0, NonceSize), bytes.AsSpan(NonceSize + TagSize), bytes.AsSpan(NonceSize, TagSize), plaintext);
        return Encoding.UTF8.GetString(plaintext);
    }

    /// A deterministic keyed hash of a normalised value: equal inputs give equal indexes, and the
    /// index reveals nothing without the key.
    public string? BlindIndex(string? normalised) =>
        normalised is null ? null : Convert.ToHexString(HMACSHA256.HashData(_indexKey, Encoding.UTF8.GetBytes(normalised)));

    /// The master key from configuration, or from <c>keys/field.key</c> in the data folder
    /// (created on first start). Losing it makes the encrypted fields unreadable: back it up.
    public static FieldCipher FromConfiguration(IConfiguration configuration, string keysDirectory)
    {
        if (configuration["Encryption:Key"] is { Length: > 0 } configured) return new FieldCipher(Convert.FromBase64String(configured));
        Directory.CreateDirectory(keysDirectory);
        var path = Path.Combine(keysDirectory, "field.key");
        if (!File.Exists(path))
        {
            var key = RandomNumberGenerator.GetBytes(32);
            File.WriteAllText(path, Convert.ToBase64String(key));
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return new FieldCipher(Convert.FromBase64String(File.ReadAllText(path).Trim()));
    }
}
