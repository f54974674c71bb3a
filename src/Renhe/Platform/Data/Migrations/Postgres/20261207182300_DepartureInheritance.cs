using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Renhe.Platform.Data.Migrations.Postgres
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
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "sales_inheritance_plan",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    LeaverId = table.Column<Guid>(type: "uuid", nullable: false),
                    LastWorkingDay = table.Column<DateOnly>(type: "date", nullable: false),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ProposedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ExecutedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PlanId = table.Column<Guid>(type: "uuid", nullable: false),
                    CustomerId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProposedReceiverId = table.Column<Guid>(type: "uuid", nullable: true),
                    ReceiverId = table.Column<Guid>(type: "uuid", nullable: true),
                    Outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    InheritedById = table.Column<Guid>(type: "uuid", nullable: true)
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
