using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Renhe.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ArchiveSearchDayTokens : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A search row's bigrams qualified by its record's UTC day (ArchiveSearchIndex.DayTokensFunction,
            // ADR 0008), under their own GIN index. Computed from the row, so nothing more is stored
            // and nothing is rewritten. The epoch of a timestamptz is absolute, so the function is
            // truly immutable whatever the session's time zone. Not in the EF model (EF Core has no
            // expression indexes): only here.
            migrationBuilder.Sql("""
                CREATE FUNCTION risk_day_tokens(tokens text[], at timestamptz) RETURNS text[]
                    LANGUAGE sql IMMUTABLE PARALLEL SAFE
                    AS $$ SELECT ARRAY(SELECT t || '@' || floor(extract(epoch FROM at) / 86400)::bigint FROM unnest(tokens) t) $$;
                """);
            // A term's newest matches, a stretch of days at a time (ArchiveSearchIndex.NewestFunction):
            // in the database, so that a search is one round trip whatever the number of stretches,
            // and all of them read one snapshot (a STABLE function sees the calling query's). Each
            // stretch is counted and only the seqs the page can still use leave the server.
            // A stretch of many days is a long array, which the planner takes for a large share of
            // the table: it would start parallel workers and compile the query (JIT), ~10 ms each
            // time, for a few thousand rows read from the index; hence the two settings, which hold
            // for the function's own queries only. EXECUTE plans each stretch for its own tokens.
            migrationBuilder.Sql("""
                CREATE FUNCTION risk_archive_newest(term text, bigrams text[], confirm boolean, needed integer,
                                                    skip integer, take integer, probe_records integer)
                    RETURNS TABLE ("Counted" integer, "Page" bigint[])
                    LANGUAGE plpgsql STABLE
                    SET jit = off
                    SET max_parallel_workers_per_gather = 0
                AS $$
                DECLARE
                    confirm_sql constant text := CASE WHEN confirm THEN ' AND strpos("Normalized", $2) > 0' ELSE '' END;
                    newest_at timestamptz;
                    oldest_at timestamptz;
                    newest bigint;
                    oldest bigint;
                    estimated_rows float8;
                    days bigint;
                    last_day bigint;
                    first_day bigint;
                    searched_days float8;
                    found_count integer := 0;
                    page bigint[] := '{}';
                    stretch_count integer;
                    stretch_page bigint[];
                BEGIN
                    SELECT max("At"), min("At") INTO newest_at, oldest_at FROM risk_archive_search;
                    IF newest_at IS NULL THEN
                        RETURN QUERY SELECT 0, '{}'::bigint[];
                        RETURN;
                    END IF;
                    newest := floor(extract(epoch FROM newest_at) / 86400);
                    oldest := floor(extract(epoch FROM oldest_at) / 86400);
                    -- The first stretch holds about probe_records records, from the planner's row
                    -- estimate (-1 before the table was first analysed: then one day); a day more, as
                    -- the newest day may have only begun.
                    SELECT reltuples INTO estimated_rows FROM pg_class WHERE oid = 'risk_archive_search'::regclass;
                    days := CASE WHEN estimated_rows > 0 THEN ceil(probe_records * (newest - oldest + 1) / estimated_rows)::bigint ELSE 1 END + 1;
                    last_day := newest;
                    LOOP
                        first_day := greatest(oldest, last_day - days + 1);
                        IF first_day > oldest THEN
                            -- The day tokens of the term's first bigram say it all of a two-character
                            -- term; a longer one is confirmed on the text (given the plain bigrams too,
                            -- the planner would read all their matches and compute each row's day tokens).
                            -- Read whole, not ORDER BY ... LIMIT: asked for the newest rows, the planner
                            -- may walk the time index checking every row against the day tokens.
                            EXECUTE 'SELECT count(*)::integer, (array_agg("Seq" ORDER BY "At" DESC, "Seq" DESC))[1:$3]
                                     FROM risk_archive_search WHERE risk_day_tokens("Tokens", "At") && $1' || confirm_sql
                                INTO stretch_count, stretch_page
                                USING ARRAY(SELECT bigrams[1] || '@' || d FROM generate_series(last_day, first_day, -1) d),
                                      term, skip + take - found_count;
                        ELSE
                            -- Everything older, by the plain bigrams: the planner chooses between their
                            -- GIN entry and walking the time index backwards.
                            EXECUTE 'SELECT count(*)::integer, (array_agg("Seq" ORDER BY "At" DESC, "Seq" DESC))[1:$3] FROM (
                                         SELECT "Seq", "At" FROM risk_archive_search WHERE "Tokens" @> $1' || confirm_sql || ' AND "At" < $4
                                         ORDER BY "At" DESC, "Seq" DESC LIMIT $5) m'
                                INTO stretch_count, stretch_page
                                USING bigrams, term, skip + take - found_count,
                                      CASE WHEN last_day = newest THEN 'infinity'::timestamptz ELSE to_timestamp((last_day + 1) * 86400) END,
                                      needed - found_count;
                        END IF;
                        found_count := least(needed, found_count + stretch_count);
                        page := page || coalesce(stretch_page, '{}');
                        EXIT WHEN found_count >= needed OR first_day = oldest;
                        -- The rest at the rate seen so far (over the time searched: the newest day may
                        -- have only begun), a quarter as much again in reserve; none seen yet: eight
                        -- times as far back.
                        searched_days := greatest(1.0 / 24, extract(epoch FROM newest_at - to_timestamp(first_day * 86400)) / 86400);
                        days := CASE WHEN found_count = 0 THEN (newest - first_day + 1) * 8
                                     ELSE least(ceil((needed - found_count) * searched_days / found_count * 1.25), newest - oldest + 1)::bigint END;
                        last_day := first_day - 1;
                    END LOOP;
                    RETURN QUERY SELECT found_count, page[skip + 1 : skip + take];
                END
                $$;
                """);
            // Building a GIN index over millions of rows is much faster with room to sort in.
            migrationBuilder.Sql("""SET LOCAL maintenance_work_mem = '256MB';""");
            migrationBuilder.Sql("""
                CREATE INDEX "IX_risk_archive_search_DayTokens" ON risk_archive_search USING gin (risk_day_tokens("Tokens", "At"));
                """);
            // Statistics of the new expression now rather than when autovacuum gets to it.
            migrationBuilder.Sql("""ANALYZE risk_archive_search;""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP FUNCTION risk_archive_newest(text, text[], boolean, integer, integer, integer, integer);""");
            migrationBuilder.Sql("""DROP INDEX "IX_risk_archive_search_DayTokens";""");
            migrationBuilder.Sql("""DROP FUNCTION risk_day_tokens(text[], timestamptz);""");
        }
    }
}
