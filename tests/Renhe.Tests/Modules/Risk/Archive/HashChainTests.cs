using System.Security.Cryptography;
using Renhe.Modules.Risk.Archive;

namespace Renhe.Tests.Modules.Risk.Archive;

[Trait("Category", "Unit")]
public sealed class HashChainTests
{
    [Fact]
    public void The_canonical_encoding_is_the_documented_byte_layout()
    {
        var bytes = HashChain.Encode(1, ["wecom", "msg-1", "你好", null, ""], HashChain.Genesis);
        Assert.Equal(
            "52484331" + "0000000000000001" + "00000005"
            + "00000005" + "7765636f6d"        // "wecom"
            + "00000005" + "6d73672d31"        // "msg-1"
            + "00000006" + "e4bda0e5a5bd"      // "你好" in UTF-8
            + "ffffffff"                       // null
            + "00000000"                       // ""
            + new string('0', 64),             // genesis
            Convert.ToHexStringLower(bytes));
    }

    [Fact]
    public void Hashes_are_SHA_256_of_the_encoding_chained_on_the_previous_hash()
    {
        // Worked example, computed independently (Python hashlib over the same layout).
        var first = HashChain.ComputeHash(1, ["wecom", "msg-1", "你好", null, ""], HashChain.Genesis);
        Assert.Equal("b2c1790800b315a4471ea98b58736d897fb922d24d936ffad272a57ac1b86f2a", Convert.ToHexStringLower(first));
        var second = HashChain.ComputeHash(2, ["wecom", "msg-2", "私单"], first);
        Assert.Equal("81f7afe62f1e6b8e29ca9ed98277f291d2c5226c38de0222e0cfde609ab6c964", Convert.ToHexStringLower(second));
    }

    public static TheoryData<string?[], string?[]> DistinctFieldLists => new()
    {
        { ["ab", "c"], ["a", "bc"] },       // boundaries move
        { ["a", null], ["a", ""] },         // null is not empty
        { ["a"], ["a", null] },             // a trailing null still counts
        { ["a", "b"], ["b", "a"] },         // order matters
        { ["1", "2"], ["12"] },
    };

    [Theory]
    [MemberData(nameof(DistinctFieldLists))]
    public void Different_field_lists_never_share_an_encoding(string?[] left, string?[] right) =>
        Assert.NotEqual(
            Convert.ToHexString(HashChain.Encode(7, left, HashChain.Genesis)),
            Convert.ToHexString(HashChain.Encode(7, right, HashChain.Genesis)));

    [Fact]
    public void The_seq_is_part_of_the_hash() =>
        Assert.NotEqual(HashChain.ComputeHash(1, ["x"], HashChain.Genesis), HashChain.ComputeHash(2, ["x"], HashChain.Genesis));

    [Fact]
    public void A_lone_surrogate_is_refused_rather_than_replaced() =>
        Assert.ThrowsAny<ArgumentException>(() => HashChain.Encode(1, ["\ud800"], HashChain.Genesis));

    [Theory]
    [InlineData("2025-03-01T08:00:00+08:00", "2025-03-01T00:00:00.0000000Z")]
    [InlineData("2025-03-01T00:00:00.1234567+00:00", "2025-03-01T00:00:00.1234567Z")]
    public void Times_are_canonical_UTC_text(string time, string canonical) =>
        Assert.Equal(canonical, HashChain.Time(DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture)));

    // ---- verification: a chain of eight messages, tampered with in one way per row ----

    private static List<ChainRecord> Chain(int count = 8)
    {
        var records = new List<ChainRecord>();
        var previous = HashChain.Genesis;
        for (var seq = 1; seq <= count; seq++)
        {
            string?[] fields = ["wecom", $"msg-{seq}", $"emp-{seq % 3}", "cust-1", HashChain.Time(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero).AddMinutes(seq)), $"第{seq}条消息"];
            var hash = HashChain.ComputeHash(seq, fields, previous);
            records.Add(new ChainRecord(seq, fields, hash));
            previous = hash;
        }
        return records;
    }

    private static ChainRecord At(List<ChainRecord> chain, long seq) => chain.Single(r => r.Seq == seq);

    private static ChainRecord WithContent(ChainRecord record, string content) =>
        record with { Fields = [.. record.Fields.Take(5), content] };

    private static ChainRecord Rehashed(ChainRecord record, long seq, byte[] previous) =>
        record with { Seq = seq, StoredHash = HashChain.ComputeHash(seq, record.Fields, previous) };

    private sealed record Case(
        Func<List<ChainRecord>, List<ChainRecord>> Tamper,
        Func<List<ChainRecord>, IEnumerable<PurgeGap>>? Gaps = null,
        Func<List<ChainRecord>, IEnumerable<ChainCheckpoint>>? Checkpoints = null);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["intact chain"] = new(c => c),
        ["content of 3 altered"] = new(c => [.. c.Select(r => r.Seq == 3 ? WithContent(r, "已改") : r)]),
        ["stored hash of 5 overwritten"] = new(c => [.. c.Select(r => r.Seq == 5 ? r with { StoredHash = SHA256.HashData("x"u8) } : r)]),
        ["3 altered and rehashed: the break shows at 4"] = new(c =>
            [.. c.Select(r => r.Seq == 3 ? Rehashed(WithContent(r, "已改"), 3, At(c, 2).StoredHash) : r)]),
        ["3 altered and 3..8 rehashed: invisible without a signed head"] = new(RewriteFrom3),
        ["3 altered and 3..8 rehashed: the signed head of 8 reveals it"] = new(RewriteFrom3, Checkpoints: c => [new(8, At(c, 8).StoredHash, "2025-03-01")]),
        ["record 4 deleted"] = new(c => [.. c.Where(r => r.Seq != 4)]),
        ["records 4 and 5 deleted"] = new(c => [.. c.Where(r => r.Seq is not (4 or 5))]),
        ["first record deleted"] = new(c => [.. c.Where(r => r.Seq != 1)]),
        ["last record deleted: invisible without a signed head"] = new(c => [.. c.Where(r => r.Seq != 8)]),
        ["last two records deleted: the signed head of 8 reveals them"] = new(
            c => [.. c.Where(r => r.Seq < 7)], Checkpoints: c => [new(8, At(c, 8).StoredHash, "2025-03-01")]),
        ["a forged second record 3 after the genuine one"] = new(c =>
            [.. c.Take(3), Rehashed(WithContent(At(c, 3), "伪造"), 3, At(c, 2).StoredHash), .. c.Skip(3)]),
        ["a forged second record 3 before the genuine one"] = new(c =>
            [.. c.Take(2), Rehashed(WithContent(At(c, 3), "伪造"), 3, At(c, 2).StoredHash), .. c.Skip(2)]),
        ["a record appended with a made-up hash"] = new(c => [.. c, new ChainRecord(9, ["wecom", "msg-9"], SHA256.HashData("9"u8))]),
        ["records 3 and 4 swapped"] = new(c =>
            [.. c.Take(2), At(c, 4) with { Seq = 3 }, At(c, 3) with { Seq = 4 }, .. c.Skip(4)]),
        ["3..5 purged with the purge recorded"] = new(
            c => [.. c.Where(r => r.Seq is < 3 or > 5)], Gaps: c => [new(3, 5, At(c, 5).StoredHash)]),
        ["1..2 purged with the purge recorded"] = new(
            c => [.. c.Where(r => r.Seq > 2)], Gaps: c => [new(1, 2, At(c, 2).StoredHash)]),
        ["two adjacent purges"] = new(
            c => [.. c.Where(r => r.Seq is < 2 or > 5)], Gaps: c => [new(2, 3, At(c, 3).StoredHash), new(4, 5, At(c, 5).StoredHash)]),
        ["3..5 purged and 4 put back"] = new(
            c => [.. c.Where(r => r.Seq is < 3 or > 5 or 4)], Gaps: c => [new(3, 5, At(c, 5).StoredHash)]),
        ["3..5 purged with a wrong hash recorded"] = new(
            c => [.. c.Where(r => r.Seq is < 3 or > 5)], Gaps: c => [new(3, 5, At(c, 4).StoredHash)]),
        ["3..5 deleted with no purge recorded"] = new(c => [.. c.Where(r => r.Seq is < 3 or > 5)]),
        ["a purged head matching its signed digest"] = new(
            c => [.. c.Where(r => r.Seq < 7)], Gaps: c => [new(7, 8, At(c, 8).StoredHash)],
            Checkpoints: c => [new(8, At(c, 8).StoredHash, "2025-03-01")]),
        ["intact chain with a matching signed head"] = new(c => c, Checkpoints: c => [new(5, At(c, 5).StoredHash, "2025-02-28")]),
    };

    private static List<ChainRecord> RewriteFrom3(List<ChainRecord> c)
    {
        var result = c.Take(2).ToList();
        var previous = At(c, 2).StoredHash;
        foreach (var r in c.Skip(2))
        {
            var rewritten = Rehashed(r.Seq == 3 ? WithContent(r, "已改") : r, r.Seq, previous);
            result.Add(rewritten);
            previous = rewritten.StoredHash;
        }
        return result;
    }

    public static TheoryData<string, string> Expectations => new()
    {
        { "intact chain", "" },
        { "content of 3 altered", "Altered 3" },
        { "stored hash of 5 overwritten", "Altered 5, Altered 6" },
        { "3 altered and rehashed: the break shows at 4", "Altered 4" },
        { "3 altered and 3..8 rehashed: invisible without a signed head", "" },
        { "3 altered and 3..8 rehashed: the signed head of 8 reveals it", "CheckpointMismatch 8" },
        { "record 4 deleted", "Missing 4" },
        { "records 4 and 5 deleted", "Missing 4, Missing 5" },
        { "first record deleted", "Missing 1" },
        { "last record deleted: invisible without a signed head", "" },
        { "last two records deleted: the signed head of 8 reveals them", "Missing 7, Missing 8" },
        { "a forged second record 3 after the genuine one", "Inserted 3" },
        { "a forged second record 3 before the genuine one", "Inserted 3" },
        { "a record appended with a made-up hash", "Altered 9" },
        { "records 3 and 4 swapped", "Reordered 3, Reordered 4" },
        { "3..5 purged with the purge recorded", "" },
        { "1..2 purged with the purge recorded", "" },
        { "two adjacent purges", "" },
        { "3..5 purged and 4 put back", "Inserted 4" },
        { "3..5 purged with a wrong hash recorded", "Altered 6" },
        { "3..5 deleted with no purge recorded", "Missing 3, Missing 4, Missing 5" },
        { "a purged head matching its signed digest", "" },
        { "intact chain with a matching signed head", "" },
    };

    [Theory]
    [MemberData(nameof(Expectations))]
    public void The_verifier_reports_each_tampered_record_by_seq(string @case, string expected)
    {
        var chain = Chain();
        var spec = Cases[@case];
        var result = HashChain.Verify(spec.Tamper(chain), spec.Gaps?.Invoke(chain), spec.Checkpoints?.Invoke(chain));
        Assert.Equal(expected, string.Join(", ", result.Findings.Select(f => $"{f.Kind} {f.Seq}")));
        Assert.Equal(expected.Length == 0, result.IsIntact);
    }

    [Fact]
    public void Every_case_has_an_expectation() =>
        Assert.Equal(Cases.Keys.Order(), Expectations.Select(row => row.Data.Item1).Order());

    [Fact]
    public void An_intact_chain_reports_its_head_for_the_next_digest()
    {
        var chain = Chain();
        var result = HashChain.Verify(chain);
        Assert.Equal(8, result.RecordsChecked);
        Assert.Equal(8, result.HeadSeq);
        Assert.Equal(chain[^1].StoredHash, result.HeadHash);
    }

    [Fact]
    public void A_long_chain_verifies_in_a_sliding_window_and_finds_a_change_deep_inside()
    {
        var chain = Chain(20_000);
        chain[12_345] = WithContent(chain[12_345], "已改");
        var result = HashChain.Verify(chain);
        Assert.Equal("Altered 12346", string.Join(", ", result.Findings.Select(f => $"{f.Kind} {f.Seq}")));
        Assert.Equal(20_000, result.RecordsChecked);
    }

    [Fact]
    public void Records_out_of_seq_order_are_refused() =>
        Assert.Throws<ArgumentException>(() => HashChain.Verify([.. Chain().OrderByDescending(r => r.Seq)]));

    // ---- the signed daily digest ----

    private static ArchiveDigest Digest() => new(new DateOnly(2025, 3, 1), 8, Chain()[^1].StoredHash, 8);

    [Fact]
    public void An_hmac_signed_digest_verifies_with_its_key_only()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var digest = Digest();
        var signature = digest.SignHmac(key);
        Assert.True(digest.VerifyHmac(signature, key));
        Assert.False(digest.VerifyHmac(signature, RandomNumberGenerator.GetBytes(32)));
    }

    public static TheoryData<string> DigestChanges => ["day", "seq", "hash", "count"];

    [Theory]
    [MemberData(nameof(DigestChanges))]
    public void A_changed_digest_no_longer_verifies(string change)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var (privateKey, publicKey) = ArchiveDigest.CreateEcdsaKeyPair();
        var digest = Digest();
        var hmac = digest.SignHmac(key);
        var ecdsa = digest.SignEcdsa(privateKey);
        var changed = change switch
        {
            "day" => digest with { Day = digest.Day.AddDays(1) },
            "seq" => digest with { HeadSeq = 9 },
            "hash" => digest with { HeadHash = SHA256.HashData("other"u8) },
            _ => digest with { RecordCount = 7 },
        };
        Assert.False(changed.VerifyHmac(hmac, key));
        Assert.False(changed.VerifyEcdsa(ecdsa, publicKey));
    }

    [Fact]
    public void An_ecdsa_signed_digest_verifies_with_the_public_key_alone()
    {
        var (privateKey, publicKey) = ArchiveDigest.CreateEcdsaKeyPair();
        var digest = Digest();
        var signature = digest.SignEcdsa(privateKey);
        Assert.Equal(64, signature.Length); // IEEE P1363 r|s
        Assert.True(digest.VerifyEcdsa(signature, publicKey));
        Assert.False(digest.VerifyEcdsa(signature, ArchiveDigest.CreateEcdsaKeyPair().PublicKey));
        Assert.False(digest.VerifyEcdsa(signature, "not a key"u8));
    }

    [Fact]
    public void Keys_that_are_too_weak_or_of_another_curve_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Digest().SignHmac(new byte[16]));
        Assert.False(Digest().VerifyHmac(new byte[32], new byte[16]));
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        Assert.Throws<ArgumentException>(() => Digest().SignEcdsa(p384.ExportPkcs8PrivateKey()));
        var signature = p384.SignData(Digest().Encode(), HashAlgorithmName.SHA256);
        Assert.False(Digest().VerifyEcdsa(signature, p384.ExportSubjectPublicKeyInfo()));
    }

    [Fact]
    public void A_verified_digest_becomes_a_checkpoint_of_the_chain()
    {
        var chain = Chain();
        var digest = new ArchiveDigest(new DateOnly(2025, 3, 1), 8, chain[^1].StoredHash, 8);
        var result = HashChain.Verify(RewriteFrom3(chain), checkpoints: [digest.Checkpoint]);
        var finding = Assert.Single(result.Findings);
        Assert.Equal(ChainFindingKind.CheckpointMismatch, finding.Kind);
        Assert.Contains("2025-03-01", finding.Detail, StringComparison.Ordinal);
    }
}
