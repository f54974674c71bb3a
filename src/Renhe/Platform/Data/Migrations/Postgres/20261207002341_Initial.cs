using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Renhe.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "org_branch",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    City = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    TimeZone = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_org_branch", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "platform_approval_flow",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RequestType = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Enabled = table.Column<bool>(type: "boolean", nullable: false),
                    Steps = table.Column<string>(type: "text", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_platform_approval_flow", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "platform_audit_entry",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: true),
                    UserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Action = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Entity = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    EntityKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Changes = table.Column<string>(type: "text", nullable: true),
                    RequestId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    SubjectEmployeeId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_platform_audit_entry", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "platform_file",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OwnerKind = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    OwnerId = table.Column<Guid>(type: "uuid", nullable: false),
                    FileName = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    ContentType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    Content = table.Column<byte[]>(type: "bytea", nullable: false),
                    UploadedByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_platform_file", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "platform_permission",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    RequiresSecondFactor = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_platform_permission", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "platform_role",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_platform_role", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "platform_user",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DisplayName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Culture = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false),
                    EmployeeId = table.Column<Guid>(type: "uuid", nullable: true),
                    UserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedUserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedEmail = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    EmailConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    PasswordHash = table.Column<string>(type: "text", nullable: true),
                    SecurityStamp = table.Column<string>(type: "text", nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true),
                    PhoneNumber = table.Column<string>(type: "text", nullable: true),
                    PhoneNumberConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    TwoFactorEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    LockoutEnd = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LockoutEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    AccessFailedCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_platform_user", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "risk_archive_digest",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    HeadSeq = table.Column<long>(type: "bigint", nullable: false),
                    HeadHash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    RecordCount = table.Column<long>(type: "bigint", nullable: false),
                    Signature = table.Column<byte[]>(type: "bytea", maxLength: 128, nullable: false),
                    KeyId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    SignedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_archive_digest", x => x.Day);
                });

            migrationBuilder.CreateTable(
                name: "risk_archive_head",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    LastSeq = table.Column<long>(type: "bigint", nullable: false),
                    LastHash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_archive_head", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "risk_archive_purge",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    FirstSeq = table.Column<long>(type: "bigint", nullable: false),
                    LastSeq = table.Column<long>(type: "bigint", nullable: false),
                    LastPurgedHash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    RecordCount = table.Column<int>(type: "integer", nullable: false),
                    HitCount = table.Column<int>(type: "integer", nullable: false),
                    PurgedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PurgedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_archive_purge", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "risk_archive_search",
                columns: table => new
                {
                    Seq = table.Column<long>(type: "bigint", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Tokens = table.Column<string[]>(type: "text[]", nullable: false),
                    Normalized = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_archive_search", x => x.Seq);
                });

            migrationBuilder.CreateTable(
                name: "risk_archived_record",
                columns: table => new
                {
                    Seq = table.Column<long>(type: "bigint", nullable: false),
                    Class = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Channel = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    SourceId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    EmployeeId = table.Column<Guid>(type: "uuid", nullable: true),
                    UnknownEmployee = table.Column<bool>(type: "boolean", nullable: false),
                    SenderRaw = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CounterpartExternalId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    CounterpartPhone = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    CounterpartRaw = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    MsgType = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Action = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    ReferencedSourceId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Content = table.Column<string>(type: "text", nullable: true),
                    Body = table.Column<string>(type: "text", nullable: true),
                    Hash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    PreviousHash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    ArchivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_archived_record", x => x.Seq);
                });

            migrationBuilder.CreateTable(
                name: "risk_legal_hold",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EmployeeId = table.Column<Guid>(type: "uuid", nullable: true),
                    Counterpart = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    OpenedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    OpenedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ClosedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_legal_hold", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "risk_monitoring_notice",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Text = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    PublishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PublishedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_monitoring_notice", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "risk_scan_hit",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Seq = table.Column<long>(type: "bigint", nullable: false),
                    Category = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Word = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Start = table.Column<int>(type: "integer", nullable: false),
                    Length = table.Column<int>(type: "integer", nullable: false),
                    Severity = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_scan_hit", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "risk_sensitive_word",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Word = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Category = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Severity = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Enabled = table.Column<bool>(type: "boolean", nullable: false),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_sensitive_word", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sales_customer_export",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RequestedByUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    RequestedByName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ApprovedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Downloads = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sales_customer_export", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sales_product",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Unit = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    PriceFen = table.Column<long>(type: "bigint", nullable: false),
                    TrackStock = table.Column<bool>(type: "boolean", nullable: false),
                    Stock = table.Column<int>(type: "integer", nullable: false),
                    Active = table.Column<bool>(type: "boolean", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sales_product", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "platform_role_claim",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RoleId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClaimType = table.Column<string>(type: "text", nullable: true),
                    ClaimValue = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_platform_role_claim", x => x.Id);
                    table.ForeignKey(
                        name: "FK_platform_role_claim_platform_role_RoleId",
                        column: x => x.RoleId,
                        principalTable: "platform_role",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "platform_role_permission",
                columns: table => new
                {
                    RoleId = table.Column<Guid>(type: "uuid", nullable: false),
                    Permission = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Scope = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_platform_role_permission", x => new { x.RoleId, x.Permission });
                    table.ForeignKey(
                        name: "FK_platform_role_permission_platform_role_RoleId",
                        column: x => x.RoleId,
                        principalTable: "platform_role",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "platform_notification",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RecipientUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    TextKey = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Args = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Link = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReadAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_platform_notification", x => x.Id);
                    table.ForeignKey(
                        name: "FK_platform_notification_platform_user_RecipientUserId",
                        column: x => x.RecipientUserId,
                        principalTable: "platform_user",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "platform_user_claim",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClaimType = table.Column<string>(type: "text", nullable: true),
                    ClaimValue = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_platform_user_claim", x => x.Id);
                    table.ForeignKey(
                        name: "FK_platform_user_claim_platform_user_UserId",
                        column: x => x.UserId,
                        principalTable: "platform_user",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "platform_user_login",
                columns: table => new
                {
                    LoginProvider = table.Column<string>(type: "text", nullable: false),
                    ProviderKey = table.Column<string>(type: "text", nullable: false),
                    ProviderDisplayName = table.Column<string>(type: "text", nullable: true),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_platform_user_login", x => new { x.LoginProvider, x.ProviderKey });
                    table.ForeignKey(
                        name: "FK_platform_user_login_platform_user_UserId",
                        column: x => x.UserId,
                        principalTable: "platform_user",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "platform_user_role",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    RoleId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_platform_user_role", x => new { x.UserId, x.RoleId });
                    table.ForeignKey(
                        name: "FK_platform_user_role_platform_role_RoleId",
                        column: x => x.RoleId,
                        principalTable: "platform_role",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_platform_user_role_platform_user_UserId",
                        column: x => x.UserId,
                        principalTable: "platform_user",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "platform_user_token",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    LoginProvider = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_platform_user_token", x => new { x.UserId, x.LoginProvider, x.Name });
                    table.ForeignKey(
                        name: "FK_platform_user_token_platform_user_UserId",
                        column: x => x.UserId,
                        principalTable: "platform_user",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

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
                });

            migrationBuilder.CreateTable(
                name: "org_department",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    BranchId = table.Column<Guid>(type: "uuid", nullable: false),
                    ParentId = table.Column<Guid>(type: "uuid", nullable: true),
                    ManagerEmployeeId = table.Column<Guid>(type: "uuid", nullable: true),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_org_department", x => x.Id);
                    table.ForeignKey(
                        name: "FK_org_department_org_branch_BranchId",
                        column: x => x.BranchId,
                        principalTable: "org_branch",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_org_department_org_department_ParentId",
                        column: x => x.ParentId,
                        principalTable: "org_department",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
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
                name: "org_employee",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EmployeeNumber = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Gender = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    BirthDate = table.Column<DateOnly>(type: "date", nullable: true),
                    BranchId = table.Column<Guid>(type: "uuid", nullable: false),
                    DepartmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    PositionId = table.Column<Guid>(type: "uuid", nullable: true),
                    ManagerId = table.Column<Guid>(type: "uuid", nullable: true),
                    SalaryGrade = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    HireDate = table.Column<DateOnly>(type: "date", nullable: false),
                    ProbationEnd = table.Column<DateOnly>(type: "date", nullable: true),
                    ContractType = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ContractStart = table.Column<DateOnly>(type: "date", nullable: true),
                    ContractEnd = table.Column<DateOnly>(type: "date", nullable: true),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    WorkPhone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    WeComUserId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    PersonalPhoneCipher = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    IdCardNumberCipher = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    IdCardNumberIndex = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    BankAccountCipher = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    EmergencyContactName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    EmergencyContactPhoneCipher = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    LastWorkingDay = table.Column<DateOnly>(type: "date", nullable: true),
                    LeaveType = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    LeaveReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_org_employee", x => x.Id);
                    table.ForeignKey(
                        name: "FK_org_employee_org_branch_BranchId",
                        column: x => x.BranchId,
                        principalTable: "org_branch",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_org_employee_org_department_DepartmentId",
                        column: x => x.DepartmentId,
                        principalTable: "org_department",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_org_employee_org_employee_ManagerId",
                        column: x => x.ManagerId,
                        principalTable: "org_employee",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_org_employee_org_position_PositionId",
                        column: x => x.PositionId,
                        principalTable: "org_position",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
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
                    DecisionReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
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

            migrationBuilder.CreateTable(
                name: "platform_approval_request",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RequestType = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    SubjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RequesterEmployeeId = table.Column<Guid>(type: "uuid", nullable: false),
                    RequesterUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    DepartmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    CurrentStep = table.Column<int>(type: "integer", nullable: false),
                    Steps = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_platform_approval_request", x => x.Id);
                    table.ForeignKey(
                        name: "FK_platform_approval_request_org_employee_RequesterEmployeeId",
                        column: x => x.RequesterEmployeeId,
                        principalTable: "org_employee",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "risk_monitoring_ack",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EmployeeId = table.Column<Guid>(type: "uuid", nullable: false),
                    NoticeVersion = table.Column<int>(type: "integer", nullable: false),
                    AcknowledgedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_monitoring_ack", x => x.Id);
                    table.ForeignKey(
                        name: "FK_risk_monitoring_ack_org_employee_EmployeeId",
                        column: x => x.EmployeeId,
                        principalTable: "org_employee",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sales_assignment_rule",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false),
                    Enabled = table.Column<bool>(type: "boolean", nullable: false),
                    Region = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    Industry = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    SourceChannel = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    TargetDepartmentId = table.Column<Guid>(type: "uuid", nullable: true),
                    TargetEmployeeId = table.Column<Guid>(type: "uuid", nullable: true),
                    Capacity = table.Column<int>(type: "integer", nullable: true),
                    LastAssignedEmployeeId = table.Column<Guid>(type: "uuid", nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sales_assignment_rule", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sales_assignment_rule_org_department_TargetDepartmentId",
                        column: x => x.TargetDepartmentId,
                        principalTable: "org_department",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_sales_assignment_rule_org_employee_TargetEmployeeId",
                        column: x => x.TargetEmployeeId,
                        principalTable: "org_employee",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sales_customer",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Company = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    PhoneCipher = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    PhoneIndex = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    PhoneMasked = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    WeComExternalId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Region = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    Industry = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    SourceChannel = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    Tags = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Stage = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    LostReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    OwnerId = table.Column<Guid>(type: "uuid", nullable: true),
                    AssignedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastFollowUpAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DeletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sales_customer", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sales_customer_org_employee_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "org_employee",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sales_customer_transfer",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CustomerIds = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    ToEmployeeId = table.Column<Guid>(type: "uuid", nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    RequestedByUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    RequestedByName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sales_customer_transfer", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sales_customer_transfer_org_employee_ToEmployeeId",
                        column: x => x.ToEmployeeId,
                        principalTable: "org_employee",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

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
                name: "sales_discount_limit",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Role = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    EmployeeId = table.Column<Guid>(type: "uuid", nullable: true),
                    MaxPercent = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
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

            migrationBuilder.CreateTable(
                name: "platform_approval_action",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RequestId = table.Column<Guid>(type: "uuid", nullable: false),
                    StepIndex = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    ByName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Comment = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    DelegateToEmployeeId = table.Column<Guid>(type: "uuid", nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_platform_approval_action", x => x.Id);
                    table.ForeignKey(
                        name: "FK_platform_approval_action_platform_approval_request_RequestId",
                        column: x => x.RequestId,
                        principalTable: "platform_approval_request",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "platform_approval_task",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RequestId = table.Column<Guid>(type: "uuid", nullable: false),
                    StepIndex = table.Column<int>(type: "integer", nullable: false),
                    ApproverEmployeeId = table.Column<Guid>(type: "uuid", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    DelegatedFromEmployeeId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_platform_approval_task", x => x.Id);
                    table.ForeignKey(
                        name: "FK_platform_approval_task_org_employee_ApproverEmployeeId",
                        column: x => x.ApproverEmployeeId,
                        principalTable: "org_employee",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_platform_approval_task_platform_approval_request_RequestId",
                        column: x => x.RequestId,
                        principalTable: "platform_approval_request",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sales_custody_entry",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CustomerId = table.Column<Guid>(type: "uuid", nullable: false),
                    FromEmployeeId = table.Column<Guid>(type: "uuid", nullable: true),
                    ToEmployeeId = table.Column<Guid>(type: "uuid", nullable: true),
                    Reason = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    ByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    ByName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sales_custody_entry", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sales_custody_entry_org_employee_FromEmployeeId",
                        column: x => x.FromEmployeeId,
                        principalTable: "org_employee",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_sales_custody_entry_org_employee_ToEmployeeId",
                        column: x => x.ToEmployeeId,
                        principalTable: "org_employee",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_sales_custody_entry_sales_customer_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "sales_customer",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sales_follow_up",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CustomerId = table.Column<Guid>(type: "uuid", nullable: false),
                    EmployeeId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DurationMinutes = table.Column<int>(type: "integer", nullable: false),
                    Notes = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Objections = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    NextStep = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    NextDate = table.Column<DateOnly>(type: "date", nullable: true),
                    StageFrom = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    StageTo = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    OwnCustomer = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    CustomerId = table.Column<Guid>(type: "uuid", nullable: false),
                    SalespersonId = table.Column<Guid>(type: "uuid", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ListTotalFen = table.Column<long>(type: "bigint", nullable: false),
                    DiscountFen = table.Column<long>(type: "bigint", nullable: false),
                    TotalFen = table.Column<long>(type: "bigint", nullable: false),
                    Note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    IsRepurchase = table.Column<bool>(type: "boolean", nullable: false),
                    ApprovalRequestId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    EffectiveAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
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
                name: "sales_stage_change",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CustomerId = table.Column<Guid>(type: "uuid", nullable: false),
                    FromStage = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    ToStage = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    ByName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sales_stage_change", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sales_stage_change_sales_customer_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "sales_customer",
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
                name: "sales_follow_up_comment",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    FollowUpId = table.Column<Guid>(type: "uuid", nullable: false),
                    Text = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    ByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    ByName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sales_follow_up_comment", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sales_follow_up_comment_sales_follow_up_FollowUpId",
                        column: x => x.FollowUpId,
                        principalTable: "sales_follow_up",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sales_order_adjustment",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrderId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    AmountFen = table.Column<long>(type: "bigint", nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    ByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    ByName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrderId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProductId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProductName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    UnitPriceFen = table.Column<long>(type: "bigint", nullable: false),
                    Quantity = table.Column<int>(type: "integer", nullable: false),
                    AmountFen = table.Column<long>(type: "bigint", nullable: false)
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

            migrationBuilder.InsertData(
                table: "sales_discount_limit",
                columns: new[] { "Id", "EmployeeId", "MaxPercent", "Role", "Version" },
                values: new object[,]
                {
                    { new Guid("0193a000-0000-7000-8000-000000000011"), null, 10m, "salesperson", new Guid("0193a000-0000-7000-8000-000000000111") },
                    { new Guid("0193a000-0000-7000-8000-000000000012"), null, 20m, "sales_manager", new Guid("0193a000-0000-7000-8000-000000000112") }
                });

            migrationBuilder.CreateIndex(
                name: "IX_org_branch_Name",
                table: "org_branch",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_org_checklist_item_EmployeeId_Kind",
                table: "org_checklist_item",
                columns: new[] { "EmployeeId", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_org_department_BranchId",
                table: "org_department",
                column: "BranchId");

            migrationBuilder.CreateIndex(
                name: "IX_org_department_ManagerEmployeeId",
                table: "org_department",
                column: "ManagerEmployeeId");

            migrationBuilder.CreateIndex(
                name: "IX_org_department_ParentId",
                table: "org_department",
                column: "ParentId");

            migrationBuilder.CreateIndex(
                name: "IX_org_employee_BranchId",
                table: "org_employee",
                column: "BranchId");

            migrationBuilder.CreateIndex(
                name: "IX_org_employee_DepartmentId",
                table: "org_employee",
                column: "DepartmentId");

            migrationBuilder.CreateIndex(
                name: "IX_org_employee_EmployeeNumber",
                table: "org_employee",
                column: "EmployeeNumber",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_org_employee_IdCardNumberIndex",
                table: "org_employee",
                column: "IdCardNumberIndex",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_org_employee_ManagerId",
                table: "org_employee",
                column: "ManagerId");

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

            migrationBuilder.CreateIndex(
                name: "IX_platform_approval_action_ByUserId_At",
                table: "platform_approval_action",
                columns: new[] { "ByUserId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_platform_approval_action_RequestId_At",
                table: "platform_approval_action",
                columns: new[] { "RequestId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_platform_approval_flow_RequestType",
                table: "platform_approval_flow",
                column: "RequestType",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_platform_approval_request_RequesterEmployeeId_Status",
                table: "platform_approval_request",
                columns: new[] { "RequesterEmployeeId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_platform_approval_request_RequestType_SubjectId",
                table: "platform_approval_request",
                columns: new[] { "RequestType", "SubjectId" });

            migrationBuilder.CreateIndex(
                name: "IX_platform_approval_task_ApproverEmployeeId_Status",
                table: "platform_approval_task",
                columns: new[] { "ApproverEmployeeId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_platform_approval_task_RequestId_StepIndex",
                table: "platform_approval_task",
                columns: new[] { "RequestId", "StepIndex" });

            migrationBuilder.CreateIndex(
                name: "IX_platform_audit_entry_At",
                table: "platform_audit_entry",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_platform_audit_entry_Entity_EntityKey",
                table: "platform_audit_entry",
                columns: new[] { "Entity", "EntityKey" });

            migrationBuilder.CreateIndex(
                name: "IX_platform_audit_entry_SubjectEmployeeId_At",
                table: "platform_audit_entry",
                columns: new[] { "SubjectEmployeeId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_platform_audit_entry_UserId",
                table: "platform_audit_entry",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_platform_file_OwnerKind_OwnerId",
                table: "platform_file",
                columns: new[] { "OwnerKind", "OwnerId" });

            migrationBuilder.CreateIndex(
                name: "IX_platform_notification_RecipientUserId_CreatedAt",
                table: "platform_notification",
                columns: new[] { "RecipientUserId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_platform_notification_RecipientUserId_ReadAt",
                table: "platform_notification",
                columns: new[] { "RecipientUserId", "ReadAt" });

            migrationBuilder.CreateIndex(
                name: "RoleNameIndex",
                table: "platform_role",
                column: "NormalizedName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_platform_role_claim_RoleId",
                table: "platform_role_claim",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "platform_user",
                column: "NormalizedEmail");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "platform_user",
                column: "NormalizedUserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_platform_user_claim_UserId",
                table: "platform_user_claim",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_platform_user_login_UserId",
                table: "platform_user_login",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_platform_user_role_RoleId",
                table: "platform_user_role",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "IX_risk_archive_purge_FirstSeq",
                table: "risk_archive_purge",
                column: "FirstSeq",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_risk_archive_search_At_Seq",
                table: "risk_archive_search",
                columns: new[] { "At", "Seq" });

            migrationBuilder.CreateIndex(
                name: "IX_risk_archive_search_Tokens",
                table: "risk_archive_search",
                column: "Tokens")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "IX_risk_archived_record_At",
                table: "risk_archived_record",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_risk_archived_record_Channel_SourceId",
                table: "risk_archived_record",
                columns: new[] { "Channel", "SourceId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_risk_archived_record_EmployeeId_At",
                table: "risk_archived_record",
                columns: new[] { "EmployeeId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_risk_monitoring_ack_EmployeeId_NoticeVersion",
                table: "risk_monitoring_ack",
                columns: new[] { "EmployeeId", "NoticeVersion" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_risk_monitoring_notice_Version",
                table: "risk_monitoring_notice",
                column: "Version",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_risk_scan_hit_Category",
                table: "risk_scan_hit",
                column: "Category");

            migrationBuilder.CreateIndex(
                name: "IX_risk_scan_hit_Seq",
                table: "risk_scan_hit",
                column: "Seq");

            migrationBuilder.CreateIndex(
                name: "IX_risk_sensitive_word_Category",
                table: "risk_sensitive_word",
                column: "Category");

            migrationBuilder.CreateIndex(
                name: "IX_risk_sensitive_word_Word",
                table: "risk_sensitive_word",
                column: "Word",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sales_assignment_rule_Order",
                table: "sales_assignment_rule",
                column: "Order");

            migrationBuilder.CreateIndex(
                name: "IX_sales_assignment_rule_TargetDepartmentId",
                table: "sales_assignment_rule",
                column: "TargetDepartmentId");

            migrationBuilder.CreateIndex(
                name: "IX_sales_assignment_rule_TargetEmployeeId",
                table: "sales_assignment_rule",
                column: "TargetEmployeeId");

            migrationBuilder.CreateIndex(
                name: "IX_sales_custody_entry_CustomerId_At",
                table: "sales_custody_entry",
                columns: new[] { "CustomerId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_sales_custody_entry_FromEmployeeId_At",
                table: "sales_custody_entry",
                columns: new[] { "FromEmployeeId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_sales_custody_entry_ToEmployeeId",
                table: "sales_custody_entry",
                column: "ToEmployeeId");

            migrationBuilder.CreateIndex(
                name: "IX_sales_customer_LastFollowUpAt",
                table: "sales_customer",
                column: "LastFollowUpAt");

            migrationBuilder.CreateIndex(
                name: "IX_sales_customer_OwnerId_Stage",
                table: "sales_customer",
                columns: new[] { "OwnerId", "Stage" });

            migrationBuilder.CreateIndex(
                name: "IX_sales_customer_PhoneIndex",
                table: "sales_customer",
                column: "PhoneIndex",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sales_customer_WeComExternalId",
                table: "sales_customer",
                column: "WeComExternalId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sales_customer_export_RequestedByUserId_CreatedAt",
                table: "sales_customer_export",
                columns: new[] { "RequestedByUserId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_sales_customer_transfer_State",
                table: "sales_customer_transfer",
                column: "State");

            migrationBuilder.CreateIndex(
                name: "IX_sales_customer_transfer_ToEmployeeId",
                table: "sales_customer_transfer",
                column: "ToEmployeeId");

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
                name: "IX_sales_discount_limit_EmployeeId",
                table: "sales_discount_limit",
                column: "EmployeeId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sales_discount_limit_Role",
                table: "sales_discount_limit",
                column: "Role",
                unique: true);

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
                name: "IX_sales_follow_up_comment_FollowUpId_At",
                table: "sales_follow_up_comment",
                columns: new[] { "FollowUpId", "At" });

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
                name: "IX_sales_plan_EmployeeId",
                table: "sales_plan",
                column: "EmployeeId");

            migrationBuilder.CreateIndex(
                name: "IX_sales_plan_TargetId_EmployeeId",
                table: "sales_plan",
                columns: new[] { "TargetId", "EmployeeId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sales_product_Code",
                table: "sales_product",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sales_stage_change_CustomerId_At",
                table: "sales_stage_change",
                columns: new[] { "CustomerId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_sales_target_DepartmentId_Month",
                table: "sales_target",
                columns: new[] { "DepartmentId", "Month" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_org_checklist_item_org_employee_EmployeeId",
                table: "org_checklist_item",
                column: "EmployeeId",
                principalTable: "org_employee",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_org_department_org_employee_ManagerEmployeeId",
                table: "org_department",
                column: "ManagerEmployeeId",
                principalTable: "org_employee",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);

            // ---- Written by hand: what the EF model does not describe ---------------------------
            // (Kept by the schema recordings of tests/Renhe.Tests/Platform/Data/Schema.)

            // The audit log is append-only even for someone going around the application.
            migrationBuilder.Sql("""
                CREATE FUNCTION platform_audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'audit entries are append-only'; END $$;
                CREATE TRIGGER platform_audit_entry_append_only BEFORE UPDATE OR DELETE ON platform_audit_entry
                FOR EACH ROW EXECUTE FUNCTION platform_audit_entry_append_only();
                """);

            // The head row every append locks (SELECT … FOR UPDATE) and advances (ADR 0007).
            migrationBuilder.Sql("INSERT INTO risk_archive_head (\"Id\", \"LastSeq\", \"LastHash\") VALUES (1, 0, decode(repeat('00', 32), 'hex'));");
            // Archived records are never updated, and leave only through a recorded purge: a delete
            // is allowed for a seq that a risk_archive_purge row covers, which the purge writes first.
            migrationBuilder.Sql("""
                CREATE FUNCTION risk_archived_record_guard() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'UPDATE' THEN RAISE EXCEPTION 'archived records are append-only'; END IF;
                    IF NOT EXISTS (SELECT 1 FROM risk_archive_purge p WHERE p."FirstSeq" <= OLD."Seq" AND OLD."Seq" <= p."LastSeq") THEN
                        RAISE EXCEPTION 'archived records leave only through a recorded purge';
                    END IF;
                    RETURN OLD;
                END $$;
                CREATE TRIGGER risk_archived_record_guard BEFORE UPDATE OR DELETE ON risk_archived_record
                FOR EACH ROW EXECUTE FUNCTION risk_archived_record_guard();
                CREATE FUNCTION risk_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$;
                CREATE TRIGGER risk_archive_purge_append_only BEFORE UPDATE OR DELETE ON risk_archive_purge
                FOR EACH ROW EXECUTE FUNCTION risk_append_only();
                CREATE TRIGGER risk_archive_digest_append_only BEFORE UPDATE OR DELETE ON risk_archive_digest
                FOR EACH ROW EXECUTE FUNCTION risk_append_only();
                """);

            // Ledgers (custody, stages, notices and acknowledgements), the approval action history,
            // refunds and cancellations, and managers' comments on follow-ups are append-only in the
            // database too.
            migrationBuilder.Sql("""
                CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$;
                CREATE TRIGGER sales_custody_entry_append_only BEFORE UPDATE OR DELETE ON sales_custody_entry
                FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
                CREATE TRIGGER sales_stage_change_append_only BEFORE UPDATE OR DELETE ON sales_stage_change
                FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
                CREATE TRIGGER risk_monitoring_ack_append_only BEFORE UPDATE OR DELETE ON risk_monitoring_ack
                FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
                CREATE TRIGGER risk_monitoring_notice_append_only BEFORE UPDATE OR DELETE ON risk_monitoring_notice
                FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
                CREATE TRIGGER platform_approval_action_append_only BEFORE UPDATE OR DELETE ON platform_approval_action
                FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
                CREATE TRIGGER sales_order_adjustment_append_only BEFORE UPDATE OR DELETE ON sales_order_adjustment
                FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
                CREATE TRIGGER sales_follow_up_comment_append_only BEFORE UPDATE OR DELETE ON sales_follow_up_comment
                FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
                """);

            // ---- The archive's search index (ADR 0008) ----
            // risk_archive_search and its two indexes above are the EF model's: the bigrams under GIN,
            // and (At, Seq) so that the newest matches are read from this table alone. What follows is not.

            // A search row's bigrams qualified by its record's UTC day (ArchiveSearchIndex.DayTokensFunction,
            // ADR 0008), under their own GIN index. Computed from the row, so nothing more is stored
            // and nothing is rewritten. The epoch of a timestamptz is absolute, so the function is
            // truly immutable whatever the session's time zone. Not in the EF model (EF Core has no
            // expression indexes): only here.
            migrationBuilder.Sql("""
                CREATE FUNCTION risk_day_tokens(tokens text[], at timestamptz) RETURNS text[]
                    LANGUAGE sql IMMUTABLE PARALLEL SAFE
                    AS $$ SELECT ARRAY(SELECT t || '@' || floor(extract(epoch FROM at) / 86400)::bigint FROM unnest(tokens) t) $$;
                """);
            // A GIN index takes new entries into a pending list, which every search reads whole until
            // it is merged into the index: with the default 4 MB, a day-token lookup read ~400 pages
            // (2.4 ms) for 22 matches. Capped at 256 kB it is merged about every 150 records, which
            // cost ingest no more per record than the rarer, larger merges in a measured comparison
            // (ADR 0008). Not in the EF model: the day-token index is not either.
            migrationBuilder.Sql("""
                CREATE INDEX "IX_risk_archive_search_DayTokens" ON risk_archive_search USING gin (risk_day_tokens("Tokens", "At"))
                    WITH (gin_pending_list_limit = 256);
                """);
            migrationBuilder.Sql("""ALTER INDEX "IX_risk_archive_search_Tokens" SET (gin_pending_list_limit = 256);""");

            // How many records hold each bigram on each UTC day (ADR 0008), kept by triggers on the
            // search rows in the same transaction as the rows themselves: ingest adds (COPY fires the
            // statement trigger once per batch), purging subtracts and drops what reaches zero. The
            // search rows are never updated. Not in the EF model: read by risk_archive_newest only.
            // Every record is counted per day as well, under the bigram '' (never a real one: a bigram
            // has two characters, a lone character one): how many records a walk of the newest days passes.
            migrationBuilder.Sql("""
                CREATE TABLE risk_archive_day_count (
                    "Bigram" text NOT NULL,
                    "Day" integer NOT NULL,
                    "Records" integer NOT NULL,
                    CONSTRAINT "PK_risk_archive_day_count" PRIMARY KEY ("Bigram", "Day"));
                """);
            // Sorted, so that two ingests touching the same days take their row locks in one order.
            migrationBuilder.Sql("""
                CREATE FUNCTION risk_archive_day_count_added() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO risk_archive_day_count AS c ("Bigram", "Day", "Records")
                    SELECT t, floor(extract(epoch FROM a."At") / 86400)::integer, count(*)
                    FROM added a, unnest(array_append(a."Tokens", '')) t
                    GROUP BY 1, 2
                    ORDER BY 1, 2
                    ON CONFLICT ("Bigram", "Day") DO UPDATE SET "Records" = c."Records" + excluded."Records";
                    RETURN NULL;
                END
                $$;
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION risk_archive_day_count_removed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE risk_archive_day_count c SET "Records" = c."Records" - r.n
                    FROM (SELECT t, floor(extract(epoch FROM o."At") / 86400)::integer AS day, count(*) AS n
                          FROM removed o, unnest(array_append(o."Tokens", '')) t GROUP BY 1, 2) r
                    WHERE c."Bigram" = r.t AND c."Day" = r.day;
                    DELETE FROM risk_archive_day_count c
                    USING (SELECT DISTINCT t, floor(extract(epoch FROM o."At") / 86400)::integer AS day
                           FROM removed o, unnest(array_append(o."Tokens", '')) t) r
                    WHERE c."Bigram" = r.t AND c."Day" = r.day AND c."Records" <= 0;
                    RETURN NULL;
                END
                $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER risk_archive_search_counted_in AFTER INSERT ON risk_archive_search
                    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION risk_archive_day_count_added();
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER risk_archive_search_counted_out AFTER DELETE ON risk_archive_search
                    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION risk_archive_day_count_removed();
                """);

            // A term's newest matches, a stretch of days at a time (ArchiveSearchIndex.NewestFunction):
            // in the database, so that a search is one round trip whatever the number of stretches,
            // and all of them read one snapshot (a STABLE function sees the calling query's). Each
            // stretch is counted and only the seqs the page can still use leave the server.
            // A stretch of many days is a long array, which the planner takes for a large share of
            // the table: it would start parallel workers and compile the query (JIT), ~10 ms each
            // time, for a few thousand rows read from the index; hence the two settings, which hold
            // for the function's own queries only. EXECUTE plans each stretch for its own tokens.
            // It also returns whose records the page shows, so the search's audit entries are written
            // while the rows are read; and once the page is complete, the stretches after it are only
            // counted, up to what the capped count still needs, instead of each match's time being
            // read and sorted.
            // A two-character term's capped count comes from the day counts (risk_archive_day_count),
            // read for the newest days only as far as it needs, and its page from the days that hold
            // it; a term frequent on the page's days is found by walking the time index. Longer terms
            // are read a stretch of days at a time, as above.
            migrationBuilder.Sql("""
                CREATE FUNCTION risk_archive_newest(term text, bigrams text[], confirm boolean, needed integer,
                                                    skip integer, take integer, probe_records integer)
                    RETURNS TABLE ("Counted" integer, "Page" bigint[], "Employees" uuid[])
                    LANGUAGE plpgsql STABLE
                    SET jit = off
                    SET max_parallel_workers_per_gather = 0
                AS $$
                DECLARE
                    confirm_sql constant text := CASE WHEN confirm THEN ' AND strpos("Normalized", $2) > 0' ELSE '' END;
                    newest_at timestamptz;
                    oldest_at timestamptz;
                    newest bigint;
                    oldest bigint;
                    estimated_rows float8;
                    days bigint;
                    last_day bigint;
                    first_day bigint;
                    searched_days float8;
                    found_count integer := 0;
                    page bigint[] := '{}';
                    stretch_count integer;
                    stretch_page bigint[];
                    page_days integer[] := '{}';
                    page_day_matches integer := 0;
                    recent_records bigint;
                    day_count record;
                BEGIN
                    IF NOT confirm THEN
                        -- A two-character term: its records per day are counted (risk_archive_day_count),
                        -- so the capped count reads no match: the newest days' counts, until they reach it.
                        -- A longer term's counts would only be its first bigram's: it is read a stretch
                        -- of days at a time and confirmed on the text.
                        FOR day_count IN SELECT "Day", "Records" FROM risk_archive_day_count
                                         WHERE "Bigram" = bigrams[1] AND "Records" > 0 ORDER BY "Day" DESC LOOP
                            IF found_count < skip + take THEN
                                page_days := page_days || day_count."Day";
                                page_day_matches := page_day_matches + day_count."Records";
                            END IF;
                            found_count := found_count + day_count."Records";
                            EXIT WHEN found_count >= needed;
                        END LOOP;
                        found_count := least(found_count, needed);
                        IF cardinality(page_days) > 0 THEN
                            -- The page lies on page_days. Every record is counted too, under '': a term
                            -- frequent there is found walking the time index from the newest record (the
                            -- 20 newest of 价格, in 15 % of messages, within ~130 records); a rarer one's
                            -- matches on those days are read whole and sorted (not ORDER BY ... LIMIT, for
                            -- the reason given for stretches below). Walking, each record is checked
                            -- without the index (IS TRUE), so that the planner cannot read all the term's
                            -- matches instead; the walk stops at the oldest page day whatever it finds.
                            SELECT coalesce(sum("Records"), 0) INTO recent_records FROM risk_archive_day_count
                            WHERE "Bigram" = '' AND "Day" >= page_days[cardinality(page_days)];
                            IF (skip + take)::float8 * recent_records / page_day_matches < page_day_matches THEN
                                EXECUTE 'SELECT array_agg("Seq" ORDER BY "At" DESC, "Seq" DESC) FROM (
                                             SELECT "Seq", "At" FROM risk_archive_search WHERE "At" >= $2 AND ("Tokens" @> $1) IS TRUE
                                             ORDER BY "At" DESC, "Seq" DESC OFFSET $3 LIMIT $4) m'
                                    INTO page
                                    USING bigrams, to_timestamp(page_days[cardinality(page_days)]::bigint * 86400), skip, take;
                            ELSE
                                EXECUTE 'SELECT (array_agg("Seq" ORDER BY "At" DESC, "Seq" DESC))[$2:$3]
                                         FROM risk_archive_search WHERE risk_day_tokens("Tokens", "At") && $1'
                                    INTO page
                                    USING ARRAY(SELECT bigrams[1] || '@' || d FROM unnest(page_days) d), skip + 1, skip + take;
                            END IF;
                        END IF;
                        page := coalesce(page, '{}');
                    ELSE
                        SELECT max("At"), min("At") INTO newest_at, oldest_at FROM risk_archive_search;
                        IF newest_at IS NULL THEN
                            RETURN QUERY SELECT 0, '{}'::bigint[], '{}'::uuid[];
                            RETURN;
                        END IF;
                        newest := floor(extract(epoch FROM newest_at) / 86400);
                        oldest := floor(extract(epoch FROM oldest_at) / 86400);
                        -- The first stretch holds about probe_records records, from the planner's row
                        -- estimate (-1 before the table was first analysed: then one day); a day more, as
                        -- the newest day may have only begun.
                        SELECT reltuples INTO estimated_rows FROM pg_class WHERE oid = 'risk_archive_search'::regclass;
                        days := CASE WHEN estimated_rows > 0 THEN ceil(probe_records * (newest - oldest + 1) / estimated_rows)::bigint ELSE 1 END + 1;
                        last_day := newest;
                        LOOP
                            first_day := greatest(oldest, last_day - days + 1);
                            stretch_page := '{}';
                            IF first_day > oldest AND found_count >= skip + take THEN
                                -- The page is complete: the rest is only counted, and read no further than
                                -- the count needs.
                                EXECUTE 'SELECT count(*)::integer FROM (
                                             SELECT 1 FROM risk_archive_search WHERE risk_day_tokens("Tokens", "At") && $1' || confirm_sql || ' LIMIT $3) m'
                                    INTO stretch_count
                                    USING ARRAY(SELECT bigrams[1] || '@' || d FROM generate_series(last_day, first_day, -1) d),
                                          term, needed - found_count;
                            ELSIF first_day > oldest THEN
                                -- The day tokens of the term's first bigram, confirmed on the text (given the
                                -- plain bigrams too, the planner would read all their matches and compute each
                                -- row's day tokens).
                                -- Read whole, not ORDER BY ... LIMIT: asked for the newest rows, the planner
                                -- may walk the time index checking every row against the day tokens.
                                EXECUTE 'SELECT count(*)::integer, (array_agg("Seq" ORDER BY "At" DESC, "Seq" DESC))[1:$3]
                                         FROM risk_archive_search WHERE risk_day_tokens("Tokens", "At") && $1' || confirm_sql
                                    INTO stretch_count, stretch_page
                                    USING ARRAY(SELECT bigrams[1] || '@' || d FROM generate_series(last_day, first_day, -1) d),
                                          term, skip + take - found_count;
                            ELSE
                                -- Everything older, by the plain bigrams: the planner chooses between their
                                -- GIN entry and walking the time index backwards.
                                EXECUTE 'SELECT count(*)::integer, (array_agg("Seq" ORDER BY "At" DESC, "Seq" DESC))[1:$3] FROM (
                                             SELECT "Seq", "At" FROM risk_archive_search WHERE "Tokens" @> $1' || confirm_sql || ' AND "At" < $4
                                             ORDER BY "At" DESC, "Seq" DESC LIMIT $5) m'
                                    INTO stretch_count, stretch_page
                                    USING bigrams, term, skip + take - found_count,
                                          CASE WHEN last_day = newest THEN 'infinity'::timestamptz ELSE to_timestamp((last_day + 1) * 86400) END,
                                          needed - found_count;
                            END IF;
                            found_count := least(needed, found_count + stretch_count);
                            page := page || coalesce(stretch_page, '{}');
                            EXIT WHEN found_count >= needed OR first_day = oldest;
                            -- The rest at the rate seen so far (over the time searched: the newest day may
                            -- have only begun), a quarter as much again in reserve; none seen yet: eight
                            -- times as far back.
                            searched_days := greatest(1.0 / 24, extract(epoch FROM newest_at - to_timestamp(first_day * 86400)) / 86400);
                            days := CASE WHEN found_count = 0 THEN (newest - first_day + 1) * 8
                                         ELSE least(ceil((needed - found_count) * searched_days / found_count * 1.25), newest - oldest + 1)::bigint END;
                            last_day := first_day - 1;
                        END LOOP;
                        page := page[skip + 1 : skip + take];
                    END IF;
                    -- Whose records the page shows, in its order: the search's audit entries name
                    -- them, and can be written while the rows are read.
                    RETURN QUERY SELECT found_count, page,
                        ARRAY(SELECT r."EmployeeId" FROM unnest(page) WITH ORDINALITY p(seq, i)
                              JOIN risk_archived_record r ON r."Seq" = p.seq ORDER BY p.i);
                END
                $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_org_department_org_employee_ManagerEmployeeId",
                table: "org_department");

            migrationBuilder.DropTable(
                name: "org_checklist_item");

            migrationBuilder.DropTable(
                name: "org_job_change");

            migrationBuilder.DropTable(
                name: "org_profile_change_request");

            migrationBuilder.DropTable(
                name: "platform_approval_action");

            migrationBuilder.DropTable(
                name: "platform_approval_flow");

            migrationBuilder.DropTable(
                name: "platform_approval_task");

            migrationBuilder.DropTable(
                name: "platform_audit_entry");

            migrationBuilder.DropTable(
                name: "platform_file");

            migrationBuilder.DropTable(
                name: "platform_notification");

            migrationBuilder.DropTable(
                name: "platform_permission");

            migrationBuilder.DropTable(
                name: "platform_role_claim");

            migrationBuilder.DropTable(
                name: "platform_role_permission");

            migrationBuilder.DropTable(
                name: "platform_user_claim");

            migrationBuilder.DropTable(
                name: "platform_user_login");

            migrationBuilder.DropTable(
                name: "platform_user_role");

            migrationBuilder.DropTable(
                name: "platform_user_token");

            migrationBuilder.DropTable(
                name: "risk_archive_digest");

            migrationBuilder.DropTable(
                name: "risk_archive_head");

            migrationBuilder.DropTable(
                name: "risk_archive_purge");

            migrationBuilder.DropTable(
                name: "risk_archive_search");

            migrationBuilder.DropTable(
                name: "risk_archived_record");

            migrationBuilder.DropTable(
                name: "risk_legal_hold");

            migrationBuilder.DropTable(
                name: "risk_monitoring_ack");

            migrationBuilder.DropTable(
                name: "risk_monitoring_notice");

            migrationBuilder.DropTable(
                name: "risk_scan_hit");

            migrationBuilder.DropTable(
                name: "risk_sensitive_word");

            migrationBuilder.DropTable(
                name: "sales_assignment_rule");

            migrationBuilder.DropTable(
                name: "sales_custody_entry");

            migrationBuilder.DropTable(
                name: "sales_customer_export");

            migrationBuilder.DropTable(
                name: "sales_customer_transfer");

            migrationBuilder.DropTable(
                name: "sales_daily_task");

            migrationBuilder.DropTable(
                name: "sales_discount_limit");

            migrationBuilder.DropTable(
                name: "sales_follow_up_comment");

            migrationBuilder.DropTable(
                name: "sales_order_adjustment");

            migrationBuilder.DropTable(
                name: "sales_order_line");

            migrationBuilder.DropTable(
                name: "sales_plan");

            migrationBuilder.DropTable(
                name: "sales_stage_change");

            migrationBuilder.DropTable(
                name: "platform_approval_request");

            migrationBuilder.DropTable(
                name: "platform_role");

            migrationBuilder.DropTable(
                name: "platform_user");

            migrationBuilder.DropTable(
                name: "sales_daily_task_list");

            migrationBuilder.DropTable(
                name: "sales_follow_up");

            migrationBuilder.DropTable(
                name: "sales_order");

            migrationBuilder.DropTable(
                name: "sales_product");

            migrationBuilder.DropTable(
                name: "sales_target");

            migrationBuilder.DropTable(
                name: "sales_customer");

            migrationBuilder.DropTable(
                name: "org_employee");

            migrationBuilder.DropTable(
                name: "org_position");

            migrationBuilder.DropTable(
                name: "org_department");

            migrationBuilder.DropTable(
                name: "org_branch");

            // Written by hand (see Up). The triggers and the day-token index went with their tables.
            migrationBuilder.Sql("""
                DROP TABLE risk_archive_day_count;
                DROP FUNCTION risk_archive_newest(text, text[], boolean, integer, integer, integer, integer);
                DROP FUNCTION risk_archive_day_count_added();
                DROP FUNCTION risk_archive_day_count_removed();
                DROP FUNCTION risk_day_tokens(text[], timestamptz);
                DROP FUNCTION ledger_append_only();
                DROP FUNCTION risk_append_only();
                DROP FUNCTION risk_archived_record_guard();
                DROP FUNCTION platform_audit_entry_append_only();
                """);
        }
    }
}
