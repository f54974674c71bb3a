using System.Security.Cryptography;

namespace Renhe.Modules.Risk.Archive;

/// The ECDSA P-256 key that signs the daily digests, so that anyone holding only the public key
/// (an arbitrator, the other side's expert) can check a signed head without being able to sign one.
/// Like <see cref="DigestKey"/> it never lives in the database: configuration
/// (<c>Risk:DigestSigningKey</c>, a PKCS#8 PEM or its base64 DER; instances that share a database
/// must share it) or the file <c>keys/archive-digest-ecdsa.key</c> (PKCS#8 PEM, mode 600), created on
/// first start.
public sealed class ArchiveSigningKey
{
    public const string FileName = "archive-digest-ecdsa.key";
    public const string Setting = "Risk:DigestSigningKey";

    public ArchiveSigningKey(byte[] pkcs8PrivateKey)
    {
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(pkcs8PrivateKey, out _);
        if (ecdsa.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            throw new ArgumentException("The digest signing key must be an ECDSA P-256 key.", nameof(pkcs8PrivateKey));
        PrivateKey = pkcs8PrivateKey;
        PublicKey = ecdsa.ExportSubjectPublicKeyInfo();
        PublicKeyPem = ecdsa.ExportSubjectPublicKeyInfoPem() + "\n";
        Fingerprint = PublicKeyFingerprint(PublicKey);
        Id = KeyIdOf(PublicKey);
    }

    public byte[] PrivateKey { get; }

    /// SubjectPublicKeyInfo (DER).
    public byte[] PublicKey { get; }

    public string PublicKeyPem { get; }

    /// SHA-256 of the SubjectPublicKeyInfo DER, lower-case hex: what `openssl pkey -pubin -outform DER | sha256sum` prints.
    public string Fingerprint { get; }

    /// Names the key in stored digests: "ecdsa-" and the first 16 hex digits of the fingerprint.
    public string Id { get; }

    public static string PublicKeyFingerprint(ReadOnlySpan<byte> subjectPublicKeyInfo) => Convert.ToHexStringLower(SHA256.HashData(subjectPublicKeyInfo));

    public static string KeyIdOf(ReadOnlySpan<byte> subjectPublicKeyInfo) => "ecdsa-" + PublicKeyFingerprint(subjectPublicKeyInfo)[..16];

    /// Signs with the private key; the signature is IEEE P1363 (r|s, 64 bytes).
    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(PrivateKey, out _);
        return ecdsa.SignData(data, HashAlgorithmName.SHA256);
    }

    public static ArchiveSigningKey FromConfiguration(IConfiguration configuration, string keysDirectory)
    {
        if (configuration[Setting] is { Length: > 0 } configured) return new ArchiveSigningKey(ReadPrivateKey(configured));
        Directory.CreateDirectory(keysDirectory);
        var path = Path.Combine(keysDirectory, FileName);
        if (!File.Exists(path))
        {
            using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            // Created readable by the owner only from the first byte, not chmod-ed after writing.
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            try
            {
                using var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options);
                writer.Write(ecdsa.ExportPkcs8PrivateKeyPem() + "\n");
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another instance on the same folder created it first: use theirs.
            }
        }
        return new ArchiveSigningKey(ReadPrivateKey(File.ReadAllText(path)));
    }

    private static byte[] ReadPrivateKey(string text)
    {
        text = text.Trim();
        if (!text.StartsWith("-----", StringComparison.Ordinal)) return Convert.FromBase64String(text);
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(text);
        return ecdsa.ExportPkcs8PrivateKey();
    }
}
