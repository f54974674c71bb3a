using System.Text;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Risk.Scanning;
using Renhe.Platform.Data;

namespace Renhe.Modules.Risk.Archive;

/// The search index row on PostgreSQL: the distinct bigrams of the record's normalised text under
/// a GIN index (queried with @>), and the normalised text itself, on which the candidate rows are
/// confirmed (LIKE) so that 3- and 4-character terms match only where the bigrams are consecutive.
/// SQLite keeps the same tokens in the FTS5 table risk_archive_fts instead (created by the
/// migration; not part of the EF model). Derived data, like scan hits: outside the chain.
public sealed class ArchiveSearchEntry : Renhe.Platform.Audit.IAuditedByOwner
{
    public long Seq { get; set; }
    public string[] Tokens { get; set; } = [];
    public string Normalized { get; set; } = "";
}

/// Text → index tokens, and the provider-specific queries (rows are written by <see cref="ArchiveRows"/>). The text is seen the way the scanner
/// sees it (<see cref="ScanNormalization"/>: full-width, case, traditional → simplified, separators
/// dropped), then cut into overlapping bigrams. A term of n ≥ 2 characters is n − 1 consecutive
/// bigrams: an FTS5 phrase on SQLite, an array containment plus a LIKE confirmation on PostgreSQL.
/// So 私单 is one token lookup, and 私-单 or 私 單 in a message is found by it.
public static class ArchiveSearchIndex
{
    public const string FtsTable = "risk_archive_fts";

    /// All bigrams of the normalised text, in order (FTS5 phrases need the positions); a text of
    /// one character is that character.
    public static List<string> Bigrams(string normalized)
    {
        var tokens = new List<string>(Math.Max(1, normalized.Length - 1));
        if (normalized.Length == 1) tokens.Add(normalized);
        for (var i = 0; i + 1 < normalized.Length; i++) tokens.Add(normalized.Substring(i, 2));
        return tokens;
    }

    /// The FTS5 query for a normalised term: its bigrams as one phrase (consecutive positions =
    /// the term as a substring). Normalised text holds no quotes (punctuation is dropped).
    public static string FtsPhrase(string normalizedTerm) => "\"" + string.Join(' ', Bigrams(normalizedTerm)) + "\"";

    /// Where a normalised term occurs in the original text, as (start, length) in the original,
    /// separators inside the match included (私-单 is highlighted whole).
    public static IReadOnlyList<(int Start, int Length)> Occurrences(string? text, string normalizedTerm)
    {
        if (string.IsNullOrEmpty(text) || normalizedTerm.Length == 0) return [];
        var normalized = new StringBuilder(text.Length);
        var origin = new List<int>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var mapped = ScanNormalization.Map(text[i]);
            if (mapped == ScanNormalization.Skip) continue;
            normalized.Append(mapped);
            origin.Add(i);
        }
        var n = normalized.ToString();
        var found = new List<(int, int)>();
        for (var at = n.IndexOf(normalizedTerm, StringComparison.Ordinal); at >= 0;
             at = n.IndexOf(normalizedTerm, at + normalizedTerm.Length, StringComparison.Ordinal))
        {
            var start = origin[at];
            var end = origin[at + normalizedTerm.Length - 1] + 1;
            found.Add((start, end - start));
        }
        return found;
    }

    /// Removes a purged seq run from the index, in the purge's transaction.
    internal static async Task RemoveAsync(AppDbContext db, long first, long last, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
            await db.Set<ArchiveSearchEntry>().Where(e => e.Seq >= first && e.Seq <= last).ExecuteDeleteAsync(ct);
        else
            await db.Database.ExecuteSqlAsync($"DELETE FROM risk_archive_fts WHERE rowid BETWEEN {first} AND {last}", ct);
    }

    /// The records whose text contains the normalised term, as a correlated check per record: for a
    /// frequent term, the newest-first page walks the time index and stops after a page of matches
    /// instead of reading every match first. (PostgreSQL's planner picks that plan by itself from
    /// its statistics; the same query shape is given to it for symmetry.)
    internal static IQueryable<ArchivedRecord> NewestFirstMatching(AppDbContext db, string normalizedTerm)
    {
        if (db.Database.IsNpgsql())
        {
            var tokens = Bigrams(normalizedTerm).Distinct().ToArray();
            var pattern = "%" + normalizedTerm + "%";
            return db.ArchivedRecords.FromSql(
                $"SELECT * FROM risk_archived_record r WHERE EXISTS (SELECT 1 FROM risk_archive_search s WHERE s.\"Seq\" = r.\"Seq\" AND s.\"Tokens\" @> {tokens} AND s.\"Normalized\" LIKE {pattern})")
                .AsNoTracking();
        }
        var phrase = FtsPhrase(normalizedTerm);
        return db.ArchivedRecords.FromSql(
            $"SELECT * FROM risk_archived_record r WHERE EXISTS (SELECT 1 FROM risk_archive_fts WHERE risk_archive_fts.rowid = r.\"Seq\" AND risk_archive_fts MATCH {phrase})")
            .AsNoTracking();
    }

    /// How a page of a term's matches is best read, newest first, by how many records contain it.
    public enum PagePlan
    {
        /// Few matches (≤ <see cref="RareMatches"/>): read them all by key and sort them.
        ReadMatches,
        /// Some (≤ <see cref="CommonMatches"/>): take the matches' seqs once, then walk the time index
        /// newest first keeping records whose seq is among them; a page is found after a few thousand
        /// index entries at most.
        WalkTimeThroughMatches,
        /// Many: walk the time index and ask the index about each record; at ≥ 5 % a page of 20 is
        /// found within a few hundred records, and the matches' seqs are never all read.
        WalkTimeCheckingEach,
    }

    public const int RareMatches = 1_000;
    public const int CommonMatches = 50_000;

    /// Chooses the plan from the index alone (a count of the term's entries capped at
    /// <see cref="CommonMatches"/> + 1: well under a millisecond for a rare term, a few for a frequent
    /// one). SQLite only; PostgreSQL's planner makes the choice from its statistics.
    internal static async Task<(PagePlan Plan, int CappedCount)> PlanAsync(AppDbContext db, string normalizedTerm, CancellationToken ct)
    {
        var phrase = FtsPhrase(normalizedTerm);
        var count = await db.Database.SqlQuery<int>(
                $"SELECT count(*) AS \"Value\" FROM (SELECT rowid FROM risk_archive_fts WHERE risk_archive_fts MATCH {phrase} LIMIT {CommonMatches + 1})")
            .SingleAsync(ct);
        return (count <= RareMatches ? PagePlan.ReadMatches : count <= CommonMatches ? PagePlan.WalkTimeThroughMatches : PagePlan.WalkTimeCheckingEach,
            count);
    }

    /// <see cref="PagePlan.WalkTimeThroughMatches"/> on SQLite: the time index is named because the
    /// planner, left alone, reads every match by key and sorts them (17 ms for 私单 over a million
    /// messages, against 1 ms walking the index).
    internal static IQueryable<ArchivedRecord> WalkTimeThroughMatches(AppDbContext db, string normalizedTerm)
    {
        var phrase = FtsPhrase(normalizedTerm);
        return db.ArchivedRecords.FromSql(
                $"SELECT * FROM risk_archived_record INDEXED BY \"IX_risk_archived_record_At\" WHERE \"Seq\" IN (SELECT rowid FROM risk_archive_fts WHERE risk_archive_fts MATCH {phrase})")
            .AsNoTracking();
    }

    /// The seqs whose text contains the normalised term (≥ 2 characters), answered by the index.
    internal static IQueryable<long> Matching(AppDbContext db, string normalizedTerm)
    {
        if (db.Database.IsNpgsql())
        {
            var tokens = Bigrams(normalizedTerm).Distinct().ToArray();
            // Normalised text has no % or _ (punctuation is dropped), so the term needs no escaping.
            var pattern = "%" + normalizedTerm + "%";
            return db.Database.SqlQuery<long>(
                $"SELECT \"Seq\" AS \"Value\" FROM risk_archive_search WHERE \"Tokens\" @> {tokens} AND \"Normalized\" LIKE {pattern}");
        }
        var phrase = FtsPhrase(normalizedTerm);
        return db.Database.SqlQuery<long>($"SELECT rowid AS \"Value\" FROM risk_archive_fts WHERE risk_archive_fts MATCH {phrase}");
    }
}
