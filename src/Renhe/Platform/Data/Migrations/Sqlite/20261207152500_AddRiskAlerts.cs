using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Renhe.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddRiskAlerts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "risk_evaluation_mark",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    EvaluatedTo = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_evaluation_mark", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "risk_rule",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Template = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Severity = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    SettingsJson = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    ScopeJson = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_rule", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "risk_alert",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RuleId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RuleRevision = table.Column<int>(type: "INTEGER", nullable: false),
                    EmployeeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RaisedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    WindowStart = table.Column<long>(type: "INTEGER", nullable: false),
                    WindowEnd = table.Column<long>(type: "INTEGER", nullable: false),
                    Severity = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    FactsJson = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    RecordsJson = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    DismissReason = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    TriageNote = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    TriagedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    TriagedBy = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_alert", x => x.Id);
                    table.ForeignKey(
                        name: "FK_risk_alert_org_employee_EmployeeId",
                        column: x => x.EmployeeId,
                        principalTable: "org_employee",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_risk_alert_risk_rule_RuleId",
                        column: x => x.RuleId,
                        principalTable: "risk_rule",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "risk_rule_revision",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RuleId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    By = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Changes = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Snapshot = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_rule_revision", x => x.Id);
                    table.ForeignKey(
                        name: "FK_risk_rule_revision_risk_rule_RuleId",
                        column: x => x.RuleId,
                        principalTable: "risk_rule",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_risk_alert_EmployeeId_RaisedAt",
                table: "risk_alert",
                columns: new[] { "EmployeeId", "RaisedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_risk_alert_RuleId_EmployeeId_WindowStart",
                table: "risk_alert",
                columns: new[] { "RuleId", "EmployeeId", "WindowStart" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_risk_alert_Status_RaisedAt",
                table: "risk_alert",
                columns: new[] { "Status", "RaisedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_risk_rule_Code",
                table: "risk_rule",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_risk_rule_revision_RuleId_Revision",
                table: "risk_rule_revision",
                columns: new[] { "RuleId", "Revision" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "risk_alert");

            migrationBuilder.DropTable(
                name: "risk_evaluation_mark");

            migrationBuilder.DropTable(
                name: "risk_rule_revision");

            migrationBuilder.DropTable(
                name: "risk_rule");
        }
    }
}
