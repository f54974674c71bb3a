using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
using NpgsqlTypes;
using Renhe.Platform.Data;

namespace Renhe.Modules.Commission.Statements;

/// Writes a closed month's statements, their lines and the payable entries inside the close's
/// transaction, below EF Core: a month of 5,000 people with 100 orders each is 500,000 lines, and
/// EF's per-row path (tracking, one command per row, an audit row each through the interceptor)
/// would take minutes where the budget is seconds. SQLite gets one prepared INSERT per table, its
/// parameters re-bound per row; PostgreSQL a binary COPY per table (the archive's ingest does the
/// same, ArchiveRows). The close writes one audit entry naming what it wrote instead of one per row.
///
/// The column values must be exactly what EF Core would store, because EF reads them back
/// (statements, clawback rates, the ledger): enums as their numbers (these have no string
/// conversion), times through SQLite's DateTimeOffsetToBinaryConverter (SqliteAppDbContext), dates
/// as yyyy-MM-dd text and Guids as upper-case text on SQLite. Tests read the rows through EF on both.
internal static class StatementCloseRows
{
    public static Task InsertAsync(AppDbContext db, IReadOnlyList<CommissionStatement> statements, IReadOnlyList<CommissionPayable> payables,
        CancellationToken ct)
    {
        if (statements.Count == 0) return Task.CompletedTask;
        return db.Database.IsNpgsql() ? PostgresAsync(db, statements, payables, ct) : SqliteAsync(db, statements, payables, ct);
    }

    // ---- SQLite: one prepared INSERT per table --------------------------------------------------

    private static readonly Func<DateTimeOffset, long> SqliteTime = new DateTimeOffsetToBinaryConverter().ConvertToProviderExpression.Compile();

    private static object Id(Guid id) => id.ToString("D").ToUpperInvariant();
    private static object Id(Guid? id) => id is { } g ? Id(g) : DBNull.Value;
    private static object Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static object OrNull(string? value) => value is null ? DBNull.Value : value;

    private static Task SqliteAsync(AppDbContext db, IReadOnlyList<CommissionStatement> statements, IReadOnlyList<CommissionPayable> payables,
        CancellationToken ct)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        var transaction = (SqliteTransaction?)db.Database.CurrentTransaction?.GetDbTransaction()
                          ?? throw new InvalidOperationException("A month's statements are written inside the close's transaction.");

        using (var insert = Prepare(connection, transaction, "commission_statement",
                   "Id", "EmployeeId", "Month", "PlanVersionId", "TotalFen", "SnapshotJson", "ClosedAt", "ClosedByName"))
        {
            var p = insert.Parameters;
            foreach (var s in statements)
            {
                ct.ThrowIfCancellationRequested();
                p[0].Value = Id(s.Id);
                p[1].Value = Id(s.EmployeeId);
                p[2].Value = Date(s.Month);
                p[3].Value = Id(s.PlanVersionId);
                p[4].Value = s.TotalFen;
                p[5].Value = s.SnapshotJson;
                p[6].Value = SqliteTime(s.ClosedAt);
                p[7].Value = OrNull(s.ClosedByName);
                insert.ExecuteNonQuery();
            }
        }

        using (var insert = Prepare(connection, transaction, "commission_statement_line",
                   "Id", "StatementId", "Seq", "Kind", "OrderId", "OrderNumber", "CustomerName", "SourceId", "BaseFen", "RateBp", "AmountFen",
                   "Band", "Note"))
        {
            var p = insert.Parameters;
            foreach (var s in statements)
            {
                ct.ThrowIfCancellationRequested();
                foreach (var l in s.Lines)
                {
                    p[0].Value = Id(l.Id);
                    p[1].Value = Id(l.StatementId);
                    p[2].Value = (long)l.Seq;
                    p[3].Value = (long)l.Kind;
                    p[4].Value = Id(l.OrderId);
                    p[5].Value = OrNull(l.OrderNumber);
                    p[6].Value = OrNull(l.CustomerName);
                    p[7].Value = Id(l.SourceId);
                    p[8].Value = l.BaseFen;
                    p[9].Value = (long)l.RateBp;
                    p[10].Value = l.AmountFen;
                    p[11].Value = l.Band is { } b ? (long)b : DBNull.Value;
                    p[12].Value = OrNull(l.Note);
                    insert.ExecuteNonQuery();
                }
            }
        }

        using (var insert = Prepare(connection, transaction, "commission_payable", "Id", "EmployeeId", "Month", "AmountFen", "StatementId", "At"))
        {
            var p = insert.Parameters;
            foreach (var e in payables)
            {
                p[0].Value = Id(e.Id);
                p[1].Value = Id(e.EmployeeId);
                p[2].Value = Date(e.Month);
                p[3].Value = e.AmountFen;
                p[4].Value = Id(e.StatementId);
                p[5].Value = SqliteTime(e.At);
                insert.ExecuteNonQuery();
            }
        }
        // Microsoft.Data.Sqlite has no real asynchronous I/O: its async methods run synchronously.
        return Task.CompletedTask;
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string table, params string[] columns)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = string.Create(CultureInfo.InvariantCulture,
            $"INSERT INTO {table} ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})");
        for (var i = 0; i < columns.Length; i++) command.Parameters.Add(new SqliteParameter($"$p{i}", null));
        command.Prepare();
        return command;
    }

    // ---- PostgreSQL: binary COPY per table ------------------------------------------------------

    private static async Task PostgresAsync(AppDbContext db, IReadOnlyList<CommissionStatement> statements, IReadOnlyList<CommissionPayable> payables,
        CancellationToken ct)
    {
        // COPY runs on the connection, so it belongs to the close's transaction.
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();

        await using (var copy = await connection.BeginBinaryImportAsync(
                         """
                         COPY commission_statement ("Id", "EmployeeId", "Month", "PlanVersionId", "TotalFen", "SnapshotJson", "ClosedAt", "ClosedByName")
                         FROM STDIN (FORMAT BINARY)
                         """, ct))
        {
            foreach (var s in statements)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(s.Id, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(s.EmployeeId, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(s.Month, NpgsqlDbType.Date, ct);
                await WriteAsync(copy, s.PlanVersionId, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(s.TotalFen, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(s.SnapshotJson, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(s.ClosedAt, NpgsqlDbType.TimestampTz, ct);
                await WriteAsync(copy, s.ClosedByName, NpgsqlDbType.Varchar, ct);
            }
            await copy.CompleteAsync(ct);
        }

        await using (var copy = await connection.BeginBinaryImportAsync(
                         """
                         COPY commission_statement_line ("Id", "StatementId", "Seq", "Kind", "OrderId", "OrderNumber", "CustomerName", "SourceId",
                             "BaseFen", "RateBp", "AmountFen", "Band", "Note") FROM STDIN (FORMAT BINARY)
                         """, ct))
        {
            foreach (var s in statements)
                foreach (var l in s.Lines)
                {
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(l.Id, NpgsqlDbType.Uuid, ct);
                    await copy.WriteAsync(l.StatementId, NpgsqlDbType.Uuid, ct);
                    await copy.WriteAsync(l.Seq, NpgsqlDbType.Integer, ct);
                    await copy.WriteAsync((int)l.Kind, NpgsqlDbType.Integer, ct);
                    await WriteAsync(copy, l.OrderId, NpgsqlDbType.Uuid, ct);
                    await WriteAsync(copy, l.OrderNumber, NpgsqlDbType.Varchar, ct);
                    await WriteAsync(copy, l.CustomerName, NpgsqlDbType.Varchar, ct);
                    await WriteAsync(copy, l.SourceId, NpgsqlDbType.Uuid, ct);
                    await copy.WriteAsync(l.BaseFen, NpgsqlDbType.Bigint, ct);
                    await copy.WriteAsync(l.RateBp, NpgsqlDbType.Integer, ct);
                    await copy.WriteAsync(l.AmountFen, NpgsqlDbType.Bigint, ct);
                    await WriteAsync(copy, l.Band, NpgsqlDbType.Integer, ct);
                    await WriteAsync(copy, l.Note, NpgsqlDbType.Varchar, ct);
                }
            await copy.CompleteAsync(ct);
        }

        await using (var copy = await connection.BeginBinaryImportAsync(
                         """COPY commission_payable ("Id", "EmployeeId", "Month", "AmountFen", "StatementId", "At") FROM STDIN (FORMAT BINARY)""", ct))
        {
            foreach (var e in payables)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(e.Id, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(e.EmployeeId, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(e.Month, NpgsqlDbType.Date, ct);
                await copy.WriteAsync(e.AmountFen, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(e.StatementId, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(e.At, NpgsqlDbType.TimestampTz, ct);
            }
            await copy.CompleteAsync(ct);
        }
    }

    private static Task WriteAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken ct) where T : struct =>
        value is { } v ? copy.WriteAsync(v, type, ct) : copy.WriteNullAsync(ct);

    private static Task WriteAsync(NpgsqlBinaryImporter copy, string? value, NpgsqlDbType type, CancellationToken ct) =>
        value is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(value, type, ct);
}
