using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Renhe.Platform.Data.Migrations.Sqlite
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
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    HeadSeq = table.Column<long>(type: "INTEGER", nullable: false),
                    HeadHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    RecordCount = table.Column<long>(type: "INTEGER", nullable: false),
                    Signature = table.Column<byte[]>(type: "BLOB", maxLength: 128, nullable: false),
                    KeyId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    SignedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_archive_digest", x => x.Day);
                });

            migrationBuilder.CreateTable(
                name: "risk_archive_head",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    LastSeq = table.Column<long>(type: "INTEGER", nullable: false),
                    LastHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_archive_head", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "risk_archive_purge",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    FirstSeq = table.Column<long>(type: "INTEGER", nullable: false),
                    LastSeq = table.Column<long>(type: "INTEGER", nullable: false),
                    LastPurgedHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    RecordCount = table.Column<int>(type: "INTEGER", nullable: false),
                    HitCount = table.Column<int>(type: "INTEGER", nullable: false),
                    PurgedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    PurgedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_archive_purge", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "risk_archived_record",
                columns: table => new
                {
                    Seq = table.Column<long>(type: "INTEGER", nullable: false),
                    Class = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    SourceId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    EmployeeId = table.Column<Guid>(type: "TEXT", nullable: true),
                    UnknownEmployee = table.Column<bool>(type: "INTEGER", nullable: false),
                    SenderRaw = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CounterpartExternalId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    CounterpartPhone = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    CounterpartRaw = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    MsgType = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Action = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    ReferencedSourceId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Content = table.Column<string>(type: "TEXT", nullable: true),
                    Body = table.Column<string>(type: "TEXT", nullable: true),
                    Hash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    PreviousHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    ArchivedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_archived_record", x => x.Seq);
                });

            migrationBuilder.CreateTable(
                name: "risk_legal_hold",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EmployeeId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Counterpart = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    OpenedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    OpenedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_legal_hold", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "risk_scan_hit",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Seq = table.Column<long>(type: "INTEGER", nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Word = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Start = table.Column<int>(type: "INTEGER", nullable: false),
                    Length = table.Column<int>(type: "INTEGER", nullable: false),
                    Severity = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false)
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

            // The head row every append locks and advances (ADR 0007).
            migrationBuilder.Sql("INSERT INTO risk_archive_head (Id, LastSeq, LastHash) VALUES (1, 0, zeroblob(32));");
            // Archived records are never updated, and leave only through a recorded purge: a delete
            // is allowed for a seq that a risk_archive_purge row covers, which the purge writes first.
            migrationBuilder.Sql("CREATE TRIGGER risk_archived_record_no_update BEFORE UPDATE ON risk_archived_record BEGIN SELECT RAISE(ABORT, 'archived records are append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER risk_archived_record_purge_only BEFORE DELETE ON risk_archived_record WHEN NOT EXISTS (SELECT 1 FROM risk_archive_purge p WHERE p.FirstSeq <= OLD.Seq AND OLD.Seq <= p.LastSeq) BEGIN SELECT RAISE(ABORT, 'archived records leave only through a recorded purge'); END;");
            migrationBuilder.Sql("CREATE TRIGGER risk_archive_purge_no_update BEFORE UPDATE ON risk_archive_purge BEGIN SELECT RAISE(ABORT, 'purge records are append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER risk_archive_purge_no_delete BEFORE DELETE ON risk_archive_purge BEGIN SELECT RAISE(ABORT, 'purge records are append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER risk_archive_digest_no_update BEFORE UPDATE ON risk_archive_digest BEGIN SELECT RAISE(ABORT, 'digests are append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER risk_archive_digest_no_delete BEFORE DELETE ON risk_archive_digest BEGIN SELECT RAISE(ABORT, 'digests are append-only'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var trigger in new[] { "risk_archived_record_no_update", "risk_archived_record_purge_only", "risk_archive_purge_no_update",
                         "risk_archive_purge_no_delete", "risk_archive_digest_no_update", "risk_archive_digest_no_delete" })
                migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {trigger};");

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
