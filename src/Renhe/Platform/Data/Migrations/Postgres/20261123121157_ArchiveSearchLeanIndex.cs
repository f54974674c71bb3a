using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Renhe.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ArchiveSearchLeanIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The search table gains each record's time (ADR 0008), so the newest matches are read
            // from it alone. Rebuilt rather than updated in place: an UPDATE of every row would write
            // a second version of each and its GIN entries; a fresh table filled in time order (the
            // order the newest-first walk reads it) with its indexes built afterwards is cheaper.
            migrationBuilder.Sql("""ALTER TABLE risk_archive_search RENAME TO risk_archive_search_old;""");
            migrationBuilder.Sql("""ALTER TABLE risk_archive_search_old RENAME CONSTRAINT "PK_risk_archive_search" TO "PK_risk_archive_search_old";""");
            migrationBuilder.Sql("""DROP INDEX "IX_risk_archive_search_Tokens";""");

            migrationBuilder.CreateTable(
                name: "risk_archive_search",
                columns: table => new
                {
                    Seq = table.Column<long>(type: "bigint", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Tokens = table.Column<string[]>(type: "text[]", nullable: false),
                    Normalized = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_archive_search", x => x.Seq);
                });

            migrationBuilder.Sql("""
                INSERT INTO risk_archive_search ("Seq", "At", "Tokens", "Normalized")
                SELECT s."Seq", r."At", s."Tokens", s."Normalized"
                FROM risk_archive_search_old s JOIN risk_archived_record r ON r."Seq" = s."Seq"
                ORDER BY r."At", s."Seq";
                """);
            migrationBuilder.Sql("""DROP TABLE risk_archive_search_old;""");
            // Building a GIN index over millions of rows is much faster with room to sort in.
            migrationBuilder.Sql("""SET LOCAL maintenance_work_mem = '256MB';""");

            migrationBuilder.CreateIndex(
                name: "IX_risk_archive_search_Tokens",
                table: "risk_archive_search",
                column: "Tokens")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "IX_risk_archive_search_At_Seq",
                table: "risk_archive_search",
                columns: new[] { "At", "Seq" });

            // Statistics for the new table now rather than when autovacuum gets to it: without them
            // the planner guesses, and a search can take ten times as long.
            migrationBuilder.Sql("""ANALYZE risk_archive_search;""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_risk_archive_search_At_Seq",
                table: "risk_archive_search");

            migrationBuilder.DropColumn(
                name: "At",
                table: "risk_archive_search");
        }
    }
}
