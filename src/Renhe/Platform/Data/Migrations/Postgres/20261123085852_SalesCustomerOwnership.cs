using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Renhe.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SalesCustomerOwnership : Migration
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sales_assignment_rule");

            migrationBuilder.DropTable(
                name: "sales_customer_export");

            migrationBuilder.DropTable(
                name: "sales_customer_transfer");

            migrationBuilder.DropColumn(
                name: "LostReason",
                table: "sales_customer");
        }
    }
}
