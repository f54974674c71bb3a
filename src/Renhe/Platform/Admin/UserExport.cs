using Microsoft.Extensions.Localization;
using MiniExcelLibs;
using Renhe.Platform.Audit;
using Renhe.Platform.Localization;

namespace Renhe.Platform.Admin;

/// The user list as an Excel workbook, with localised headings and values. Who holds which
/// role is access information, so taking it out of the application is recorded like any export.
public sealed class UserExport(UserAdminService users, AuditService audit, IStringLocalizer<Strings> l)
{
    public async Task<byte[]> ExportAsync(CancellationToken ct)
    {
        var rows = await users.ListAsync(ct);
        string YesNo(bool value) => l[value ? "Common.Yes" : "Common.No"];
        var sheet = rows.Select(u => new Dictionary<string, object?>
        {
            [l["Users.UserName"]] = u.UserName,
            [l["Users.DisplayName"]] = u.DisplayName,
            [l["Users.Roles"]] = string.Join("、", u.Roles.Select(r => l.Or("Role." + r, r))),
            [l["Users.Active"]] = YesNo(u.IsActive),
            [l["Users.Locked"]] = YesNo(u.LockedOut),
            [l["Users.TwoFactor"]] = YesNo(u.TwoFactorEnabled),
        }).ToList();
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(sheet, sheetName: l["Users.Title"], cancellationToken: ct);
        await audit.RecordAsync(AuditAction.Export, "platform.user", null,
            System.Text.Json.JsonSerializer.Serialize(new { rows = rows.Count }), ct);
        return stream.ToArray();
    }
}
