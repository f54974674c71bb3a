using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
using NpgsqlTypes;
using Renhe.Modules.Risk.Scanning;
using Renhe.Platform.Data;

namespace Renhe.Modules.Risk.Archive;

/// Writes a batch's records, scan hits and (SQLite) search-index rows inside the caller's transaction,
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
    private static string? Normalized(string? content) =>
        string.IsNullOrEmpty(content) ? null : ScanNormalization.Normalize(content) is { Length: > 0 } n ? n : null;

    // ---- SQLite: one prepared INSERT per table, parameters re-bound per row ----------------------

    private static readonly Func<DateTimeOffset, long> SqliteTime = new DateTimeOffsetToBinaryConverter().ConvertToProviderExpression.Compile();

    private static Task SqliteAsync(AppDbContext db, IReadOnlyList<ArchivedRecord> records, IReadOnlyList<ScanHitRecord> hits, CancellationToken ct)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        var transaction = (SqliteTransaction?)db.Database.CurrentTransaction?.GetDbTransaction()
                          ?? throw new InvalidOperationException("Archive rows are written inside the append's transaction.");

        using (var insert = Prepare(connection, transaction, "risk_archived_record",
                   "Seq", "Class", "Channel", "SourceId", "EmployeeId", "UnknownEmployee", "SenderRaw", "CounterpartExternalId",
                   "CounterpartPhone", "CounterpartRaw", "At", "MsgType", "Action", "ReferencedSourceId", "Content", "Body", "Hash",
                   "PreviousHash", "ArchivedAt"))
        {
            var p = insert.Parameters;
            foreach (var r in records)
            {
                ct.ThrowIfCancellationRequested();
                p[0].Value = r.Seq;
                p[1].Value = r.Class.ToString();
                p[2].Value = r.Channel;
                p[3].Value = r.SourceId;
                p[4].Value = r.EmployeeId is { } e ? e.ToString("D").ToUpperInvariant() : DBNull.Value;
                p[5].Value = r.UnknownEmployee ? 1L : 0L;
                p[6].Value = OrNull(r.SenderRaw);
                p[7].Value = OrNull(r.CounterpartExternalId);
                p[8].Value = OrNull(r.CounterpartPhone);
                p[9].Value = OrNull(r.CounterpartRaw);
                p[10].Value = SqliteTime(r.At);
                p[11].Value = OrNull(r.MsgType);
                p[12].Value = OrNull(r.Action);
                p[13].Value = OrNull(r.ReferencedSourceId);
                p[14].Value = OrNull(r.Content);
                p[15].Value = OrNull(r.Body);
                p[16].Value = r.Hash;
                p[17].Value = r.PreviousHash;
                p[18].Value = SqliteTime(r.ArchivedAt);
                insert.ExecuteNonQuery();
            }
        }

        if (hits.Count > 0)
        {
            using var insert = Prepare(connection, transaction, "risk_scan_hit", "Id", "Seq", "Category", "Word", "Start", "Length", "Severity");
            var p = insert.Parameters;
            foreach (var h in hits)
            {
                p[0].Value = h.Id.ToString("D").ToUpperInvariant();
                p[1].Value = h.Seq;
                p[2].Value = h.Category;
                p[3].Value = h.Word;
                p[4].Value = (long)h.Start;
                p[5].Value = (long)h.Length;
                p[6].Value = h.Severity.ToString();
                insert.ExecuteNonQuery();
            }
        }

        // The FTS5 index (ADR 0008): rowid = seq, the record's index text (its bigrams, space-separated).
        // One row per execution: multi-row INSERT … VALUES (…), (…) statements measured slower here.
        using (var insert = Prepare(connection, transaction, ArchiveSearchIndex.FtsTable, "rowid", "tokens"))
        {
            var p = insert.Parameters;
            foreach (var r in records)
            {
                if (ArchiveSearchIndex.IndexText(r.Content) is not { } text) continue;
                p[0].Value = r.Seq;
                p[1].Value = text;
                insert.ExecuteNonQuery();
            }
        }
        // Microsoft.Data.Sqlite has no real asynchronous I/O: its async methods run synchronously,
        // so the synchronous calls above only save the Task per row.
        return Task.CompletedTask;
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string table, params string[] columns)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = string.Create(CultureInfo.InvariantCulture,
            $"INSERT INTO {table} ({string.Join(", ", columns.Select(c => c == "rowid" ? c : $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})");
        for (var i = 0; i < columns.Length; i++) command.Parameters.Add(new SqliteParameter($"$p{i}", null));
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
    }

    /// The search rows of <paramref name="records"/> (seq, time, content) on PostgreSQL, by binary COPY
    /// inside the caller's transaction: since ArchiveSearchDeferredIndex written by
    /// ArchiveSearchIndexer after the records' own transaction, not in it (ADR 0008).
    internal static async Task WriteSearchRowsAsync(NpgsqlConnection connection, IReadOnlyList<(long Seq, DateTimeOffset At, string? Content)> records,
        CancellationToken ct)
    {
        // The GIN-indexed token arrays (ADR 0008): the record's time, its distinct bigrams (also indexed by
        // day: ArchiveSearchIndex.DayTokensFunction), and the normalised text longer terms are confirmed on.
        await using var copy = await connection.BeginBinaryImportAsync(
            """COPY risk_archive_search ("Seq", "At", "Tokens", "Normalized") FROM STDIN (FORMAT BINARY)""", ct);
        var tokens = new ArrayBufferWriter<byte>(4096);
        foreach (var r in records)
        {
            if (Normalized(r.Content) is not { } normalized) continue;
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(r.Seq, NpgsqlDbType.Bigint, ct);
            await copy.WriteAsync(r.At, NpgsqlDbType.TimestampTz, ct);
            tokens.ResetWrittenCount();
            WriteTokenArray(tokens, normalized);
            // A binary COPY field is the column's binary form whatever the writer calls it: the
            // text[] is encoded here (WriteTokenArray) and sent as bytes, instead of Npgsql writing
            // ~50 strings one converter call at a time (the client's CPU per message: 40 → 35 µs).
            await copy.WriteAsync(tokens.WrittenMemory, NpgsqlDbType.Bytea, ct);
            await copy.WriteAsync(normalized, NpgsqlDbType.Text, ct);
        }
        await copy.CompleteAsync(ct);
    }

    private const int TextTypeOid = 25;

    /// The distinct bigrams of <paramref name="normalized"/> (<see cref="ArchiveSearchIndex.DistinctBigrams"/>,
    /// same order) as PostgreSQL's binary text[] (array_send/array_recv): dimensions, no-nulls flag,
    /// element type, the dimension's length and lower bound, then each element's length and UTF-8
    /// bytes; every integer big-endian.
    internal static void WriteTokenArray(ArrayBufferWriter<byte> output, string normalized)
    {
        var starts = new List<int>(normalized.Length);
        if (normalized.Length == 1) starts.Add(0);
        var seen = new HashSet<int>(normalized.Length);
        for (var i = 0; i + 1 < normalized.Length; i++)
            if (seen.Add(normalized[i] << 16 | normalized[i + 1])) starts.Add(i);

        var header = output.GetSpan(20);
        BinaryPrimitives.WriteInt32BigEndian(header, 1);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], 0);
        BinaryPrimitives.WriteInt32BigEndian(header[8..], TextTypeOid);
        BinaryPrimitives.WriteInt32BigEndian(header[12..], starts.Count);
        BinaryPrimitives.WriteInt32BigEndian(header[16..], 1);
        output.Advance(20);
        foreach (var start in starts)
        {
            var token = normalized.AsSpan(start, Math.Min(2, normalized.Length - start));
            var span = output.GetSpan(4 + token.Length * 3);
            var bytes = Encoding.UTF8.GetBytes(token, span[4..]);
            BinaryPrimitives.WriteInt32BigEndian(span, bytes);
            output.Advance(4 + bytes);
        }
    }

    private static Task WriteAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken ct) where T : class =>
        value is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(value, type, ct);

    private static Task WriteAsync(NpgsqlBinaryImporter copy, Guid? value, NpgsqlDbType type, CancellationToken ct) =>
        value is { } v ? copy.WriteAsync(v, type, ct) : copy.WriteNullAsync(ct);
}
