using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
using NpgsqlTypes;
using Renhe.Modules.Risk.Scanning;
using Renhe.Platform.Data;

namespace Renhe.Modules.Risk.Archive;

/// Writes a batch's records, scan hits and search-index rows inside the caller's transaction,
/// below EF Core: a 1,000-message batch is ~1,000 records, ~3,000 index and hit rows, and EF's
/// per-row path (tracking, one command built per row) was 90 % of ingest time (bench README).
/// SQLite gets one prepared INSERT per table, its parameters re-bound per row; PostgreSQL gets a
/// binary COPY per table. Nothing is lost by going around SaveChanges: these entities are
/// IAuditedByOwner, which the audit interceptor skips (ArchiveService writes one audit entry per
/// batch itself), and they have no generated values or EF-side relationships to fix up.
///
/// The column values must be exactly what EF Core would store, because EF reads them back
/// (search, verification, purge): enums as their names (HasConversion&lt;string&gt;), times through
/// SQLite's DateTimeOffsetToBinaryConverter (SqliteAppDbContext), Guids as upper-case text on
/// SQLite (EF Core's SQLite mapping). Tests read rows written here through EF on both databases.
internal static class ArchiveRows
{
    public static Task InsertAsync(AppDbContext db, IReadOnlyList<ArchivedRecord> records, IReadOnlyList<ScanHitRecord> hits, CancellationToken ct)
    {
        if (records.Count == 0) return Task.CompletedTask;
        return db.Database.IsNpgsql() ? PostgresAsync(db, records, hits, ct) : SqliteAsync(db, records, hits, ct);
    }

    /// The normalised text of a record on PostgreSQL (whose distinct bigrams become the token
    /// array), or null when it has nothing to index.
    private static string? Normalized(ArchivedRecord r) =>
        string.IsNullOrEmpty(r.Content) ? null : ScanNormalization.Normalize(r.Content) is { Length: > 0 } n ? n : null;

    // ---- SQLite: one prepared INSERT per table, parameters re-bound per row ----------------------

    private static readonly Func<DateTimeOffset, long> SqliteTime = new DateTimeOffsetToBinaryConverter().ConvertToProviderExpression.Compile();

    private static readonly string[] RecordColumns =
    [
        "Seq", "Class", "Channel", "SourceId", "EmployeeId", "UnknownEmployee", "SenderRaw", "CounterpartExternalId",
        "CounterpartPhone", "CounterpartRaw", "At", "MsgType", "Action", "ReferencedSourceId", "Content", "Body", "Hash",
        "PreviousHash", "ArchivedAt",
    ];

    private static readonly string[] HitColumns = ["Id", "Seq", "Category", "Word", "Start", "Length", "Severity"];

    private static Task SqliteAsync(AppDbContext db, IReadOnlyList<ArchivedRecord> records, IReadOnlyList<ScanHitRecord> hits, CancellationToken ct)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        var transaction = (SqliteTransaction?)db.Database.CurrentTransaction?.GetDbTransaction()
                          ?? throw new InvalidOperationException("Archive rows are written inside the append's transaction.");

        InsertRows(connection, transaction, "risk_archived_record", RecordColumns, records, (r, p, o) =>
        {
            p[o].Value = r.Seq;
            p[o + 1].Value = r.Class.ToString();
            p[o + 2].Value = r.Channel;
            p[o + 3].Value = r.SourceId;
            p[o + 4].Value = r.EmployeeId is { } e ? e.ToString("D").ToUpperInvariant() : DBNull.Value;
            p[o + 5].Value = r.UnknownEmployee ? 1L : 0L;
            p[o + 6].Value = OrNull(r.SenderRaw);
            p[o + 7].Value = OrNull(r.CounterpartExternalId);
            p[o + 8].Value = OrNull(r.CounterpartPhone);
            p[o + 9].Value = OrNull(r.CounterpartRaw);
            p[o + 10].Value = SqliteTime(r.At);
            p[o + 11].Value = OrNull(r.MsgType);
            p[o + 12].Value = OrNull(r.Action);
            p[o + 13].Value = OrNull(r.ReferencedSourceId);
            p[o + 14].Value = OrNull(r.Content);
            p[o + 15].Value = OrNull(r.Body);
            p[o + 16].Value = r.Hash;
            p[o + 17].Value = r.PreviousHash;
            p[o + 18].Value = SqliteTime(r.ArchivedAt);
        }, ct);

        InsertRows(connection, transaction, "risk_scan_hit", HitColumns, hits, (h, p, o) =>
        {
            p[o].Value = h.Id.ToString("D").ToUpperInvariant();
            p[o + 1].Value = h.Seq;
            p[o + 2].Value = h.Category;
            p[o + 3].Value = h.Word;
            p[o + 4].Value = (long)h.Start;
            p[o + 5].Value = (long)h.Length;
            p[o + 6].Value = h.Severity.ToString();
        }, ct);

        // The FTS5 index (ADR 0008): rowid = seq, the record's index text (its bigrams, space-separated).
        var indexed = new List<(long Seq, string Text)>(records.Count);
        foreach (var r in records)
            if (ArchiveSearchIndex.IndexText(r.Content) is { } text) indexed.Add((r.Seq, text));
        InsertRows(connection, transaction, ArchiveSearchIndex.FtsTable, ["rowid", "tokens"], indexed, (x, p, o) =>
        {
            p[o].Value = x.Seq;
            p[o + 1].Value = x.Text;
        }, ct);
        // Microsoft.Data.Sqlite has no real asynchronous I/O: its async methods run synchronously,
        // so the synchronous calls above only save the Task per row.
        return Task.CompletedTask;
    }

    /// Rows per INSERT … VALUES (…), (…), …: each execution costs Microsoft.Data.Sqlite a few
    /// microseconds of its own (more than SQLite's work for a row), so a batch's rows go in a few
    /// dozen statements instead of a thousand. 32 rows of the widest table (19 columns) stay far
    /// below SQLite's limit on parameters.
    private const int RowsPerStatement = 32;

    private static void InsertRows<T>(SqliteConnection connection, SqliteTransaction transaction, string table, string[] columns,
        IReadOnlyList<T> rows, Action<T, SqliteParameterCollection, int> bind, CancellationToken ct)
    {
        SqliteCommand? full = null;
        try
        {
            for (var at = 0; at < rows.Count; at += RowsPerStatement)
            {
                ct.ThrowIfCancellationRequested();
                var n = Math.Min(RowsPerStatement, rows.Count - at);
                using var partial = n < RowsPerStatement ? Prepare(connection, transaction, table, columns, n) : null;
                var command = partial ?? (full ??= Prepare(connection, transaction, table, columns, RowsPerStatement));
                for (var i = 0; i < n; i++) bind(rows[at + i], command.Parameters, i * columns.Length);
                command.ExecuteNonQuery();
            }
        }
        finally
        {
            full?.Dispose();
        }
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string table, string[] columns, int rows)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var names = string.Join(", ", columns.Select(c => c == "rowid" ? c : $"\"{c}\""));
        var values = string.Join(", ", Enumerable.Range(0, rows).Select(r =>
            "(" + string.Join(", ", columns.Select((_, i) => string.Create(CultureInfo.InvariantCulture, $"$p{r * columns.Length + i}"))) + ")"));
        command.CommandText = $"INSERT INTO {table} ({names}) VALUES {values}";
        for (var i = 0; i < rows * columns.Length; i++)
            command.Parameters.Add(new SqliteParameter(string.Create(CultureInfo.InvariantCulture, $"$p{i}"), null));
        command.Prepare();
        return command;
    }

    private static object OrNull(string? value) => value is null ? DBNull.Value : value;

    // ---- PostgreSQL: binary COPY per table ------------------------------------------------------

    private static async Task PostgresAsync(AppDbContext db, IReadOnlyList<ArchivedRecord> records, IReadOnlyList<ScanHitRecord> hits, CancellationToken ct)
    {
        // COPY runs on the connection, so inside the transaction the append already holds.
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();

        await using (var copy = await connection.BeginBinaryImportAsync(
                         """
                         COPY risk_archived_record ("Seq", "Class", "Channel", "SourceId", "EmployeeId", "UnknownEmployee", "SenderRaw",
                             "CounterpartExternalId", "CounterpartPhone", "CounterpartRaw", "At", "MsgType", "Action", "ReferencedSourceId",
                             "Content", "Body", "Hash", "PreviousHash", "ArchivedAt") FROM STDIN (FORMAT BINARY)
                         """, ct))
        {
            foreach (var r in records)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(r.Seq, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(r.Class.ToString(), NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(r.Channel, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(r.SourceId, NpgsqlDbType.Varchar, ct);
                await WriteAsync(copy, r.EmployeeId, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(r.UnknownEmployee, NpgsqlDbType.Boolean, ct);
                await WriteAsync(copy, r.SenderRaw, NpgsqlDbType.Varchar, ct);
                await WriteAsync(copy, r.CounterpartExternalId, NpgsqlDbType.Varchar, ct);
                await WriteAsync(copy, r.CounterpartPhone, NpgsqlDbType.Varchar, ct);
                await WriteAsync(copy, r.CounterpartRaw, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(r.At, NpgsqlDbType.TimestampTz, ct);
                await WriteAsync(copy, r.MsgType, NpgsqlDbType.Varchar, ct);
                await WriteAsync(copy, r.Action, NpgsqlDbType.Varchar, ct);
                await WriteAsync(copy, r.ReferencedSourceId, NpgsqlDbType.Varchar, ct);
                await WriteAsync(copy, r.Content, NpgsqlDbType.Text, ct);
                await WriteAsync(copy, r.Body, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(r.Hash, NpgsqlDbType.Bytea, ct);
                await copy.WriteAsync(r.PreviousHash, NpgsqlDbType.Bytea, ct);
                await copy.WriteAsync(r.ArchivedAt, NpgsqlDbType.TimestampTz, ct);
            }
            await copy.CompleteAsync(ct);
        }

        if (hits.Count > 0)
        {
            await using var copy = await connection.BeginBinaryImportAsync(
                """COPY risk_scan_hit ("Id", "Seq", "Category", "Word", "Start", "Length", "Severity") FROM STDIN (FORMAT BINARY)""", ct);
            foreach (var h in hits)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(h.Id, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(h.Seq, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(h.Category, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(h.Word, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(h.Start, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(h.Length, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(h.Severity.ToString(), NpgsqlDbType.Varchar, ct);
            }
            await copy.CompleteAsync(ct);
        }

        // The GIN-indexed token arrays (ADR 0008): the record's time, its distinct bigrams, and the
        // normalised text for the LIKE recheck of longer terms.
        await using (var copy = await connection.BeginBinaryImportAsync(
                         """COPY risk_archive_search ("Seq", "At", "Tokens", "Normalized") FROM STDIN (FORMAT BINARY)""", ct))
        {
            foreach (var r in records)
            {
                if (Normalized(r) is not { } normalized) continue;
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(r.Seq, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(r.At, NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(ArchiveSearchIndex.Bigrams(normalized).Distinct().ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                await copy.WriteAsync(normalized, NpgsqlDbType.Text, ct);
            }
            await copy.CompleteAsync(ct);
        }
    }

    private static Task WriteAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken ct) where T : class =>
        value is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(value, type, ct);

    private static Task WriteAsync(NpgsqlBinaryImporter copy, Guid? value, NpgsqlDbType type, CancellationToken ct) =>
        value is { } v ? copy.WriteAsync(v, type, ct) : copy.WriteNullAsync(ct);
}
