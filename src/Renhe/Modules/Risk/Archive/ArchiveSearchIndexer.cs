using Microsoft.EntityFrameworkCore;
using Npgsql;
using Renhe.Platform.Data;

namespace Renhe.Modules.Risk.Archive;

/// PostgreSQL: writes the search rows of archived records after the records' own transaction, so
/// that the head lock (which serialises ingest) is not held while the GIN indexes and the day counts
/// take most of the server's work, and that work runs on another core while the next batch is
/// chained (ADR 0008, README Performance). Durable and idempotent: risk_archive_search_mark holds the
/// last seq indexed, read FOR UPDATE (one indexer at a time across instances) and advanced in the
/// same transaction as the rows it covers, so a kill -9 at any point leaves every record either
/// indexed once or still after the mark, and the next run indexes it. Seqs are committed in order
/// under the head lock, so the records after the mark are always a complete run.
///
/// Every PostgreSQL ingest signals it (the rows follow within the next batch's time), and a search
/// first catches up (<see cref="CatchUpIfBehindAsync"/>), so a record is findable by any search that
/// starts after its ingest returned, as before, and what a killed process left unindexed is indexed
/// by the next ingest or search. No scheduled job: nothing waits on the rows but a search, which
/// writes them itself. SQLite writes its FTS5 rows in the ingest's own transaction (one writer anyway).
public sealed class ArchiveSearchIndexer(IDbContextFactory<AppDbContext> dbFactory, ILogger<ArchiveSearchIndexer> log)
{
    /// Records per transaction: large enough that the day counts and the GIN merge of a lagging
    /// index are amortised over many records, small enough that a transaction stays short.
    public const int ChunkSize = 4000;

    private int _running;
    private int _signalled;

    /// Starts indexing in the background unless it is already running (which then goes round once
    /// more). Failures are logged; the next signal or search picks the records up.
    public void Signal()
    {
        Volatile.Write(ref _signalled, 1);
        if (Interlocked.CompareExchange(ref _running, 1, 0) != 0) return;
        _ = Task.Run(async () =>
        {
            try
            {
                while (Interlocked.Exchange(ref _signalled, 0) == 1)
                    await CatchUpAsync(CancellationToken.None);
            }
            catch (ObjectDisposedException)
            {
                // The application is stopping; the records wait after the mark for the next start.
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Indexing archived records for search failed; the next ingest or search retries");
            }
            finally
            {
                Volatile.Write(ref _running, 0);
                // A signal that came in while the loop was ending would otherwise wait for the next one.
                if (Volatile.Read(ref _signalled) == 1) Signal();
            }
        });
    }

    /// Indexes every record after the mark, up to <paramref name="upTo"/> when given; the number indexed.
    /// Nothing to do on SQLite.
    public async Task<int> CatchUpAsync(CancellationToken ct, long upTo = long.MaxValue)
    {
        var total = 0;
        while (true)
        {
            var (done, mark) = await IndexChunkAsync(ct);
            total += done;
            if (done == 0 || mark >= upTo) return total;
        }
    }

    /// Whether records wait to be indexed: one cheap query, taken by every search before it reads.
    /// A search indexes only what was stored before it started, so ingest that keeps arriving while
    /// it catches up cannot keep it waiting.
    public async Task CatchUpIfBehindAsync(AppDbContext db, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql()) return;
        var head = await db.Database.SqlQuery<long>($"""
            SELECT h."LastSeq" AS "Value" FROM risk_archive_head h, risk_archive_search_mark m WHERE h."LastSeq" > m."IndexedSeq"
            """).ToListAsync(ct);
        if (head.Count > 0) await CatchUpAsync(ct, head[0]);
    }

    private async Task<(int Done, long Mark)> IndexChunkAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!db.Database.IsNpgsql()) return (0, long.MaxValue);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var mark = await db.Database.SqlQuery<long>(
            $"""SELECT "IndexedSeq" AS "Value" FROM risk_archive_search_mark WHERE "Id" = 1 FOR UPDATE""").SingleAsync(ct);
        var records = await db.ArchivedRecords.AsNoTracking().Where(r => r.Seq > mark).OrderBy(r => r.Seq).Take(ChunkSize)
            .Select(r => new { r.Seq, r.At, r.Content }).ToListAsync(ct);
        if (records.Count == 0) return (0, mark);
        await ArchiveRows.WriteSearchRowsAsync((NpgsqlConnection)db.Database.GetDbConnection(),
            records.Select(r => (r.Seq, r.At, r.Content)).ToList(), ct);
        var last = records[^1].Seq;
        await db.Database.ExecuteSqlAsync($"""UPDATE risk_archive_search_mark SET "IndexedSeq" = {last} WHERE "Id" = 1""", ct);
        await tx.CommitAsync(ct);
        return (records.Count, last);
    }
}
