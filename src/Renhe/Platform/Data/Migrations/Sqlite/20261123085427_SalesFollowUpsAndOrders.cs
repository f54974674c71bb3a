using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Renhe.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SalesFollowUpsAndOrders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "sales_follow_up",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EmployeeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    DurationMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Objections = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    NextStep = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    NextDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    StageFrom = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    StageTo = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    OwnCustomer = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sales_follow_up", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sales_follow_up_org_employee_EmployeeId",
                        column: x => x.EmployeeId,
                        principalTable: "org_employee",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_sales_follow_up_sales_customer_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "sales_customer",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sales_order",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SalespersonId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ListTotalFen = table.Column<long>(type: "INTEGER", nullable: false),
                    DiscountFen = table.Column<long>(type: "INTEGER", nullable: false),
                    TotalFen = table.Column<long>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    IsRepurchase = table.Column<bool>(type: "INTEGER", nullable: false),
                    ApprovalRequestId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EffectiveAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sales_order", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sales_order_org_employee_SalespersonId",
                        column: x => x.SalespersonId,
                        principalTable: "org_employee",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_sales_order_sales_customer_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "sales_customer",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sales_product",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Unit = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    PriceFen = table.Column<long>(type: "INTEGER", nullable: false),
                    TrackStock = table.Column<bool>(type: "INTEGER", nullable: false),
                    Stock = table.Column<int>(type: "INTEGER", nullable: false),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sales_product", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sales_order_adjustment",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrderId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    AmountFen = table.Column<long>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    ByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ByName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sales_order_adjustment", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sales_order_adjustment_sales_order_OrderId",
                        column: x => x.OrderId,
                        principalTable: "sales_order",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sales_order_line",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrderId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProductName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    UnitPriceFen = table.Column<long>(type: "INTEGER", nullable: false),
                    Quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    AmountFen = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sales_order_line", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sales_order_line_sales_order_OrderId",
                        column: x => x.OrderId,
                        principalTable: "sales_order",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_sales_order_line_sales_product_ProductId",
                        column: x => x.ProductId,
                        principalTable: "sales_product",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_sales_follow_up_CustomerId_At",
                table: "sales_follow_up",
                columns: new[] { "CustomerId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_sales_follow_up_EmployeeId_At",
                table: "sales_follow_up",
                columns: new[] { "EmployeeId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_sales_follow_up_EmployeeId_NextDate",
                table: "sales_follow_up",
                columns: new[] { "EmployeeId", "NextDate" });

            migrationBuilder.CreateIndex(
                name: "IX_sales_order_CustomerId_Status",
                table: "sales_order",
                columns: new[] { "CustomerId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_sales_order_Number",
                table: "sales_order",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sales_order_SalespersonId_Status_EffectiveAt",
                table: "sales_order",
                columns: new[] { "SalespersonId", "Status", "EffectiveAt" });

            migrationBuilder.CreateIndex(
                name: "IX_sales_order_adjustment_OrderId_At",
                table: "sales_order_adjustment",
                columns: new[] { "OrderId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_sales_order_line_OrderId",
                table: "sales_order_line",
                column: "OrderId");

            migrationBuilder.CreateIndex(
                name: "IX_sales_order_line_ProductId",
                table: "sales_order_line",
                column: "ProductId");

            migrationBuilder.CreateIndex(
                name: "IX_sales_product_Code",
                table: "sales_product",
                column: "Code",
                unique: true);

            // Refunds and cancellations are a ledger: append-only in the database too.
            migrationBuilder.Sql("CREATE TRIGGER sales_order_adjustment_no_update BEFORE UPDATE ON sales_order_adjustment BEGIN SELECT RAISE(ABORT, 'sales_order_adjustment is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER sales_order_adjustment_no_delete BEFORE DELETE ON sales_order_adjustment BEGIN SELECT RAISE(ABORT, 'sales_order_adjustment is append-only'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS sales_order_adjustment_no_update; DROP TRIGGER IF EXISTS sales_order_adjustment_no_delete;");
            migrationBuilder.DropTable(
                name: "sales_follow_up");

            migrationBuilder.DropTable(
                name: "sales_order_adjustment");

            migrationBuilder.DropTable(
                name: "sales_order_line");

            migrationBuilder.DropTable(
                name: "sales_order");

            migrationBuilder.DropTable(
                name: "sales_product");
        }
    }
}
