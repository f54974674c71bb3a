using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Renhe.Modules.Risk.Archive;
using Renhe.Modules.Risk.Evidence;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Risk.Evidence;

/// The arbitration evidence package, from archive records ingested through the archive service on
/// SQLite and PostgreSQL, checked offline by the verifier, by the `verify-evidence` verb and by
/// sha256sum and openssl as an outside expert would.
public abstract class EvidencePackageApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private static int _days;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record BuiltCase(byte[] Package, long First, long Second, long Between, long AfterDigest, DateOnly Day);

    /// Two evidence records and one other record, a signed daily digest, then one more evidence
    /// record the digest does not cover yet.
    private async Task<BuiltCase> BuildAsync()
    {
        var p = Guid.NewGuid().ToString("N")[..10];
        var day = new DateOnly(2045, 1, 1).AddDays(Interlocked.Increment(ref _days) + (Factory.ProviderName == "Postgres" ? 500 : 0));
        await using var scope = Factory.Services.CreateAsyncScope();
        var archive = scope.ServiceProvider.GetRequiredService<ArchiveService>();
        var at = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.FromHours(8));
        async Task<long> Append(string id, string employee, string content) =>
            (await archive.AppendAsync(new ArchiveDraft(RecordClass.Generic, "email", $"{p}-{id}", at, employee, [], content, null,
                Counterpart: "13800138000"), Ct))[0].Seq!.Value;
        var first = await Append("a", "zhangsan", "这单我们私下交易吧，价格好说");
        var between = await Append("x", "lisi", "明天的会议改到下午");
        var second = await Append("b", "zhangsan", "加我私人微信");
        Assert.Equal(day, await scope.ServiceProvider.GetRequiredService<ArchiveIntegrityService>().SignDailyDigestAsync(day, at.AddDays(1).ToUniversalTime(), Ct));
        var afterDigest = await Append("c", "zhangsan", "合同别走公司了");

        var input = new EvidenceCaseInput($"RC-{p}", "张三私单调查", "已结案", "属实", at, "风控专员王五",
            [new EvidenceSubject(Guid.NewGuid(), "张三", "E0001", "销售一部")], ["王五", "赵六"],
            [new EvidenceTimelineEntry(at, "王五", "立案"), new EvidenceTimelineEntry(at.AddDays(2), "赵六", "结案")],
            [
                new EvidenceItemInput("archive", first.ToString(), "客户邮件", at, "王五", at.AddDays(1), first, null),
                new EvidenceItemInput("archive", second.ToString(), "私人微信", at, "王五", at.AddDays(1), second, null),
                new EvidenceItemInput("archive", afterDigest.ToString(), "合同", at, "王五", at.AddDays(1), afterDigest, null),
                new EvidenceItemInput("followup", "f-1", "跟进记录", at, "赵六", at.AddDays(1), null, """{"note":"客户说价格更低"}"""),
            ],
            [new EvidenceAcknowledgement("张三", 2, "员工通讯监控告知书", new string('a', 64), at.AddDays(-30))],
            [new EvidenceCustodyEntry(at.AddDays(2), "王五", "导出证据包")]);
        using var output = new MemoryStream();
        await scope.ServiceProvider.GetRequiredService<IEvidencePackageWriter>().WriteAsync(input, output, Ct);
        return new BuiltCase(output.ToArray(), first, second, between, afterDigest, day);
    }

    private static EvidenceVerification Verify(byte[] package, byte[]? trusted = null) => EvidenceVerifier.Verify(new MemoryStream(package), trusted);

    private static byte[] Rewrite(byte[] package, Action<Dictionary<string, byte[]>> change)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using (var zip = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read))
            foreach (var e in zip.Entries)
            {
                using var s = e.Open();
                using var m = new MemoryStream();
                s.CopyTo(m);
                files[e.FullName] = m.ToArray();
            }
        change(files);
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, bytes) in files)
            {
                using var s = zip.CreateEntry(name).Open();
                s.Write(bytes);
            }
        return output.ToArray();
    }

    /// Changes one ASCII letter of a record's text (before the trailing previous hash), so the bytes
    /// stay a well-formed encoding that no longer hashes as it did.
    private static byte[] FlipLetter(byte[] bytes)
    {
        var copy = bytes.ToArray();
        for (var i = copy.Length - 33; i >= 16; i--)
            if (char.IsAsciiLetterLower((char)copy[i]))
            {
                copy[i] = (byte)char.ToUpperInvariant((char)copy[i]);
                return copy;
            }
        throw new InvalidOperationException("no letter to change");
    }

    private static byte[] FlipLastByte(byte[] bytes)
    {
        var copy = bytes.ToArray();
        copy[^1] ^= 0x01;
        return copy;
    }

    [Fact]
    public async Task A_package_verifies_offline_and_each_tampering_fails_naming_the_file_and_record()
    {
        var built = await BuildAsync();
        var result = Verify(built.Package);
        Assert.True(result.Verified, string.Join('\n', result.Checks));
        Assert.Contains(result.Checks, c => c.Outcome == EvidenceCheckOutcome.Ok && c.Message.Contains($"to the signed digest of {built.Day:yyyy-MM-dd}"));
        Assert.Contains(result.Checks, c => c.Outcome == EvidenceCheckOutcome.Warning && c.Message.Contains("no daily digest has signed yet"));

        using (var zip = new ZipArchive(new MemoryStream(built.Package), ZipArchiveMode.Read))
        {
            Assert.Contains(zip.Entries, e => e.FullName == EvidencePackageFormat.ChainBin(built.Between));
            Assert.DoesNotContain(zip.Entries, e => e.FullName == "report.pdf");
            using var reader = new StreamReader(zip.GetEntry("report.html")!.Open());
            var report = await reader.ReadToEndAsync(Ct);
            Assert.Contains("仲裁证据包", report);
            Assert.Contains("这单我们私下交易吧", report);
            Assert.Contains("张三私单调查", report);
            Assert.Contains($"已由 {built.Day:yyyy-MM-dd} 的每日签名摘要覆盖", report);
            Assert.Contains("尚未被每日签名摘要覆盖", report);
        }

        var firstBin = EvidencePackageFormat.RecordBin(built.First);
        var betweenBin = EvidencePackageFormat.ChainBin(built.Between);
        var digestSig = EvidencePackageFormat.DigestFile(built.Day, ".sig");
        (string Case, Action<Dictionary<string, byte[]>> Change, string File, long? Seq)[] tamperings =
        [
            ("a record's canonical bytes", f => f[firstBin] = FlipLetter(f[firstBin]), firstBin, built.First),
            ("a record's readable JSON", f => f[EvidencePackageFormat.RecordJson(built.Second)] = FlipLetter(f[EvidencePackageFormat.RecordJson(built.Second)]),
                EvidencePackageFormat.RecordJson(built.Second), null),
            ("a proof record between evidence and digest", f => f[betweenBin] = FlipLetter(f[betweenBin]), betweenBin, built.Between),
            ("the digest signature", f => f[digestSig] = FlipLastByte(f[digestSig]), digestSig, null),
            ("the manifest", f => f[EvidencePackageFormat.Manifest] = FlipLetter(f[EvidencePackageFormat.Manifest]), EvidencePackageFormat.ManifestSignature, null),
            ("the manifest signature", f => f[EvidencePackageFormat.ManifestSignature] = FlipLastByte(f[EvidencePackageFormat.ManifestSignature]),
                EvidencePackageFormat.ManifestSignature, null),
            ("a removed record", f => f.Remove(EvidencePackageFormat.RecordBin(built.Second)), EvidencePackageFormat.RecordBin(built.Second), null),
            ("a removed proof record", f => f.Remove(betweenBin), betweenBin, built.Between),
            ("an added file", f => f["records/extra.json"] = "{}"u8.ToArray(), "records/extra.json", null),
        ];
        foreach (var (name, change, file, seq) in tamperings)
        {
            var tampered = Verify(Rewrite(built.Package, change));
            Assert.False(tampered.Verified, $"{name}: still verifies");
            Assert.True(tampered.Checks.Any(c => c.Outcome == EvidenceCheckOutcome.Failed && c.File == file && (seq is null || c.Seq == seq)),
                $"{name}: no failure names {file}{(seq is null ? "" : $" (record {seq})")}:\n{string.Join('\n', tampered.Checks.Where(c => c.Outcome == EvidenceCheckOutcome.Failed))}");
        }
        // The chain: a changed record also breaks every evidence record before it on the way to the digest.
        var broken = Verify(Rewrite(built.Package, f => f[betweenBin] = FlipLetter(f[betweenBin])));
        Assert.Contains(broken.Checks, c => c.Outcome == EvidenceCheckOutcome.Failed && c.Seq == built.First && c.Message.Contains("does not reach"));
    }

    [Fact]
    public async Task New_digests_are_signed_with_the_published_public_key_and_hmac_era_digests_still_verify()
    {
        var anonymous = Factory.CreateAnonymousClient();
        var pem = await anonymous.GetStringAsync("/api/risk/archive/public-key", Ct);
        using var published = ECDsa.Create();
        published.ImportFromPem(pem);

        await using var scope = Factory.Services.CreateAsyncScope();
        var archive = scope.ServiceProvider.GetRequiredService<ArchiveService>();
        await archive.AppendAsync(new ArchiveDraft(RecordClass.Generic, "email", Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow, "zhangsan", [], "你好", null), Ct);
        var integrity = scope.ServiceProvider.GetRequiredService<ArchiveIntegrityService>();
        var day = new DateOnly(2046, 1, 1).AddDays(Interlocked.Increment(ref _days));
        Assert.Equal(day, await integrity.SignDailyDigestAsync(day, DateTimeOffset.UtcNow, Ct));

        // A digest from before public-key signing: HMAC with the digest key, as it was stored then.
        var hmacKey = scope.ServiceProvider.GetRequiredService<DigestKey>();
        var hmacDay = day.AddDays(1);
        await using (var db = Factory.OpenDb())
        {
            var signed = await db.ArchiveDigests.SingleAsync(d => d.Day == day, Ct);
            Assert.Equal(ArchiveDigest.SchemeEcdsa, signed.Scheme);
            Assert.Equal(ArchiveSigningKey.KeyIdOf(published.ExportSubjectPublicKeyInfo()), signed.KeyId);
            Assert.True(new ArchiveDigest(signed.Day, signed.HeadSeq, signed.HeadHash, signed.RecordCount)
                .VerifyEcdsa(signed.Signature, published.ExportSubjectPublicKeyInfo()), "the published key verifies the new digest");

            var old = new ArchiveDigest(hmacDay, signed.HeadSeq, signed.HeadHash, signed.RecordCount);
            db.ArchiveDigests.Add(new ArchiveDigestRecord
            {
                Day = hmacDay, HeadSeq = signed.HeadSeq, HeadHash = signed.HeadHash, RecordCount = signed.RecordCount,
                Signature = old.SignHmac(hmacKey.Key), KeyId = hmacKey.Id, Scheme = ArchiveDigest.SchemeHmac, SignedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync(Ct);
        }
        var verification = await integrity.VerifyAsync(Ct);
        Assert.True(verification.Intact, string.Join('\n', verification.DigestFindings.Select(d => $"{d.Day}: {d.Problem}")));
        Assert.True(verification.DigestsChecked >= 2);
    }

    [Fact]
    public async Task A_time_stamp_authority_that_fails_leaves_the_digest_signed_and_the_next_run_stamps_it()
    {
        await using var tsa = await OpensslTsa.StartAsync();
        await using var scope = Factory.Services.CreateAsyncScope();
        ArchiveIntegrityService With(string url) => ActivatorUtilities.CreateInstance<ArchiveIntegrityService>(scope.ServiceProvider,
            new ArchiveTimestampClient(new HttpClient(), new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { [ArchiveTimestampClient.Setting] = url }).Build()),
            NullLogger<ArchiveIntegrityService>.Instance);

        var built = await BuildAsync();
        // Nothing listens on the authority's port yet: logged, nothing stamped, the digest stands.
        var deadPort = new Uri(tsa.Url).Port + 1;
        Assert.Equal(0, await With($"http://127.0.0.1:{deadPort}/").TimestampPendingAsync(Ct));
        await using (var db = Factory.OpenDb())
        {
            Assert.True(await db.ArchiveDigests.AnyAsync(d => d.Day == built.Day, Ct));
            Assert.False(await db.ArchiveDigestTimestamps.AnyAsync(t => t.Day == built.Day, Ct));
        }
        Assert.True(await With(tsa.Url).TimestampPendingAsync(Ct) >= 1);
        await using (var db = Factory.OpenDb())
            Assert.Equal(tsa.Url, (await db.ArchiveDigestTimestamps.SingleAsync(t => t.Day == built.Day, Ct)).Authority);

        // A package written now carries the token; the verifier and openssl both accept it.
        await using var again = Factory.Services.CreateAsyncScope();
        var package = await RewriteCaseAsync(again.ServiceProvider, built);
        var result = Verify(package);
        Assert.True(result.Verified, string.Join('\n', result.Checks));
        var token = EvidencePackageFormat.DigestFile(built.Day, ".tst");
        Assert.Contains(result.Checks, c => c.File == token && c.Outcome == EvidenceCheckOutcome.Ok && c.Message.Contains("CN=Renhe Test TSA"));
        var dir = Extract(package);
        try
        {
            var (exit, output) = await OpensslTsa.Run(dir, "ts", "-verify", "-data", EvidencePackageFormat.DigestFile(built.Day, ".sig"),
                "-in", token, "-token_in", "-CAfile", tsa.CaCertificate);
            Assert.True(exit == 0, output);
            Assert.Contains("Verification: OK", output);
            var tampered = Verify(Rewrite(package, f => f[token] = FlipLastByte(f[token])));
            Assert.Contains(tampered.Checks, c => c.Outcome == EvidenceCheckOutcome.Failed && c.File == token);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<byte[]> RewriteCaseAsync(IServiceProvider services, BuiltCase built)
    {
        var at = DateTimeOffset.UtcNow;
        var input = new EvidenceCaseInput("RC-T", "时间戳", "调查中", null, at, "王五", [], [], [],
            [new EvidenceItemInput("archive", "a", "邮件", at, "王五", at, built.First, null)], [], []);
        using var output = new MemoryStream();
        await services.GetRequiredService<IEvidencePackageWriter>().WriteAsync(input, output, Ct);
        return output.ToArray();
    }

    private static string Extract(byte[] package)
    {
        var dir = Path.Combine(Path.GetTempPath(), "renhe-evidence-" + Guid.NewGuid().ToString("N"));
        ZipFile.ExtractToDirectory(new MemoryStream(package), dir);
        return dir;
    }

    [Fact]
    public async Task Sha256sum_and_openssl_verify_the_package_as_the_readme_shows()
    {
        var built = await BuildAsync();
        var dir = Extract(built.Package);
        try
        {
            var sums = await RunTool(dir, "sha256sum", "-c", "--quiet", EvidencePackageFormat.Sums);
            Assert.True(sums.ExitCode == 0, sums.Output);
            var manifest = await OpensslTsa.Run(dir, "dgst", "-sha256", "-verify", EvidencePackageFormat.PublicKey,
                "-signature", EvidencePackageFormat.ManifestSignatureDer, EvidencePackageFormat.Manifest);
            Assert.Contains("Verified OK", manifest.Output);
            var digest = await OpensslTsa.Run(dir, "dgst", "-sha256", "-verify", EvidencePackageFormat.PublicKey,
                "-signature", EvidencePackageFormat.DigestFile(built.Day, ".sig.der"), EvidencePackageFormat.DigestFile(built.Day, ".bin"));
            Assert.Contains("Verified OK", digest.Output);

            await File.WriteAllTextAsync(Path.Combine(dir, EvidencePackageFormat.Manifest), "{}", Ct);
            var forged = await OpensslTsa.Run(dir, "dgst", "-sha256", "-verify", EvidencePackageFormat.PublicKey,
                "-signature", EvidencePackageFormat.ManifestSignatureDer, EvidencePackageFormat.Manifest);
            Assert.Contains("Verification failure", forged.Output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task The_verify_evidence_verb_checks_a_package_against_the_trusted_key_without_a_database()
    {
        var built = await BuildAsync();
        var dir = Path.Combine(Path.GetTempPath(), "renhe-evidence-verb-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var package = Path.Combine(dir, "case.zip");
            await File.WriteAllBytesAsync(package, built.Package, Ct);
            var trusted = Path.Combine(dir, "trusted.pem");
            await File.WriteAllTextAsync(trusted, Factory.Services.GetRequiredService<ArchiveSigningKey>().PublicKeyPem, Ct);
            var (exit, output) = await RenheProcess.RunAsync("verify-evidence", package, "--public-key", trusted);
            Assert.True(exit == 0, output);
            Assert.Contains("Evidence package verified", output);
            Assert.Contains(Factory.Services.GetRequiredService<ArchiveSigningKey>().Fingerprint, output);

            using (var other = ECDsa.Create(ECCurve.NamedCurves.nistP256))
                await File.WriteAllTextAsync(trusted, other.ExportSubjectPublicKeyInfoPem(), Ct);
            (exit, output) = await RenheProcess.RunAsync("verify-evidence", package, "--public-key", trusted);
            Assert.Equal(1, exit);
            Assert.Contains("is not the trusted key", output);

            var bin = EvidencePackageFormat.RecordBin(built.Second);
            await File.WriteAllBytesAsync(package, Rewrite(built.Package, f => f[bin] = FlipLetter(f[bin])), Ct);
            (exit, output) = await RenheProcess.RunAsync("verify-evidence", package);
            Assert.Equal(1, exit);
            Assert.Contains($"FAIL {bin} (record {built.Second})", output);
            Assert.Contains("Evidence package NOT verified", output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunTool(string dir, string tool, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(Ct) + await process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, output);
    }
}

[Trait("Category", "Integration")]
public sealed class SqliteEvidencePackageApiTests(SqliteRenheFactory factory) : EvidencePackageApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresEvidencePackageApiTests(PostgresRenheFactory factory) : EvidencePackageApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
