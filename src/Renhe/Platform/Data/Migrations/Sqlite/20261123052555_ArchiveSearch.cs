using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Renhe.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ArchiveSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The archive's search index on SQLite (ADR 0008): rowid = the record's seq, one column
            // of space-separated bigrams of the normalised text. The ascii tokenizer splits only on ASCII
            // separators, which normalised text never holds, so every CJK bigram stays one token. Not in the EF model.
            migrationBuilder.Sql("CREATE VIRTUAL TABLE risk_archive_fts USING fts5(tokens, tokenize = 'ascii');");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE IF EXISTS risk_archive_fts;");
        }
    }
}
