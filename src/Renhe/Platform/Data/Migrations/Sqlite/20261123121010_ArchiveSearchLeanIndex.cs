using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Renhe.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ArchiveSearchLeanIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The FTS5 index without its own copy of the text (content='': the tokens were stored a
            // second time), without positions (detail=none: a longer term's candidates are confirmed
            // on the record's content instead) and without column sizes (no ranking is done): ingest
            // writes a fraction of what it did (ADR 0008). Rebuilt from the old table's stored tokens.
            migrationBuilder.Sql("CREATE VIRTUAL TABLE risk_archive_fts_lean USING fts5(tokens, tokenize = 'ascii', content = '', detail = none, columnsize = 0);");
            migrationBuilder.Sql("INSERT INTO risk_archive_fts_lean (rowid, tokens) SELECT rowid, tokens FROM risk_archive_fts;");
            migrationBuilder.Sql("DROP TABLE risk_archive_fts;");
            migrationBuilder.Sql("ALTER TABLE risk_archive_fts_lean RENAME TO risk_archive_fts;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The lean index keeps no text to rebuild the positional one from: it comes back empty,
            // and the records have to be re-indexed.
            migrationBuilder.Sql("DROP TABLE IF EXISTS risk_archive_fts;");
            migrationBuilder.Sql("CREATE VIRTUAL TABLE risk_archive_fts USING fts5(tokens, tokenize = 'ascii');");
        }
    }
}
