using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Renhe.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SalesCustomersLexiconNotice : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "SubjectEmployeeId",
                table: "platform_audit_entry",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "risk_monitoring_ack",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EmployeeId = table.Column<Guid>(type: "uuid", nullable: false),
                    NoticeVersion = table.Column<int>(type: "integer", nullable: false),
                    AcknowledgedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_monitoring_ack", x => x.Id);
                    table.ForeignKey(
                        name: "FK_risk_monitoring_ack_org_employee_EmployeeId",
                        column: x => x.EmployeeId,
                        principalTable: "org_employee",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "risk_monitoring_notice",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Text = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    PublishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PublishedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_monitoring_notice", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "risk_sensitive_word",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Word = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Category = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Severity = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Enabled = table.Column<bool>(type: "boolean", nullable: false),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_sensitive_word", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sales_customer",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Company = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    PhoneCipher = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    PhoneIndex = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    PhoneMasked = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    WeComExternalId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Region = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    Industry = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    SourceChannel = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    Tags = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Stage = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    OwnerId = table.Column<Guid>(type: "uuid", nullable: true),
                    AssignedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastFollowUpAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DeletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sales_customer", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sales_customer_org_employee_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "org_employee",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sales_custody_entry",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CustomerId = table.Column<Guid>(type: "uuid", nullable: false),
                    FromEmployeeId = table.Column<Guid>(type: "uuid", nullable: true),
                    ToEmployeeId = table.Column<Guid>(type: "uuid", nullable: true),
                    Reason = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    ByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    ByName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sales_custody_entry", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sales_custody_entry_org_employee_FromEmployeeId",
                        column: x => x.FromEmployeeId,
                        principalTable: "org_employee",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_sales_custody_entry_org_employee_ToEmployeeId",
                        column: x => x.ToEmployeeId,
                        principalTable: "org_employee",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_sales_custody_entry_sales_customer_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "sales_customer",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sales_stage_change",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CustomerId = table.Column<Guid>(type: "uuid", nullable: false),
                    FromStage = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    ToStage = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    ByName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sales_stage_change", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sales_stage_change_sales_customer_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "sales_customer",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_platform_audit_entry_SubjectEmployeeId_At",
                table: "platform_audit_entry",
                columns: new[] { "SubjectEmployeeId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_risk_monitoring_ack_EmployeeId_NoticeVersion",
                table: "risk_monitoring_ack",
                columns: new[] { "EmployeeId", "NoticeVersion" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_risk_monitoring_notice_Version",
                table: "risk_monitoring_notice",
                column: "Version",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_risk_sensitive_word_Category",
                table: "risk_sensitive_word",
                column: "Category");

            migrationBuilder.CreateIndex(
                name: "IX_risk_sensitive_word_Word",
                table: "risk_sensitive_word",
                column: "Word",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sales_custody_entry_CustomerId_At",
                table: "sales_custody_entry",
                columns: new[] { "CustomerId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_sales_custody_entry_FromEmployeeId_At",
                table: "sales_custody_entry",
                columns: new[] { "FromEmployeeId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_sales_custody_entry_ToEmployeeId",
                table: "sales_custody_entry",
                column: "ToEmployeeId");

            migrationBuilder.CreateIndex(
                name: "IX_sales_customer_LastFollowUpAt",
                table: "sales_customer",
                column: "LastFollowUpAt");

            migrationBuilder.CreateIndex(
                name: "IX_sales_customer_OwnerId_Stage",
                table: "sales_customer",
                columns: new[] { "OwnerId", "Stage" });

            migrationBuilder.CreateIndex(
                name: "IX_sales_customer_PhoneIndex",
                table: "sales_customer",
                column: "PhoneIndex",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sales_customer_WeComExternalId",
                table: "sales_customer",
                column: "WeComExternalId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sales_stage_change_CustomerId_At",
                table: "sales_stage_change",
                columns: new[] { "CustomerId", "At" });

            // Ledgers (custody, stages, notices and acknowledgements) are append-only in the database too.
            migrationBuilder.Sql("""
                CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$;
                CREATE TRIGGER sales_custody_entry_append_only BEFORE UPDATE OR DELETE ON sales_custody_entry
                FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
                CREATE TRIGGER sales_stage_change_append_only BEFORE UPDATE OR DELETE ON sales_stage_change
                FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
                CREATE TRIGGER risk_monitoring_ack_append_only BEFORE UPDATE OR DELETE ON risk_monitoring_ack
                FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
                CREATE TRIGGER risk_monitoring_notice_append_only BEFORE UPDATE OR DELETE ON risk_monitoring_notice
                FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS sales_custody_entry_append_only ON sales_custody_entry;
                DROP TRIGGER IF EXISTS sales_stage_change_append_only ON sales_stage_change;
                DROP TRIGGER IF EXISTS risk_monitoring_ack_append_only ON risk_monitoring_ack;
                DROP TRIGGER IF EXISTS risk_monitoring_notice_append_only ON risk_monitoring_notice;
                DROP FUNCTION IF EXISTS ledger_append_only();
                """);

            migrationBuilder.DropTable(
                name: "risk_monitoring_ack");

            migrationBuilder.DropTable(
                name: "risk_monitoring_notice");

            migrationBuilder.DropTable(
                name: "risk_sensitive_word");

            migrationBuilder.DropTable(
                name: "sales_custody_entry");

            migrationBuilder.DropTable(
                name: "sales_stage_change");

            migrationBuilder.DropTable(
                name: "sales_customer");

            migrationBuilder.DropIndex(
                name: "IX_platform_audit_entry_SubjectEmployeeId_At",
                table: "platform_audit_entry");

            migrationBuilder.DropColumn(
                name: "SubjectEmployeeId",
                table: "platform_audit_entry");
        }
    }
}
