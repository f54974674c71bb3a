using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Renhe.Platform.Data.Migrations.Sqlite
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "risk_monitoring_ack",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EmployeeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    NoticeVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    AcknowledgedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: true)
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    PublishedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_monitoring_notice", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "risk_sensitive_word",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Word = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Severity = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_sensitive_word", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sales_customer",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Company = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    PhoneCipher = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    PhoneIndex = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    PhoneMasked = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    WeComExternalId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Region = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    Industry = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    SourceChannel = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    Tags = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Stage = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    OwnerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AssignedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastFollowUpAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DeletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FromEmployeeId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ToEmployeeId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ByName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FromStage = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    ToStage = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ByName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
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
            migrationBuilder.Sql("CREATE TRIGGER sales_custody_entry_no_update BEFORE UPDATE ON sales_custody_entry BEGIN SELECT RAISE(ABORT, 'sales_custody_entry is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER sales_custody_entry_no_delete BEFORE DELETE ON sales_custody_entry BEGIN SELECT RAISE(ABORT, 'sales_custody_entry is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER sales_stage_change_no_update BEFORE UPDATE ON sales_stage_change BEGIN SELECT RAISE(ABORT, 'sales_stage_change is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER sales_stage_change_no_delete BEFORE DELETE ON sales_stage_change BEGIN SELECT RAISE(ABORT, 'sales_stage_change is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER risk_monitoring_ack_no_update BEFORE UPDATE ON risk_monitoring_ack BEGIN SELECT RAISE(ABORT, 'risk_monitoring_ack is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER risk_monitoring_ack_no_delete BEFORE DELETE ON risk_monitoring_ack BEGIN SELECT RAISE(ABORT, 'risk_monitoring_ack is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER risk_monitoring_notice_no_update BEFORE UPDATE ON risk_monitoring_notice BEGIN SELECT RAISE(ABORT, 'risk_monitoring_notice is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER risk_monitoring_notice_no_delete BEFORE DELETE ON risk_monitoring_notice BEGIN SELECT RAISE(ABORT, 'risk_monitoring_notice is append-only'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS sales_custody_entry_no_update; DROP TRIGGER IF EXISTS sales_custody_entry_no_delete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS sales_stage_change_no_update; DROP TRIGGER IF EXISTS sales_stage_change_no_delete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS risk_monitoring_ack_no_update; DROP TRIGGER IF EXISTS risk_monitoring_ack_no_delete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS risk_monitoring_notice_no_update; DROP TRIGGER IF EXISTS risk_monitoring_notice_no_delete;");

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
