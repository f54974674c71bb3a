using Microsoft.EntityFrameworkCore;
using Renhe.Platform.Data;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;

namespace Renhe.Modules.Risk.Archive;

public sealed record PurgeResult(int Records, int Hits, int Gaps, int Held);

public sealed record LegalHoldDto(Guid Id, Guid? EmployeeId, string? Counterpart, string Reason, DateTimeOffset OpenedAt,
    string OpenedBy, DateTimeOffset? ClosedAt);

/// Retention of the archive per record class (<c>Risk:Retention:&lt;Class&gt;</c> days; chats 180
/// by default) and legal holds that suspend it. A purge removes whole contiguous seq runs and
/// records each run (first, last, the last record's hash) before deleting it, in one transaction:
/// the chain verifies across the gap, and the database only lets a row go whose seq such a record
/// covers (ADR 0007).
public sealed class RetentionService(IDbContextFactory<AppDbContext> dbFactory, IConfiguration configuration, CurrentUser currentUser,
    TimeProvider clock, ILogger<RetentionService> log)
{
    public const int DefaultDays = 180;

    public int RetentionDays(RecordClass recordClass) =>
        configuration.GetValue($"Risk:Retention:{recordClass}", DefaultDays);

    public async Task<PurgeResult> PurgeExpiredAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The same lock as appends: a purge never interleaves with a batch being chained.
        await ArchiveService.LockHeadAsync(db, ct);

        var holds = await db.LegalHolds.AsNoTracking().Where(h => h.ClosedAt == null).ToListAsync(ct);
        var candidates = new List<(long Seq, byte[] Hash)>();
        var held = 0;
        foreach (var recordClass in Enum.GetValues<RecordClass>())
        {
            var cutoff = now.AddDays(-RetentionDays(recordClass));
            var expired = await db.ArchivedRecords.AsNoTracking()
                .Where(r => r.Class == recordClass && r.At < cutoff)
                .Select(r => new { r.Seq, r.Hash, r.EmployeeId, r.CounterpartExternalId, r.CounterpartPhone, r.CounterpartRaw })
                .ToListAsync(ct);
            foreach (var r in expired)
            {
                if (holds.Any(h => Holds(h, r.EmployeeId, r.CounterpartExternalId, r.CounterpartPhone, r.CounterpartRaw))) held++;
                else candidates.Add((r.Seq, r.Hash));
            }
        }
        if (candidates.Count == 0)
        {
            await tx.CommitAsync(ct);
            return new PurgeResult(0, 0, 0, held);
        }

        candidates.Sort((a, b) => a.Seq.CompareTo(b.Seq));
        var runs = new List<(long First, long Last, byte[] LastHash, int Count)>();
        foreach (var (seq, hash) in candidates)
        {
            if (runs.Count > 0 && runs[^1].Last == seq - 1) runs[^1] = (runs[^1].First, seq, hash, runs[^1].Count + 1);
            else runs.Add((seq, seq, hash, 1));
        }

        var by = currentUser.UserName ?? "system";
        var purges = new List<ArchivePurge>();
        foreach (var run in runs)
        {
            var hits = await db.ScanHits.CountAsync(h => h.Seq >= run.First && h.Seq <= run.Last, ct);
            purges.Add(new ArchivePurge
            {
                FirstSeq = run.First, LastSeq = run.Last, LastPurgedHash = run.LastHash, RecordCount = run.Count, HitCount = hits,
                PurgedAt = clock.GetUtcNow(), PurgedBy = by, Reason = "retention",
            });
        }
        db.ArchivePurges.AddRange(purges);
        // The purge records first: the delete trigger lets a row go only under one of them.
        await db.SaveChangesAsync(ct);
        var removedHits = 0;
        var removed = 0;
        foreach (var run in runs)
        {
            await ArchiveSearchIndex.RemoveAsync(db, run.First, run.Last, ct);
            removedHits += await db.ScanHits.Where(h => h.Seq >= run.First && h.Seq <= run.Last).ExecuteDeleteAsync(ct);
            removed += await db.ArchivedRecords.Where(r => r.Seq >= run.First && r.Seq <= run.Last).ExecuteDeleteAsync(ct);
        }
        await tx.CommitAsync(ct);
        log.LogInformation("Retention purged {Records} archived records ({Hits} hits) in {Gaps} runs; {Held} kept under legal hold",
            removed, removedHits, runs.Count, held);
        return new PurgeResult(removed, removedHits, runs.Count, held);
    }

    private static bool Holds(LegalHold h, Guid? employeeId, params string?[] counterparts)
    {
        var employeeMatches = h.EmployeeId is null || h.EmployeeId == employeeId;
        var counterpartMatches = h.Counterpart is null || counterparts.Contains(h.Counterpart);
        return employeeMatches && counterpartMatches;
    }

    public async Task<Guid> OpenHoldAsync(Guid? employeeId, string? counterpart, string reason, CancellationToken ct)
    {
        if (employeeId is null && string.IsNullOrWhiteSpace(counterpart))
            throw new DomainException("Risk.LegalHold.NeedsSubject") { Field = "employeeId" };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var hold = new LegalHold
        {
            EmployeeId = employeeId, Counterpart = string.IsNullOrWhiteSpace(counterpart) ? null : counterpart.Trim(),
            Reason = reason, OpenedAt = clock.GetUtcNow(), OpenedBy = currentUser.UserName ?? "system",
        };
        db.LegalHolds.Add(hold);
        await db.SaveChangesAsync(ct);
        return hold.Id;
    }

    public async Task CloseHoldAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var hold = await db.LegalHolds.SingleOrDefaultAsync(h => h.Id == id, ct) ?? throw new NotFoundException();
        if (hold.ClosedAt is not null) return;
        hold.ClosedAt = clock.GetUtcNow();
        hold.ClosedBy = currentUser.UserName ?? "system";
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<LegalHoldDto>> HoldsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.LegalHolds.AsNoTracking().OrderByDescending(h => h.OpenedAt)
            .Select(h => new LegalHoldDto(h.Id, h.EmployeeId, h.Counterpart, h.Reason, h.OpenedAt, h.OpenedBy, h.ClosedAt))
            .ToListAsync(ct);
    }
}
