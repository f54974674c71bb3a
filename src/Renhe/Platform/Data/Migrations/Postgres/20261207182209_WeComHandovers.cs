using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Renhe.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class WeComHandovers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "WeComMessage",
                table: "sales_customer_transfer",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "sales_wecom_handover",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    CustomerId = table.Column<Guid>(type: "uuid", nullable: false),
                    ExternalUserId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    FromEmployeeId = table.Column<Guid>(type: "uuid", nullable: false),
                    ToEmployeeId = table.Column<Guid>(type: "uuid", nullable: false),
                    HandoverUserId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    TakeoverUserId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Message = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    OriginId = table.Column<Guid>(type: "uuid", nullable: false),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ErrCode = table.Column<int>(type: "integer", nullable: true),
                    Reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    QueuedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    SettledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    NextCheckAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ReturnedToOwner = table.Column<bool>(type: "boolean", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sales_wecom_handover", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sales_wecom_handover_org_employee_FromEmployeeId",
                        column: x => x.FromEmployeeId,
                        principalTable: "org_employee",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_sales_wecom_handover_org_employee_ToEmployeeId",
                        column: x => x.ToEmployeeId,
                        principalTable: "org_employee",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_sales_wecom_handover_sales_customer_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "sales_customer",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_sales_wecom_handover_CustomerId_QueuedAt",
                table: "sales_wecom_handover",
                columns: new[] { "CustomerId", "QueuedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_sales_wecom_handover_FromEmployeeId",
                table: "sales_wecom_handover",
                column: "FromEmployeeId");

            migrationBuilder.CreateIndex(
                name: "IX_sales_wecom_handover_OriginId",
                table: "sales_wecom_handover",
                column: "OriginId");

            migrationBuilder.CreateIndex(
                name: "IX_sales_wecom_handover_State_NextCheckAt",
                table: "sales_wecom_handover",
                columns: new[] { "State", "NextCheckAt" });

            migrationBuilder.CreateIndex(
                name: "IX_sales_wecom_handover_TakeoverUserId_ExternalUserId",
                table: "sales_wecom_handover",
                columns: new[] { "TakeoverUserId", "ExternalUserId" });

            migrationBuilder.CreateIndex(
                name: "IX_sales_wecom_handover_ToEmployeeId",
                table: "sales_wecom_handover",
                column: "ToEmployeeId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sales_wecom_handover");

            migrationBuilder.DropColumn(
                name: "WeComMessage",
                table: "sales_customer_transfer");
        }
    }
}
