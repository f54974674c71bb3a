using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Renhe.Platform.Data.Migrations.Sqlite
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequestType = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    Steps = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_platform_approval_flow", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "platform_approval_request",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequestType = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    SubjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RequesterEmployeeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequesterUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: true),
                    DepartmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CurrentStep = table.Column<int>(type: "INTEGER", nullable: false),
                    Steps = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CompletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequestId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StepIndex = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ByName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    DelegateToEmployeeId = table.Column<Guid>(type: "TEXT", nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequestId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StepIndex = table.Column<int>(type: "INTEGER", nullable: false),
                    ApproverEmployeeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    DelegatedFromEmployeeId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true)
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

            // The action history is append-only in the database too.
            migrationBuilder.Sql("CREATE TRIGGER platform_approval_action_no_update BEFORE UPDATE ON platform_approval_action BEGIN SELECT RAISE(ABORT, 'platform_approval_action is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER platform_approval_action_no_delete BEFORE DELETE ON platform_approval_action BEGIN SELECT RAISE(ABORT, 'platform_approval_action is append-only'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS platform_approval_action_no_update; DROP TRIGGER IF EXISTS platform_approval_action_no_delete;");

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
