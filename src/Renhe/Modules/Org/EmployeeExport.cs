using Microsoft.Extensions.Localization;
using MiniExcelLibs;
using Renhe.Platform.Audit;
using Renhe.Platform.Localization;

namespace Renhe.Modules.Org;

/// The employee list as an Excel workbook: the same rows the list shows (same search, same data
/// scope through OrgService), localised headings and statuses. Exports are recorded.
public sealed class EmployeeExport(OrgService org, AuditService audit, IStringLocalizer<Strings> l)
{
    public async Task<byte[]> ExportAsync(string? search, CancellationToken ct)
    {
        var rows = await org.EmployeesAsync(search, ct);
        var sheet = rows.Select(e => new Dictionary<string, object?>
        {
            [l["Employees.Number"]] = e.EmployeeNumber,
            [l["Employees.Name"]] = e.Name,
            [l["Employees.Department"]] = e.DepartmentName,
            [l["Employees.Branch"]] = e.BranchName,
            [l["Employees.Position"]] = e.Position,
            [l["Employees.HireDate"]] = e.HireDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            [l["Employees.Status"]] = l["EmploymentStatus." + e.Status].Value,
        }).ToList();
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(sheet, sheetName: l["Employees.Title"], cancellationToken: ct);
        await audit.RecordAsync(AuditAction.Export, "org.employee", null,
            System.Text.Json.JsonSerializer.Serialize(new { search, rows = rows.Count }), ct);
        return stream.ToArray();
    }
}
