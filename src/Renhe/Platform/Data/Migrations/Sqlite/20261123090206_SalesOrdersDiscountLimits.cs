using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Renhe.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SalesOrdersDiscountLimits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "sales_discount_limit",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    EmployeeId = table.Column<Guid>(type: "TEXT", nullable: true),
                    MaxPercent = table.Column<decimal>(type: "TEXT", precision: 5, scale: 2, nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sales_discount_limit", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sales_discount_limit_org_employee_EmployeeId",
                        column: x => x.EmployeeId,
                        principalTable: "org_employee",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "sales_discount_limit",
                columns: new[] { "Id", "EmployeeId", "MaxPercent", "Role", "Version" },
                values: new object[,]
                {
                    { new Guid("0193a000-0000-7000-8000-000000000011"), null, 10m, "salesperson", new Guid("0193a000-0000-7000-8000-000000000111") },
                    { new Guid("0193a000-0000-7000-8000-000000000012"), null, 20m, "sales_manager", new Guid("0193a000-0000-7000-8000-000000000112") }
                });

            migrationBuilder.CreateIndex(
                name: "IX_sales_discount_limit_EmployeeId",
                table: "sales_discount_limit",
                column: "EmployeeId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sales_discount_limit_Role",
                table: "sales_discount_limit",
                column: "Role",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sales_discount_limit");
        }
    }
}
