using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Renhe.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Operations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "platform_data_protection_key",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FriendlyName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Xml = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_platform_data_protection_key", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "platform_job",
                columns: table => new
                {
                    JobName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Since = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_platform_job", x => x.JobName);
                });

            migrationBuilder.CreateTable(
                name: "platform_job_run",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    JobName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Occurrence = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: false),
                    BranchId = table.Column<Guid>(type: "TEXT", nullable: true),
                    TriggeredByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Attempt = table.Column<int>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LeaseUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    RetryAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Instance = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    ResultKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ResultCount = table.Column<long>(type: "INTEGER", nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_platform_job_run", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_platform_job_run_JobName_DueAt",
                table: "platform_job_run",
                columns: new[] { "JobName", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_platform_job_run_JobName_Occurrence",
                table: "platform_job_run",
                columns: new[] { "JobName", "Occurrence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_platform_job_run_Status",
                table: "platform_job_run",
                column: "Status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "platform_data_protection_key");

            migrationBuilder.DropTable(
                name: "platform_job");

            migrationBuilder.DropTable(
                name: "platform_job_run");
        }
    }
}
