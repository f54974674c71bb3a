using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Renhe.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class WeComDirectory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "integrations_wecom_directory_sync",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    StartedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    HeartbeatAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Done = table.Column<int>(type: "INTEGER", nullable: false),
                    Total = table.Column<int>(type: "INTEGER", nullable: false),
                    Members = table.Column<int>(type: "INTEGER", nullable: false),
                    Linked = table.Column<int>(type: "INTEGER", nullable: false),
                    NewlyLinked = table.Column<int>(type: "INTEGER", nullable: false),
                    UnmatchedMembers = table.Column<int>(type: "INTEGER", nullable: false),
                    UnmatchedEmployees = table.Column<int>(type: "INTEGER", nullable: false),
                    Ambiguous = table.Column<int>(type: "INTEGER", nullable: false),
                    ContactsCreated = table.Column<int>(type: "INTEGER", nullable: false),
                    ContactsKnown = table.Column<int>(type: "INTEGER", nullable: false),
                    MultiFollowed = table.Column<int>(type: "INTEGER", nullable: false),
                    ErrCode = table.Column<int>(type: "INTEGER", nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_integrations_wecom_directory_sync", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "integrations_wecom_member",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Departments = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Position = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    MobileIndex = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    MobileMasked = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Present = table.Column<bool>(type: "INTEGER", nullable: false),
                    LastSeenAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EmployeeId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Match = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Candidates = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    LinkedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LinkedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_integrations_wecom_member", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "integrations_wecom_shared_contact",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ExternalUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    FollowerUserIds = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SeenAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_integrations_wecom_shared_contact", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_integrations_wecom_directory_sync_Kind_StartedAt",
                table: "integrations_wecom_directory_sync",
                columns: new[] { "Kind", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_integrations_wecom_member_EmployeeId",
                table: "integrations_wecom_member",
                column: "EmployeeId");

            migrationBuilder.CreateIndex(
                name: "IX_integrations_wecom_member_UserId",
                table: "integrations_wecom_member",
                column: "UserId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_integrations_wecom_shared_contact_ExternalUserId",
                table: "integrations_wecom_shared_contact",
                column: "ExternalUserId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "integrations_wecom_directory_sync");

            migrationBuilder.DropTable(
                name: "integrations_wecom_member");

            migrationBuilder.DropTable(
                name: "integrations_wecom_shared_contact");
        }
    }
}
