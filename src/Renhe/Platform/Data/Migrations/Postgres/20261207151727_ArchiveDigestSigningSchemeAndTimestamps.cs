using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Renhe.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ArchiveDigestSigningSchemeAndTimestamps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Scheme",
                table: "risk_archive_digest",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                // Every digest signed before this column existed was signed with the HMAC key.
                defaultValue: "hmac-sha256");

            migrationBuilder.CreateTable(
                name: "risk_archive_digest_timestamp",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Token = table.Column<byte[]>(type: "bytea", maxLength: 16384, nullable: false),
                    TimestampedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Authority = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_archive_digest_timestamp", x => x.Day);
                    table.ForeignKey(
                        name: "FK_risk_archive_digest_timestamp_risk_archive_digest_Day",
                        column: x => x.Day,
                        principalTable: "risk_archive_digest",
                        principalColumn: "Day",
                        onDelete: ReferentialAction.Restrict);
                });

            // Like the digests they stamp, time-stamps are append-only in the database too.
            migrationBuilder.Sql("""
                CREATE TRIGGER risk_archive_digest_timestamp_append_only BEFORE UPDATE OR DELETE ON risk_archive_digest_timestamp
                FOR EACH ROW EXECUTE FUNCTION risk_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "risk_archive_digest_timestamp");

            migrationBuilder.DropColumn(
                name: "Scheme",
                table: "risk_archive_digest");
        }
    }
}
