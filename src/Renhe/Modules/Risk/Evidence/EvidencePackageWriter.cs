using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Renhe.Modules.Risk.Archive;
using Renhe.Platform.Data;
using Renhe.Platform.Localization;
using Renhe.Platform.Time;

namespace Renhe.Modules.Risk.Evidence;

/// Writes the arbitration package (layout: <see cref="EvidencePackageFormat"/>, ADR 0017). Archive
/// records travel as their canonical bytes with the chain forward to the next daily digest signed
/// with the ECDSA key, so that a third party holding only the public key can recompute every hash
/// up to a signed head. Records newer than the last digest link to the head as it is at export,
/// which only the package's own signature covers; the report says so for each.
public sealed class EvidencePackageWriter(IDbContextFactory<AppDbContext> dbFactory, ArchiveSigningKey key, BranchCalendar calendar,
    IStringLocalizer<Strings> l, TimeProvider clock) : IEvidencePackageWriter
{
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");

    public async Task WriteAsync(EvidenceCaseInput input, Stream output, CancellationToken ct)
    {
        // The report is Chinese whoever exports it: it is written for a Chinese arbitration commission.
        CultureInfo.CurrentUICulture = Chinese;
        var now = clock.GetUtcNow();
        var zone = await calendar.CompanyZoneAsync(ct);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var seqs = input.Items.Where(i => i.ArchiveSeq is not null).Select(i => i.ArchiveSeq!.Value).Distinct().Order().ToList();
        var records = new Dictionary<long, ArchivedRecord>();
        foreach (var chunk in seqs.Chunk(500))
            foreach (var r in await db.ArchivedRecords.AsNoTracking().Where(r => EF.Parameter(chunk).Contains(r.Seq)).ToListAsync(ct))
                records[r.Seq] = r;

        // Only digests the package's key signed can be checked by someone outside Renhe.
        var digests = await db.ArchiveDigests.AsNoTracking()
            .Where(d => d.Scheme == ArchiveDigest.SchemeEcdsa && d.KeyId == key.Id).OrderBy(d => d.HeadSeq).ToListAsync(ct);
        var timestamps = await db.ArchiveDigestTimestamps.AsNoTracking().ToDictionaryAsync(t => t.Day, ct);
        var gaps = await db.ArchivePurges.AsNoTracking().Select(p => new { p.FirstSeq, p.LastSeq }).ToListAsync(ct);
        var head = await db.ArchiveHeads.AsNoTracking().SingleOrDefaultAsync(h => h.Id == 1, ct);

        // Which signed head each record reaches, and the span of the chain that gets it there.
        var proofs = new List<EvidenceRecordProof>();
        var segments = new SortedDictionary<long, (long From, long To)>();
        var coveredBy = new Dictionary<long, ArchiveDigestRecord?>();
        foreach (var seq in records.Keys.Order())
        {
            var digest = digests.FirstOrDefault(d => d.HeadSeq >= seq);
            var target = digest?.HeadSeq ?? head!.LastSeq;
            var hash = Convert.ToHexStringLower(records[seq].Hash);
            if (gaps.Any(g => g.LastSeq >= seq && g.FirstSeq <= target))
            {
                proofs.Add(new EvidenceRecordProof(seq, hash, null, EvidenceCoverage.Broken));
                continue;
            }
            coveredBy[seq] = digest;
            proofs.Add(new EvidenceRecordProof(seq, hash, digest?.Day, digest is null ? EvidenceCoverage.Head : EvidenceCoverage.Digest));
            segments[target] = segments.TryGetValue(target, out var s) ? (Math.Min(s.From, seq), target) : (seq, target);
        }
        var headProof = proofs.Any(p => p.Coverage == EvidenceCoverage.Head)
            ? new EvidenceHead(head!.LastSeq, Convert.ToHexStringLower(head.LastHash), now) : null;

        var manifest = new List<EvidenceManifestFile>();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string path, ReadOnlySpan<byte> bytes)
            {
                var entry = zip.CreateEntry(path, CompressionLevel.Fastest);
                entry.LastWriteTime = now;
                using (var stream = entry.Open()) stream.Write(bytes);
                manifest.Add(new EvidenceManifestFile(path, bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes))));
            }
            void AddJson<T>(string path, T value) => Add(path, JsonSerializer.SerializeToUtf8Bytes(value, EvidencePackageFormat.Json));

            Add("report.html", Encoding.UTF8.GetBytes(Report(input, records, proofs, digests, timestamps, headProof, zone, now)));

            foreach (var r in records.Values.OrderBy(r => r.Seq))
            {
                var fields = r.ChainFields();
                Add(EvidencePackageFormat.RecordBin(r.Seq), HashChain.Encode(r.Seq, fields, r.PreviousHash));
                AddJson(EvidencePackageFormat.RecordJson(r.Seq), new EvidenceRecordJson(r.Seq, Convert.ToHexStringLower(r.Hash),
                    Convert.ToHexStringLower(r.PreviousHash), r.ArchivedAt,
                    EvidencePackageFormat.ChainFieldNames.Select((n, i) => (n, fields[i])).ToDictionary(x => x.n, x => x.Item2)));
            }
            var index = new List<object>();
            for (var i = 0; i < input.Items.Count; i++)
            {
                var item = input.Items[i];
                string? file = null;
                if (item.ArchiveSeq is { } seq)
                {
                    if (records.ContainsKey(seq)) file = EvidencePackageFormat.RecordJson(seq);
                }
                else if (item.Json is not null)
                {
                    file = $"items/{(i + 1).ToString("D4", CultureInfo.InvariantCulture)}-{SafeName(item.Kind)}.json";
                    Add(file, Encoding.UTF8.GetBytes(item.Json));
                }
                index.Add(new { item.Kind, item.Key, item.Title, item.At, item.CollectedBy, item.CollectedAt, item.ArchiveSeq, File = file });
            }
            AddJson("items/index.json", index);

            // The records between each evidence record and its signed head that are not evidence
            // themselves: without their bytes nobody can recompute the chain forward.
            foreach (var (_, (from, to)) in segments)
            {
                var between = db.ArchivedRecords.AsNoTracking().Where(r => r.Seq > from && r.Seq <= to).OrderBy(r => r.Seq).AsAsyncEnumerable();
                await foreach (var r in between.WithCancellation(ct))
                    if (!records.ContainsKey(r.Seq))
                        Add(EvidencePackageFormat.ChainBin(r.Seq), HashChain.Encode(r.Seq, r.ChainFields(), r.PreviousHash));
            }

            Add(EvidencePackageFormat.PublicKey, Encoding.ASCII.GetBytes(key.PublicKeyPem));
            var usedDigests = coveredBy.Values.OfType<ArchiveDigestRecord>().Select(d => d.Day).ToHashSet();
            foreach (var d in digests.Where(d => usedDigests.Contains(d.Day)))
            {
                timestamps.TryGetValue(d.Day, out var stamp);
                AddJson(EvidencePackageFormat.DigestFile(d.Day, ".json"), new EvidenceDigestJson(d.Day, d.HeadSeq,
                    Convert.ToHexStringLower(d.HeadHash), d.RecordCount, d.Scheme, d.KeyId, d.SignedAt, stamp?.TimestampedAt, stamp?.Authority));
                Add(EvidencePackageFormat.DigestFile(d.Day, ".bin"), new ArchiveDigest(d.Day, d.HeadSeq, d.HeadHash, d.RecordCount).Encode());
                Add(EvidencePackageFormat.DigestFile(d.Day, ".sig"), d.Signature);
                Add(EvidencePackageFormat.DigestFile(d.Day, ".sig.der"), EvidencePackageFormat.P1363ToDer(d.Signature));
                if (stamp is not null) Add(EvidencePackageFormat.DigestFile(d.Day, ".tst"), stamp.Token);
            }
            AddJson(EvidencePackageFormat.Proofs, new EvidenceProofs(proofs, headProof));

            AddJson("acknowledgements.json", input.Acknowledgements);
            var custody = new StringBuilder();
            foreach (var c in input.Custody.OrderBy(c => c.At))
                custody.Append(HashChain.Time(c.At)).Append('\t').Append(OneLine(c.Who)).Append('\t').Append(OneLine(c.Action)).Append('\n');
            Add("custody.log", Encoding.UTF8.GetBytes(custody.ToString()));

            var sums = new StringBuilder();
            foreach (var f in manifest) sums.Append(f.Sha256).Append("  ").Append(f.Path).Append('\n');
            Add(EvidencePackageFormat.Sums, Encoding.ASCII.GetBytes(sums.ToString()));

            var manifestBytes = JsonSerializer.SerializeToUtf8Bytes(
                new EvidenceManifest(EvidencePackageFormat.Version, input.CaseNumber, now, key.Fingerprint, manifest.ToList()), EvidencePackageFormat.Json);
            var signature = key.Sign(manifestBytes);
            WriteUnlisted(zip, EvidencePackageFormat.Manifest, manifestBytes, now);
            WriteUnlisted(zip, EvidencePackageFormat.ManifestSignature, signature, now);
            WriteUnlisted(zip, EvidencePackageFormat.ManifestSignatureDer, EvidencePackageFormat.P1363ToDer(signature), now);
        }
        await output.FlushAsync(ct);
    }

    private static void WriteUnlisted(ZipArchive zip, string path, byte[] bytes, DateTimeOffset now)
    {
        var entry = zip.CreateEntry(path, CompressionLevel.Fastest);
        entry.LastWriteTime = now;
        using var stream = entry.Open();
        stream.Write(bytes);
    }

    private static string SafeName(string kind) =>
        new(kind.Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '_').Take(40).ToArray());

    private static string OneLine(string s) => s.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');

    private string Report(EvidenceCaseInput input, Dictionary<long, ArchivedRecord> records, List<EvidenceRecordProof> proofs,
        List<ArchiveDigestRecord> digests, Dictionary<DateOnly, ArchiveDigestTimestamp> timestamps, EvidenceHead? head,
        TimeZoneInfo zone, DateTimeOffset now)
    {
        var html = new EvidenceReportHtml();
        string T(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        string S(string name, params object[] args) => l[name, args].Value;

        html.Start(S("Risk.Evidence.Report.Title") + " · " + input.CaseNumber);
        html.Heading(1, S("Risk.Evidence.Report.Title"));
        html.Paragraph(S("Risk.Evidence.Report.Intro", input.CaseNumber));
        html.Paragraph(S("Risk.Evidence.Report.TimeZone", zone.Id));

        html.Heading(2, S("Risk.Evidence.Report.Summary"));
        html.Pairs(
        [
            (S("Risk.Evidence.Report.CaseNumber"), input.CaseNumber),
            (S("Risk.Evidence.Report.CaseTitle"), input.Title),
            (S("Risk.Evidence.Report.Status"), input.Status),
            (S("Risk.Evidence.Report.Outcome"), input.Outcome ?? S("Risk.Evidence.Report.None")),
            (S("Risk.Evidence.Report.OpenedAt"), T(input.OpenedAt)),
            (S("Risk.Evidence.Report.OpenedBy"), input.OpenedBy),
            (S("Risk.Evidence.Report.GeneratedAt"), T(now)),
        ]);

        html.Heading(2, S("Risk.Evidence.Report.Subjects"));
        html.Table([S("Risk.Evidence.Report.Name"), S("Risk.Evidence.Report.EmployeeNumber"), S("Risk.Evidence.Report.Department")],
            input.Subjects.Select(s => new[] { s.Name, s.EmployeeNumber, s.Department }));
        html.Heading(2, S("Risk.Evidence.Report.Investigators"));
        html.Paragraph(input.Investigators.Count == 0 ? S("Risk.Evidence.Report.None") : string.Join("、", input.Investigators));

        html.Heading(2, S("Risk.Evidence.Report.Timeline"));
        html.Table([S("Risk.Evidence.Report.Time"), S("Risk.Evidence.Report.Who"), S("Risk.Evidence.Report.What")],
            input.Timeline.OrderBy(t => t.At).Select(t => new[] { T(t.At), t.Who, t.What }));

        html.Heading(2, S("Risk.Evidence.Report.Evidence"));
        var proofBySeq = proofs.ToDictionary(p => p.Seq);
        var digestByDay = digests.ToDictionary(d => d.Day);
        var number = 0;
        foreach (var item in input.Items)
        {
            number++;
            var kind = l["Risk.Evidence.Kind." + item.Kind] is { ResourceNotFound: false } known ? known.Value : item.Kind;
            html.Heading(3, $"{number}. {kind} · {item.Title}");
            var rows = new List<(string, string)>
            {
                (S("Risk.Evidence.Report.At"), T(item.At)),
                (S("Risk.Evidence.Report.Kind"), kind),
                ("", S("Risk.Evidence.Report.Collected", item.CollectedBy, T(item.CollectedAt))),
            };
            if (item.ArchiveSeq is { } seq)
            {
                rows.Add((S("Risk.Evidence.Report.ArchiveSeq"), seq.ToString(CultureInfo.InvariantCulture)));
                if (records.TryGetValue(seq, out var r))
                {
                    rows.Add(("SHA-256", Convert.ToHexStringLower(r.Hash)));
                    rows.Add((S("Risk.Evidence.Report.Channel"), r.Channel + (r.MsgType is null ? "" : " / " + r.MsgType)));
                    rows.Add((S("Risk.Evidence.Report.Sender"), r.SenderRaw ?? ""));
                    rows.Add((S("Risk.Evidence.Report.Counterpart"), r.CounterpartRaw ?? ""));
                    rows.Add((S("Risk.Evidence.Report.Content"), r.Content ?? ""));
                    rows.Add((S("Risk.Evidence.Report.File"), EvidencePackageFormat.RecordBin(seq)));
                    var proof = proofBySeq[seq];
                    rows.Add((S("Risk.Evidence.Report.Integrity"), proof.Coverage switch
                    {
                        EvidenceCoverage.Digest => S("Risk.Evidence.Report.CoveredByDigest", proof.Digest!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                            digestByDay[proof.Digest.Value].HeadSeq) + (timestamps.TryGetValue(proof.Digest.Value, out var stamp)
                            ? " " + S("Risk.Evidence.Report.Timestamped", T(stamp.TimestampedAt), stamp.Authority) : ""),
                        EvidenceCoverage.Head => S("Risk.Evidence.Report.CoveredByHead", head!.Seq),
                        _ => S("Risk.Evidence.Report.Broken"),
                    }));
                }
                else
                {
                    rows.Add((S("Risk.Evidence.Report.Integrity"), S("Risk.Evidence.Report.NotInArchive")));
                }
                html.Pairs(rows);
            }
            else
            {
                html.Pairs(rows);
                html.Pre(item.Json ?? "");
            }
        }

        html.Heading(2, S("Risk.Evidence.Report.Acknowledgements"));
        html.Table([S("Risk.Evidence.Report.Name"), S("Risk.Evidence.Report.Notice"), S("Risk.Evidence.Report.NoticeVersion"), "SHA-256", S("Risk.Evidence.Report.AcknowledgedAt")],
            input.Acknowledgements.Select(a => new[] { a.EmployeeName, a.NoticeTitle, a.NoticeVersion.ToString(CultureInfo.InvariantCulture), a.NoticeSha256, T(a.AcknowledgedAt) }));
        html.Heading(2, S("Risk.Evidence.Report.Custody"));
        html.Table([S("Risk.Evidence.Report.Time"), S("Risk.Evidence.Report.Who"), S("Risk.Evidence.Report.Action")],
            input.Custody.OrderBy(c => c.At).Select(c => new[] { T(c.At), c.Who, c.Action }));

        html.Heading(2, S("Risk.Evidence.Report.Integrity"));
        html.Paragraph(S("Risk.Evidence.Report.PublicKey", key.Fingerprint));
        html.Pre(key.PublicKeyPem);
        html.Paragraph(S("Risk.Evidence.Report.HowToVerify"));
        return html.End();
    }
}
