using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Renhe.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ArchiveSearchDenseTermsAndPendingLimit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Nothing on SQLite: the GIN indexes and the day counts are PostgreSQL's (ADR 0008).
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
