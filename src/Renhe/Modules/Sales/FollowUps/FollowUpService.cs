using Renhe.Modules.Sales.Customers;
using Renhe.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;
using Renhe.Modules.Org;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Structure;
using Renhe.Platform.Audit;
using Renhe.Platform.Data;
using Renhe.Platform.Files;
using Renhe.Platform.Localization;
using Renhe.Platform.Notifications;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Sales.FollowUps;

/// Follow-ups (跟进记录) and the comments on them. Who may do what:
/// - log one (sales.follow-up.create) on a customer the author sees under sales.customer.read, or
///   on one in the public pool when the author may claim from it (sales.pool.claim): working a pool
///   lead before claiming it is normal. Anything else reads as "not found". A follow-up on a
///   customer the author does not own is kept with OwnCustomer = false (非本人客户).
/// - change the customer's stage with it only within sales.customer.manage, and never to 下单 or
///   复购 (effective orders do that);
/// - read follow-ups within sales.follow-up.read by author (self / team / all), with their comments;
/// - comment within sales.follow-up.comment (managers over their team, administrators), with
///   attachments; the author is notified. Attachments download for whoever reads the follow-up.
/// Everyone who sees a customer sees all its follow-ups on the customer's timeline: the customer's
/// history belongs to the customer, whoever wrote it.
public sealed class FollowUpService(
    InputValidator validator,
    IDbContextFactory<AppDbContext> dbFactory, CurrentUser currentUser, AuditService audit, TimeProvider clock,
    BranchCalendar calendar, IStringLocalizer<Strings> l)
{
    public async Task<Guid> CreateAsync(FollowUpInput input, CancellationToken ct)
    {
        validator.EnsureValid(input);
        // Logging a follow-up moves the customer's last follow-up (and so its version), but the
        // caller named no version: two people logging on one customer at the same moment are
        // not editing it against each other, so the second is saved again on the customer as it
        // now is (its stage rules checked again) instead of being refused as a conflict.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await CreateOnceAsync(input, ct);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
            }
        }
    }

    private async Task<Guid> CreateOnceAsync(FollowUpInput input, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var at = input.At ?? now;
        var zone = await calendar.BranchZoneAsync(access.BranchId, ct);
        FollowUpRules.Validate(input, at, now, BranchCalendar.DayOf(now, zone));
        if (access.EmployeeId is not { } me) throw new DomainException("Sales.FollowUp.NoEmployee") { StatusCode = StatusCodes.Status403Forbidden };

        var customer = await LoggableAsync(db, access, input.CustomerId!.Value, ct) ?? throw new NotFoundException();
        var followUp = new FollowUp
        {
            CustomerId = customer.Id, EmployeeId = me, Kind = input.Kind!.Value, At = at, DurationMinutes = input.DurationMinutes,
            Notes = input.Notes.Trim(), Objections = Clean(input.Objections), NextStep = Clean(input.NextStep), NextDate = input.NextDate,
            OwnCustomer = customer.OwnerId == me, CreatedAt = now,
        };
        if (input.Stage is { } stage)
        {
            // The rule is said before the permission: a salesperson learns that orders set 下单 even on a customer they only follow.
            customer.EnsureCanMoveStage(stage, input.LostReason);
            if (!await db.Customers.VisibleTo(access, SalesPermissions.CustomerManage).AnyAsync(c => c.Id == customer.Id, ct))
                throw new DomainException("Sales.FollowUp.StageNotAllowed") { StatusCode = StatusCodes.Status403Forbidden, Field = "stage" };
            // The same move, and the same stage-change row, as on the customer page.
            var change = customer.MoveStage(stage, input.LostReason, new ChangedBy(access.UserId, await ByAsync(db, access, ct)), now);
            db.StageChanges.Add(change);
            (followUp.StageFrom, followUp.StageTo) = (change.FromStage, change.ToStage);
        }
        // A contact logged late does not make the customer look less recently followed up.
        if (customer.LastFollowUpAt is null || customer.LastFollowUpAt < at) customer.LastFollowUpAt = at;
        db.FollowUps.Add(followUp);
        await db.SaveChangesAsync(ct);
        return followUp.Id;
    }

    /// The customer as the quick entry page shows it; null when the caller may not log on it.
    public async Task<FollowUpCustomer?> CustomerAsync(Guid customerId, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var c = await LoggableAsync(db, access, customerId, ct);
        if (c is null) return null;
        var canStage = await db.Customers.VisibleTo(access, SalesPermissions.CustomerManage).AnyAsync(x => x.Id == customerId, ct);
        return new FollowUpCustomer(c.Id, c.Name, c.Company, c.Stage, c.OwnerId != null && c.OwnerId == access.EmployeeId, canStage,
            canStage ? Customer.StageChoices(c.Stage) : []);
    }

    public async Task<FollowUpPage> ListAsync(FollowUpFilter filter, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = await FilteredAsync(db, access, filter, ct);
        var total = await query.CountAsync(ct);
        var pageSize = Math.Clamp(filter.PageSize, 1, 200);
        var ids = await query.OrderByDescending(f => f.At).ThenByDescending(f => f.Id)
            .Skip((Math.Max(filter.Page, 1) - 1) * pageSize).Take(pageSize).Select(f => f.Id).ToListAsync(ct);
        return new FollowUpPage(await ItemsAsync(db, db.FollowUps.Where(f => ids.Contains(f.Id)), ct), total, access.Has(SalesPermissions.FollowUpComment));
    }

    public async Task<FollowUpItem> DetailAsync(Guid id, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var items = await ItemsAsync(db, db.FollowUps.VisibleTo(access, SalesPermissions.FollowUpRead).Where(f => f.Id == id), ct);
        return items.SingleOrDefault() ?? throw new NotFoundException();
    }

    /// People whose follow-ups the caller may read: the feed's person filter.
    public async Task<IReadOnlyList<DirectoryEntry>> AuthorsAsync(CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var authors = db.FollowUps.VisibleTo(access, SalesPermissions.FollowUpRead).Select(f => f.EmployeeId).Distinct();
        return await EmployeeService.DirectoryEntries(db, db.Employees.AsNoTracking().Where(e => authors.Contains(e.Id))).ToListAsync(ct);
    }

    public async Task<Guid> CommentAsync(Guid followUpId, string? text, IReadOnlyList<UploadedFile> files, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var followUp = await db.FollowUps.AsNoTracking().VisibleTo(access, SalesPermissions.FollowUpComment)
            .Where(f => f.Id == followUpId).Select(f => new { f.Id, f.EmployeeId, Customer = f.Customer!.Name }).SingleOrDefaultAsync(ct);
        if (followUp is null)
        {
            // Seen but not one's to comment on is a refusal; not seen at all is "not found".
            if (await db.FollowUps.VisibleTo(access, SalesPermissions.FollowUpRead).AnyAsync(f => f.Id == followUpId, ct))
                throw new DomainException("Error.Forbidden") { StatusCode = StatusCodes.Status403Forbidden };
            throw new NotFoundException();
        }
        var body = text?.Trim() ?? "";
        if (body.Length == 0 && files.Count == 0) throw new DomainException("Validation.Required", "text") { Field = "text" };
        if (body.Length > FollowUpRules.CommentMax) throw new DomainException("Validation.MaxLength", "text", FollowUpRules.CommentMax) { Field = "text" };
        if (files.Count > 5) throw new DomainException("Sales.FollowUp.TooManyFiles", 5) { Field = "files" };

        var now = clock.GetUtcNow();
        var by = await ByAsync(db, access, ct);
        var comment = new FollowUpComment { FollowUpId = followUp.Id, Text = body, ByUserId = access.UserId, ByName = by, At = now };
        db.FollowUpComments.Add(comment);
        foreach (var file in files)
        {
            var name = Path.GetFileName(file.FileName.Trim());
            if (file.Content.LongLength > AttachmentRules.MaxBytes)
                throw new DomainException("Sales.FollowUp.FileTooLarge", name, AttachmentRules.MaxBytes / 1024 / 1024) { Field = "files" };
            var type = AttachmentRules.ContentTypeFor(name, file.Content.AsSpan(0, Math.Min(16, file.Content.Length)));
            if (type is null || name.Length is 0 or > 255) throw new DomainException("Sales.FollowUp.FileType", name) { Field = "files" };
            db.StoredFiles.Add(new StoredFile
            {
                OwnerKind = FollowUpComment.AttachmentOwnerKind, OwnerId = comment.Id, FileName = name, ContentType = type,
                Size = file.Content.LongLength, Content = file.Content, UploadedByUserId = access.UserId, CreatedAt = now,
            });
        }
        // The author hears of it, unless they commented on their own follow-up.
        var author = await db.Users.Where(u => u.EmployeeId == followUp.EmployeeId && u.IsActive).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(ct);
        if (author is { } recipient && recipient != access.UserId)
            NotificationService.Add(db, recipient, "Notify.FollowUpCommented", [by ?? "", followUp.Customer], $"/sales/follow-ups?id={followUp.Id}", now);
        await db.SaveChangesAsync(ct);
        return comment.Id;
    }

    /// An attachment, for whoever may read the follow-up it hangs on.
    public async Task<StoredFile> AttachmentAsync(Guid followUpId, Guid fileId, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var readable = await db.FollowUps.VisibleTo(access, SalesPermissions.FollowUpRead).AnyAsync(f => f.Id == followUpId, ct)
                       || await CustomerVisibleAsync(db, access, followUpId, ct);
        if (!readable) throw new NotFoundException();
        var comments = db.FollowUpComments.Where(c => c.FollowUpId == followUpId).Select(c => c.Id);
        return await db.StoredFiles.AsNoTracking()
                   .Where(f => f.Id == fileId && f.OwnerKind == FollowUpComment.AttachmentOwnerKind && comments.Contains(f.OwnerId))
                   .SingleOrDefaultAsync(ct)
               ?? throw new NotFoundException();
    }

    /// The feed's rows as a workbook; the export is audited.
    public async Task<byte[]> ExportAsync(FollowUpFilter filter, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var zone = await calendar.BranchZoneAsync(access.BranchId, ct);
        var query = await FilteredAsync(db, access, filter, ct);
        var rows = await query.OrderByDescending(f => f.At).Take(10_000)
            .Select(f => new
            {
                f.At, Employee = f.Employee!.Name, Customer = f.Customer!.Name, f.Kind, f.DurationMinutes, f.Notes, f.Objections, f.NextStep,
                f.NextDate, f.StageFrom, f.StageTo, f.OwnCustomer, Comments = db.FollowUpComments.Count(c => c.FollowUpId == f.Id),
            })
            .ToListAsync(ct);
        var sheet = rows.Select(r => new Dictionary<string, object?>
        {
            [l["Sales.FollowUp.Field.At"]] = TimeZoneInfo.ConvertTime(r.At, zone).ToString("yyyy-MM-dd HH:mm"),
            [l["Sales.FollowUp.Field.Employee"]] = r.Employee, [l["Sales.FollowUp.Field.Customer"]] = r.Customer,
            [l["Sales.FollowUp.Field.OwnCustomer"]] = r.OwnCustomer ? l["Common.Yes"].Value : l["Common.No"].Value,
            [l["Sales.FollowUp.Field.Kind"]] = l["FollowUpKind." + r.Kind].Value, [l["Sales.FollowUp.Field.Duration"]] = r.DurationMinutes,
            [l["Sales.FollowUp.Field.Notes"]] = r.Notes, [l["Sales.FollowUp.Field.Objections"]] = r.Objections,
            [l["Sales.FollowUp.Field.NextStep"]] = r.NextStep, [l["Sales.FollowUp.Field.NextDate"]] = r.NextDate?.ToString("yyyy-MM-dd"),
            [l["Sales.FollowUp.Field.Stage"]] = r.StageTo is { } to ? $"{l["CustomerStage." + r.StageFrom]} → {l["CustomerStage." + to]}" : null,
            [l["Sales.FollowUp.Field.Comments"]] = r.Comments,
        }).ToList();
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(sheet, sheetName: l["Sales.FollowUps.Title"], cancellationToken: ct);
        await audit.RecordAsync(AuditAction.Export, "sales.follow-up", null, System.Text.Json.JsonSerializer.Serialize(new { filter, rows = rows.Count }), ct);
        return stream.ToArray();
    }

    /// The customer's whole story in one list, newest first: custody and stage changes (from
    /// <paramref name="ledger"/>, what CustomerService already read within scope), follow-ups
    /// with their comments, and orders. The caller has already been allowed to see the customer.
    public async Task<IReadOnlyList<CustomerActivity>> TimelineAsync(Guid customerId, IReadOnlyList<CustomerTimelineEntry> ledger, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var followUps = await ItemsAsync(db, db.FollowUps.Where(f => f.CustomerId == customerId), ct);
        var orders = await db.Orders.AsNoTracking().Where(o => o.CustomerId == customerId && o.Status != Orders.OrderStatus.Draft)
            .Select(o => new { Line = new CustomerOrderLine(o.Id, o.Number, o.TotalFen, o.Status, o.EffectiveAt, o.Salesperson!.Name), o.SubmittedAt, o.CreatedAt })
            .ToListAsync(ct);
        var items = new List<CustomerActivity>();
        items.AddRange(ledger.Select(e => new CustomerActivity(e.At, e.Kind, e.ByName, e, null, null, null)));
        foreach (var f in followUps)
        {
            items.Add(new CustomerActivity(f.At, "FollowUp", f.EmployeeName, null, f, null, null));
            items.AddRange(f.Comments.Select(c => new CustomerActivity(c.At, "Comment", c.ByName, null, f, c, null)));
        }
        items.AddRange(orders.Select(o => new CustomerActivity(o.Line.EffectiveAt ?? o.SubmittedAt ?? o.CreatedAt, "Order", o.Line.SalespersonName,
            null, null, null, o.Line)));
        // On the same instant a follow-up's stage change reads after the follow-up that made it.
        return items.OrderByDescending(i => i.At).ThenBy(i => i.Kind switch { "Stage" => 0, "Custody" => 1, "Comment" => 2, _ => 3 }).ToList();
    }

    // ---- helpers ----

    /// The customer, when the caller may log a follow-up on it: seen under sales.customer.read, or in the pool.
    private static async Task<Customer?> LoggableAsync(AppDbContext db, UserAccess access, Guid customerId, CancellationToken ct)
    {
        var live = db.Customers.Where(c => c.DeletedAt == null && c.Id == customerId);
        var customer = await live.VisibleTo(access, SalesPermissions.CustomerRead).SingleOrDefaultAsync(ct);
        if (customer is null && access.Has(SalesPermissions.PoolClaim))
            customer = await live.Where(c => c.OwnerId == null).SingleOrDefaultAsync(ct);
        return customer;
    }

    private static Task<bool> CustomerVisibleAsync(AppDbContext db, UserAccess access, Guid followUpId, CancellationToken ct)
    {
        var customerIds = db.FollowUps.Where(f => f.Id == followUpId).Select(f => f.CustomerId);
        return db.Customers.Where(c => c.DeletedAt == null && customerIds.Contains(c.Id)).VisibleTo(access, SalesPermissions.CustomerRead).AnyAsync(ct);
    }

    private async Task<IQueryable<FollowUp>> FilteredAsync(AppDbContext db, UserAccess access, FollowUpFilter filter, CancellationToken ct)
    {
        var query = db.FollowUps.AsNoTracking().VisibleTo(access, SalesPermissions.FollowUpRead);
        if (filter.EmployeeId is { } e) query = query.Where(f => f.EmployeeId == e);
        if (filter.CustomerId is { } c) query = query.Where(f => f.CustomerId == c);
        if (filter.Kind is { } k) query = query.Where(f => f.Kind == k);
        if (filter.NotOwnOnly) query = query.Where(f => !f.OwnCustomer);
        if (filter.From is not null || filter.To is not null)
        {
            // Days are the viewer's branch days.
            var zone = await calendar.BranchZoneAsync(access.BranchId, ct);
            if (filter.From is { } from) { var start = BranchCalendar.StartUtc(from, zone); query = query.Where(f => f.At >= start); }
            if (filter.To is { } to) { var end = BranchCalendar.StartUtc(to.AddDays(1), zone); query = query.Where(f => f.At < end); }
        }
        return query;
    }

    private static async Task<List<FollowUpItem>> ItemsAsync(AppDbContext db, IQueryable<FollowUp> query, CancellationToken ct)
    {
        var rows = await query.AsNoTracking()
            .Select(f => new
            {
                f.Id, f.CustomerId, Customer = f.Customer!.Name, f.EmployeeId, Employee = f.Employee!.Name, f.Kind, f.At, f.DurationMinutes, f.Notes,
                f.Objections, f.NextStep, f.NextDate, f.StageFrom, f.StageTo, f.OwnCustomer, f.CreatedAt,
            })
            .ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var comments = await db.FollowUpComments.AsNoTracking().Where(c => ids.Contains(c.FollowUpId)).OrderBy(c => c.At).ToListAsync(ct);
        var commentIds = comments.Select(c => c.Id).ToList();
        var files = (await db.StoredFiles.AsNoTracking()
                .Where(f => f.OwnerKind == FollowUpComment.AttachmentOwnerKind && commentIds.Contains(f.OwnerId))
                .Select(f => new { f.OwnerId, f.Id, f.FileName, f.ContentType, f.Size, f.CreatedAt })
                .ToListAsync(ct))
            .OrderBy(f => f.CreatedAt).ThenBy(f => f.Id)
            .ToLookup(f => f.OwnerId, f => new FollowUpAttachment(f.Id, f.FileName, f.ContentType, f.Size));
        var byFollowUp = comments.ToLookup(c => c.FollowUpId, c => new FollowUpCommentItem(c.Id, c.Text, c.ByName, c.At, files[c.Id].ToList()));
        return rows.OrderByDescending(r => r.At).ThenByDescending(r => r.Id)
            .Select(r => new FollowUpItem(r.Id, r.CustomerId, r.Customer, r.EmployeeId, r.Employee, r.Kind, r.At, r.DurationMinutes, r.Notes,
                r.Objections, r.NextStep, r.NextDate, r.StageFrom, r.StageTo, r.OwnCustomer, r.CreatedAt, byFollowUp[r.Id].ToList()))
            .ToList();
    }

    private async Task<string?> ByAsync(AppDbContext db, UserAccess access, CancellationToken ct) =>
        access.EmployeeId is { } e
            ? await db.Employees.Where(x => x.Id == e).Select(x => x.Name).FirstOrDefaultAsync(ct) ?? currentUser.UserName
            : currentUser.UserName;

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
