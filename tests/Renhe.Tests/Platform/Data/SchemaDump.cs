using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Renhe.Platform.Auth;
using Renhe.Platform.Data;
using Renhe.Platform.Security;

namespace Renhe.Tests.Platform.Data;

/// A migrated database's schema as normalised text: one entry per object, a header line
/// ("kind name") followed by indented lines, entries sorted by header. What the dump leaves out on
/// purpose, because it does not change what the program can do with the database:
/// - the order of a table's columns (EF reads and writes columns by name, and the ingest's COPY
///   names them too; a column added by a later migration sits last, the same column in a single
///   migration does not), so columns are sorted;
/// - identifier quoting and whitespace (SQLite keeps the text it was given, PostgreSQL its own
///   rendering of it);
/// - the rows of __EFMigrationsHistory (which migrations ran), though not the table itself;
/// - anything that tells one database from another: OIDs, the database name, owners, statistics.
/// Rows of every other table are kept: a fresh database holds only what the migrations put there
/// (seed rows such as the archive's head row), and that is part of what they produce.
internal static partial class SchemaDump
{
    // ---- Running the migrations ---------------------------------------------------------------

    /// Applies the migrations the way `Renhe migrate` does (same registration, same MigrateAsync),
    /// then, given <paramref name="revertTo"/>, reverts them to that migration ("0": all of them).
    public static async Task MigrateAsync(string provider, string? connectionString, string? dataDir = null, string? revertTo = null)
    {
        var settings = new Dictionary<string, string?> { ["Database:Provider"] = provider };
        if (connectionString is not null) settings["ConnectionStrings:Renhe"] = connectionString;
        if (dataDir is not null) settings["DataDir"] = dataDir;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System).AddHttpContextAccessor()
            .AddScoped<CurrentUser>().AddRenheDatabase(configuration);
        // Identity's options shape some columns: without them the model would not be the program's.
        services.AddRenheIdentity();
        await using var provider_ = services.BuildServiceProvider();
        await DatabaseSetup.MigrateAsync(provider_);
        if (revertTo is null) return;
        await using var scope = provider_.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        await db.Database.MigrateAsync(revertTo);
    }

    // ---- SQLite -------------------------------------------------------------------------------

    /// sqlite_master (type, name, tbl_name, sql) without SQLite's own objects (sqlite_sequence,
    /// sqlite_stat1, the automatic indexes behind UNIQUE and PRIMARY KEY, which the table's text
    /// already shows), then the rows of every ordinary table. FTS5's shadow tables are ordinary
    /// tables and are kept, rows included: they are what the virtual table's options produce.
    public static async Task<string> SqliteAsync(string databasePath)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        await connection.OpenAsync();

        var objects = new List<(string Type, string Name, string Table, string? Sql)>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                objects.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        var entries = new List<Entry>();
        foreach (var (type, name, table, sql) in objects)
        {
            var text = sql is null ? "" : NormaliseSqlite(sql);
            var isVirtual = text.StartsWith("CREATE VIRTUAL TABLE ", StringComparison.OrdinalIgnoreCase);
            if (type == "table" && !isVirtual)
            {
                // One line per column or table constraint, sorted: see the column order above.
                entries.Add(new Entry($"table {name}", [.. TableElements(text).Order(StringComparer.Ordinal)]));
                if (name != "__EFMigrationsHistory")
                    entries.Add(new Entry($"rows {name}", await SqliteRowsAsync(connection, name)));
            }
            else
            {
                entries.Add(new Entry(type is "index" or "trigger" ? $"{type} {name} on {table}" : $"{type} {name}", [text]));
            }
        }
        return Render(entries);
    }

    private static async Task<List<string>> SqliteRowsAsync(SqliteConnection connection, string table)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            var values = Enumerable.Range(0, reader.FieldCount)
                .Select(i => (Name: reader.GetName(i), Value: SqliteLiteral(reader.GetValue(i))))
                .OrderBy(v => v.Name, StringComparer.Ordinal)
                .Select(v => $"{v.Name}={v.Value}");
            rows.Add(string.Join(", ", values));
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    private static string SqliteLiteral(object value) => value switch
    {
        DBNull => "NULL",
        byte[] bytes => "X'" + Convert.ToHexString(bytes) + "'",
        string s => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// Whitespace collapsed, and identifiers that need no quotes unquoted: SQLite keeps a statement's
    /// text as given, except that a renamed object's new name is written quoted ("x", or 'x' in the
    /// shadow tables FTS5 creates), so the same object reads differently after a rename.
    internal static string NormaliseSqlite(string sql)
    {
        // FTS5 names its shadow tables as string literals: CREATE TABLE 'x_data'(…).
        sql = ShadowTableName().Replace(sql.Trim(), m => m.Groups[1].Value + "\"" + m.Groups[2].Value.Replace("''", "'", StringComparison.Ordinal) + "\"");
        // Whitespace outside literals becomes one space, or none before or just inside parentheses
        // and before a comma; a comma is followed by one space.
        var result = new StringBuilder(sql.Length);
        var space = false;
        void Emit(string token)
        {
            if (space && result.Length > 0 && result[^1] != '(' && token[0] is not ('(' or ')' or ',')) result.Append(' ');
            space = token == ",";
            result.Append(token);
        }
        for (var i = 0; i < sql.Length;)
        {
            var c = sql[i];
            if (c is '\'' or '"' or '`' or '[')
            {
                var close = c == '[' ? ']' : c;
                var end = i + 1;
                while (end < sql.Length && !(sql[end] == close && (close == ']' || end + 1 >= sql.Length || sql[end + 1] != close)))
                    end += sql[end] == close ? 2 : 1;
                var token = sql[i..Math.Min(end + 1, sql.Length)];
                var inner = token.Length >= 2 ? token[1..^1] : "";
                Emit(c != '\'' && SimpleIdentifier().IsMatch(inner) ? inner : token);
                i = end + 1;
            }
            else if (char.IsWhiteSpace(c))
            {
                while (i < sql.Length && char.IsWhiteSpace(sql[i])) i++;
                space = true;
            }
            else
            {
                Emit(c.ToString());
                i++;
            }
        }
        return result.ToString();
    }

    /// The column definitions and table constraints of a normalised CREATE TABLE, with what follows
    /// the closing parenthesis (WITHOUT ROWID, STRICT) as one more element.
    private static List<string> TableElements(string createTable)
    {
        var open = createTable.IndexOf('(', StringComparison.Ordinal);
        var elements = new List<string> { "header: " + createTable[..open].Trim() };
        var depth = 0;
        var start = open + 1;
        var inString = false;
        for (var i = open; i < createTable.Length; i++)
        {
            var c = createTable[i];
            if (c == '\'') inString = !inString;
            if (inString) continue;
            if (c == '(') depth++;
            else if (c == ')' && --depth == 0)
            {
                elements.Add(createTable[start..i].Trim());
                var tail = createTable[(i + 1)..].Trim();
                if (tail.Length > 0) elements.Add("options: " + tail);
                break;
            }
            else if (c == ',' && depth == 1)
            {
                elements.Add(createTable[start..i].Trim());
                start = i + 1;
            }
        }
        return elements;
    }

    [GeneratedRegex(@"^(CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?)'((?:[^']|'')+)'", RegexOptions.IgnoreCase)]
    private static partial Regex ShadowTableName();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex SimpleIdentifier();

    // ---- PostgreSQL ---------------------------------------------------------------------------

    /// The public schema from the catalogs, rendered by the server's own functions
    /// (format_type, pg_get_expr, pg_get_constraintdef, pg_indexes.indexdef, pg_get_functiondef,
    /// pg_get_triggerdef), so the dump needs no pg_dump of a matching version. The recording was
    /// made with PostgreSQL 15, the server Debian 12 installs for .ci/run; another major version
    /// could render a definition differently, and would then need a recording of its own.
    public static async Task<string> PostgresAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var entries = new List<Entry>();

        foreach (var r in await QueryAsync(connection, "SELECT extname FROM pg_extension"))
            entries.Add(new Entry($"extension {r[0]}", []));

        // Relations: tables, views, sequences. Kind, persistence (unlogged?) and storage parameters.
        foreach (var r in await QueryAsync(connection, """
            SELECT c.relname, c.relkind::text, c.relpersistence::text, coalesce(array_to_string(c.reloptions, ', '), ''),
                   CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END
            FROM pg_class c
            WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
            """))
        {
            var lines = new List<string> { $"kind {r[1]}, persistence {r[2]}" };
            if (r[3] is { Length: > 0 } options) lines.Add($"with ({options})");
            if (r[4] is { } view) lines.AddRange(Lines(view));
            entries.Add(new Entry($"relation {r[0]}", lines));
        }

        // Columns by name (see the column order above); dropped columns are gone for good.
        var columns = await QueryAsync(connection, """
            SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
                   CASE WHEN a.attnotnull THEN 'NOT NULL' ELSE 'NULL' END,
                   pg_get_expr(d.adbin, d.adrelid),
                   nullif(a.attidentity::text, ''), nullif(a.attgenerated::text, ''),
                   CASE WHEN a.attcollation <> t.typcollation THEN co.collname END,
                   CASE WHEN coalesce(a.attstattarget, -1) >= 0 THEN a.attstattarget::text END,
                   CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage::text END,
                   col_description(c.oid, a.attnum)
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            LEFT JOIN pg_collation co ON co.oid = a.attcollation
            WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
              AND a.attnum > 0 AND NOT a.attisdropped
            """);
        foreach (var table in columns.GroupBy(r => r[0]))
        {
            entries.Add(new Entry($"columns {table.Key}", [.. table.Select(r =>
            {
                var line = new StringBuilder($"\"{r[1]}\" {r[2]} {r[3]}");
                if (r[4] is { } dflt) line.Append($" DEFAULT {dflt}");
                if (r[5] is { } identity) line.Append($" IDENTITY {identity}");
                if (r[6] is { } generated) line.Append($" GENERATED {generated}");
                if (r[7] is { } collation) line.Append($" COLLATE {collation}");
                if (r[8] is { } statistics) line.Append($" STATISTICS {statistics}");
                if (r[9] is { } storage) line.Append($" STORAGE {storage}");
                if (r[10] is { } comment) line.Append($" COMMENT {comment}");
                return line.ToString();
            }).Order(StringComparer.Ordinal)]));
        }

        foreach (var r in await QueryAsync(connection, "SELECT c.relname, obj_description(c.oid, 'pg_class') FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND obj_description(c.oid, 'pg_class') IS NOT NULL"))
            entries.Add(new Entry($"comment {r[0]}", [.. Lines(r[1]!)]));

        // Constraints other than NOT NULL (a column's, above; PostgreSQL 18 lists those here too).
        foreach (var r in await QueryAsync(connection, """
            SELECT c.relname, con.conname, pg_get_constraintdef(con.oid)
            FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
            WHERE con.connamespace = 'public'::regnamespace AND con.contype <> 'n'
            """))
            entries.Add(new Entry($"constraint {r[1]} on {r[0]}", [Collapse(r[2]!)]));

        // Indexes, storage parameters (gin_pending_list_limit …) included, as the server writes them.
        foreach (var r in await QueryAsync(connection, """
            SELECT i.tablename, i.indexname, i.indexdef, coalesce(array_to_string(c.reloptions, ', '), ''),
                   concat_ws(' ', CASE WHEN x.indisclustered THEN 'CLUSTERED' END, CASE WHEN NOT x.indisvalid THEN 'INVALID' END,
                             CASE WHEN x.indisreplident THEN 'REPLICA IDENTITY' END)
            FROM pg_indexes i
            JOIN pg_class c ON c.relname = i.indexname AND c.relnamespace = 'public'::regnamespace
            JOIN pg_index x ON x.indexrelid = c.oid
            WHERE i.schemaname = 'public'
            """))
        {
            var lines = new List<string> { Collapse(r[2]!) };
            if (r[3] is { Length: > 0 } options) lines.Add($"reloptions {options}");
            if (r[4] is { Length: > 0 } flags) lines.Add(flags);
            entries.Add(new Entry($"index {r[1]} on {r[0]}", lines));
        }

        foreach (var r in await QueryAsync(connection, """
            SELECT sequencename, data_type::text, start_value::text, min_value::text, max_value::text,
                   increment_by::text, cycle::text, cache_size::text
            FROM pg_sequences WHERE schemaname = 'public'
            """))
            entries.Add(new Entry($"sequence {r[0]}", [$"{r[1]} start {r[2]} min {r[3]} max {r[4]} increment {r[5]} cycle {r[6]} cache {r[7]}"]));

        // Enums, domains and composite types of our own (a table's row type is the table's).
        foreach (var r in await QueryAsync(connection, """
            SELECT t.typname, t.typtype::text,
                   CASE t.typtype WHEN 'e' THEN (SELECT string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid)
                                  WHEN 'd' THEN concat_ws(' ', format_type(t.typbasetype, t.typtypmod), CASE WHEN t.typnotnull THEN 'NOT NULL' END, 'DEFAULT ' || t.typdefault)
                   END
            FROM pg_type t
            LEFT JOIN pg_class c ON c.oid = t.typrelid
            WHERE t.typnamespace = 'public'::regnamespace AND t.typelem = 0
              AND (t.typtype IN ('e', 'd', 'r', 'm') OR (t.typtype = 'c' AND c.relkind = 'c'))
            """))
            entries.Add(new Entry($"type {r[0]}", [$"typtype {r[1]} {r[2]}".TrimEnd()]));

        // Functions and procedures, whole, line by line (indentation aside): the body is the text
        // the migration gave, comments included. Those of extensions belong to the extension.
        foreach (var r in await QueryAsync(connection, """
            SELECT p.oid::regprocedure::text,
                   CASE WHEN p.prokind IN ('f', 'p', 'w') THEN pg_get_functiondef(p.oid) ELSE 'aggregate' END
            FROM pg_proc p
            WHERE p.pronamespace = 'public'::regnamespace
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
            """))
            entries.Add(new Entry($"function {r[0]}", [.. Lines(r[1]!)]));

        foreach (var r in await QueryAsync(connection, """
            SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid), t.tgenabled::text
            FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
            WHERE c.relnamespace = 'public'::regnamespace AND NOT t.tgisinternal
            """))
            entries.Add(new Entry($"trigger {r[1]} on {r[0]}", r[3] == "O" ? [Collapse(r[2]!)] : [Collapse(r[2]!), $"enabled {r[3]}"]));

        // Rows, as jsonb (keys in a fixed order), of every table but the migrations history.
        foreach (var r in await QueryAsync(connection, """
            SELECT c.relname FROM pg_class c
            WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND c.relname <> '__EFMigrationsHistory'
            """))
        {
            var rows = await QueryAsync(connection, $"SELECT to_jsonb(t)::text FROM public.\"{r[0]!.Replace("\"", "\"\"", StringComparison.Ordinal)}\" t");
            entries.Add(new Entry($"rows {r[0]}", [.. rows.Select(row => row[0]!).Order(StringComparer.Ordinal)]));
        }

        return Render(entries);
    }

    private static async Task<List<string?[]>> QueryAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string?[]>();
        while (await reader.ReadAsync())
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))]);
        return rows;
    }

    // ---- Rendering ----------------------------------------------------------------------------

    internal sealed record Entry(string Header, IReadOnlyList<string> Lines);

    /// Each line trimmed, inner whitespace runs collapsed, empty lines dropped: a text that only
    /// moved left or right (a raw string indented differently in C#) reads the same.
    private static IEnumerable<string> Lines(string text) =>
        text.Split('\n').Select(Collapse).Where(l => l.Length > 0);

    private static string Collapse(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    private static string Render(IEnumerable<Entry> entries)
    {
        var text = new StringBuilder();
        foreach (var entry in entries.OrderBy(e => e.Header, StringComparer.Ordinal))
        {
            text.Append(entry.Header).Append('\n');
            foreach (var line in entry.Lines) text.Append("  ").Append(line).Append('\n');
        }
        return text.ToString();
    }

    /// The entries of a rendered dump, by header.
    internal static Dictionary<string, string> Parse(string dump)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        string? header = null;
        var body = new StringBuilder();
        foreach (var line in dump.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (line.StartsWith("  ", StringComparison.Ordinal)) { body.Append(line).Append('\n'); continue; }
            if (header is not null) entries[header] = body.ToString();
            body.Clear();
            header = line.Length > 0 ? line : null;
        }
        if (header is not null) entries[header] = body.ToString();
        return entries;
    }
}
