using Microsoft.Extensions.Localization;
using MiniExcelLibs;
using Renhe.Platform.Localization;

namespace Renhe.Platform.Audit;

/// The audit log as an Excel workbook, with localised column headings and local times: each entry
/// in words as the page shows it (who, the kind of record, the record, whose data) and, beside the
/// words, the codes and keys as stored, for investigators who search or join on them.
public sealed class AuditExport(AuditQuery query, AuditDescriber describer, AuditService audit, IStringLocalizer<Strings> l)
{
    public async Task<byte[]> ExportAsync(AuditFilter filter, TimeZoneInfo zone, CancellationToken ct)
    {
        var rows = await query.ExportRowsAsync(filter, ct);
        var described = new List<AuditEntryView>(rows.Count);
        // A thousand entries at a time: the ids they name are looked up together.
        foreach (var chunk in rows.Chunk(1000)) described.AddRange(await describer.DescribeAsync(chunk, ct));
        var sheet = described.Select(v => new Dictionary<string, object?>
        {
            [l["Audit.At"]] = TimeZoneInfo.ConvertTime(v.Row.At, zone).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
            [l["Audit.User"]] = v.Who,
            [l["Audit.Account"]] = v.Row.UserName,
            [l["Audit.Action"]] = v.Action,
            [l["Audit.Entity"]] = v.What,
            [l["Audit.EntityCode"]] = v.Row.Entity,
            [l["Audit.Record"]] = v.Record?.Name,
            [l["Audit.Key"]] = v.Row.EntityKey,
            [l["Audit.SubjectEmployee"]] = v.SubjectEmployee?.Name,
            [l["Audit.Changes"]] = v.Row.Changes,
            [l["Audit.RequestId"]] = v.Row.RequestId,
        }).ToList();
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(sheet, sheetName: l["Audit.Title"], cancellationToken: ct);
        // Taking the log out of the application is itself a sensitive read.
        await audit.RecordAsync(AuditAction.Export, "platform.audit", null,
            System.Text.Json.JsonSerializer.Serialize(new { filter, rows = rows.Count }), ct);
        return stream.ToArray();
    }
}
