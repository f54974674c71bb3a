using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Renhe.Modules.Risk.Archive;

/// The daily digest: the chain head at the end of a day (the scheduling job decides the day
/// boundary), signed with a key that is not in the database, so that someone who can rewrite
/// rows and recompute hashes still cannot produce a head that verifies.
///
/// Two signing schemes, both over <see cref="Encode"/>:
/// - HMAC-SHA256 with a secret of at least 32 bytes: simple, but whoever verifies can also sign;
/// - ECDSA P-256 (IEEE P1363 r|s signature) with a PKCS#8 private key: the verify-archive page
///   and outside auditors need only the public key (SubjectPublicKeyInfo), which cannot sign.
///
/// Canonical digest encoding (version 1): "RHD1" | day "yyyy-MM-dd" (10 ASCII bytes) |
/// head seq int64 big-endian | record count int64 big-endian | head hash (32 bytes).
public sealed record ArchiveDigest(DateOnly Day, long HeadSeq, byte[] HeadHash, long RecordCount)
{
    private const int MinHmacKeyLength = 32;
    public const string SchemeHmac = "hmac-sha256";
    public const string SchemeEcdsa = "ecdsa-p256";

    public ChainCheckpoint Checkpoint => new(HeadSeq, HeadHash, Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    public byte[] Encode()
    {
        if (HeadHash.Length != HashChain.HashSize) throw new InvalidOperationException("The head hash is 32 bytes.");
        var buffer = new byte[4 + 10 + 8 + 8 + HashChain.HashSize];
        var span = buffer.AsSpan();
        "RHD1"u8.CopyTo(span);
        Encoding.ASCII.GetBytes(Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), span[4..]);
        BinaryPrimitives.WriteInt64BigEndian(span[14..], HeadSeq);
        BinaryPrimitives.WriteInt64BigEndian(span[22..], RecordCount);
        HeadHash.CopyTo(span[30..]);
        return buffer;
    }

    public byte[] SignHmac(ReadOnlySpan<byte> key)
    {
        if (key.Length < MinHmacKeyLength) throw new ArgumentException("The digest key must be at least 32 bytes.", nameof(key));
        return HMACSHA256.HashData(key, Encode());
    }

    public bool VerifyHmac(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> key) =>
        key.Length >= MinHmacKeyLength && CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, Encode()), signature);

    public byte[] SignEcdsa(ReadOnlySpan<byte> pkcs8PrivateKey)
    {
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(pkcs8PrivateKey, out _);
        RequireP256(ecdsa);
        return ecdsa.SignData(Encode(), HashAlgorithmName.SHA256);
    }

    public bool VerifyEcdsa(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> subjectPublicKeyInfo)
    {
        using var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
        }
        catch (CryptographicException)
        {
            return false;
        }
        return IsP256(ecdsa) && ecdsa.VerifyData(Encode(), signature, HashAlgorithmName.SHA256);
    }

    /// A fresh key pair: the private key (PKCS#8) goes to the key folder or a secret store, the
    /// public key (SubjectPublicKeyInfo) to whoever verifies.
    public static (byte[] PrivateKey, byte[] PublicKey) CreateEcdsaKeyPair()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return (ecdsa.ExportPkcs8PrivateKey(), ecdsa.ExportSubjectPublicKeyInfo());
    }

    private static bool IsP256(ECDsa ecdsa) =>
        ecdsa.ExportParameters(includePrivateParameters: false).Curve.Oid.Value == ECCurve.NamedCurves.nistP256.Oid.Value;

    private static void RequireP256(ECDsa ecdsa)
    {
        if (!IsP256(ecdsa)) throw new ArgumentException("The digest key must be an ECDSA P-256 key.");
    }
}
