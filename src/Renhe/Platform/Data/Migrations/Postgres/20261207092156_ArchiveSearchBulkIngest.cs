using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Renhe.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ArchiveSearchBulkIngest : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Ingesting into PostgreSQL, most of the server's work is the search rows (ADR 0008, README
            // Performance): two GIN indexes of ~50 bigrams a record, the day-token expression of each
            // row, and the day counts. Each change below makes that work cheaper and changes no result.

            // The day tokens with one string operation per row instead of a query per row (a SQL
            // function whose body is a subquery cannot be inlined, so each row ran it as a query of
            // its own, ~30 µs). Same result for every row the archive writes: a bigram is two
            // characters of normalised text, which never holds a control character (ScanNormalization
            // skips them), so chr(1) separates them safely; anything else (no tokens, a NULL, a chr(1))
            // takes the old way. Replaced before the column's collation changes below, which rebuilds
            // the index with it.
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION risk_day_tokens(tokens text[], at timestamptz) RETURNS text[]
                    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
                AS $$
                DECLARE
                    suffix constant text := '@' || floor(extract(epoch FROM at) / 86400)::bigint;
                    joined constant text[] := string_to_array(array_to_string(tokens, suffix || chr(1)) || suffix, chr(1));
                BEGIN
                    IF cardinality(joined) = cardinality(tokens) AND array_position(tokens, NULL) IS NULL THEN
                        RETURN joined;
                    END IF;
                    RETURN ARRAY(SELECT t || suffix FROM unnest(tokens) t);
                END
                $$;
                """);

            // Bigrams in the C collation (ArchiveSearchEntryConfiguration): the GIN indexes compare
            // them byte by byte. Rebuilds both indexes (a few minutes for a million messages).
            migrationBuilder.Sql("SET LOCAL maintenance_work_mem = '256MB';");
            migrationBuilder.AlterColumn<string[]>(
                name: "Tokens",
                table: "risk_archive_search",
                type: "text[]",
                nullable: false,
                collation: "C",
                oldClrType: typeof(string[]),
                oldType: "text[]");
            migrationBuilder.Sql("""ALTER TABLE risk_archive_day_count ALTER COLUMN "Bigram" TYPE text COLLATE "C";""");

            // The day counts: each row's day computed once, not once per bigram (numeric arithmetic,
            // fifty times a row), before the bigrams are unnested and grouped.
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION risk_archive_day_count_added() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO risk_archive_day_count AS c ("Bigram", "Day", "Records")
                    SELECT t, a.day, count(*)
                    FROM (SELECT "Tokens", floor(extract(epoch FROM "At") / 86400)::integer AS day FROM added OFFSET 0) a,
                         unnest(array_append(a."Tokens", '')) t
                    GROUP BY 1, 2
                    ORDER BY 1, 2
                    ON CONFLICT ("Bigram", "Day") DO UPDATE SET "Records" = c."Records" + excluded."Records";
                    RETURN NULL;
                END
                $$;
                """);
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION risk_archive_day_count_removed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE risk_archive_day_count c SET "Records" = c."Records" - r.n
                    FROM (SELECT t, o.day, count(*) AS n
                          FROM (SELECT "Tokens", floor(extract(epoch FROM "At") / 86400)::integer AS day FROM removed OFFSET 0) o,
                               unnest(array_append(o."Tokens", '')) t GROUP BY 1, 2) r
                    WHERE c."Bigram" = r.t AND c."Day" = r.day;
                    DELETE FROM risk_archive_day_count c
                    USING (SELECT DISTINCT t, o.day
                           FROM (SELECT "Tokens", floor(extract(epoch FROM "At") / 86400)::integer AS day FROM removed OFFSET 0) o,
                                unnest(array_append(o."Tokens", '')) t) r
                    WHERE c."Bigram" = r.t AND c."Day" = r.day AND c."Records" <= 0;
                    RETURN NULL;
                END
                $$;
                """);

            // The pending lists merged once per statement. Capped at 256 kB (for searches, which read a
            // pending list whole), they were merged every ~150 records, seven times a batch, each merge
            // descending the index for every key it holds. Now a statement's entries wait in the list
            // (4 MB holds ~2,000 records) and are merged together when it ends, by this trigger, so a
            // search finds the list empty after every insert. SECURITY DEFINER: merging needs the
            // indexes' owner (who ran the migrations), which the role that ingests may not be.
            migrationBuilder.Sql("""
                ALTER INDEX "IX_risk_archive_search_Tokens" SET (gin_pending_list_limit = 4096);
                ALTER INDEX "IX_risk_archive_search_DayTokens" SET (gin_pending_list_limit = 4096);
                CREATE FUNCTION risk_archive_search_merge_pending() RETURNS trigger
                    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
                AS $$
                BEGIN
                    PERFORM gin_clean_pending_list(format('%I.%I', TG_TABLE_SCHEMA, 'IX_risk_archive_search_Tokens')::regclass),
                            gin_clean_pending_list(format('%I.%I', TG_TABLE_SCHEMA, 'IX_risk_archive_search_DayTokens')::regclass);
                    RETURN NULL;
                END
                $$;
                CREATE TRIGGER risk_archive_search_merged AFTER INSERT ON risk_archive_search
                    FOR EACH STATEMENT EXECUTE FUNCTION risk_archive_search_merge_pending();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER risk_archive_search_merged ON risk_archive_search;
                DROP FUNCTION risk_archive_search_merge_pending();
                ALTER INDEX "IX_risk_archive_search_Tokens" SET (gin_pending_list_limit = 256);
                ALTER INDEX "IX_risk_archive_search_DayTokens" SET (gin_pending_list_limit = 256);
                """);
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION risk_archive_day_count_added() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO risk_archive_day_count AS c ("Bigram", "Day", "Records")
                    SELECT t, floor(extract(epoch FROM a."At") / 86400)::integer, count(*)
                    FROM added a, unnest(array_append(a."Tokens", '')) t
                    GROUP BY 1, 2
                    ORDER BY 1, 2
                    ON CONFLICT ("Bigram", "Day") DO UPDATE SET "Records" = c."Records" + excluded."Records";
                    RETURN NULL;
                END
                $$;
                """);
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION risk_archive_day_count_removed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE risk_archive_day_count c SET "Records" = c."Records" - r.n
                    FROM (SELECT t, floor(extract(epoch FROM o."At") / 86400)::integer AS day, count(*) AS n
                          FROM removed o, unnest(array_append(o."Tokens", '')) t GROUP BY 1, 2) r
                    WHERE c."Bigram" = r.t AND c."Day" = r.day;
                    DELETE FROM risk_archive_day_count c
                    USING (SELECT DISTINCT t, floor(extract(epoch FROM o."At") / 86400)::integer AS day
                           FROM removed o, unnest(array_append(o."Tokens", '')) t) r
                    WHERE c."Bigram" = r.t AND c."Day" = r.day AND c."Records" <= 0;
                    RETURN NULL;
                END
                $$;
                """);
            migrationBuilder.Sql("""ALTER TABLE risk_archive_day_count ALTER COLUMN "Bigram" TYPE text;""");
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION risk_day_tokens(tokens text[], at timestamptz) RETURNS text[]
                    LANGUAGE sql IMMUTABLE PARALLEL SAFE
                    AS $$ SELECT ARRAY(SELECT t || '@' || floor(extract(epoch FROM at) / 86400)::bigint FROM unnest(tokens) t) $$;
                """);
            migrationBuilder.Sql("SET LOCAL maintenance_work_mem = '256MB';");
            migrationBuilder.AlterColumn<string[]>(
                name: "Tokens",
                table: "risk_archive_search",
                type: "text[]",
                nullable: false,
                oldClrType: typeof(string[]),
                oldType: "text[]",
                oldCollation: "C");
        }
    }
}
