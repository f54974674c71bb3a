using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Renhe.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OrgPeople : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The free-text job title gives way to positions (org_position); it is not an emergency contact.
            migrationBuilder.DropColumn(
                name: "Position",
                table: "org_employee");

            migrationBuilder.AddColumn<string>(
                name: "EmergencyContactName",
                table: "org_employee",
                type: "character varying(50)",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "BankAccountCipher",
                table: "org_employee",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "BirthDate",
                table: "org_employee",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "ContractEnd",
                table: "org_employee",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "ContractStart",
                table: "org_employee",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ContractType",
                table: "org_employee",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "EmergencyContactPhone",
                table: "org_employee",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Gender",
                table: "org_employee",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "IdCardNumberCipher",
                table: "org_employee",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IdCardNumberIndex",
                table: "org_employee",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "LastWorkingDay",
                table: "org_employee",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LeaveReason",
                table: "org_employee",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LeaveType",
                table: "org_employee",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PersonalPhoneCipher",
                table: "org_employee",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "PositionId",
                table: "org_employee",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "ProbationEnd",
                table: "org_employee",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SalaryGrade",
                table: "org_employee",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "Version",
                table: "org_employee",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<string>(
                name: "WeComUserId",
                table: "org_employee",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "org_checklist_item",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EmployeeId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    OwnerEmployeeId = table.Column<Guid>(type: "uuid", nullable: true),
                    DueDate = table.Column<DateOnly>(type: "date", nullable: false),
                    DoneAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DoneBy = table.Column<Guid>(type: "uuid", nullable: true),
                    Source = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_org_checklist_item", x => x.Id);
                    table.ForeignKey(
                        name: "FK_org_checklist_item_org_employee_EmployeeId",
                        column: x => x.EmployeeId,
                        principalTable: "org_employee",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "org_job_change",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EmployeeId = table.Column<Guid>(type: "uuid", nullable: false),
                    EffectiveDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    BranchId = table.Column<Guid>(type: "uuid", nullable: false),
                    DepartmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    PositionId = table.Column<Guid>(type: "uuid", nullable: true),
                    ManagerId = table.Column<Guid>(type: "uuid", nullable: true),
                    SalaryGrade = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RecordedBy = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_org_job_change", x => x.Id);
                    table.ForeignKey(
                        name: "FK_org_job_change_org_employee_EmployeeId",
                        column: x => x.EmployeeId,
                        principalTable: "org_employee",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "org_position",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DepartmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_org_position", x => x.Id);
                    table.ForeignKey(
                        name: "FK_org_position_org_department_DepartmentId",
                        column: x => x.DepartmentId,
                        principalTable: "org_department",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "org_profile_change_request",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EmployeeId = table.Column<Guid>(type: "uuid", nullable: false),
                    Field = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    NewValueCipher = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Comment = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    RequestedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DecidedBy = table.Column<Guid>(type: "uuid", nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DecisionReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_org_profile_change_request", x => x.Id);
                    table.ForeignKey(
                        name: "FK_org_profile_change_request_org_employee_EmployeeId",
                        column: x => x.EmployeeId,
                        principalTable: "org_employee",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_org_employee_IdCardNumberIndex",
                table: "org_employee",
                column: "IdCardNumberIndex",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_org_employee_PositionId",
                table: "org_employee",
                column: "PositionId");

            migrationBuilder.CreateIndex(
                name: "IX_org_employee_WeComUserId",
                table: "org_employee",
                column: "WeComUserId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_org_checklist_item_EmployeeId_Kind",
                table: "org_checklist_item",
                columns: new[] { "EmployeeId", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_org_job_change_EmployeeId_EffectiveDate",
                table: "org_job_change",
                columns: new[] { "EmployeeId", "EffectiveDate" });

            migrationBuilder.CreateIndex(
                name: "IX_org_position_DepartmentId_Name",
                table: "org_position",
                columns: new[] { "DepartmentId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_org_profile_change_request_EmployeeId",
                table: "org_profile_change_request",
                column: "EmployeeId");

            migrationBuilder.CreateIndex(
                name: "IX_org_profile_change_request_Status_RequestedAt",
                table: "org_profile_change_request",
                columns: new[] { "Status", "RequestedAt" });

            migrationBuilder.AddForeignKey(
                name: "FK_org_employee_org_position_PositionId",
                table: "org_employee",
                column: "PositionId",
                principalTable: "org_position",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_org_employee_org_position_PositionId",
                table: "org_employee");

            migrationBuilder.DropTable(
                name: "org_checklist_item");

            migrationBuilder.DropTable(
                name: "org_job_change");

            migrationBuilder.DropTable(
                name: "org_position");

            migrationBuilder.DropTable(
                name: "org_profile_change_request");

            migrationBuilder.DropIndex(
                name: "IX_org_employee_IdCardNumberIndex",
                table: "org_employee");

            migrationBuilder.DropIndex(
                name: "IX_org_employee_PositionId",
                table: "org_employee");

            migrationBuilder.DropIndex(
                name: "IX_org_employee_WeComUserId",
                table: "org_employee");

            migrationBuilder.DropColumn(
                name: "BankAccountCipher",
                table: "org_employee");

            migrationBuilder.DropColumn(
                name: "BirthDate",
                table: "org_employee");

            migrationBuilder.DropColumn(
                name: "ContractEnd",
                table: "org_employee");

            migrationBuilder.DropColumn(
                name: "ContractStart",
                table: "org_employee");

            migrationBuilder.DropColumn(
                name: "ContractType",
                table: "org_employee");

            migrationBuilder.DropColumn(
                name: "EmergencyContactPhone",
                table: "org_employee");

            migrationBuilder.DropColumn(
                name: "Gender",
                table: "org_employee");

            migrationBuilder.DropColumn(
                name: "IdCardNumberCipher",
                table: "org_employee");

            migrationBuilder.DropColumn(
                name: "IdCardNumberIndex",
                table: "org_employee");

            migrationBuilder.DropColumn(
                name: "LastWorkingDay",
                table: "org_employee");

            migrationBuilder.DropColumn(
                name: "LeaveReason",
                table: "org_employee");

            migrationBuilder.DropColumn(
                name: "LeaveType",
                table: "org_employee");

            migrationBuilder.DropColumn(
                name: "PersonalPhoneCipher",
                table: "org_employee");

            migrationBuilder.DropColumn(
                name: "PositionId",
                table: "org_employee");

            migrationBuilder.DropColumn(
                name: "ProbationEnd",
                table: "org_employee");

            migrationBuilder.DropColumn(
                name: "SalaryGrade",
                table: "org_employee");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "org_employee");

            migrationBuilder.DropColumn(
                name: "WeComUserId",
                table: "org_employee");

            migrationBuilder.DropColumn(
                name: "EmergencyContactName",
                table: "org_employee");

            migrationBuilder.AddColumn<string>(
                name: "Position",
                table: "org_employee",
                type: "character varying(50)",
                maxLength: 50,
                nullable: true);
        }
    }
}
