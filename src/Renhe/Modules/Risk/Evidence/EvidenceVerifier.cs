using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Text.Json;
using Renhe.Modules.Risk.Archive;

namespace Renhe.Modules.Risk.Evidence;

public enum EvidenceCheckOutcome { Ok, Warning, Failed }

/// One line of the verification report: what was checked, in which file, for which record.
public sealed record EvidenceCheck(EvidenceCheckOutcome Outcome, string File, long? Seq, string Message)
{
    public override string ToString() =>
        $"{Outcome switch { EvidenceCheckOutcome.Ok => "OK  ", EvidenceCheckOutcome.Warning => "WARN", _ => "FAIL" }} {File}"
        + (Seq is { } s ? $" (record {s.ToString(CultureInfo.InvariantCulture)})" : "") + $": {Message}";
}

public sealed record EvidenceVerification(IReadOnlyList<EvidenceCheck> Checks, string? Fingerprint)
{
    public bool Verified => Checks.All(c => c.Outcome != EvidenceCheckOutcome.Failed);
}

/// Checks an evidence package with nothing but the package (and, optionally, the public key the
/// verifier trusts): no database, no configuration. Every check is reported, not only the first
/// failure, so a tampered package names each file and record that no longer holds.
public static class EvidenceVerifier
{
    public static EvidenceVerification Verify(Stream package, byte[]? trustedPublicKey = null)
    {
        var checks = new List<EvidenceCheck>();
        void Ok(string file, string message, long? seq = null) => checks.Add(new(EvidenceCheckOutcome.Ok, file, seq, message));
        void Warn(string file, string message, long? seq = null) => checks.Add(new(EvidenceCheckOutcome.Warning, file, seq, message));
        void Fail(string file, string message, long? seq = null) => checks.Add(new(EvidenceCheckOutcome.Failed, file, seq, message));

        Dictionary<string, byte[]> files;
        try
        {
            using var zip = new ZipArchive(package, ZipArchiveMode.Read, leaveOpen: true);
            files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var entry in zip.Entries)
            {
                using var stream = entry.Open();
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                files[entry.FullName] = copy.ToArray();
            }
        }
        catch (InvalidDataException e)
        {
            Fail("package", "not a readable ZIP: " + e.Message);
            return new EvidenceVerification(checks, null);
        }

        // The key: the package's own, and whether it is the one the verifier trusts.
        using var ecdsa = ECDsa.Create();
        byte[]? publicKey = null;
        string? fingerprint = null;
        if (files.TryGetValue(EvidencePackageFormat.PublicKey, out var pem))
        {
            try
            {
                ecdsa.ImportFromPem(System.Text.Encoding.ASCII.GetString(pem));
                publicKey = ecdsa.ExportSubjectPublicKeyInfo();
                fingerprint = ArchiveSigningKey.PublicKeyFingerprint(publicKey);
            }
            catch (Exception e) when (e is ArgumentException or CryptographicException)
            {
                Fail(EvidencePackageFormat.PublicKey, "not an ECDSA public key: " + e.Message);
            }
        }
        else
        {
            Fail(EvidencePackageFormat.PublicKey, "missing");
        }
        if (publicKey is not null)
        {
            if (ecdsa.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
                Fail(EvidencePackageFormat.PublicKey, "not a P-256 key");
            else if (trustedPublicKey is null)
                Warn(EvidencePackageFormat.PublicKey, $"SHA-256 fingerprint {fingerprint}; compare it with the fingerprint Renhe publishes (or pass --public-key)");
            else if (!trustedPublicKey.AsSpan().SequenceEqual(publicKey))
                Fail(EvidencePackageFormat.PublicKey, $"fingerprint {fingerprint} is not the trusted key's {ArchiveSigningKey.PublicKeyFingerprint(trustedPublicKey)}");
            else
                Ok(EvidencePackageFormat.PublicKey, $"SHA-256 fingerprint {fingerprint} is the trusted key");
        }
        bool Verifies(byte[] data, byte[] signature, DSASignatureFormat format) =>
            publicKey is not null && ecdsa.VerifyData(data, signature, HashAlgorithmName.SHA256, format);

        // The manifest: signed, and naming every file with its hash.
        EvidenceManifest? manifest = null;
        if (!files.TryGetValue(EvidencePackageFormat.Manifest, out var manifestBytes))
        {
            Fail(EvidencePackageFormat.Manifest, "missing");
        }
        else
        {
            foreach (var (name, format) in new[] { (EvidencePackageFormat.ManifestSignature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
                         (EvidencePackageFormat.ManifestSignatureDer, DSASignatureFormat.Rfc3279DerSequence) })
            {
                if (!files.TryGetValue(name, out var signature)) Fail(name, "missing");
                else if (!Verifies(manifestBytes, signature, format)) Fail(name, "the signature over manifest.json does not verify with the package's public key");
                else Ok(name, "the signature over manifest.json verifies");
            }
            try
            {
                manifest = JsonSerializer.Deserialize<EvidenceManifest>(manifestBytes, EvidencePackageFormat.Json);
            }
            catch (JsonException e)
            {
                Fail(EvidencePackageFormat.Manifest, "unreadable: " + e.Message);
            }
        }
        if (manifest is not null)
        {
            var listed = new HashSet<string>(StringComparer.Ordinal);
            var good = 0;
            foreach (var f in manifest.Files)
            {
                listed.Add(f.Path);
                if (!files.TryGetValue(f.Path, out var bytes)) Fail(f.Path, "listed in the manifest but missing from the package");
                else if (Convert.ToHexStringLower(SHA256.HashData(bytes)) != f.Sha256) Fail(f.Path, "SHA-256 differs from the manifest");
                else good++;
            }
            foreach (var name in files.Keys.Where(n => !listed.Contains(n) && n is not (EvidencePackageFormat.Manifest
                         or EvidencePackageFormat.ManifestSignature or EvidencePackageFormat.ManifestSignatureDer)).Order(StringComparer.Ordinal))
                Fail(name, "in the package but not in the manifest");
            Ok(EvidencePackageFormat.Manifest, $"{good} of {manifest.Files.Count} files match their SHA-256");
        }

        // Each record: its canonical bytes hash to the chain hash it claims, and say what its JSON says.
        var recordHashes = new Dictionary<long, byte[]>();
        foreach (var (name, bytes) in files.Where(f => f.Key.StartsWith("records/", StringComparison.Ordinal) && f.Key.EndsWith(".bin", StringComparison.Ordinal))
                     .OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var decoded = EvidencePackageFormat.Decode(bytes);
            if (decoded is null)
            {
                Fail(name, "not a canonical record encoding",
                    long.TryParse(Path.GetFileNameWithoutExtension(name), NumberStyles.None, CultureInfo.InvariantCulture, out var named) ? named : null);
                continue;
            }
            var seq = decoded.Seq;
            var hash = SHA256.HashData(bytes);
            recordHashes[seq] = hash;
            if (name != EvidencePackageFormat.RecordBin(seq))
            {
                Fail(name, $"holds record {seq}", seq);
                continue;
            }
            var jsonName = EvidencePackageFormat.RecordJson(seq);
            EvidenceRecordJson? json = null;
            try
            {
                json = files.TryGetValue(jsonName, out var jsonBytes) ? JsonSerializer.Deserialize<EvidenceRecordJson>(jsonBytes, EvidencePackageFormat.Json) : null;
            }
            catch (JsonException)
            {
            }
            if (json is null) Fail(jsonName, "missing or unreadable", seq);
            else if (json.Hash != Convert.ToHexStringLower(hash)) Fail(name, $"hashes to {Convert.ToHexStringLower(hash)}, not to its chain hash {json.Hash}", seq);
            else if (json.PreviousHash != Convert.ToHexStringLower(decoded.PreviousHash)
                     || !EvidencePackageFormat.ChainFieldNames.Select((n, i) => json.Fields.GetValueOrDefault(n) == decoded.Fields.ElementAtOrDefault(i)).All(x => x)
                     || decoded.Fields.Count != EvidencePackageFormat.ChainFieldNames.Length)
                Fail(jsonName, "the readable record differs from its canonical bytes", seq);
            else Ok(name, $"canonical bytes hash to the chain hash {json.Hash}", seq);
        }

        // Each record reaches a signed head: recompute the chain forward to the digest.
        EvidenceProofs? proofs = null;
        try
        {
            proofs = files.TryGetValue(EvidencePackageFormat.Proofs, out var proofBytes)
                ? JsonSerializer.Deserialize<EvidenceProofs>(proofBytes, EvidencePackageFormat.Json) : null;
        }
        catch (JsonException)
        {
        }
        if (proofs is null)
        {
            Fail(EvidencePackageFormat.Proofs, "missing or unreadable");
            return new EvidenceVerification(checks, fingerprint);
        }
        var digests = new Dictionary<DateOnly, EvidenceDigestJson?>();
        foreach (var day in proofs.Records.Where(p => p.Digest is not null).Select(p => p.Digest!.Value).Distinct().Order())
            digests[day] = CheckDigest(day, files, publicKey, Verifies, Ok, Warn, Fail);

        var targets = proofs.Records.GroupBy(p => p.Coverage == EvidenceCoverage.Digest ? p.Digest?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : p.Coverage);
        foreach (var group in targets)
        {
            var members = group.OrderBy(p => p.Seq).ToList();
            if (members[0].Coverage == EvidenceCoverage.Broken)
            {
                foreach (var p in members) Warn(EvidencePackageFormat.RecordBin(p.Seq), "no chain to a signed head: records after it were purged under retention", p.Seq);
                continue;
            }
            long headSeq;
            string headHash, label;
            if (members[0].Coverage == EvidenceCoverage.Digest)
            {
                var day = members[0].Digest!.Value;
                if (digests[day] is not { } digest)
                {
                    foreach (var p in members) Fail(EvidencePackageFormat.RecordBin(p.Seq), $"its digest of {day:yyyy-MM-dd} does not hold", p.Seq);
                    continue;
                }
                (headSeq, headHash, label) = (digest.HeadSeq, digest.HeadHash, $"the signed digest of {day:yyyy-MM-dd}");
            }
            else if (proofs.Head is { } head)
            {
                (headSeq, headHash, label) = (head.Seq, head.Hash, $"the export-time head {head.Seq}");
            }
            else
            {
                foreach (var p in members) Fail(EvidencePackageFormat.Proofs, "names the export-time head but has none", p.Seq);
                continue;
            }
            CheckChain(members, headSeq, headHash, label, files, recordHashes, Ok, Warn, Fail);
        }
        return new EvidenceVerification(checks, fingerprint);
    }

    private static EvidenceDigestJson? CheckDigest(DateOnly day, Dictionary<string, byte[]> files, byte[]? publicKey,
        Func<byte[], byte[], DSASignatureFormat, bool> verifies, Action<string, string, long?> ok, Action<string, string, long?> warn,
        Action<string, string, long?> fail)
    {
        var jsonName = EvidencePackageFormat.DigestFile(day, ".json");
        EvidenceDigestJson? digest = null;
        try
        {
            digest = files.TryGetValue(jsonName, out var bytes) ? JsonSerializer.Deserialize<EvidenceDigestJson>(bytes, EvidencePackageFormat.Json) : null;
        }
        catch (JsonException)
        {
        }
        if (digest is null)
        {
            fail(jsonName, "missing or unreadable", null);
            return null;
        }
        var binName = EvidencePackageFormat.DigestFile(day, ".bin");
        byte[] encoded;
        try
        {
            encoded = new ArchiveDigest(digest.Day, digest.HeadSeq, Convert.FromHexString(digest.HeadHash), digest.RecordCount).Encode();
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            fail(jsonName, "the head hash is not 32 bytes of hex", null);
            return null;
        }
        if (!files.TryGetValue(binName, out var bin) || !bin.AsSpan().SequenceEqual(encoded))
        {
            fail(binName, "missing, or not the encoding of the digest its .json describes", null);
            return null;
        }
        var held = true;
        foreach (var (extension, format) in new[] { (".sig", DSASignatureFormat.IeeeP1363FixedFieldConcatenation), (".sig.der", DSASignatureFormat.Rfc3279DerSequence) })
        {
            var sigName = EvidencePackageFormat.DigestFile(day, extension);
            if (!files.TryGetValue(sigName, out var signature)) { fail(sigName, "missing", null); held = false; }
            else if (!verifies(bin, signature, format)) { fail(sigName, $"the signature over {binName} does not verify with the package's public key", null); held = false; }
            else ok(sigName, $"the digest of {day:yyyy-MM-dd} (head {digest.HeadSeq}) is signed by the package's key", null);
        }
        if (publicKey is not null && digest.KeyId != ArchiveSigningKey.KeyIdOf(publicKey))
            warn(jsonName, $"names key {digest.KeyId}, not the package key's id {ArchiveSigningKey.KeyIdOf(publicKey)}", null);

        var tokenName = EvidencePackageFormat.DigestFile(day, ".tst");
        if (files.TryGetValue(tokenName, out var tokenBytes) && files.TryGetValue(EvidencePackageFormat.DigestFile(day, ".sig"), out var stamped))
        {
            if (!Rfc3161TimestampToken.TryDecode(tokenBytes, out var token, out _))
                fail(tokenName, "not an RFC 3161 time-stamp token", null);
            else if (!token.VerifySignatureForData(stamped, out var tsa))
                fail(tokenName, "the time-stamp does not cover this digest's signature, or its own signature does not verify", null);
            else
                ok(tokenName, $"time-stamped {token.TokenInfo.Timestamp.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} by {tsa?.Subject} (check that authority's certificate chain separately: openssl ts -verify -CAfile)", null);
        }
        return held ? digest : null;
    }

    private static void CheckChain(List<EvidenceRecordProof> members, long headSeq, string headHash, string label, Dictionary<string, byte[]> files,
        Dictionary<long, byte[]> recordHashes, Action<string, string, long?> ok, Action<string, string, long?> warn, Action<string, string, long?> fail)
    {
        var wanted = members.ToDictionary(m => m.Seq);
        byte[]? previous = null;
        string? previousName = null;
        var from = members[0].Seq;
        for (var seq = from; seq <= headSeq; seq++)
        {
            var name = files.ContainsKey(EvidencePackageFormat.RecordBin(seq)) ? EvidencePackageFormat.RecordBin(seq) : EvidencePackageFormat.ChainBin(seq);
            if (!files.TryGetValue(name, out var bytes))
            {
                fail(name, $"missing: the chain from record {from} to {label} cannot be recomputed", seq);
                foreach (var m in members.Where(m => m.Seq <= seq)) fail(EvidencePackageFormat.RecordBin(m.Seq), $"does not reach {label}", m.Seq);
                return;
            }
            var decoded = EvidencePackageFormat.Decode(bytes);
            if (decoded is null || decoded.Seq != seq || (previous is not null && !decoded.PreviousHash.AsSpan().SequenceEqual(previous)))
            {
                if (decoded is not null && decoded.Seq == seq)
                {
                    // Either this record's previous hash or the record before it was changed: name both.
                    fail(previousName!, $"hashes to {Convert.ToHexStringLower(previous!)}, not to the previous hash record {seq} chains onto", seq - 1);
                    fail(name, "does not chain onto the record before it", seq);
                }
                else
                {
                    fail(name, "not the canonical bytes of this record", seq);
                }
                foreach (var m in members.Where(m => m.Seq <= seq)) fail(EvidencePackageFormat.RecordBin(m.Seq), $"does not reach {label}", m.Seq);
                return;
            }
            previous = recordHashes.TryGetValue(seq, out var known) && name == EvidencePackageFormat.RecordBin(seq) ? known : SHA256.HashData(bytes);
            previousName = name;
            if (wanted.TryGetValue(seq, out var proof) && Convert.ToHexStringLower(previous) != proof.Hash)
                fail(EvidencePackageFormat.Proofs, $"names hash {proof.Hash} for record {seq}, which hashes to {Convert.ToHexStringLower(previous)}", seq);
        }
        if (!string.Equals(Convert.ToHexStringLower(previous ?? []), headHash, StringComparison.OrdinalIgnoreCase))
        {
            foreach (var m in members) fail(EvidencePackageFormat.RecordBin(m.Seq), $"the chain recomputed forward does not arrive at {label}", m.Seq);
            return;
        }
        var covered = members.Count == 1 ? $"record {from}" : $"{members.Count} records from {from}";
        if (label.StartsWith("the export-time head", StringComparison.Ordinal))
            warn(EvidencePackageFormat.Proofs, $"{covered} chain to {label}, which no daily digest has signed yet: only the package signature covers them", null);
        else
            ok(EvidencePackageFormat.Proofs, $"{covered} chain forward ({headSeq - from} links) to {label}", null);
    }
}
