using Renhe.Platform.Time;
using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;
using Renhe.Platform.Approvals;
using Renhe.Platform.Audit;
using Renhe.Platform.Data;
using Renhe.Platform.Localization;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;

namespace Renhe.Modules.Sales.Customers;

public sealed record CustomerExportDto(Guid Id, string Reason, RequestState State, DateTimeOffset CreatedAt, DateTimeOffset? ApprovedAt,
    DateTimeOffset? ExpiresAt, int DownloadsLeft, bool CanDownload);

public sealed record CustomerExportInput([property: System.ComponentModel.DataAnnotations.Required, System.ComponentModel.DataAnnotations.MaxLength(500)] string? Reason);

public sealed record ExportFile(byte[] Content, string FileName);

/// 客户导出: taking customers out of Renhe needs an approved request (sales.customer-export:
/// the sales manager, then the owner 老板 — decided so because a manager's own request would
/// otherwise skip its only step and approve itself, and the administrator is an IT account without
/// an employee record, who cannot hold approval tasks). Who may ask: sales.customer.export.
/// Once approved the requester alone downloads, within <see cref="ValidFor"/> and at most
/// <see cref="MaxDownloads"/> times, the customers of their sales.customer.read scope as it is at
/// download time; phones in clear only where they hold sales.customer.reveal, else masked. The file
/// carries a watermark (who, when, internal use only) on its first line and in its properties,
/// and every download is one audit entry naming the count.
public sealed class CustomerExportService(IDbContextFactory<AppDbContext> dbFactory, CurrentUser currentUser, ApprovalService approvals,
    AuditService audit, FieldCipher cipher, TimeProvider clock, BranchCalendar calendar, IStringLocalizer<Strings> l)
{
    public const string RequestType = "sales.customer-export";
    public const int MaxDownloads = 3;
    public static readonly TimeSpan ValidFor = TimeSpan.FromHours(24);

    public async Task<Guid> RequestAsync(string? reason, CancellationToken ct)
    {
        var text = reason?.Trim() ?? "";
        if (text.Length == 0) throw new DomainException("Validation.Required", "reason") { Field = "reason" };
        var access = await currentUser.AccessAsync(ct);
        if (access.EmployeeId is not { } me) throw new DomainException("Approval.NoEmployeeRecord");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await Inheritance.CustomerFreeze.EnsureActorNotLeavingAsync(db, me, ct);
        var name = await db.Employees.Where(e => e.Id == me).Select(e => e.Name).FirstAsync(ct);
        var export = new CustomerExport
        {
            RequestedByUserId = access.UserId, RequestedByName = name, Reason = text, State = RequestState.Pending, CreatedAt = clock.GetUtcNow(),
        };
        db.CustomerExports.Add(export);
        await db.SaveChangesAsync(ct);
        await approvals.SubmitSavedAsync(db, export, RequestType, export.Id, $"客户导出：{name}（{text}）", null, ct);
        return export.Id;
    }

    public async Task<IReadOnlyList<CustomerExportDto>> MineAsync(CancellationToken ct)
    {
        var userId = currentUser.UserId ?? throw new NotFoundException();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.CustomerExports.AsNoTracking().Where(e => e.RequestedByUserId == userId).OrderByDescending(e => e.CreatedAt).Take(20).ToListAsync(ct);
        var now = clock.GetUtcNow();
        return rows.Select(e => new CustomerExportDto(e.Id, e.Reason, e.State, e.CreatedAt, e.ApprovedAt, e.ApprovedAt + ValidFor,
            Math.Max(0, MaxDownloads - e.Downloads), Downloadable(e, now))).ToList();
    }

    private static bool Downloadable(CustomerExport e, DateTimeOffset now) =>
        e.State == RequestState.Approved && e.ApprovedAt is { } at && now < at + ValidFor && e.Downloads < MaxDownloads;

    public async Task<ExportFile> DownloadAsync(Guid id, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Someone else's request reads as not found.
        var export = await db.CustomerExports.SingleOrDefaultAsync(e => e.Id == id && e.RequestedByUserId == access.UserId, ct) ?? throw new NotFoundException();
        var now = clock.GetUtcNow();
        if (export.State != RequestState.Approved) throw new DomainException("Sales.Export.NotApproved") { StatusCode = StatusCodes.Status409Conflict };
        if (!Downloadable(export, now)) throw new DomainException("Sales.Export.Expired", MaxDownloads, (int)ValidFor.TotalHours) { StatusCode = StatusCodes.Status409Conflict };
        await Inheritance.CustomerFreeze.EnsureActorNotLeavingAsync(db, access.EmployeeId, ct);
        export.Downloads++;
        // Two downloads at once cannot both take the last one: the version decides.
        await db.SaveChangesAsync(ct);

        var customers = await db.Customers.AsNoTracking().Where(c => c.DeletedAt == null).VisibleTo(access, SalesPermissions.CustomerRead)
            .OrderBy(c => c.Name).ThenBy(c => c.Id)
            .Select(c => new { c.Id, c.Name, c.Company, c.PhoneCipher, c.PhoneMasked, c.WeComExternalId, c.Region, c.Industry, c.SourceChannel, c.Tags,
                c.Stage, c.LostReason, Owner = c.Owner == null ? null : c.Owner.Name, c.LastFollowUpAt, c.CreatedAt })
            .ToListAsync(ct);
        var revealable = access.Has(SalesPermissions.CustomerReveal)
            ? (await db.Customers.AsNoTracking().Where(c => c.DeletedAt == null).VisibleTo(access, SalesPermissions.CustomerReveal).Select(c => c.Id).ToListAsync(ct)).ToHashSet()
            : [];

        var zone = await calendar.BranchZoneAsync(access.BranchId, ct);
        string Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var watermark = l["Sales.Export.Watermark", export.RequestedByName ?? currentUser.UserName ?? "", Local(now)].Value;

        string[] headings =
        [
            l["Sales.Field.Name"], l["Sales.Field.Company"], l["Sales.Field.Phone"], l["Sales.Field.WeComExternalId"], l["Sales.Field.Region"],
            l["Sales.Field.Industry"], l["Sales.Field.SourceChannel"], l["Sales.Field.Tags"], l["Sales.Field.Stage"], l["Sales.Field.LostReason"],
            l["Sales.Field.Owner"], l["Sales.Field.LastFollowUp"], l["Sales.Field.CreatedAt"],
        ];
        // Without a heading row MiniExcel writes each dictionary as a line: the watermark first, then the headings.
        var sheet = new List<Dictionary<string, object?>>
        {
            Line([watermark]),
            Line(headings),
        };
        sheet.AddRange(customers.Select(c => Line(
        [
            c.Name, c.Company, revealable.Contains(c.Id) && c.PhoneCipher is not null ? cipher.Decrypt(c.PhoneCipher) : c.PhoneMasked,
            c.WeComExternalId, c.Region, c.Industry, c.SourceChannel, string.Join("、", c.Tags), l["CustomerStage." + c.Stage].Value,
            c.Stage == CustomerStage.Lost ? c.LostReason : null, c.Owner, c.LastFollowUpAt is { } f ? Local(f) : null, Local(c.CreatedAt),
        ])));
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(sheet, printHeader: false, sheetName: l["Sales.Export.SheetName"], cancellationToken: ct);
        var content = Watermark(stream.ToArray(), watermark, export.RequestedByName ?? "");
        await audit.RecordAsync(AuditAction.Export, "sales_customer", export.Id.ToString(),
            JsonSerializer.Serialize(new { rows = customers.Count, revealed = customers.Count(c => revealable.Contains(c.Id) && c.PhoneCipher is not null), download = export.Downloads }), ct);
        return new ExportFile(content, $"customers-{TimeZoneInfo.ConvertTime(now, zone):yyyyMMdd-HHmm}.xlsx");
    }

    private static Dictionary<string, object?> Line(IReadOnlyList<string?> cells)
    {
        var line = new Dictionary<string, object?>();
        for (var i = 0; i < 13; i++) line["c" + i.ToString("00", CultureInfo.InvariantCulture)] = i < cells.Count ? cells[i] : null;
        return line;
    }

    /// The workbook's core properties (creator, title, description) carry the watermark too:
    /// a copied sheet loses its first line, the file's properties go with the file.
    public static byte[] Watermark(byte[] xlsx, string watermark, string creator)
    {
        using var buffer = new MemoryStream();
        buffer.Write(xlsx);
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            zip.GetEntry("docProps/core.xml")?.Delete();
            var core = zip.CreateEntry("docProps/core.xml");
            using (var writer = new StreamWriter(core.Open()))
            {
                writer.Write($"""
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{SecurityElement.Escape(watermark)}</dc:title><dc:creator>{SecurityElement.Escape(creator)}</dc:creator><dc:description>{SecurityElement.Escape(watermark)}</dc:description><cp:keywords>仅限内部使用</cp:keywords></cp:coreProperties>
                    """);
            }
            Patch(zip, "[Content_Types].xml", "/docProps/core.xml",
                "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/></Types>", "</Types>");
            Patch(zip, "_rels/.rels", "docProps/core.xml",
                "<Relationship Id=\"rIdCore\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/></Relationships>",
                "</Relationships>");
        }
        return buffer.ToArray();
    }

    private static void Patch(ZipArchive zip, string name, string present, string insert, string before)
    {
        var entry = zip.GetEntry(name);
        if (entry is null) return;
        string text;
        using (var reader = new StreamReader(entry.Open())) text = reader.ReadToEnd();
        if (text.Contains(present, StringComparison.Ordinal)) return;
        entry.Delete();
        using var writer = new StreamWriter(zip.CreateEntry(name).Open());
        writer.Write(text.Replace(before, insert, StringComparison.Ordinal));
    }

    public static readonly ApprovalFlow DefaultFlow = new()
    {
        RequestType = RequestType, Name = "客户导出审批",
        Steps =
        [
            new() { Name = "销售主管审批", Kind = ApproverKind.RoleInScope, Role = Roles.SalesManager },
            new() { Name = "老板审批", Kind = ApproverKind.RoleInScope, Role = Roles.Owner },
        ],
    };
}

public sealed class CustomerExportHandler(TimeProvider clock) : IApprovalHandler
{
    public string RequestType => CustomerExportService.RequestType;

    public string DisplayNameKey => "ApprovalType.sales.customer-export";

    public Task OnApprovedAsync(ApprovalRequest request, AppDbContext db, CancellationToken ct) => SetAsync(request, db, RequestState.Approved, ct);

    public Task OnRejectedAsync(ApprovalRequest request, AppDbContext db, CancellationToken ct) => SetAsync(request, db, RequestState.Rejected, ct);

    public Task OnReturnedAsync(ApprovalRequest request, AppDbContext db, CancellationToken ct) => SetAsync(request, db, RequestState.Returned, ct);

    public Task OnWithdrawnAsync(ApprovalRequest request, AppDbContext db, CancellationToken ct) => SetAsync(request, db, RequestState.Withdrawn, ct);

    private async Task SetAsync(ApprovalRequest request, AppDbContext db, RequestState state, CancellationToken ct)
    {
        var export = await db.CustomerExports.SingleAsync(e => e.Id == request.SubjectId, ct);
        export.State = state;
        if (state == RequestState.Approved) export.ApprovedAt = clock.GetUtcNow();
    }
}
