using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Renhe.Platform.Approvals;
using Renhe.Platform.Data;
using Renhe.Platform.Localization;
using Renhe.Platform.Security;

namespace Renhe.Platform.Audit;

/// Something an audit entry points at, in words: a person, a customer, an order, a permission…,
/// with the page that shows it when there is one. Kind says what it is (Audit.Kind.&lt;kind&gt;).
public sealed record AuditReference(string Name, string? Link = null, string? Kind = null);

/// An audit entry for people. Who: the account's display name (the login stays on the row); Action
/// and What: the action and the kind of record in words (the codes stay on the row); Record: the
/// record itself by name, with its page where it has one (the raw key stays on the row);
/// SubjectEmployee: whose data a read or export disclosed; Values: the names of the ids and
/// permission codes that its changes or detail mention, by the text as it appears there.
public sealed record AuditEntryView(AuditRow Row, string Who, string Action, string What, AuditReference? Record,
    AuditReference? SubjectEmployee, IReadOnlyDictionary<string, AuditReference> Values);

/// Turns audit rows into words for the audit page and its export: names for the actions, for the
/// kinds of record (a table such as sales_customer, a subject such as risk.archive.search: every
/// one has a resource AuditEntity.&lt;code&gt;, which a test checks), for the accounts, employees,
/// customers, orders, approvals, roles and permissions the entries name by id or code, and a link
/// to the record where a page shows it. Whatever cannot be named keeps its code.
public sealed partial class AuditDescriber(IDbContextFactory<AppDbContext> dbFactory, IStringLocalizer<Strings> l, PermissionCatalog permissions,
    IEnumerable<IApprovalHandler> handlers)
{
    /// The resource key of the name of a table or subject.
    public static string EntityKey(string entity) => "AuditEntity." + entity;

    public string EntityName(string entity) => l.Or(EntityKey(entity), entity);

    public string ActionName(AuditAction action) => l["Audit.Action." + action];

    public string PermissionName(string permission) => l.Or("Permission." + permission, permission);

    /// Every kind of record the log names (each AuditEntity.&lt;code&gt; resource), by name: what the
    /// page's filter offers.
    public IReadOnlyList<(string Code, string Name)> Kinds() =>
        l.GetAllStrings(true).Where(s => s.Name.StartsWith("AuditEntity.", StringComparison.Ordinal))
            .Select(s => (Code: s.Name["AuditEntity.".Length..], Name: s.Value))
            .DistinctBy(k => k.Code).OrderBy(k => k.Name, StringComparer.CurrentCulture).ThenBy(k => k.Code, StringComparer.Ordinal).ToList();

    /// Fields of a child record that lead to the record people know it by (a stage change → its
    /// customer, an approval step → its request), in order of preference.
    private static readonly string[] ParentFields = ["CustomerId", "OrderId", "RequestId", "SubjectId", "EmployeeId"];

    public async Task<IReadOnlyList<AuditEntryView>> DescribeAsync(IReadOnlyList<AuditRow> rows, CancellationToken ct)
    {
        var ids = new HashSet<Guid>();
        foreach (var row in rows)
        {
            if (row.UserId is { } user) ids.Add(user);
            if (row.SubjectEmployeeId is { } subject) ids.Add(subject);
            foreach (var part in KeyParts(row.EntityKey))
                if (Guid.TryParse(part, out var id)) ids.Add(id);
            foreach (Match m in GuidPattern().Matches(row.Changes ?? ""))
                ids.Add(Guid.Parse(m.Value));
        }
        var names = await ResolveAsync(ids, ct);

        return rows.Select(row =>
        {
            var values = new Dictionary<string, AuditReference>(StringComparer.OrdinalIgnoreCase);
            foreach (Match m in GuidPattern().Matches(row.Changes ?? ""))
                if (names.TryGetValue(Guid.Parse(m.Value), out var named)) values.TryAdd(m.Value, named);
            foreach (var change in AuditChanges.Parse(row.Changes) ?? [])
                foreach (var value in new[] { change.Old, change.New })
                    if (value is not null && permissions.Contains(value))
                        values.TryAdd(value, new AuditReference(PermissionName(value), Kind: "permission"));

            var who = row.UserId is { } userId && names.TryGetValue(userId, out var account) ? account.Name
                : row.UserName ?? l["Audit.System"].Value;
            var subjectEmployee = row.SubjectEmployeeId is { } employeeId
                ? names.GetValueOrDefault(employeeId) ?? new AuditReference(employeeId.ToString(), Kind: "employee")
                : null;
            return new AuditEntryView(row, who, ActionName(row.Action), EntityName(row.Entity), Record(row, names, values), subjectEmployee, values);
        }).ToList();
    }

    /// The record an entry is about, in words: each part of its key named (an id, a permission
    /// code), or for a child record without a name of its own, the record it belongs to.
    private AuditReference? Record(AuditRow row, Dictionary<Guid, AuditReference> names, Dictionary<string, AuditReference> values)
    {
        var key = row.EntityKey;
        if (string.IsNullOrEmpty(key)) return null;
        switch (row.Entity)
        {
            // The archive's own keys: a record's sequence number, a run of them, a search's term.
            case "risk.archive.context":
                return new AuditReference("#" + key, $"/risk/archive/search?context={Uri.EscapeDataString(key)}", "archive-record");
            case "risk.archive" when key.Split("..") is [var first, var last]:
                return new AuditReference($"#{first} – #{last}", Kind: "archive-record");
            case "risk.archive.search" when !Guid.TryParse(key, out _):
                return new AuditReference($"“{key}”", Kind: "search");
        }
        var parts = KeyParts(key).Select(part =>
            Guid.TryParse(part, out var id) && names.TryGetValue(id, out var named) ? named
            : permissions.Contains(part) ? new AuditReference(PermissionName(part), Kind: "permission")
            // A day as the key (a signed digest, a daily task list) was written in the invariant culture's M/d/yyyy.
            : DateOnly.TryParse(part, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                ? new AuditReference(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Kind: "day")
            : null).ToList();
        if (parts.All(p => p is not null))
            return parts.Count == 1 ? parts[0] : new AuditReference(string.Join(" · ", parts.Select(p => p!.Name)), parts.FirstOrDefault(p => p!.Link is not null)?.Link);
        // A row without a page of its own (a stage change, an approval step): the record it belongs to.
        foreach (var field in ParentFields)
            if (AuditChanges.Parse(row.Changes)?.FirstOrDefault(c => c.Field == field) is { } change
                && (change.New ?? change.Old) is { } value && values.TryGetValue(value, out var parent) && parent.Link is not null)
                return parent;
        return null;
    }

    private static IEnumerable<string> KeyParts(string? key) =>
        string.IsNullOrEmpty(key) ? [] : key.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// Names for the ids, from every table whose rows people know by name. Ids are UUIDv7 and unique
    /// across tables, so one map serves every field.
    private async Task<Dictionary<Guid, AuditReference>> ResolveAsync(HashSet<Guid> ids, CancellationToken ct)
    {
        var names = new Dictionary<Guid, AuditReference>();
        if (ids.Count == 0) return names;
        var list = ids.ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        foreach (var u in await db.Users.AsNoTracking().Where(u => list.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName, u.UserName }).ToListAsync(ct))
            names.TryAdd(u.Id, new AuditReference(string.IsNullOrWhiteSpace(u.DisplayName) ? u.UserName ?? u.Id.ToString() : u.DisplayName, Kind: "user"));
        foreach (var e in await db.Employees.AsNoTracking().Where(e => list.Contains(e.Id)).Select(e => new { e.Id, e.Name, e.EmployeeNumber }).ToListAsync(ct))
            names.TryAdd(e.Id, new AuditReference($"{e.Name}（{e.EmployeeNumber}）", $"/org/employees/{e.Id}", "employee"));
        foreach (var c in await db.Customers.AsNoTracking().Where(c => list.Contains(c.Id)).Select(c => new { c.Id, c.Name }).ToListAsync(ct))
            names.TryAdd(c.Id, new AuditReference(c.Name, $"/sales/customers/{c.Id}", "customer"));
        foreach (var o in await db.Orders.AsNoTracking().Where(o => list.Contains(o.Id)).Select(o => new { o.Id, o.Number }).ToListAsync(ct))
            names.TryAdd(o.Id, new AuditReference(o.Number, $"/sales/orders/{o.Id}", "order"));

        // Approvals: a request by its title, on its subject's page (the order); a step or an action
        // of it as the request.
        var steps = await db.ApprovalTasks.AsNoTracking().Where(t => list.Contains(t.Id)).Select(t => new { t.Id, t.RequestId }).ToListAsync(ct);
        var actions = await db.ApprovalActions.AsNoTracking().Where(a => list.Contains(a.Id)).Select(a => new { a.Id, a.RequestId }).ToListAsync(ct);
        var requestIds = list.Concat(steps.Select(s => s.RequestId)).Concat(actions.Select(a => a.RequestId)).Distinct().ToList();
        var requests = await db.ApprovalRequests.AsNoTracking().Where(r => requestIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
        AuditReference Request(ApprovalRequest r) =>
            new(r.Title, handlers.FirstOrDefault(h => h.RequestType == r.RequestType)?.SubjectLink(r), "approval");
        foreach (var r in requests.Values.Where(r => ids.Contains(r.Id))) names.TryAdd(r.Id, Request(r));
        foreach (var s in steps.Concat(actions))
            if (requests.TryGetValue(s.RequestId, out var r)) names.TryAdd(s.Id, Request(r));

        foreach (var d in await db.Departments.AsNoTracking().Where(d => list.Contains(d.Id)).Select(d => new { d.Id, d.Name }).ToListAsync(ct))
            names.TryAdd(d.Id, new AuditReference(d.Name, Kind: "department"));
        foreach (var b in await db.Branches.AsNoTracking().Where(b => list.Contains(b.Id)).Select(b => new { b.Id, b.Name }).ToListAsync(ct))
            names.TryAdd(b.Id, new AuditReference(b.Name, Kind: "branch"));
        foreach (var p in await db.Positions.AsNoTracking().Where(p => list.Contains(p.Id)).Select(p => new { p.Id, p.Name }).ToListAsync(ct))
            names.TryAdd(p.Id, new AuditReference(p.Name, Kind: "position"));
        foreach (var p in await db.Products.AsNoTracking().Where(p => list.Contains(p.Id)).Select(p => new { p.Id, p.Name }).ToListAsync(ct))
            names.TryAdd(p.Id, new AuditReference(p.Name, Kind: "product"));
        foreach (var r in await db.Roles.AsNoTracking().Where(r => list.Contains(r.Id)).Select(r => new { r.Id, r.Name }).ToListAsync(ct))
            names.TryAdd(r.Id, new AuditReference(r.Name is null ? r.Id.ToString() : l.Or("Role." + r.Name, r.Name), Kind: "role"));
        return names;
    }

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex GuidPattern();
}
