using Renhe.Platform.Time;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Renhe.Platform.Audit;
using Renhe.Platform.Data;

namespace Renhe.Modules.Risk.Archive;

public sealed record ArchiveFindingDto(long Seq, ChainFindingKind Kind, string Detail);

public sealed record DigestFindingDto(DateOnly Day, long HeadSeq, string Problem);

public sealed record ArchiveVerificationDto(
    bool Intact,
    long RecordsChecked,
    long? HeadSeq,
    int PurgeGaps,
    int DigestsChecked,
    IReadOnlyList<ArchiveFindingDto> Findings,
    IReadOnlyList<DigestFindingDto> DigestFindings);

/// Verifies the chain (with purge gaps and signed heads) and signs the daily digest.
public sealed class ArchiveIntegrityService(IDbContextFactory<AppDbContext> dbFactory, DigestKey key, ArchiveSigningKey signingKey,
    ArchiveTimestampClient timestamps, TimeProvider clock, BranchCalendar calendar, AuditService audit, ILogger<ArchiveIntegrityService> log)
{
    public async Task<ArchiveVerificationDto> VerifyAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var gaps = await db.ArchivePurges.AsNoTracking().OrderBy(p => p.FirstSeq)
            .Select(p => new PurgeGap(p.FirstSeq, p.LastSeq, p.LastPurgedHash)).ToListAsync(ct);

        var digestFindings = new List<DigestFindingDto>();
        var checkpoints = new List<ChainCheckpoint>();
        var digests = await db.ArchiveDigests.AsNoTracking().OrderBy(d => d.Day).ToListAsync(ct);
        foreach (var d in digests)
        {
            var digest = new ArchiveDigest(d.Day, d.HeadSeq, d.HeadHash, d.RecordCount);
            // Digests signed before public-key signing keep their HMAC and are checked with it.
            var (expectedKey, verifies) = d.Scheme == ArchiveDigest.SchemeHmac
                ? (key.Id, (Func<bool>)(() => digest.VerifyHmac(d.Signature, key.Key)))
                : (signingKey.Id, () => d.Scheme == ArchiveDigest.SchemeEcdsa && digest.VerifyEcdsa(d.Signature, signingKey.PublicKey));
            if (d.KeyId != expectedKey)
                digestFindings.Add(new DigestFindingDto(d.Day, d.HeadSeq, "signed with another key"));
            else if (d.HeadHash.Length != HashChain.HashSize || !verifies())
                digestFindings.Add(new DigestFindingDto(d.Day, d.HeadSeq, "signature does not verify"));
            else
                checkpoints.Add(digest.Checkpoint);
        }

        // Streamed in seq order: the verifier keeps only a small window, so memory stays flat.
        var records = db.ArchivedRecords.AsNoTracking().OrderBy(r => r.Seq).AsEnumerable()
            .Select(r => new ChainRecord(r.Seq, r.ChainFields(), r.Hash));
        var result = await Task.Run(() => HashChain.Verify(records, gaps, checkpoints), ct);

        var findings = result.Findings.Select(f => new ArchiveFindingDto(f.Seq, f.Kind, f.Detail)).ToList();
        var dto = new ArchiveVerificationDto(findings.Count == 0 && digestFindings.Count == 0, result.RecordsChecked,
            result.HeadSeq, gaps.Count, digests.Count, findings, digestFindings);
        if (!dto.Intact)
            log.LogWarning("Archive verification found {Findings} chain findings and {Digests} digest findings",
                findings.Count, digestFindings.Count);
        await audit.RecordReadAsync("risk.archive.verify", null,
            JsonSerializer.Serialize(new { dto.Intact, dto.RecordsChecked, findings = findings.Count, digests = digestFindings.Count }), ct);
        return dto;
    }

    /// Signs today's chain head (the day in the company's zone) if it is not signed yet; returns
    /// the digest's day, or null when there was nothing to do.
    public async Task<DateOnly?> SignDailyDigestAsync(DateTimeOffset now, CancellationToken ct) =>
        await SignDailyDigestAsync(BranchCalendar.DayOf(now, await calendar.CompanyZoneAsync(ct)), now, ct);

    /// Signs the chain head as it is now as the digest of <paramref name="day"/>, unless that day has
    /// one (a day the scheduler catches up on after Renhe was down is signed late, not skipped).
    public async Task<DateOnly?> SignDailyDigestAsync(DateOnly day, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.ArchiveDigests.AnyAsync(d => d.Day == day, ct)) return null;
        var head = await db.ArchiveHeads.AsNoTracking().SingleOrDefaultAsync(h => h.Id == 1, ct);
        if (head is null || head.LastSeq == 0) return null;
        var count = await db.ArchivedRecords.LongCountAsync(ct);
        var digest = new ArchiveDigest(day, head.LastSeq, head.LastHash, count);
        db.ArchiveDigests.Add(new ArchiveDigestRecord
        {
            Day = day, HeadSeq = head.LastSeq, HeadHash = head.LastHash, RecordCount = count,
            Signature = signingKey.Sign(digest.Encode()), KeyId = signingKey.Id, Scheme = ArchiveDigest.SchemeEcdsa, SignedAt = now,
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another instance signed the same day first.
            return null;
        }
        log.LogInformation("Signed the archive digest of {Day}: head seq {Seq}", day, head.LastSeq);
        return day;
    }

    public Task<DateOnly?> SignDailyDigestAsync(CancellationToken ct) => SignDailyDigestAsync(clock.GetUtcNow(), ct);

    /// Time-stamps signed digests that have no time-stamp yet, newest first, when an authority is
    /// configured. An authority that fails or answers wrongly does not stop anything: the failure is
    /// logged, the digest stays signed without a time-stamp, and the next run (the daily digest job,
    /// or a manual run of it) asks again. Returns how many were time-stamped.
    public async Task<int> TimestampPendingAsync(CancellationToken ct)
    {
        if (timestamps.AuthorityUrl is not { } authority) return 0;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pending = await db.ArchiveDigests.AsNoTracking()
            .Where(d => d.Scheme == ArchiveDigest.SchemeEcdsa && !db.ArchiveDigestTimestamps.Any(t => t.Day == d.Day))
            .OrderByDescending(d => d.Day).Take(MaxTimestampsPerRun).ToListAsync(ct);
        var stamped = 0;
        foreach (var digest in pending)
        {
            System.Security.Cryptography.Pkcs.Rfc3161TimestampToken token;
            try
            {
                token = await timestamps.TimestampAsync(digest.Signature, ct);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Security.Cryptography.CryptographicException
                                          && !ct.IsCancellationRequested)
            {
                log.LogWarning(e, "The time-stamp authority {Authority} did not time-stamp the archive digest of {Day}; the next digest run asks again",
                    authority, digest.Day);
                break;
            }
            db.ArchiveDigestTimestamps.Add(new ArchiveDigestTimestamp
            {
                Day = digest.Day, Token = token.AsSignedCms().Encode(), TimestampedAt = token.TokenInfo.Timestamp, Authority = authority,
            });
            try
            {
                await db.SaveChangesAsync(ct);
                stamped++;
            }
            catch (DbUpdateException)
            {
                // Another instance stored one first.
                db.ChangeTracker.Clear();
            }
        }
        return stamped;
    }

    // A TSA that was down for weeks is caught up over a few runs rather than in one burst.
    private const int MaxTimestampsPerRun = 31;
}
