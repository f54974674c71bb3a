using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Renhe.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class WeComWorkMessages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "integrations_wecom_message",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    NotificationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecipientUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecipientName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    WeComUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    AttemptLimit = table.Column<int>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ErrCode = table.Column<int>(type: "INTEGER", nullable: true),
                    ReasonKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ReasonText = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    MsgId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastAttemptAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_integrations_wecom_message", x => x.Id);
                    table.ForeignKey(
                        name: "FK_integrations_wecom_message_platform_notification_NotificationId",
                        column: x => x.NotificationId,
                        principalTable: "platform_notification",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_integrations_wecom_message_platform_user_RecipientUserId",
                        column: x => x.RecipientUserId,
                        principalTable: "platform_user",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "integrations_wecom_message_preference",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    ChangedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_integrations_wecom_message_preference", x => new { x.UserId, x.Kind });
                    table.ForeignKey(
                        name: "FK_integrations_wecom_message_preference_platform_user_UserId",
                        column: x => x.UserId,
                        principalTable: "platform_user",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_integrations_wecom_message_CreatedAt",
                table: "integrations_wecom_message",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_integrations_wecom_message_NotificationId",
                table: "integrations_wecom_message",
                column: "NotificationId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_integrations_wecom_message_RecipientUserId",
                table: "integrations_wecom_message",
                column: "RecipientUserId");

            migrationBuilder.CreateIndex(
                name: "IX_integrations_wecom_message_State_NextAttemptAt",
                table: "integrations_wecom_message",
                columns: new[] { "State", "NextAttemptAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "integrations_wecom_message");

            migrationBuilder.DropTable(
                name: "integrations_wecom_message_preference");
        }
    }
}
