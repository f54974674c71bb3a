using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Risk.Scanning;
using Renhe.Platform.Data;

namespace Renhe.Modules.Risk.Archive;

/// The search index row on PostgreSQL: the distinct bigrams of the record's normalised text under
/// two GIN indexes (as they are, and qualified by the record's day: <see cref="ArchiveSearchIndex.DayTokensFunction"/>),
/// and the normalised text itself, on which the candidate rows are confirmed (strpos) so that 3- and
/// 4-character terms match only where the bigrams are consecutive.
/// SQLite keeps the same tokens in the FTS5 table risk_archive_fts instead (created by the
/// migration; not part of the EF model). Derived data, like scan hits: outside the chain.
public sealed class ArchiveSearchEntry : Renhe.Platform.Audit.IAuditedByOwner
{
    public long Seq { get; set; }
    /// The record's time, copied, so that the newest matches are read from this table alone.
    public DateTimeOffset At { get; set; }
    public string[] Tokens { get; set; } = [];
    public string Normalized { get; set; } = "";
}

/// Text → index tokens, and the provider-specific queries (rows are written by <see cref="ArchiveRows"/>). The text is seen the way the scanner
/// sees it (<see cref="ScanNormalization"/>: full-width, case, traditional → simplified, separators
/// dropped), then cut into overlapping bigrams. A two-character term is one bigram, which the index
/// answers exactly: 私单 is one token lookup, and 私-单 or 私 單 in a message is found by it. A longer
/// term of n characters needs all its n − 1 bigrams, and the candidate records are confirmed
/// against their normalised text (the bigrams could be in another order or apart): a LIKE on
/// PostgreSQL, <see cref="HasTermFunction"/> over the record's content on SQLite, whose FTS5 index
/// keeps no positions (detail=none) to make ingest cheaper.
public static class ArchiveSearchIndex
{
    public const string FtsTable = "risk_archive_fts";

    /// The SQLite function (registered on every connection, <see cref="SqliteFunctions"/>) that
    /// tells whether a record's content contains a normalised term: risk_has_term(content, term).
    public const string HasTermFunction = "risk_has_term";

    /// All bigrams of the normalised text, in order; a text of one character is that character.
    public static List<string> Bigrams(string normalized)
    {
        var tokens = new List<string>(Math.Max(1, normalized.Length - 1));
        if (normalized.Length == 1) tokens.Add(normalized);
        for (var i = 0; i + 1 < normalized.Length; i++) tokens.Add(normalized.Substring(i, 2));
        return tokens;
    }

    /// The distinct bigrams of the normalised text, in the order they first occur (what
    /// <c>Bigrams(normalized).Distinct()</c> gives), each string made once: PostgreSQL's token array.
    public static string[] DistinctBigrams(string normalized)
    {
        if (normalized.Length <= 1) return normalized.Length == 0 ? [] : [normalized];
        var seen = new HashSet<int>(normalized.Length);
        var tokens = new List<string>(normalized.Length - 1);
        for (var i = 0; i + 1 < normalized.Length; i++)
            if (seen.Add(normalized[i] << 16 | normalized[i + 1])) tokens.Add(normalized.Substring(i, 2));
        return [.. tokens];
    }

    /// What the FTS5 index is given for a record's content (its bigrams, space-separated), or null
    /// when there is nothing to index. The retention purge gives the same text back to remove a
    /// record (the table is contentless), so both must come from here.
    public static string? IndexText(string? content) =>
        string.IsNullOrEmpty(content) ? null
        : ScanNormalization.Normalize(content) is { Length: > 0 } n ? string.Join(' ', Bigrams(n)) : null;

    /// Whether the term's candidates need confirming against the text: only a two-character term
    /// is a single bigram, which the index answers exactly.
    public static bool NeedsConfirmation(string normalizedTerm) => normalizedTerm.Length > 2;

    /// The FTS5 query for a normalised term: every distinct bigram of it (an implicit AND). Quoted,
    /// so a bigram is a string, never an operator; normalised text holds no quotes (punctuation is dropped).
    public static string FtsQuery(string normalizedTerm) =>
        string.Join(' ', Bigrams(normalizedTerm).Distinct(StringComparer.Ordinal).Select(b => "\"" + b + "\""));

    /// risk_has_term: whether the content, normalised the way it was indexed, contains the term.
    public static bool HasTerm(string? content, string normalizedTerm) =>
        !string.IsNullOrEmpty(content) && ScanNormalization.Normalize(content).Contains(normalizedTerm, StringComparison.Ordinal);

    /// Registers <see cref="HasTermFunction"/> on each SQLite connection EF opens.
    public static readonly IInterceptor SqliteFunctions = new SqliteFunctionsInterceptor();

    private sealed class SqliteFunctionsInterceptor : DbConnectionInterceptor
    {
        // Once per connection object: Microsoft.Data.Sqlite keeps the function and registers it
        // again each time EF opens the connection.
        public override DbConnection ConnectionCreated(ConnectionCreatedEventData eventData, DbConnection result)
        {
            if (result is SqliteConnection sqlite)
                sqlite.CreateFunction<string?, string, bool>(HasTermFunction, HasTerm, isDeterministic: true);
            return result;
        }
    }

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

    /// Removes a purged seq run from the index, in the purge's transaction and before its records
    /// go: SQLite's contentless FTS5 table forgets a row only when given the text it indexed, which
    /// is recomputed from the record's content.
    internal static async Task RemoveAsync(AppDbContext db, long first, long last, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Set<ArchiveSearchEntry>().Where(e => e.Seq >= first && e.Seq <= last).ExecuteDeleteAsync(ct);
            return;
        }
        var rows = await db.ArchivedRecords.AsNoTracking().Where(r => r.Seq >= first && r.Seq <= last)
            .Select(r => new { r.Seq, r.Content }).ToListAsync(ct);
        foreach (var r in rows)
            if (IndexText(r.Content) is { } text)
                await db.Database.ExecuteSqlAsync(
                    $"INSERT INTO risk_archive_fts (risk_archive_fts, rowid, tokens) VALUES ('delete', {r.Seq}, {text})", ct);
    }

    /// The seqs whose text contains the normalised term (≥ 2 characters), answered by the index
    /// (and, for a longer term, confirmed on the candidates).
    internal static IQueryable<long> Matching(AppDbContext db, string normalizedTerm) =>
        MatchingBetween(db, normalizedTerm, long.MinValue, long.MaxValue);

    /// <see cref="Matching"/> within a seq range.
    internal static IQueryable<long> MatchingBetween(AppDbContext db, string normalizedTerm, long first, long last)
    {
        if (db.Database.IsNpgsql())
        {
            var (condition, parameters) = PostgresCondition(normalizedTerm, "");
            // The condition is fixed SQL with numbered parameters (PostgresCondition), never the term.
            var sql = "SELECT \"Seq\" AS \"Value\" FROM risk_archive_search WHERE " + condition
                      + string.Create(CultureInfo.InvariantCulture, $" AND \"Seq\" BETWEEN {{{parameters.Length}}} AND {{{parameters.Length + 1}}}");
            return db.Database.SqlQueryRaw<long>(sql, [.. parameters, first, last]);
        }
        var query = FtsQuery(normalizedTerm);
        if (!NeedsConfirmation(normalizedTerm))
            return db.Database.SqlQuery<long>(
                $"SELECT rowid AS \"Value\" FROM risk_archive_fts WHERE risk_archive_fts MATCH {query} AND rowid BETWEEN {first} AND {last}");
        // CROSS JOIN keeps the index as the outer loop: only candidates' contents are read. The term
        // written as it is (instr, in SQLite) is a match without a call into .NET; only the other
        // candidates are normalised.
        return db.Database.SqlQuery<long>(
            $"SELECT f.rowid AS \"Value\" FROM risk_archive_fts f CROSS JOIN risk_archived_record r ON r.\"Seq\" = f.rowid WHERE risk_archive_fts MATCH {query} AND f.rowid BETWEEN {first} AND {last} AND (instr(r.\"Content\", {normalizedTerm}) > 0 OR risk_has_term(r.\"Content\", {normalizedTerm}))");
    }

    /// The capped count of a term's matches on SQLite (up to <paramref name="cap"/>), and how dense
    /// they are among the newest records (matches per seq over the newest <paramref name="cap"/>
    /// matches; 1 when there are fewer): enough to choose how to read the page.
    internal static async Task<(int Count, double Density)> SurveyAsync(AppDbContext db, string normalizedTerm, int cap, CancellationToken ct)
    {
        // Written out rather than composed on Matching: EF orders by CAST(Value AS INTEGER), which
        // FTS5 cannot answer from its rowid order, and every match would be read and sorted.
        var query = FtsQuery(normalizedTerm);
        var newest = await (NeedsConfirmation(normalizedTerm)
            ? db.Database.SqlQuery<long>(
                $"SELECT f.rowid AS \"Value\" FROM risk_archive_fts f CROSS JOIN risk_archived_record r ON r.\"Seq\" = f.rowid WHERE risk_archive_fts MATCH {query} AND (instr(r.\"Content\", {normalizedTerm}) > 0 OR risk_has_term(r.\"Content\", {normalizedTerm})) ORDER BY f.rowid DESC LIMIT {cap}")
            : db.Database.SqlQuery<long>(
                $"SELECT rowid AS \"Value\" FROM risk_archive_fts WHERE risk_archive_fts MATCH {query} ORDER BY rowid DESC LIMIT {cap}")).ToListAsync(ct);
        if (newest.Count == 0) return (0, 0);
        return (newest.Count, newest.Count < cap ? 1 : (double)newest.Count / (newest[0] - newest[^1] + 1));
    }

    /// The records whose text contains the normalised term, as a correlated check per record (PostgreSQL,
    /// filtered searches of a frequent term: the planner walks the time index and stops after a page).
    internal static IQueryable<ArchivedRecord> NewestFirstMatching(AppDbContext db, string normalizedTerm)
    {
        var (condition, parameters) = PostgresCondition(normalizedTerm, "s.");
        var sql = "SELECT * FROM risk_archived_record r WHERE EXISTS (SELECT 1 FROM risk_archive_search s WHERE s.\"Seq\" = r.\"Seq\" AND " + condition + ")";
        return db.ArchivedRecords.FromSqlRaw(sql, parameters)
            .AsNoTracking();
    }

    /// The PostgreSQL condition on risk_archive_search (columns prefixed with <paramref name="alias"/>):
    /// the containment of the term's bigrams, which the GIN index answers — exactly, for a
    /// two-character term. A longer term is confirmed with strpos on the normalised text, written
    /// first: where the planner walks the time index, it is what each row is checked with, cheaper
    /// than comparing ~60 array elements (equal costs keep their written order). Not LIKE: its
    /// selectivity estimate makes the planner sort every GIN match even of a frequent term.
    private static (string Condition, object[] Parameters) PostgresCondition(string normalizedTerm, string alias)
    {
        var tokens = Bigrams(normalizedTerm).Distinct().ToArray();
        return NeedsConfirmation(normalizedTerm)
            ? ($"strpos({alias}\"Normalized\", {{0}}) > 0 AND {alias}\"Tokens\" @> {{1}}", [normalizedTerm, tokens])
            : ($"{alias}\"Tokens\" @> {{0}}", [tokens]);
    }

    // ---- PostgreSQL: the bigrams by day, an expression index ------------------------------------

    /// The SQL function (created by the Initial migration) that gives a search row's
    /// bigrams qualified by its record's day: risk_day_tokens(tokens, at) = each token || '@' || the
    /// UTC day since the Unix epoch ("私单@20754"). A second GIN index is built on it, so the day
    /// tokens are in the index only, not stored in the rows (stored, they doubled the table and its
    /// pages no longer stayed in memory). The posting list of a day token holds one term's matches
    /// of one day: the newest thousand of 私单 (0.5 % of messages) are read from some forty short
    /// lists and those of 价格 (15 %) from two, instead of sorting all 5,000 or 150,000 matches or
    /// walking the time index through the records between them (ADR 0008). A day token is never a
    /// term's token (a bigram is two characters, a lone character one).
    public const string DayTokensFunction = "risk_day_tokens";

    /// The PL/pgSQL function (created by the Initial migration) that reads a term's newest matches,
    /// in one call and one snapshot.
    public const string NewestFunction = "risk_archive_newest";

    /// How many of the newest records the first look at a longer term's matches covers (PostgreSQL): enough
    /// to see tens of matches of a term in 0.5 % of messages, and so to estimate how far back its
    /// newest thousand go; few enough that a common word's matches in it are read quickly.
    public const int ProbeRecords = 4_000;

    private sealed class NewestMatches
    {
        public int Counted { get; set; }
        public long[] Page { get; set; } = [];
        public Guid?[] Employees { get; set; } = [];
    }

    /// PostgreSQL, a term alone: how many matches it has, up to <c>max(skip + take, cap + 1)</c>
    /// (enough for the page and the capped count), and the page, newest first, by <see cref="NewestFunction"/>.
    /// A two-character term is one bigram, whose records per day are counted (risk_archive_day_count,
    /// kept by triggers on the search rows, which count every record per day as well): the capped count
    /// comes from the newest days' counts, and the page from the days that hold it. A term frequent on
    /// those days is found walking the time index from the newest record; a rarer one's matches there
    /// are read through the day tokens (<see cref="DayTokensFunction"/>), whichever the counts say
    /// touches fewer rows. A longer term is read a stretch of days at a time from the newest backwards
    /// and confirmed on the text: the first stretch holds about <paramref name="probeRecords"/> records
    /// (from the table's row estimate); the matches found so far give the term's rate, which sizes the
    /// next stretch to hold the rest with a quarter as much again in reserve (none found yet: eight
    /// times as far back); the stretch that reaches the oldest day is everything older, by the plain
    /// bigrams; once the page is complete, later stretches are only counted. Each stretch is older
    /// than the one before and sorted within, so together they are the exact newest-first order,
    /// whatever the relation of seq and time.
    /// PageEmployees: each page record's employee, in page order (null for an unknown sender), for the
    /// search's audit.
    internal static async Task<(int Counted, List<long> Page, List<Guid?> PageEmployees)> NewestPostgresAsync(AppDbContext db,
        string normalizedTerm, int skip, int take, CancellationToken ct, int probeRecords = ProbeRecords)
    {
        var needed = Math.Max(skip + take, ArchiveSearchService.TotalCap + 1);
        var newest = (await db.Database.SqlQueryRaw<NewestMatches>(
            $"SELECT * FROM {NewestFunction}({{0}}, {{1}}, {{2}}, {{3}}, {{4}}, {{5}}, {{6}})",
            normalizedTerm, Bigrams(normalizedTerm).Distinct().ToArray(), NeedsConfirmation(normalizedTerm), needed, skip, take, probeRecords)
            .ToListAsync(ct)).Single();
        return (newest.Counted, [.. newest.Page], [.. newest.Employees]);
    }

    /// SQLite, a term with some thousands of matches: take the matches' seqs once, then walk the
    /// time index newest first keeping records whose seq is among them. The time index is named
    /// because the planner, left alone, reads every match by key and sorts them (17 ms for 私单
    /// over a million messages, against 1 ms walking the index).
    internal static IQueryable<ArchivedRecord> WalkTimeThroughMatches(AppDbContext db, string normalizedTerm)
    {
        var matching = Matching(db, normalizedTerm);
        return db.ArchivedRecords.FromSql($"SELECT * FROM risk_archived_record INDEXED BY \"IX_risk_archived_record_At\"")
            .AsNoTracking().Where(r => matching.Contains(r.Seq));
    }

    /// SQLite, a frequent term: walk the (filtered) records newest first a window at a time, and ask
    /// the index only for the matches within each window's seq range. The window is sized from the
    /// term's density so that one usually holds the page (价格, 15 % of messages: ~250 records for a
    /// page of 20), and doubles when it does not. Correct whatever the relation of seq and time: a
    /// window is every record newer than its last, so its matches are exactly the newest ones.
    internal static async Task<List<long>> WalkTimeInWindowsAsync(AppDbContext db, IQueryable<ArchivedRecord> records, string normalizedTerm,
        double density, int skip, int take, CancellationToken ct)
    {
        var needed = skip + take;
        var found = new List<long>(needed);
        var window = (int)Math.Clamp(needed / Math.Max(density, 1e-6) * 1.5 + 64, 128, 100_000);
        (DateTimeOffset At, long Seq)? after = null;
        while (found.Count < needed)
        {
            var source = records;
            if (after is var (at, seq)) source = source.Where(r => r.At < at || (r.At == at && r.Seq < seq));
            var rows = await source.OrderByDescending(r => r.At).ThenByDescending(r => r.Seq).Take(window)
                .Select(r => new { r.Seq, r.At }).ToListAsync(ct);
            if (rows.Count == 0) break;
            var matches = (await MatchingBetween(db, normalizedTerm, rows.Min(r => r.Seq), rows.Max(r => r.Seq)).ToListAsync(ct)).ToHashSet();
            foreach (var r in rows)
                if (matches.Contains(r.Seq) && found.Count < needed) found.Add(r.Seq);
            if (rows.Count < window) break;
            after = (rows[^1].At, rows[^1].Seq);
            window = Math.Min(window * 2, 100_000);
        }
        return found.Skip(skip).ToList();
    }
}
