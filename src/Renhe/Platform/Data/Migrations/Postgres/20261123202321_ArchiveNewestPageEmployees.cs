using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Renhe.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ArchiveNewestPageEmployees : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // risk_archive_newest (ArchiveSearchIndex.NewestFunction) also returns whose records the page
            // shows, so the search's audit entries are written while the rows are read; and once the
            // page is complete, the stretches after it are only counted, up to what the capped count
            // still needs, instead of each match's time being read and sorted. A function's result
            // type cannot be replaced in place: dropped and created again.
            migrationBuilder.Sql("""DROP FUNCTION risk_archive_newest(text, text[], boolean, integer, integer, integer, integer);""");
            migrationBuilder.Sql("""
                CREATE FUNCTION risk_archive_newest(term text, bigrams text[], confirm boolean, needed integer,
                                                    skip integer, take integer, probe_records integer)
                    RETURNS TABLE ("Counted" integer, "Page" bigint[], "Employees" uuid[])
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
                        RETURN QUERY SELECT 0, '{}'::bigint[], '{}'::uuid[];
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
                        stretch_page := '{}';
                        IF first_day > oldest AND found_count >= skip + take THEN
                            -- The page is complete: the rest is only counted, and read no further than
                            -- the count needs.
                            EXECUTE 'SELECT count(*)::integer FROM (
                                         SELECT 1 FROM risk_archive_search WHERE risk_day_tokens("Tokens", "At") && $1' || confirm_sql || ' LIMIT $3) m'
                                INTO stretch_count
                                USING ARRAY(SELECT bigrams[1] || '@' || d FROM generate_series(last_day, first_day, -1) d),
                                      term, needed - found_count;
                        ELSIF first_day > oldest THEN
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
                    page := page[skip + 1 : skip + take];
                    -- Whose records the page shows, in its order: the search's audit entries name
                    -- them, and can be written while the rows are read.
                    RETURN QUERY SELECT found_count, page,
                        ARRAY(SELECT r."EmployeeId" FROM unnest(page) WITH ORDINALITY p(seq, i)
                              JOIN risk_archived_record r ON r."Seq" = p.seq ORDER BY p.i);
                END
                $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP FUNCTION risk_archive_newest(text, text[], boolean, integer, integer, integer, integer);""");
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
        }
    }
}
