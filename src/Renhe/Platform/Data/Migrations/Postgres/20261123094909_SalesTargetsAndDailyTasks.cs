using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Renhe.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SalesTargetsAndDailyTasks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "sales_daily_task_list",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EmployeeId = table.Column<Guid>(type: "uuid", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    GeneratedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sales_daily_task_list", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sales_daily_task_list_org_employee_EmployeeId",
                        column: x => x.EmployeeId,
                        principalTable: "org_employee",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sales_target",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DepartmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Month = table.Column<DateOnly>(type: "date", nullable: false),
                    AmountFen = table.Column<long>(type: "bigint", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Revision = table.Column<int>(type: "integer", nullable: false),
                    PublishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    PublishedByName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sales_target", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sales_target_org_department_DepartmentId",
                        column: x => x.DepartmentId,
                        principalTable: "org_department",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sales_daily_task",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ListId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    CustomerId = table.Column<Guid>(type: "uuid", nullable: false),
                    DueDate = table.Column<DateOnly>(type: "date", nullable: true),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sales_daily_task", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sales_daily_task_sales_customer_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "sales_customer",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_sales_daily_task_sales_daily_task_list_ListId",
                        column: x => x.ListId,
                        principalTable: "sales_daily_task_list",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sales_plan",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TargetId = table.Column<Guid>(type: "uuid", nullable: false),
                    EmployeeId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProposedAmountFen = table.Column<long>(type: "bigint", nullable: false),
                    AmountFen = table.Column<long>(type: "bigint", nullable: false),
                    OrdersNeeded = table.Column<int>(type: "integer", nullable: false),
                    IntentCustomersNeeded = table.Column<int>(type: "integer", nullable: false),
                    CustomersPerMonth = table.Column<int>(type: "integer", nullable: false),
                    CustomersPerDay = table.Column<int>(type: "integer", nullable: false),
                    ConversionCycleDays = table.Column<int>(type: "integer", nullable: false),
                    CallMinutesPerDay = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sales_plan", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sales_plan_org_employee_EmployeeId",
                        column: x => x.EmployeeId,
                        principalTable: "org_employee",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_sales_plan_sales_target_TargetId",
                        column: x => x.TargetId,
                        principalTable: "sales_target",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_sales_daily_task_CustomerId",
                table: "sales_daily_task",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_sales_daily_task_ListId_CustomerId_Kind",
                table: "sales_daily_task",
                columns: new[] { "ListId", "CustomerId", "Kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sales_daily_task_list_EmployeeId_Day",
                table: "sales_daily_task_list",
                columns: new[] { "EmployeeId", "Day" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sales_plan_EmployeeId",
                table: "sales_plan",
                column: "EmployeeId");

            migrationBuilder.CreateIndex(
                name: "IX_sales_plan_TargetId_EmployeeId",
                table: "sales_plan",
                columns: new[] { "TargetId", "EmployeeId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sales_target_DepartmentId_Month",
                table: "sales_target",
                columns: new[] { "DepartmentId", "Month" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sales_daily_task");

            migrationBuilder.DropTable(
                name: "sales_plan");

            migrationBuilder.DropTable(
                name: "sales_daily_task_list");

            migrationBuilder.DropTable(
                name: "sales_target");
        }
    }
}
