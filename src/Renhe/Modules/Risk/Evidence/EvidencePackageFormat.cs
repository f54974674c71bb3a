using System.Buffers.Binary;
using System.Formats.Asn1;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Renhe.Modules.Risk.Evidence;

/// The layout of an evidence package, shared by the writer and the offline verifier (ADR 0017).
///
///   report.html                 the printable report (Chinese)
///   records/{seq}.bin           an archive record's canonical bytes: exactly what the hash chain hashes
///   records/{seq}.json          the same record, readable, with its chain hash
///   items/{n}-{kind}.json       every other evidence item, as the case handed it over
///   proof/public-key.pem        the ECDSA P-256 key that signed the digests and the manifest
///   proof/digests/{day}.*       a signed daily digest: .json readable, .bin its signed encoding,
///                               .sig (P1363 r|s), .sig.der (DER, for openssl), .tst the RFC 3161 token if any
///   proof/chain/{seq}.bin       canonical bytes of the records between an evidence record and its
///                               digest that are not evidence themselves: needed to recompute forward
///   proof/proofs.json           which digest (or the export-time head) covers each evidence record
///   acknowledgements.json, custody.log
///   SHA256SUMS                  every file above in `sha256sum -c` form
///   manifest.json               every file above with its size and SHA-256
///   manifest.sig, manifest.sig.der   ECDSA P-256 over manifest.json, P1363 and DER
public static class EvidencePackageFormat
{
    public const string Version = "renhe-evidence/1";
    public const string Manifest = "manifest.json";
    public const string ManifestSignature = "manifest.sig";
    public const string ManifestSignatureDer = "manifest.sig.der";
    public const string PublicKey = "proof/public-key.pem";
    public const string Proofs = "proof/proofs.json";
    public const string Sums = "SHA256SUMS";

    /// The names of <see cref="Renhe.Modules.Risk.Archive.ArchivedRecord.ChainFields"/>, in the same order.
    public static readonly string[] ChainFieldNames =
    [
        "class", "channel", "sourceId", "employeeId", "unknownEmployee", "senderRaw", "counterpartExternalId",
        "counterpartPhone", "counterpartRaw", "at", "msgType", "action", "referencedSourceId", "content", "body",
    ];

    public static string RecordBin(long seq) => $"records/{seq.ToString("D10", CultureInfo.InvariantCulture)}.bin";
    public static string RecordJson(long seq) => $"records/{seq.ToString("D10", CultureInfo.InvariantCulture)}.json";
    public static string ChainBin(long seq) => $"proof/chain/{seq.ToString("D10", CultureInfo.InvariantCulture)}.bin";
    public static string DigestFile(DateOnly day, string extension) => $"proof/digests/{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}{extension}";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Chinese stays readable in the files; they are never embedded in HTML unescaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// Reads the seq, fields and previous hash back out of a record's canonical bytes (HashChain's
    /// version-1 encoding); null when the bytes are not such an encoding.
    public static DecodedRecord? Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 4 + 8 + 4 + 32 || !bytes[..4].SequenceEqual("RHC1"u8)) return null;
        var seq = BinaryPrimitives.ReadInt64BigEndian(bytes[4..]);
        var count = BinaryPrimitives.ReadUInt32BigEndian(bytes[12..]);
        var at = 16;
        var fields = new List<string?>();
        var strict = new UTF8Encoding(false, true);
        for (var i = 0; i < count; i++)
        {
            if (at + 4 > bytes.Length) return null;
            var length = BinaryPrimitives.ReadUInt32BigEndian(bytes[at..]);
            at += 4;
            if (length == uint.MaxValue)
            {
                fields.Add(null);
                continue;
            }
            if (length > bytes.Length - at) return null;
            try
            {
                fields.Add(strict.GetString(bytes.Slice(at, (int)length)));
            }
            catch (DecoderFallbackException)
            {
                return null;
            }
            at += (int)length;
        }
        if (bytes.Length - at != 32) return null;
        return new DecodedRecord(seq, fields, bytes[at..].ToArray());
    }

    /// An IEEE P1363 (r|s) ECDSA signature as the DER SEQUENCE of two INTEGERs openssl expects.
    public static byte[] P1363ToDer(ReadOnlySpan<byte> signature)
    {
        var half = signature.Length / 2;
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteIntegerUnsigned(signature[..half]);
            writer.WriteIntegerUnsigned(signature[half..]);
        }
        return writer.Encode();
    }
}

public sealed record DecodedRecord(long Seq, IReadOnlyList<string?> Fields, byte[] PreviousHash);

/// manifest.json.
public sealed record EvidenceManifest(string Format, string CaseNumber, DateTimeOffset CreatedAt, string PublicKeyFingerprint,
    IReadOnlyList<EvidenceManifestFile> Files);

public sealed record EvidenceManifestFile(string Path, long Size, string Sha256);

/// records/{seq}.json: the record readable, its chain hash, and the fields by name.
public sealed record EvidenceRecordJson(long Seq, string Hash, string PreviousHash, DateTimeOffset ArchivedAt,
    IReadOnlyDictionary<string, string?> Fields);

/// proof/digests/{day}.json.
public sealed record EvidenceDigestJson(DateOnly Day, long HeadSeq, string HeadHash, long RecordCount, string Scheme, string KeyId,
    DateTimeOffset SignedAt, DateTimeOffset? TimestampedAt, string? TimestampAuthority);

/// proof/proofs.json: per evidence record, how it reaches a signed head. Digest is the day of the
/// covering daily digest; null with <see cref="EvidenceProofs.Head"/> coverage when no digest covers it yet.
public sealed record EvidenceProofs(IReadOnlyList<EvidenceRecordProof> Records, EvidenceHead? Head);

public sealed record EvidenceRecordProof(long Seq, string Hash, DateOnly? Digest, string Coverage);

/// The chain head when the package was written: what records after the last daily digest link to.
public sealed record EvidenceHead(long Seq, string Hash, DateTimeOffset At);

public static class EvidenceCoverage
{
    /// Reaches a signed daily digest.
    public const string Digest = "digest";
    /// Newer than the last daily digest: reaches the export-time head, which only the package signature covers.
    public const string Head = "head";
    /// Records between it and any digest were purged (retention): no chain to a signed head.
    public const string Broken = "broken";
}
