using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Renhe.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ArchiveSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "risk_archive_search",
                columns: table => new
                {
                    Seq = table.Column<long>(type: "bigint", nullable: false),
                    Tokens = table.Column<string[]>(type: "text[]", nullable: false),
                    Normalized = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_archive_search", x => x.Seq);
                });

            migrationBuilder.CreateIndex(
                name: "IX_risk_archive_search_Tokens",
                table: "risk_archive_search",
                column: "Tokens")
                .Annotation("Npgsql:IndexMethod", "gin");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "risk_archive_search");
        }
    }
}
