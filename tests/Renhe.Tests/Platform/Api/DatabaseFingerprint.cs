using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Risk.Archive;
using Renhe.Platform.Audit;
using Renhe.Platform.Data;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Platform.Api;

/// Every row of every table of the model, reduced per table to a row count and an order-free
/// checksum of the rows' contents. Two fingerprints that agree mean no row was added, removed or
/// changed (short of a 64-bit hash collision):
/// - PostgreSQL: the server sums a 64-bit hash of each row (hash_record_extended, PostgreSQL 14+),
///   every column of every row, one round trip for all tables.
/// - SQLite: every row is read and every column hashed (64-bit FNV-1a, summed).
/// Append-only tables, whose rows the database's own triggers keep from being updated, are
/// summarised by their row count and their key range instead: hashing the demo's 4,000 archived
/// messages would cost 130 ms a fingerprint on SQLite (30 ms on PostgreSQL), and an insert or a
/// delete moves the count or the range.
internal sealed class DatabaseFingerprint : IAsyncDisposable
{
    /// Tables a refused request may rightly write, each with its reason.
    public static readonly IReadOnlyDictionary<Type, string> Excluded = new Dictionary<Type, string>
    {
        // Refusals are recorded on purpose: failed sign-ins through /api/auth/token, and the
        // data-access log (entries naming the person whose data was shown) lives in the same table.
        [typeof(AuditEntry)] = "the audit log records refused sign-ins and disclosures by design",
    };

    /// Tables whose rows the database refuses to update (ADR 0007), by the key that orders them.
    private static readonly IReadOnlyDictionary<Type, string> AppendOnly = new Dictionary<Type, string>
    {
        [typeof(ArchivedRecord)] = nameof(ArchivedRecord.Seq),
    };

    private readonly AppDbContext _db;
    private readonly DbConnection _connection;
    private readonly bool _postgres;
    private readonly IReadOnlyList<(string Table, string Sql, bool Aggregated)> _tables;

    private DatabaseFingerprint(AppDbContext db, bool postgres, IReadOnlyList<(string, string, bool)> tables)
    {
        _db = db;
        _connection = db.Database.GetDbConnection();
        _postgres = postgres;
        _tables = tables;
    }

    public int TableCount => _tables.Count;

    public IEnumerable<string> AppendOnlyTables => _tables.Where(t => t.Sql.Contains("..", StringComparison.Ordinal)).Select(t => Plain(t.Table));

    /// One connection held open for the run; the queries for each table decided once.
    public static async Task<DatabaseFingerprint> OpenAsync(RenheFactory factory, CancellationToken ct)
    {
        var db = factory.OpenDb();
        var postgres = db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true;
        var tables = db.Model.GetEntityTypes()
            .Where(e => !Excluded.ContainsKey(e.ClrType) && e.GetTableName() is not null && e.GetViewName() is null)
            .GroupBy(e => e.GetSchema() is { } schema ? Quote(schema) + "." + Quote(e.GetTableName()!) : Quote(e.GetTableName()!))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var table = g.Key;
                if (g.Select(e => AppendOnly.GetValueOrDefault(e.ClrType)).FirstOrDefault(k => k is not null) is { } key)
                {
                    var column = Quote(g.First().FindProperty(key)!.GetColumnName());
                    return (table, $"SELECT count(*), coalesce(min({column}), 0) || '..' || coalesce(max({column}), 0) FROM {table}", true);
                }
                return postgres
                    ? (table, $"SELECT count(*), coalesce(sum(hash_record_extended(x, 0)), 0)::text FROM {table} x", true)
                    : (table, $"SELECT * FROM {table}", false);
            })
            .ToList();
        await db.Database.OpenConnectionAsync(ct);
        return new DatabaseFingerprint(db, postgres, tables);
    }

    public async ValueTask DisposeAsync()
    {
        await _db.Database.CloseConnectionAsync();
        await _db.DisposeAsync();
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Plain(string quoted) => quoted.Replace("\"", "", StringComparison.Ordinal);

#pragma warning disable CA2100 // table and column names come from the model, not from input
    private DbCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }
#pragma warning restore CA2100

    /// What the database says about writes since the last fingerprint: SQLite's data_version moves
    /// when another connection commits; PostgreSQL's WAL insert position moves with any write on
    /// the server (other databases' too, so it only ever errs towards reading everything again).
    private string? _marker;

    private async Task<string> MarkerAsync(CancellationToken ct)
    {
        await using var command = Command(_postgres ? "SELECT pg_current_wal_insert_lsn()::text" : "PRAGMA data_version");
        return Convert.ToString(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture)!;
    }

    /// True when nothing can have been written since the last fingerprint was taken.
    public async Task<bool> UnchangedAsync(CancellationToken ct) => _marker is not null && await MarkerAsync(ct) == _marker;

    /// Table → "rows, checksum".
    public async Task<IReadOnlyDictionary<string, string>> TakeAsync(CancellationToken ct, Dictionary<string, TimeSpan>? profile = null)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        // Read before the tables: a write that lands while they are read moves it again.
        _marker = await MarkerAsync(ct);
        if (_postgres && profile is null)
        {
            // One round trip: the tables' sums side by side.
            var sql = string.Join(" UNION ALL ", _tables.Select((t, i) => $"SELECT {i}, s{i}.* FROM ({t.Sql}) s{i}"));
            await using var command = Command(sql);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                result[_tables[reader.GetInt32(0)].Table] = $"{reader.GetInt64(1)} rows, {reader.GetValue(2)}";
            return result;
        }
        foreach (var (table, sql, aggregated) in _tables)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await using var command = Command(sql);
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (aggregated)
            {
                await reader.ReadAsync(ct);
                result[table] = $"{reader.GetInt64(0)} rows, {reader.GetValue(1)}";
            }
            else
            {
                long rows = 0;
                ulong checksum = 0;
                while (await reader.ReadAsync(ct))
                {
                    rows++;
                    unchecked { checksum += RowHash(reader); }
                }
                result[table] = $"{rows} rows, {checksum}";
            }
            if (profile is not null) profile[Plain(table)] = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        }
        return result;
    }

    private static ulong RowHash(DbDataReader reader)
    {
        const ulong prime = 1099511628211;
        var hash = 14695981039346656037;
        for (var i = 0; i < reader.FieldCount; i++)
        {
            foreach (var c in Render(reader.GetValue(i)))
                hash = unchecked((hash ^ c) * prime);
            hash = unchecked((hash ^ 0x1f) * prime);
        }
        return hash;
    }

    private static string Render(object value) => value switch
    {
        DBNull => "\u2400",
        byte[] bytes => Convert.ToBase64String(bytes),
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// The tables that differ, as "table (rows before → after)" or "table (contents changed, n rows)".
    public static IReadOnlyList<string> Changes(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after) =>
        after.Where(t => !before.TryGetValue(t.Key, out var old) || old != t.Value)
            .Select(t =>
            {
                var rowsBefore = before.GetValueOrDefault(t.Key)?.Split(' ')[0];
                var rowsAfter = t.Value.Split(' ')[0];
                return rowsBefore == rowsAfter ? $"{Plain(t.Key)} (contents changed, {rowsAfter} rows)" : $"{Plain(t.Key)} ({rowsBefore} → {rowsAfter} rows)";
            })
            .ToList();
}
