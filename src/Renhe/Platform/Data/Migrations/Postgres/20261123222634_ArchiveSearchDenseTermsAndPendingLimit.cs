using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Renhe.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ArchiveSearchDenseTermsAndPendingLimit : Migration
    {
        private static readonly string[] GinIndexes = ["IX_risk_archive_search_Tokens", "IX_risk_archive_search_DayTokens"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A GIN index takes new entries into a pending list, which every search reads whole until
            // it is merged into the index: with the default 4 MB, a day-token lookup read ~400 pages
            // (2.4 ms) for 22 matches. Capped at 256 kB it is merged about every 150 records, which
            // cost ingest no more per record than the rarer, larger merges in a measured comparison
            // (ADR 0008). Not in the EF model: the second index is not either.
            foreach (var index in GinIndexes)
            {
                migrationBuilder.Sql($"""ALTER INDEX "{index}" SET (gin_pending_list_limit = 256);""");
                migrationBuilder.Sql($"""SELECT gin_clean_pending_list('"{index}"');""");
            }
            // Every record is counted per day as well, under the bigram '' (never a real one: a bigram
            // has two characters, a lone character one): how many records a walk of the newest days passes.
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
            migrationBuilder.Sql("""
                INSERT INTO risk_archive_day_count ("Bigram", "Day", "Records")
                SELECT '', floor(extract(epoch FROM "At") / 86400)::integer, count(*) FROM risk_archive_search GROUP BY 2;
                """);
            // risk_archive_newest: a two-character term's count reads the newest days' counts only as
            // far as it needs; a term frequent on the page's days is found by walking the time index.
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION risk_archive_newest(term text, bigrams text[], confirm boolean, needed integer,
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
                    page_days integer[] := '{}';
                    page_day_matches integer := 0;
                    recent_records bigint;
                    day_count record;
                BEGIN
                    IF NOT confirm THEN
                        -- A two-character term: its records per day are counted (risk_archive_day_count),
                        -- so the capped count reads no match: the newest days' counts, until they reach it.
                        -- A longer term's counts would only be its first bigram's: it is read a stretch
                        -- of days at a time and confirmed on the text.
                        FOR day_count IN SELECT "Day", "Records" FROM risk_archive_day_count
                                         WHERE "Bigram" = bigrams[1] AND "Records" > 0 ORDER BY "Day" DESC LOOP
                            IF found_count < skip + take THEN
                                page_days := page_days || day_count."Day";
                                page_day_matches := page_day_matches + day_count."Records";
                            END IF;
                            found_count := found_count + day_count."Records";
                            EXIT WHEN found_count >= needed;
                        END LOOP;
                        found_count := least(found_count, needed);
                        IF cardinality(page_days) > 0 THEN
                            -- The page lies on page_days. Every record is counted too, under '': a term
                            -- frequent there is found walking the time index from the newest record (the
                            -- 20 newest of 价格, in 15 % of messages, within ~130 records); a rarer one's
                            -- matches on those days are read whole and sorted (not ORDER BY ... LIMIT, for
                            -- the reason given for stretches below). Walking, each record is checked
                            -- without the index (IS TRUE), so that the planner cannot read all the term's
                            -- matches instead; the walk stops at the oldest page day whatever it finds.
                            SELECT coalesce(sum("Records"), 0) INTO recent_records FROM risk_archive_day_count
                            WHERE "Bigram" = '' AND "Day" >= page_days[cardinality(page_days)];
                            IF (skip + take)::float8 * recent_records / page_day_matches < page_day_matches THEN
                                EXECUTE 'SELECT array_agg("Seq" ORDER BY "At" DESC, "Seq" DESC) FROM (
                                             SELECT "Seq", "At" FROM risk_archive_search WHERE "At" >= $2 AND ("Tokens" @> $1) IS TRUE
                                             ORDER BY "At" DESC, "Seq" DESC OFFSET $3 LIMIT $4) m'
                                    INTO page
                                    USING bigrams, to_timestamp(page_days[cardinality(page_days)]::bigint * 86400), skip, take;
                            ELSE
                                EXECUTE 'SELECT (array_agg("Seq" ORDER BY "At" DESC, "Seq" DESC))[$2:$3]
                                         FROM risk_archive_search WHERE risk_day_tokens("Tokens", "At") && $1'
                                    INTO page
                                    USING ARRAY(SELECT bigrams[1] || '@' || d FROM unnest(page_days) d), skip + 1, skip + take;
                            END IF;
                        END IF;
                        page := coalesce(page, '{}');
                    ELSE
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
                                -- The day tokens of the term's first bigram, confirmed on the text (given the
                                -- plain bigrams too, the planner would read all their matches and compute each
                                -- row's day tokens).
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
                    END IF;
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
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION risk_archive_newest(term text, bigrams text[], confirm boolean, needed integer,
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
                    page_days integer[];
                BEGIN
                    SELECT max("At"), min("At") INTO newest_at, oldest_at FROM risk_archive_search;
                    IF newest_at IS NULL THEN
                        RETURN QUERY SELECT 0, '{}'::bigint[], '{}'::uuid[];
                        RETURN;
                    END IF;
                    IF NOT confirm THEN
                        -- A two-character term: its records per day are counted (risk_archive_day_count),
                        -- so the capped count reads no match, and the page only the days that hold it
                        -- (read whole, not ORDER BY ... LIMIT, for the reason given for stretches below).
                        -- A longer term's counts would only be its first bigram's: it is read a stretch
                        -- of days at a time and confirmed on the text.
                        SELECT least(coalesce(sum(d."Records"), 0), needed)::integer,
                               array_agg(d."Day") FILTER (WHERE d.before < skip + take)
                        INTO found_count, page_days
                        FROM (SELECT "Day", "Records",
                                     coalesce(sum("Records") OVER (ORDER BY "Day" DESC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
                              FROM risk_archive_day_count WHERE "Bigram" = bigrams[1] AND "Records" > 0) d
                        WHERE d.before < needed;
                        IF page_days IS NOT NULL THEN
                            EXECUTE 'SELECT (array_agg("Seq" ORDER BY "At" DESC, "Seq" DESC))[$2:$3]
                                     FROM risk_archive_search WHERE risk_day_tokens("Tokens", "At") && $1'
                                INTO page
                                USING ARRAY(SELECT bigrams[1] || '@' || d FROM unnest(page_days) d), skip + 1, skip + take;
                        END IF;
                        page := coalesce(page, '{}');
                    ELSE
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
                                -- The day tokens of the term's first bigram, confirmed on the text (given the
                                -- plain bigrams too, the planner would read all their matches and compute each
                                -- row's day tokens).
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
                    END IF;
                    -- Whose records the page shows, in its order: the search's audit entries name
                    -- them, and can be written while the rows are read.
                    RETURN QUERY SELECT found_count, page,
                        ARRAY(SELECT r."EmployeeId" FROM unnest(page) WITH ORDINALITY p(seq, i)
                              JOIN risk_archived_record r ON r."Seq" = p.seq ORDER BY p.i);
                END
                $$;
                """);
            migrationBuilder.Sql("""DELETE FROM risk_archive_day_count WHERE "Bigram" = '';""");
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION risk_archive_day_count_added() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO risk_archive_day_count AS c ("Bigram", "Day", "Records")
                    SELECT t, floor(extract(epoch FROM a."At") / 86400)::integer, count(*)
                    FROM added a, unnest(a."Tokens") t
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
                          FROM removed o, unnest(o."Tokens") t GROUP BY 1, 2) r
                    WHERE c."Bigram" = r.t AND c."Day" = r.day;
                    DELETE FROM risk_archive_day_count c
                    USING (SELECT DISTINCT t, floor(extract(epoch FROM o."At") / 86400)::integer AS day
                           FROM removed o, unnest(o."Tokens") t) r
                    WHERE c."Bigram" = r.t AND c."Day" = r.day AND c."Records" <= 0;
                    RETURN NULL;
                END
                $$;
                """);
            foreach (var index in GinIndexes)
                migrationBuilder.Sql($"""ALTER INDEX "{index}" RESET (gin_pending_list_limit);""");
        }
    }
}
