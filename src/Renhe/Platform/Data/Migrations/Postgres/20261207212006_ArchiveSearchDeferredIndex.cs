using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Renhe.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ArchiveSearchDeferredIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The search rows are written after the records' transaction, outside the head lock
            // (ArchiveSearchIndexer, ADR 0008): this row says up to which seq they are. Advanced in the
            // same transaction as the rows, so a kill -9 never loses or doubles one. Not in the EF model
            // (like SQLite's FTS5 table); every record already stored was indexed with it.
            migrationBuilder.Sql("""
                CREATE TABLE risk_archive_search_mark ("Id" integer PRIMARY KEY CHECK ("Id" = 1), "IndexedSeq" bigint NOT NULL);
                INSERT INTO risk_archive_search_mark VALUES (1, COALESCE((SELECT "LastSeq" FROM risk_archive_head WHERE "Id" = 1), 0));
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE risk_archive_search_mark;");
        }
    }
}
