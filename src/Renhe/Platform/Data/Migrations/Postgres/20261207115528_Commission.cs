using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Renhe.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Commission : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "commission_adjustment",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EmployeeId = table.Column<Guid>(type: "uuid", nullable: false),
                    Month = table.Column<DateOnly>(type: "date", nullable: false),
                    AmountFen = table.Column<long>(type: "bigint", nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    ApprovalRequestId = table.Column<Guid>(type: "uuid", nullable: true),
                    DisputeId = table.Column<Guid>(type: "uuid", nullable: true),
                    RequestedByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    RequestedByName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_commission_adjustment", x => x.Id);
                    table.ForeignKey(
                        name: "FK_commission_adjustment_org_employee_EmployeeId",
                        column: x => x.EmployeeId,
                        principalTable: "org_employee",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "commission_month",
                columns: table => new
                {
                    Month = table.Column<DateOnly>(type: "date", nullable: false),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ClosedByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    ClosedByName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    Statements = table.Column<int>(type: "integer", nullable: false),
                    TotalFen = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_commission_month", x => x.Month);
                });

            migrationBuilder.CreateTable(
                name: "commission_plan",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    EmployeeIds = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    PositionIds = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    DepartmentIds = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_commission_plan", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "commission_plan_version",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PlanId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    EffectiveMonth = table.Column<DateOnly>(type: "date", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    RulesJson = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    Note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ApprovalRequestId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PublishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_commission_plan_version", x => x.Id);
                    table.ForeignKey(
                        name: "FK_commission_plan_version_commission_plan_PlanId",
                        column: x => x.PlanId,
                        principalTable: "commission_plan",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "commission_plan_ack",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PlanVersionId = table.Column<Guid>(type: "uuid", nullable: false),
                    EmployeeId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: true),
                    AcknowledgedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_commission_plan_ack", x => x.Id);
                    table.ForeignKey(
                        name: "FK_commission_plan_ack_commission_plan_version_PlanVersionId",
                        column: x => x.PlanVersionId,
                        principalTable: "commission_plan_version",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_commission_plan_ack_org_employee_EmployeeId",
                        column: x => x.EmployeeId,
                        principalTable: "org_employee",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "commission_statement",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EmployeeId = table.Column<Guid>(type: "uuid", nullable: false),
                    Month = table.Column<DateOnly>(type: "date", nullable: false),
                    PlanVersionId = table.Column<Guid>(type: "uuid", nullable: true),
                    TotalFen = table.Column<long>(type: "bigint", nullable: false),
                    SnapshotJson = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ClosedByName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_commission_statement", x => x.Id);
                    table.ForeignKey(
                        name: "FK_commission_statement_commission_plan_version_PlanVersionId",
                        column: x => x.PlanVersionId,
                        principalTable: "commission_plan_version",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_commission_statement_org_employee_EmployeeId",
                        column: x => x.EmployeeId,
                        principalTable: "org_employee",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "commission_dispute",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    StatementId = table.Column<Guid>(type: "uuid", nullable: false),
                    LineId = table.Column<Guid>(type: "uuid", nullable: true),
                    EmployeeId = table.Column<Guid>(type: "uuid", nullable: false),
                    Month = table.Column<DateOnly>(type: "date", nullable: false),
                    Reason = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    ClaimedFen = table.Column<long>(type: "bigint", nullable: true),
                    AttachmentId = table.Column<Guid>(type: "uuid", nullable: true),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    Response = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    AcceptedFen = table.Column<long>(type: "bigint", nullable: true),
                    AdjustmentId = table.Column<Guid>(type: "uuid", nullable: true),
                    ApprovalRequestId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DecidedByName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_commission_dispute", x => x.Id);
                    table.ForeignKey(
                        name: "FK_commission_dispute_commission_statement_StatementId",
                        column: x => x.StatementId,
                        principalTable: "commission_statement",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_commission_dispute_org_employee_EmployeeId",
                        column: x => x.EmployeeId,
                        principalTable: "org_employee",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "commission_payable",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EmployeeId = table.Column<Guid>(type: "uuid", nullable: false),
                    Month = table.Column<DateOnly>(type: "date", nullable: false),
                    AmountFen = table.Column<long>(type: "bigint", nullable: false),
                    StatementId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_commission_payable", x => x.Id);
                    table.ForeignKey(
                        name: "FK_commission_payable_commission_statement_StatementId",
                        column: x => x.StatementId,
                        principalTable: "commission_statement",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_commission_payable_org_employee_EmployeeId",
                        column: x => x.EmployeeId,
                        principalTable: "org_employee",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "commission_statement_line",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    StatementId = table.Column<Guid>(type: "uuid", nullable: false),
                    Seq = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    OrderId = table.Column<Guid>(type: "uuid", nullable: true),
                    OrderNumber = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    CustomerName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    SourceId = table.Column<Guid>(type: "uuid", nullable: true),
                    BaseFen = table.Column<long>(type: "bigint", nullable: false),
                    RateBp = table.Column<int>(type: "integer", nullable: false),
                    AmountFen = table.Column<long>(type: "bigint", nullable: false),
                    Band = table.Column<int>(type: "integer", nullable: true),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_commission_statement_line", x => x.Id);
                    table.ForeignKey(
                        name: "FK_commission_statement_line_commission_statement_StatementId",
                        column: x => x.StatementId,
                        principalTable: "commission_statement",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_commission_adjustment_ApprovalRequestId",
                table: "commission_adjustment",
                column: "ApprovalRequestId");

            migrationBuilder.CreateIndex(
                name: "IX_commission_adjustment_EmployeeId",
                table: "commission_adjustment",
                column: "EmployeeId");

            migrationBuilder.CreateIndex(
                name: "IX_commission_adjustment_Month_EmployeeId",
                table: "commission_adjustment",
                columns: new[] { "Month", "EmployeeId" });

            migrationBuilder.CreateIndex(
                name: "IX_commission_dispute_ApprovalRequestId",
                table: "commission_dispute",
                column: "ApprovalRequestId");

            migrationBuilder.CreateIndex(
                name: "IX_commission_dispute_EmployeeId",
                table: "commission_dispute",
                column: "EmployeeId");

            migrationBuilder.CreateIndex(
                name: "IX_commission_dispute_StatementId",
                table: "commission_dispute",
                column: "StatementId");

            migrationBuilder.CreateIndex(
                name: "IX_commission_payable_EmployeeId",
                table: "commission_payable",
                column: "EmployeeId");

            migrationBuilder.CreateIndex(
                name: "IX_commission_payable_Month_EmployeeId",
                table: "commission_payable",
                columns: new[] { "Month", "EmployeeId" });

            migrationBuilder.CreateIndex(
                name: "IX_commission_payable_StatementId",
                table: "commission_payable",
                column: "StatementId");

            migrationBuilder.CreateIndex(
                name: "IX_commission_plan_Name",
                table: "commission_plan",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_commission_plan_ack_EmployeeId_PlanVersionId",
                table: "commission_plan_ack",
                columns: new[] { "EmployeeId", "PlanVersionId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_commission_plan_ack_PlanVersionId",
                table: "commission_plan_ack",
                column: "PlanVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_commission_plan_version_ApprovalRequestId",
                table: "commission_plan_version",
                column: "ApprovalRequestId");

            migrationBuilder.CreateIndex(
                name: "IX_commission_plan_version_PlanId_Number",
                table: "commission_plan_version",
                columns: new[] { "PlanId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_commission_statement_EmployeeId_Month",
                table: "commission_statement",
                columns: new[] { "EmployeeId", "Month" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_commission_statement_Month",
                table: "commission_statement",
                column: "Month");

            migrationBuilder.CreateIndex(
                name: "IX_commission_statement_PlanVersionId",
                table: "commission_statement",
                column: "PlanVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_commission_statement_line_OrderId",
                table: "commission_statement_line",
                column: "OrderId");

            migrationBuilder.CreateIndex(
                name: "IX_commission_statement_line_SourceId",
                table: "commission_statement_line",
                column: "SourceId");

            migrationBuilder.CreateIndex(
                name: "IX_commission_statement_line_StatementId_Seq",
                table: "commission_statement_line",
                columns: new[] { "StatementId", "Seq" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "commission_adjustment");

            migrationBuilder.DropTable(
                name: "commission_dispute");

            migrationBuilder.DropTable(
                name: "commission_month");

            migrationBuilder.DropTable(
                name: "commission_payable");

            migrationBuilder.DropTable(
                name: "commission_plan_ack");

            migrationBuilder.DropTable(
                name: "commission_statement_line");

            migrationBuilder.DropTable(
                name: "commission_statement");

            migrationBuilder.DropTable(
                name: "commission_plan_version");

            migrationBuilder.DropTable(
                name: "commission_plan");
        }
    }
}
