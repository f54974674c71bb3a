using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Renhe.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DepartureInheritance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Link",
                table: "org_checklist_item",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "sales_inheritance_plan",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LeaverId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LastWorkingDay = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ProposedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExecutedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sales_inheritance_plan", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sales_inheritance_plan_org_employee_LeaverId",
                        column: x => x.LeaverId,
                        principalTable: "org_employee",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sales_inheritance_line",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PlanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProposedReceiverId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ReceiverId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    InheritedById = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sales_inheritance_line", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sales_inheritance_line_org_employee_ReceiverId",
                        column: x => x.ReceiverId,
                        principalTable: "org_employee",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_sales_inheritance_line_sales_customer_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "sales_customer",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_sales_inheritance_line_sales_inheritance_plan_PlanId",
                        column: x => x.PlanId,
                        principalTable: "sales_inheritance_plan",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_sales_inheritance_line_CustomerId",
                table: "sales_inheritance_line",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_sales_inheritance_line_PlanId_CustomerId",
                table: "sales_inheritance_line",
                columns: new[] { "PlanId", "CustomerId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sales_inheritance_line_ReceiverId",
                table: "sales_inheritance_line",
                column: "ReceiverId");

            migrationBuilder.CreateIndex(
                name: "IX_sales_inheritance_plan_LeaverId_State",
                table: "sales_inheritance_plan",
                columns: new[] { "LeaverId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_sales_inheritance_plan_State",
                table: "sales_inheritance_plan",
                column: "State");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sales_inheritance_line");

            migrationBuilder.DropTable(
                name: "sales_inheritance_plan");

            migrationBuilder.DropColumn(
                name: "Link",
                table: "org_checklist_item");
        }
    }
}
