using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;
using Renhe.Platform.Audit;
using Renhe.Platform.Data;
using Renhe.Platform.Localization;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;

namespace Renhe.Modules.Org.Employees;

/// Employees in and out of spreadsheets. Import reads the template (Excel or CSV), reports every
/// bad row with its number and reason, and imports nothing when a row fails unless asked to skip
/// bad rows. Export honours the data scope and masks identifiers; it is audited.
public sealed class EmployeeSpreadsheetService(
    IDbContextFactory<AppDbContext> dbFactory, EmployeeService employees, CurrentUser currentUser, FieldCipher cipher,
    AuditService audit, IStringLocalizer<Strings> l)
{
    public const int MaxRows = 5000;

    // Column headings of the template, in order: Chinese, as HR staff use them.
    public static readonly string[] Columns =
    [
        "工号", "姓名", "性别", "出生日期", "分公司", "部门", "职位", "直属上级工号", "入职日期", "试用期结束",
        "合同类型", "合同开始", "合同结束", "状态", "工作电话", "企业微信账号", "个人手机", "身份证号", "银行账号",
        "紧急联系人", "紧急联系人电话", "薪资等级",
    ];

    public byte[] Template()
    {
        var example = new Dictionary<string, object?>
        {
            ["工号"] = "E0100", ["姓名"] = "王小明", ["性别"] = "男", ["出生日期"] = "1995-06-01", ["分公司"] = "深圳总部",
            ["部门"] = "销售部", ["职位"] = "销售专员", ["直属上级工号"] = "E0004", ["入职日期"] = "2026-12-01",
            ["试用期结束"] = "2027-03-01", ["合同类型"] = "固定期限", ["合同开始"] = "2026-12-01", ["合同结束"] = "2029-11-30",
            ["状态"] = "试用期", ["工作电话"] = "0755-86001234", ["企业微信账号"] = "wangxiaoming", ["个人手机"] = "13800138000",
            ["身份证号"] = "11010519491231002X", ["银行账号"] = "6222021234567890", ["紧急联系人"] = "王大明",
            ["紧急联系人电话"] = "13900139000", ["薪资等级"] = "S2",
        };
        using var stream = new MemoryStream();
        stream.SaveAs(new[] { example }, sheetName: "员工");
        return stream.ToArray();
    }

    public async Task<ImportResult> ImportAsync(Stream file, string fileName, bool skipBadRows, CancellationToken ct)
    {
        var type = Path.GetExtension(fileName).ToLowerInvariant() switch
        {
            ".csv" => ExcelType.CSV,
            ".xlsx" => ExcelType.XLSX,
            _ => throw new DomainException("Org.ImportFileType") { Field = "file" },
        };
        List<IDictionary<string, object?>> rows;
        try
        {
            rows = await Spreadsheets.ReadRowsAsync(file, type, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new DomainException("Org.ImportUnreadable") { Field = "file" };
        }
        if (rows.Count == 0) throw new DomainException("Org.ImportEmpty") { Field = "file" };
        if (rows.Count > MaxRows) throw new DomainException("Org.ImportTooLarge", MaxRows) { Field = "file" };
        var missing = Columns.Take(2).Concat(["分公司", "部门", "入职日期"]).Where(c => !rows[0].ContainsKey(c)).ToList();
        if (missing.Count > 0) throw new DomainException("Org.ImportMissingColumns", string.Join("、", missing)) { Field = "file" };

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var branches = await db.Branches.ToDictionaryAsync(b => b.Name, b => b.Id, ct);
        var departments = await db.Departments.Select(d => new { d.Id, d.Name, d.BranchId }).ToListAsync(ct);
        var positions = await db.Positions.Select(p => new { p.Id, p.Name, p.DepartmentId }).ToListAsync(ct);
        var numbers = await db.Employees.ToDictionaryAsync(e => e.EmployeeNumber, e => e.Id, ct);

        var errors = new List<ImportError>();
        var imported = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            var rowNumber = i + 2; // row 1 holds the headings
            var row = rows[i];
            string? Cell(string column) => row.TryGetValue(column, out var v) && v is not null && v.ToString() is { Length: > 0 } s ? s.Trim() : null;
            var rowErrors = new List<ImportError>();
            void Fail(string column, string message) => rowErrors.Add(new ImportError(rowNumber, column, message));

            DateOnly? Date(string column)
            {
                var raw = row.TryGetValue(column, out var v) ? v : null;
                switch (raw)
                {
                    case null: return null;
                    case DateTime dt: return DateOnly.FromDateTime(dt);
                    // Excel's date serials (1900–2100); anything else is a typed number, read as text below.
                    case double serial when serial is >= 1 and < 73051: return DateOnly.FromDateTime(DateTime.FromOADate(serial));
                }
                var text = Convert.ToString(raw, CultureInfo.InvariantCulture)!.Trim();
                if (text.Length == 0) return null;
                // Year first only: 02/03/2026 means different days to different people, so it is refused.
                if (DateOnly.TryParseExact(text, ["yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyyMMdd", "yyyy年M月d日"],
                        CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
                Fail(column, l["Org.Import.BadDate", text]);
                return null;
            }

            // A value the template does not list is a row error, never a silent default.
            T Choice<T>(string column, Dictionary<string, T> values, T empty)
            {
                if (Cell(column) is not { } text) return empty;
                if (values.TryGetValue(text, out var value)) return value;
                Fail(column, l["Org.Import.UnknownValue", text, string.Join("、", values.Keys)]);
                return empty;
            }

            var input = new EmployeeInput
            {
                EmployeeNumber = Cell("工号") ?? "", Name = Cell("姓名") ?? "",
                Gender = Choice("性别", new() { ["男"] = Gender.Male, ["M"] = Gender.Male, ["Male"] = Gender.Male,
                    ["女"] = Gender.Female, ["F"] = Gender.Female, ["Female"] = Gender.Female }, Gender.Unspecified),
                BirthDate = Date("出生日期"), HireDate = Date("入职日期"), ProbationEnd = Date("试用期结束"),
                ContractStart = Date("合同开始"), ContractEnd = Date("合同结束"),
                ContractType = Choice("合同类型", new()
                {
                    ["固定期限"] = ContractType.FixedTerm, ["无固定期限"] = ContractType.OpenEnded, ["实习"] = ContractType.Internship,
                    ["兼职"] = ContractType.PartTime, ["劳务"] = ContractType.LabourService, ["未签"] = ContractType.None,
                }, ContractType.None),
                Status = Choice("状态", new()
                {
                    ["候选人"] = EmploymentStatus.Candidate, ["试用期"] = EmploymentStatus.Probation,
                    ["在职"] = EmploymentStatus.Active, ["正式"] = EmploymentStatus.Active,
                }, EmploymentStatus.Probation),
                WorkPhone = Cell("工作电话"), WeComUserId = Cell("企业微信账号"), PersonalPhone = Cell("个人手机"),
                IdCardNumber = Cell("身份证号"), BankAccount = Cell("银行账号"), EmergencyContactName = Cell("紧急联系人"),
                EmergencyContactPhone = Cell("紧急联系人电话"), SalaryGrade = Cell("薪资等级"),
            };
            if (input.EmployeeNumber.Length == 0) Fail("工号", l["Validation.Required", "工号"]);
            if (input.Name.Length == 0) Fail("姓名", l["Validation.Required", "姓名"]);
            if (input.HireDate is null && rowErrors.All(e => e.Field != "入职日期")) Fail("入职日期", l["Validation.Required", "入职日期"]);
            if (Cell("分公司") is { } branchName)
            {
                if (branches.TryGetValue(branchName, out var branchId)) input.BranchId = branchId;
                else Fail("分公司", l["Org.Import.UnknownBranch", branchName]);
            }
            else Fail("分公司", l["Validation.Required", "分公司"]);
            if (Cell("部门") is { } departmentName && input.BranchId is { } inBranch)
            {
                var department = departments.FirstOrDefault(d => d.Name == departmentName && d.BranchId == inBranch);
                if (department is null) Fail("部门", l["Org.Import.UnknownDepartment", departmentName]);
                else
                {
                    input.DepartmentId = department.Id;
                    if (Cell("职位") is { } positionName)
                    {
                        var position = positions.FirstOrDefault(p => p.Name == positionName && p.DepartmentId == department.Id);
                        if (position is null) Fail("职位", l["Org.Import.UnknownPosition", positionName, departmentName]);
                        else input.PositionId = position.Id;
                    }
                }
            }
            else if (Cell("部门") is null) Fail("部门", l["Validation.Required", "部门"]);
            if (Cell("直属上级工号") is { } managerNumber)
            {
                if (numbers.TryGetValue(managerNumber, out var managerId)) input.ManagerId = managerId;
                else Fail("直属上级工号", l["Org.Import.UnknownManager", managerNumber]);
            }

            if (rowErrors.Count == 0)
            {
                try
                {
                    var employee = await employees.AddNewAsync(db, input, ct);
                    numbers[employee.EmployeeNumber] = employee.Id;
                    imported++;
                }
                catch (DomainException ex)
                {
                    Fail(ColumnFor(ex.Field), l.Message(ex));
                }
            }
            errors.AddRange(rowErrors);
        }

        if (errors.Count > 0 && !skipBadRows) return new ImportResult(0, 0, errors);
        await db.SaveChangesAsync(ct);
        return new ImportResult(imported, errors.Select(e => e.Row).Distinct().Count(), errors);
    }

    /// The list as filtered on the page, within the export scope.
    public async Task<byte[]> ExportAsync(EmployeeFilter filter, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var salaryVisible = db.Employees.VisibleTo(access, OrgPermissions.EmployeeSalary).Select(e => e.Id);
        var query = await EmployeeService.FilteredAsync(db, db.Employees.AsNoTracking().VisibleTo(access, OrgPermissions.EmployeeExport), filter, ct);
        var rows = await query
            .OrderBy(e => e.EmployeeNumber)
            .Select(e => new
            {
                e.Id, e.EmployeeNumber, e.Name, e.Gender, e.BirthDate, e.HireDate, e.ProbationEnd, e.ContractType, e.ContractStart, e.ContractEnd,
                e.Status, e.WorkPhone, e.WeComUserId, e.PersonalPhoneCipher, e.IdCardNumberCipher, e.BankAccountCipher,
                e.EmergencyContactName, e.EmergencyContactPhoneCipher,
                SalaryGrade = salaryVisible.Contains(e.Id) ? e.SalaryGrade : null,
                Branch = db.Branches.Where(b => b.Id == e.BranchId).Select(b => b.Name).First(),
                Department = db.Departments.Where(d => d.Id == e.DepartmentId).Select(d => d.Name).First(),
                Position = db.Positions.Where(p => p.Id == e.PositionId).Select(p => p.Name).FirstOrDefault(),
                Manager = db.Employees.Where(m => m.Id == e.ManagerId).Select(m => m.EmployeeNumber).FirstOrDefault(),
            })
            .ToListAsync(ct);
        string? Masked(string? stored, Func<string, string> mask) => stored is null ? null : mask(cipher.Decrypt(stored)!);
        var sheet = rows.Select(e => new Dictionary<string, object?>
        {
            ["工号"] = e.EmployeeNumber, ["姓名"] = e.Name, ["性别"] = e.Gender switch { Gender.Male => "男", Gender.Female => "女", _ => "" },
            ["出生日期"] = e.BirthDate?.ToString("yyyy-MM-dd"), ["分公司"] = e.Branch, ["部门"] = e.Department, ["职位"] = e.Position,
            ["直属上级工号"] = e.Manager, ["入职日期"] = e.HireDate.ToString("yyyy-MM-dd"), ["试用期结束"] = e.ProbationEnd?.ToString("yyyy-MM-dd"),
            ["合同类型"] = l["ContractType." + e.ContractType].Value, ["合同开始"] = e.ContractStart?.ToString("yyyy-MM-dd"),
            ["合同结束"] = e.ContractEnd?.ToString("yyyy-MM-dd"), ["状态"] = l["EmploymentStatus." + e.Status].Value,
            ["工作电话"] = e.WorkPhone, ["企业微信账号"] = e.WeComUserId,
            ["个人手机"] = Masked(e.PersonalPhoneCipher, PersonalData.MaskPhone),
            ["身份证号"] = Masked(e.IdCardNumberCipher, PersonalData.MaskIdCardNumber),
            ["银行账号"] = Masked(e.BankAccountCipher, PersonalData.MaskBankAccount),
            ["紧急联系人"] = e.EmergencyContactName, ["紧急联系人电话"] = Masked(e.EmergencyContactPhoneCipher, PersonalData.MaskPhone), ["薪资等级"] = e.SalaryGrade,
        }).ToList();
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(sheet, sheetName: "员工", cancellationToken: ct);
        // The export, and one entry per person in the file, so each can see that their record left the application.
        await audit.RecordDisclosureAsync(AuditAction.Export, "org.employee", null,
            System.Text.Json.JsonSerializer.Serialize(new
            {
                search = filter.Search, branchId = filter.BranchId, departmentId = filter.DepartmentId, status = filter.Status?.ToString(),
                hiredFrom = filter.HiredFrom, hiredTo = filter.HiredTo, rows = rows.Count,
            }),
            export =>
            {
                var detail = System.Text.Json.JsonSerializer.Serialize(new { export });
                return rows.Select(r => (r.Id, (string?)detail));
            }, ct);
        return stream.ToArray();
    }

    private static string ColumnFor(string? field) => field switch
    {
        "employeeNumber" => "工号", "idCardNumber" => "身份证号", "personalPhone" => "个人手机", "bankAccount" => "银行账号",
        "workPhone" => "工作电话", "weComUserId" => "企业微信账号", "managerId" => "直属上级工号", "departmentId" => "部门",
        "positionId" => "职位", "branchId" => "分公司", "contractEnd" => "合同结束", "probationEnd" => "试用期结束",
        "emergencyContactPhone" => "紧急联系人电话", _ => field ?? "",
    };
}
