using Microsoft.Extensions.Localization;
using MiniExcelLibs;
using Renhe.Platform.Localization;

namespace Renhe.Platform.Audit;

/// The audit log as an Excel workbook, with localised column headings and local times.
public sealed class AuditExport(AuditQuery query, AuditService audit, IStringLocalizer<Strings> l)
{
    public async Task<byte[]> ExportAsync(AuditFilter filter, TimeZoneInfo zone, CancellationToken ct)
    {
        var rows = await query.ExportRowsAsync(filter, ct);
        var sheet = rows.Select(r => new Dictionary<string, object?>
        {
            [l["Audit.At"]] = TimeZoneInfo.ConvertTime(r.At, zone).ToString("yyyy-MM-dd HH:mm:ss"),
            [l["Audit.User"]] = r.UserName,
            [l["Audit.Action"]] = l["Audit.Action." + r.Action].Value,
            [l["Audit.Entity"]] = r.Entity,
            [l["Audit.Key"]] = r.EntityKey,
            [l["Audit.Changes"]] = r.Changes,
            [l["Audit.RequestId"]] = r.RequestId,
        }).ToList();
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(sheet, sheetName: l["Audit.Title"], cancellationToken: ct);
        // Taking the log out of the application is itself a sensitive read.
        await audit.RecordAsync(AuditAction.Export, "platform.audit", null,
            System.Text.Json.JsonSerializer.Serialize(new { filter, rows = rows.Count }), ct);
        return stream.ToArray();
    }
}
