using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Renhe.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ApprovalsEngine : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "platform_approval_flow",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RequestType = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Enabled = table.Column<bool>(type: "boolean", nullable: false),
                    Steps = table.Column<string>(type: "text", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_platform_approval_flow", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "platform_approval_request",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RequestType = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    SubjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RequesterEmployeeId = table.Column<Guid>(type: "uuid", nullable: false),
                    RequesterUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    DepartmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    CurrentStep = table.Column<int>(type: "integer", nullable: false),
                    Steps = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_platform_approval_request", x => x.Id);
                    table.ForeignKey(
                        name: "FK_platform_approval_request_org_employee_RequesterEmployeeId",
                        column: x => x.RequesterEmployeeId,
                        principalTable: "org_employee",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "platform_approval_action",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RequestId = table.Column<Guid>(type: "uuid", nullable: false),
                    StepIndex = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    ByName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Comment = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    DelegateToEmployeeId = table.Column<Guid>(type: "uuid", nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_platform_approval_action", x => x.Id);
                    table.ForeignKey(
                        name: "FK_platform_approval_action_platform_approval_request_RequestId",
                        column: x => x.RequestId,
                        principalTable: "platform_approval_request",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "platform_approval_task",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RequestId = table.Column<Guid>(type: "uuid", nullable: false),
                    StepIndex = table.Column<int>(type: "integer", nullable: false),
                    ApproverEmployeeId = table.Column<Guid>(type: "uuid", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    DelegatedFromEmployeeId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_platform_approval_task", x => x.Id);
                    table.ForeignKey(
                        name: "FK_platform_approval_task_org_employee_ApproverEmployeeId",
                        column: x => x.ApproverEmployeeId,
                        principalTable: "org_employee",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_platform_approval_task_platform_approval_request_RequestId",
                        column: x => x.RequestId,
                        principalTable: "platform_approval_request",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_platform_approval_action_ByUserId_At",
                table: "platform_approval_action",
                columns: new[] { "ByUserId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_platform_approval_action_RequestId_At",
                table: "platform_approval_action",
                columns: new[] { "RequestId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_platform_approval_flow_RequestType",
                table: "platform_approval_flow",
                column: "RequestType",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_platform_approval_request_RequesterEmployeeId_Status",
                table: "platform_approval_request",
                columns: new[] { "RequesterEmployeeId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_platform_approval_request_RequestType_SubjectId",
                table: "platform_approval_request",
                columns: new[] { "RequestType", "SubjectId" });

            migrationBuilder.CreateIndex(
                name: "IX_platform_approval_task_ApproverEmployeeId_Status",
                table: "platform_approval_task",
                columns: new[] { "ApproverEmployeeId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_platform_approval_task_RequestId_StepIndex",
                table: "platform_approval_task",
                columns: new[] { "RequestId", "StepIndex" });

            // The action history is append-only in the database too (the function comes from SalesCustomersLexiconNotice).
            migrationBuilder.Sql("""
                CREATE TRIGGER platform_approval_action_append_only BEFORE UPDATE OR DELETE ON platform_approval_action
                FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS platform_approval_action_append_only ON platform_approval_action;");

            migrationBuilder.DropTable(
                name: "platform_approval_action");

            migrationBuilder.DropTable(
                name: "platform_approval_flow");

            migrationBuilder.DropTable(
                name: "platform_approval_task");

            migrationBuilder.DropTable(
                name: "platform_approval_request");
        }
    }
}
