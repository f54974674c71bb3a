using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Renhe.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SalesOwnershipCommentsNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "LostReason",
                table: "sales_customer",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "platform_file",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OwnerKind = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    OwnerId = table.Column<Guid>(type: "uuid", nullable: false),
                    FileName = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    ContentType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    Content = table.Column<byte[]>(type: "bytea", nullable: false),
                    UploadedByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_platform_file", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "platform_notification",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RecipientUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    TextKey = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Args = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Link = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReadAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_platform_notification", x => x.Id);
                    table.ForeignKey(
                        name: "FK_platform_notification_platform_user_RecipientUserId",
                        column: x => x.RecipientUserId,
                        principalTable: "platform_user",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sales_assignment_rule",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false),
                    Enabled = table.Column<bool>(type: "boolean", nullable: false),
                    Region = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    Industry = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    SourceChannel = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    TargetDepartmentId = table.Column<Guid>(type: "uuid", nullable: true),
                    TargetEmployeeId = table.Column<Guid>(type: "uuid", nullable: true),
                    Capacity = table.Column<int>(type: "integer", nullable: true),
                    LastAssignedEmployeeId = table.Column<Guid>(type: "uuid", nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sales_assignment_rule", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sales_assignment_rule_org_department_TargetDepartmentId",
                        column: x => x.TargetDepartmentId,
                        principalTable: "org_department",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_sales_assignment_rule_org_employee_TargetEmployeeId",
                        column: x => x.TargetEmployeeId,
                        principalTable: "org_employee",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sales_customer_export",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RequestedByUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    RequestedByName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ApprovedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Downloads = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sales_customer_export", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sales_customer_transfer",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CustomerIds = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    ToEmployeeId = table.Column<Guid>(type: "uuid", nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    RequestedByUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    RequestedByName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sales_customer_transfer", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sales_customer_transfer_org_employee_ToEmployeeId",
                        column: x => x.ToEmployeeId,
                        principalTable: "org_employee",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sales_follow_up_comment",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    FollowUpId = table.Column<Guid>(type: "uuid", nullable: false),
                    Text = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    ByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    ByName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sales_follow_up_comment", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sales_follow_up_comment_sales_follow_up_FollowUpId",
                        column: x => x.FollowUpId,
                        principalTable: "sales_follow_up",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_platform_file_OwnerKind_OwnerId",
                table: "platform_file",
                columns: new[] { "OwnerKind", "OwnerId" });

            migrationBuilder.CreateIndex(
                name: "IX_platform_notification_RecipientUserId_CreatedAt",
                table: "platform_notification",
                columns: new[] { "RecipientUserId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_platform_notification_RecipientUserId_ReadAt",
                table: "platform_notification",
                columns: new[] { "RecipientUserId", "ReadAt" });

            migrationBuilder.CreateIndex(
                name: "IX_sales_assignment_rule_Order",
                table: "sales_assignment_rule",
                column: "Order");

            migrationBuilder.CreateIndex(
                name: "IX_sales_assignment_rule_TargetDepartmentId",
                table: "sales_assignment_rule",
                column: "TargetDepartmentId");

            migrationBuilder.CreateIndex(
                name: "IX_sales_assignment_rule_TargetEmployeeId",
                table: "sales_assignment_rule",
                column: "TargetEmployeeId");

            migrationBuilder.CreateIndex(
                name: "IX_sales_customer_export_RequestedByUserId_CreatedAt",
                table: "sales_customer_export",
                columns: new[] { "RequestedByUserId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_sales_customer_transfer_State",
                table: "sales_customer_transfer",
                column: "State");

            migrationBuilder.CreateIndex(
                name: "IX_sales_customer_transfer_ToEmployeeId",
                table: "sales_customer_transfer",
                column: "ToEmployeeId");

            migrationBuilder.CreateIndex(
                name: "IX_sales_follow_up_comment_FollowUpId_At",
                table: "sales_follow_up_comment",
                columns: new[] { "FollowUpId", "At" });

            // Managers' comments on follow-ups are append-only in the database too.
            migrationBuilder.Sql("""
                CREATE TRIGGER sales_follow_up_comment_append_only BEFORE UPDATE OR DELETE ON sales_follow_up_comment
                FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS sales_follow_up_comment_append_only ON sales_follow_up_comment;");
            migrationBuilder.DropTable(
                name: "platform_file");

            migrationBuilder.DropTable(
                name: "platform_notification");

            migrationBuilder.DropTable(
                name: "sales_assignment_rule");

            migrationBuilder.DropTable(
                name: "sales_customer_export");

            migrationBuilder.DropTable(
                name: "sales_customer_transfer");

            migrationBuilder.DropTable(
                name: "sales_follow_up_comment");

            migrationBuilder.DropColumn(
                name: "LostReason",
                table: "sales_customer");
        }
    }
}
