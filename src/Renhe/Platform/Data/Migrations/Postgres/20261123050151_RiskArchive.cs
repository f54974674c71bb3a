using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Renhe.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RiskArchive : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "risk_archive_digest",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    HeadSeq = table.Column<long>(type: "bigint", nullable: false),
                    HeadHash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    RecordCount = table.Column<long>(type: "bigint", nullable: false),
                    Signature = table.Column<byte[]>(type: "bytea", maxLength: 128, nullable: false),
                    KeyId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    SignedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_archive_digest", x => x.Day);
                });

            migrationBuilder.CreateTable(
                name: "risk_archive_head",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    LastSeq = table.Column<long>(type: "bigint", nullable: false),
                    LastHash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_archive_head", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "risk_archive_purge",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    FirstSeq = table.Column<long>(type: "bigint", nullable: false),
                    LastSeq = table.Column<long>(type: "bigint", nullable: false),
                    LastPurgedHash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    RecordCount = table.Column<int>(type: "integer", nullable: false),
                    HitCount = table.Column<int>(type: "integer", nullable: false),
                    PurgedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PurgedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_archive_purge", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "risk_archived_record",
                columns: table => new
                {
                    Seq = table.Column<long>(type: "bigint", nullable: false),
                    Class = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Channel = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    SourceId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    EmployeeId = table.Column<Guid>(type: "uuid", nullable: true),
                    UnknownEmployee = table.Column<bool>(type: "boolean", nullable: false),
                    SenderRaw = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CounterpartExternalId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    CounterpartPhone = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    CounterpartRaw = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    MsgType = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Action = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    ReferencedSourceId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Content = table.Column<string>(type: "text", nullable: true),
                    Body = table.Column<string>(type: "text", nullable: true),
                    Hash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    PreviousHash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    ArchivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_archived_record", x => x.Seq);
                });

            migrationBuilder.CreateTable(
                name: "risk_legal_hold",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EmployeeId = table.Column<Guid>(type: "uuid", nullable: true),
                    Counterpart = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    OpenedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    OpenedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ClosedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_legal_hold", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "risk_scan_hit",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Seq = table.Column<long>(type: "bigint", nullable: false),
                    Category = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Word = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Start = table.Column<int>(type: "integer", nullable: false),
                    Length = table.Column<int>(type: "integer", nullable: false),
                    Severity = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_scan_hit", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_risk_archive_purge_FirstSeq",
                table: "risk_archive_purge",
                column: "FirstSeq",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_risk_archived_record_At",
                table: "risk_archived_record",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_risk_archived_record_Channel_SourceId",
                table: "risk_archived_record",
                columns: new[] { "Channel", "SourceId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_risk_archived_record_EmployeeId_At",
                table: "risk_archived_record",
                columns: new[] { "EmployeeId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_risk_scan_hit_Category",
                table: "risk_scan_hit",
                column: "Category");

            migrationBuilder.CreateIndex(
                name: "IX_risk_scan_hit_Seq",
                table: "risk_scan_hit",
                column: "Seq");

            // The head row every append locks (SELECT … FOR UPDATE) and advances (ADR 0007).
            migrationBuilder.Sql("INSERT INTO risk_archive_head (\"Id\", \"LastSeq\", \"LastHash\") VALUES (1, 0, decode(repeat('00', 32), 'hex'));");
            // Archived records are never updated, and leave only through a recorded purge: a delete
            // is allowed for a seq that a risk_archive_purge row covers, which the purge writes first.
            migrationBuilder.Sql("""
                CREATE FUNCTION risk_archived_record_guard() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'UPDATE' THEN RAISE EXCEPTION 'archived records are append-only'; END IF;
                    IF NOT EXISTS (SELECT 1 FROM risk_archive_purge p WHERE p."FirstSeq" <= OLD."Seq" AND OLD."Seq" <= p."LastSeq") THEN
                        RAISE EXCEPTION 'archived records leave only through a recorded purge';
                    END IF;
                    RETURN OLD;
                END $$;
                CREATE TRIGGER risk_archived_record_guard BEFORE UPDATE OR DELETE ON risk_archived_record
                FOR EACH ROW EXECUTE FUNCTION risk_archived_record_guard();
                CREATE FUNCTION risk_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$;
                CREATE TRIGGER risk_archive_purge_append_only BEFORE UPDATE OR DELETE ON risk_archive_purge
                FOR EACH ROW EXECUTE FUNCTION risk_append_only();
                CREATE TRIGGER risk_archive_digest_append_only BEFORE UPDATE OR DELETE ON risk_archive_digest
                FOR EACH ROW EXECUTE FUNCTION risk_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS risk_archived_record_guard ON risk_archived_record;
                DROP TRIGGER IF EXISTS risk_archive_purge_append_only ON risk_archive_purge;
                DROP TRIGGER IF EXISTS risk_archive_digest_append_only ON risk_archive_digest;
                DROP FUNCTION IF EXISTS risk_archived_record_guard();
                DROP FUNCTION IF EXISTS risk_append_only();
                """);

            migrationBuilder.DropTable(
                name: "risk_archive_digest");

            migrationBuilder.DropTable(
                name: "risk_archive_head");

            migrationBuilder.DropTable(
                name: "risk_archive_purge");

            migrationBuilder.DropTable(
                name: "risk_archived_record");

            migrationBuilder.DropTable(
                name: "risk_legal_hold");

            migrationBuilder.DropTable(
                name: "risk_scan_hit");
        }
    }
}
