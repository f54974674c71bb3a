using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;
using Renhe.Modules.Org;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Structure;
using Renhe.Platform.Data;
using Renhe.Platform.Localization;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;

namespace Renhe.Modules.Sales.Customers;

/// A row as it would be stored: Row is the line number people see in Excel (the heading is row 1).
public sealed record CustomerImportRow(int Row, string? Name, string? Company, string? PhoneMasked, string? Region, string? Industry,
    string? SourceChannel, string? OwnerName, string? RuleName, bool ToPool, IReadOnlyList<string> Errors);

public sealed record CustomerImportError(int Row, string Column, string Message);

/// Stored says whether the customers went in; with any bad row nothing is stored.
public sealed record CustomerImportResult(bool Stored, int Imported, IReadOnlyList<CustomerImportError> Errors, IReadOnlyList<CustomerImportRow> Rows);

/// 客户导入: an Excel or CSV file with headings in Chinese or English — 姓名/name, 公司/company,
/// 手机/phone, 企业微信ID/wecom id, 地区/region, 行业/industry, 来源/source, 标签/tags (separated
/// by 、 , ; or spaces), 负责人/owner (employee number or name). Who may: sales.customer.import
/// (sales managers for their team, administrators). A row is bad for a missing name, a bad phone,
/// a phone or WeCom id used twice in the file or already a customer (naming it and its owner only
/// when the importer may see it: DuplicateProbes, whose limit covers imports too), an owner
/// unknown or outside the importer's scope. Any bad row: nothing is stored. Rows without an owner
/// go through the assignment rules (and to the pool without a match).
public sealed class CustomerImportService(IDbContextFactory<AppDbContext> dbFactory, CurrentUser currentUser, FieldCipher cipher,
    AssignmentService assignment, DuplicateProbes probes, TimeProvider clock, IStringLocalizer<Strings> l)
{
    public const int MaxRows = 5_000;
    public const long MaxBytes = 5 * 1024 * 1024;

    private static readonly Dictionary<string, string> Headings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["姓名"] = "name", ["客户姓名"] = "name", ["名称"] = "name", ["name"] = "name",
        ["公司"] = "company", ["company"] = "company",
        ["手机"] = "phone", ["手机号"] = "phone", ["电话"] = "phone", ["phone"] = "phone", ["mobile"] = "phone",
        ["企业微信ID"] = "wecom", ["企业微信"] = "wecom", ["wecom id"] = "wecom", ["wecomid"] = "wecom", ["wecom external id"] = "wecom",
        ["地区"] = "region", ["region"] = "region",
        ["行业"] = "industry", ["industry"] = "industry",
        ["来源"] = "source", ["来源渠道"] = "source", ["source"] = "source", ["source channel"] = "source",
        ["标签"] = "tags", ["tags"] = "tags",
        ["负责人"] = "owner", ["负责人(工号或姓名)"] = "owner", ["负责人（工号或姓名）"] = "owner", ["owner"] = "owner",
    };

    public async Task<CustomerImportResult> ImportAsync(Stream file, string fileName, bool dryRun, CancellationToken ct)
    {
        var lines = await ReadAsync(file, fileName, ct);
        // A file is a list of guesses as much as a form is one: the same limit, checked before any row.
        var allowance = lines.Any(x => x.Get("phone") is not null || x.Get("wecom") is not null) ? await probes.AllowanceAsync(ct) : 0;
        var unseen = new List<DuplicateClash>();
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);

        // Owners the importer may name: employees within their sales.customer.import scope.
        var owners = await db.Employees.AsNoTracking().VisibleTo(access, SalesPermissions.CustomerImport)
            .Where(e => e.Status == EmploymentStatus.Active || e.Status == EmploymentStatus.Probation)
            .Select(e => new { e.Id, e.EmployeeNumber, e.Name }).ToListAsync(ct);
        var planner = await assignment.PlannerAsync(db, ct);

        var seenPhones = new Dictionary<string, int>();
        var seenExternal = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = new List<CustomerImportRow>();
        var errors = new List<CustomerImportError>();
        var prepared = new List<(Customer Customer, CustodyEntry Custody, StageChange Stage)>();
        var now = clock.GetUtcNow();
        var by = new ChangedBy(access.UserId,
            (access.EmployeeId is { } me ? await db.Employees.Where(e => e.Id == me).Select(e => e.Name).FirstOrDefaultAsync(ct) : null) ?? currentUser.UserName);
        foreach (var line in lines)
        {
            var rowErrors = new List<CustomerImportError>();
            void Bad(string column, string message) => rowErrors.Add(new CustomerImportError(line.Row, column, message));

            if (line.Get("name") is null) Bad("name", l["Sales.Import.MissingName"]);
            string? normalised = null, masked = null, index = null;
            if (line.Get("phone") is { } phone)
            {
                normalised = PersonalData.NormalisePhone(phone);
                if (!CustomerService.IsValidPhone(normalised)) Bad("phone", l["Sales.Import.BadPhone", phone]);
                else
                {
                    masked = PersonalData.MaskPhone(normalised!);
                    index = cipher.BlindIndex(normalised)!;
                    if (seenPhones.TryGetValue(index, out var first)) Bad("phone", l["Sales.Import.PhoneTwice", first]);
                    else
                    {
                        seenPhones[index] = line.Row;
                        var clash = await db.Customers.AsNoTracking().Where(c => c.PhoneIndex == index)
                            .Select(c => new { c.Id, c.Name, Owner = c.Owner == null ? null : c.Owner.Name }).FirstOrDefaultAsync(ct);
                        if (clash is not null) Bad("phone", await DuplicateAsync(db, access, DuplicateClash.Phone(clash.Id, clash.Name, clash.Owner, normalised!), unseen, ct));
                    }
                }
            }
            var external = line.Get("wecom");
            if (external is not null)
            {
                if (seenExternal.TryGetValue(external, out var first)) Bad("wecom", l["Sales.Import.WeComTwice", first]);
                else
                {
                    seenExternal[external] = line.Row;
                    var clash = await db.Customers.AsNoTracking().Where(c => c.WeComExternalId == external)
                        .Select(c => new { c.Id, c.Name, Owner = c.Owner == null ? null : c.Owner.Name }).FirstOrDefaultAsync(ct);
                    if (clash is not null) Bad("wecom", await DuplicateAsync(db, access, DuplicateClash.WeComContact(clash.Id, clash.Name, clash.Owner, external), unseen, ct));
                }
            }
            Guid? ownerId = null;
            string? ownerName = null;
            if (line.Get("owner") is { } ownerText)
            {
                var matches = owners.Where(o => o.EmployeeNumber == ownerText).ToList();
                if (matches.Count == 0) matches = owners.Where(o => o.Name == ownerText).ToList();
                if (matches.Count == 1) (ownerId, ownerName) = (matches[0].Id, matches[0].Name);
                else Bad("owner", l[matches.Count == 0 ? "Sales.Import.UnknownOwner" : "Sales.Import.AmbiguousOwner", ownerText]);
            }
            foreach (var (column, max) in new[] { ("name", 100), ("company", 200), ("wecom", 100), ("region", 50), ("industry", 50), ("source", 50) })
                if (line.Get(column) is { Length: var length } && length > max) Bad(column, l["Sales.Import.TooLong", max]);

            AssignmentDecision? decision = null;
            if (rowErrors.Count == 0 && ownerId is null)
            {
                decision = planner.Assign(new LeadFacts(line.Get("region"), line.Get("industry"), line.Get("source")));
                (ownerId, ownerName) = (decision.EmployeeId, decision.EmployeeName);
            }
            errors.AddRange(rowErrors);
            rows.Add(new CustomerImportRow(line.Row, line.Get("name"), line.Get("company"), masked, line.Get("region"), line.Get("industry"),
                line.Get("source"), ownerName, decision?.RuleName, ownerId is null, rowErrors.Select(e => e.Message).ToList()));
            if (rowErrors.Count > 0) continue;
            var entered = Customer.Enter(ownerId, decision?.EmployeeId is not null ? CustodyReason.Assigned : CustodyReason.Created,
                decision?.RuleName is { } rule ? rule : l["Sales.Import.CustodyNote"], by, now);
            var customer = entered.Customer;
            customer.Name = line.Get("name")!;
            customer.Company = line.Get("company");
            customer.PhoneCipher = normalised is null ? null : cipher.Encrypt(normalised);
            (customer.PhoneIndex, customer.PhoneMasked, customer.WeComExternalId) = (index, masked, external);
            (customer.Region, customer.Industry, customer.SourceChannel) = (line.Get("region"), line.Get("industry"), line.Get("source"));
            customer.Tags = (line.Get("tags") ?? "").Split(['、', ',', '，', ';', '；', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Distinct().Take(20).ToList();
            prepared.Add(entered);
        }

        // Recorded whether the file is previewed, refused or stored; more than the allowance and the
        // rows are not told at all: the answer is the limit's 429.
        await probes.RecordAsync(unseen, dryRun ? "import-preview" : "import", ct);
        if (unseen.Count > allowance) await probes.AllowanceAsync(ct);

        if (dryRun || errors.Count > 0) return new CustomerImportResult(false, 0, errors, rows);

        foreach (var (customer, custody, stage) in prepared)
        {
            db.Customers.Add(customer);
            db.CustodyEntries.Add(custody);
            db.StageChanges.Add(stage);
        }
        AssignmentService.StorePointers(db, planner);
        // A phone entered by someone else between preview and now hits the unique index: all or nothing, 409.
        await db.SaveChangesAsync(ct);
        return new CustomerImportResult(true, prepared.Count, [], rows);
    }

    /// A row's duplicate message by the rule CustomerService follows; a clash the importer may not
    /// see is collected to be recorded.
    private async Task<string> DuplicateAsync(AppDbContext db, UserAccess access, DuplicateClash clash, List<DuplicateClash> unseen, CancellationToken ct)
    {
        var visible = await DuplicateProbes.VisibleAsync(db, access, clash.CustomerId, ct);
        if (!visible) unseen.Add(clash);
        var (key, args) = DuplicateProbes.Message(clash, visible, l["Sales.PoolOwner"].Value);
        return l[key, args];
    }

    private sealed record Line(int Row, IReadOnlyDictionary<string, string> Cells)
    {
        public string? Get(string column) => Cells.GetValueOrDefault(column);
    }

    private static async Task<IReadOnlyList<Line>> ReadAsync(Stream file, string fileName, CancellationToken ct)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (extension is not (".xlsx" or ".csv")) throw new DomainException("Sales.Import.FileType") { Field = "file" };
        var content = new MemoryStream();
        await file.CopyToAsync(content, ct);
        if (content.Length > MaxBytes) throw new DomainException("Sales.Import.TooBig", MaxBytes / 1024 / 1024) { Field = "file" };
        content.Position = 0;
        List<IDictionary<string, object?>> raw;
        try
        {
            raw = await Spreadsheets.ReadRowsAsync(content, extension == ".xlsx" ? ExcelType.XLSX : ExcelType.CSV, ct);
        }
        catch (Exception ex) when (ex is not DomainException and not OperationCanceledException)
        {
            throw new DomainException("Sales.Import.Unreadable") { Field = "file" };
        }
        var lines = new List<Line>();
        for (var i = 0; i < raw.Count; i++)
        {
            var cells = new Dictionary<string, string>();
            foreach (var (heading, value) in raw[i])
            {
                if (Headings.GetValueOrDefault((heading ?? "").Trim()) is not { } column || cells.ContainsKey(column)) continue;
                var text = value switch
                {
                    null => null,
                    double d => d.ToString("0.##########", CultureInfo.InvariantCulture),
                    _ => Convert.ToString(value, CultureInfo.InvariantCulture),
                };
                if (text?.Trim() is { Length: > 0 } t) cells[column] = t;
            }
            if (i == 0 && !raw[i].Keys.Any(k => Headings.GetValueOrDefault((k ?? "").Trim()) == "name"))
                throw new DomainException("Sales.Import.NoNameColumn") { Field = "file" };
            if (cells.Count == 0) continue;
            lines.Add(new Line(i + 2, cells));
        }
        if (lines.Count == 0) throw new DomainException("Sales.Import.Empty") { Field = "file" };
        if (lines.Count > MaxRows) throw new DomainException("Sales.Import.TooLarge", MaxRows) { Field = "file" };
        return lines;
    }
}
