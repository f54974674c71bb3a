using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Renhe.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RiskCases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "risk_case",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    ClosingNote = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    OpenedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    OpenedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ClosedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_case", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "risk_case_event",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    By = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_case_event", x => x.Id);
                    table.ForeignKey(
                        name: "FK_risk_case_event_risk_case_CaseId",
                        column: x => x.CaseId,
                        principalTable: "risk_case",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "risk_case_evidence",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AddedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AddedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_case_evidence", x => x.Id);
                    table.ForeignKey(
                        name: "FK_risk_case_evidence_risk_case_CaseId",
                        column: x => x.CaseId,
                        principalTable: "risk_case",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "risk_case_investigator",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_case_investigator", x => x.Id);
                    table.ForeignKey(
                        name: "FK_risk_case_investigator_risk_case_CaseId",
                        column: x => x.CaseId,
                        principalTable: "risk_case",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "risk_case_subject",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    EmployeeId = table.Column<Guid>(type: "uuid", nullable: false),
                    LegalHoldId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_case_subject", x => x.Id);
                    table.ForeignKey(
                        name: "FK_risk_case_subject_org_employee_EmployeeId",
                        column: x => x.EmployeeId,
                        principalTable: "org_employee",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_risk_case_subject_risk_case_CaseId",
                        column: x => x.CaseId,
                        principalTable: "risk_case",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_risk_case_subject_risk_legal_hold_LegalHoldId",
                        column: x => x.LegalHoldId,
                        principalTable: "risk_legal_hold",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_risk_case_Number",
                table: "risk_case",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_risk_case_Status",
                table: "risk_case",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_risk_case_event_CaseId_At",
                table: "risk_case_event",
                columns: new[] { "CaseId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_risk_case_evidence_CaseId_Kind_Key",
                table: "risk_case_evidence",
                columns: new[] { "CaseId", "Kind", "Key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_risk_case_evidence_Kind_Key",
                table: "risk_case_evidence",
                columns: new[] { "Kind", "Key" });

            migrationBuilder.CreateIndex(
                name: "IX_risk_case_investigator_CaseId_UserId",
                table: "risk_case_investigator",
                columns: new[] { "CaseId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_risk_case_subject_CaseId_EmployeeId",
                table: "risk_case_subject",
                columns: new[] { "CaseId", "EmployeeId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_risk_case_subject_EmployeeId",
                table: "risk_case_subject",
                column: "EmployeeId");

            migrationBuilder.CreateIndex(
                name: "IX_risk_case_subject_LegalHoldId",
                table: "risk_case_subject",
                column: "LegalHoldId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "risk_case_event");

            migrationBuilder.DropTable(
                name: "risk_case_evidence");

            migrationBuilder.DropTable(
                name: "risk_case_investigator");

            migrationBuilder.DropTable(
                name: "risk_case_subject");

            migrationBuilder.DropTable(
                name: "risk_case");
        }
    }
}
