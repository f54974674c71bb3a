using Renhe.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Org;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Structure;
using Renhe.Platform.Audit;
using Microsoft.Extensions.Localization;
using Renhe.Platform.Data;
using Renhe.Platform.Localization;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Sales.Customers;

/// Customers as company assets. Who may do what:
/// - read, edit and change the stage of customers within the scope of sales.customer.read/manage
///   (a salesperson their own, a manager the team's, administrators all);
/// - reveal a phone within sales.customer.reveal, always audited;
/// - be told who holds a phone or WeCom contact entered twice only for customers they may see;
///   otherwise only that the company has it, recorded and limited (DuplicateProbes);
/// - delete (soft) with sales.customer.delete, administrators only;
/// - claim from the pool with sales.pool.claim, up to Sales:Pool:MaxOwned customers held and not
///   within Sales:Pool:ReclaimCooldownDays of having released the same customer.
/// Every ownership change appends a custody entry and every stage change a stage change; the
/// database refuses updates to both ledgers.
public sealed class CustomerService(
    InputValidator validator,
    IDbContextFactory<AppDbContext> dbFactory, CurrentUser currentUser, FieldCipher cipher, AuditService audit,
    TimeProvider clock, BranchCalendar calendar, IConfiguration configuration, IStringLocalizer<Strings> l,
    Customers.AssignmentService assignment, DuplicateProbes probes)
{
    public int MaxOwned => configuration.GetValue("Sales:Pool:MaxOwned", 200);
    public int ReclaimCooldownDays => configuration.GetValue("Sales:Pool:ReclaimCooldownDays", 7);

    public async Task<CustomerPage> ListAsync(string? search, CustomerStage? stage, Guid? ownerId, string? lostReason, int page, int pageSize,
        CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Customers.AsNoTracking().Where(c => c.DeletedAt == null).VisibleTo(access, SalesPermissions.CustomerRead);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var s = search.Trim();
            // Four digits: the end of a phone number, matched on the masked copy (no decryption).
            query = s.Length == 4 && s.All(char.IsAsciiDigit)
                ? query.Where(c => c.Name.Contains(s) || (c.Company != null && c.Company.Contains(s)) || (c.PhoneMasked != null && c.PhoneMasked.EndsWith(s)))
                : query.Where(c => c.Name.Contains(s) || (c.Company != null && c.Company.Contains(s)));
        }
        if (stage is { } st) query = query.Where(c => c.Stage == st);
        if (ownerId is { } o) query = query.Where(c => c.OwnerId == o);
        if (!string.IsNullOrWhiteSpace(lostReason))
        {
            var r = lostReason.Trim();
            query = query.Where(c => c.Stage == CustomerStage.Lost && c.LostReason != null && c.LostReason.Contains(r));
        }
        pageSize = Math.Clamp(pageSize, 1, 200);
        page = Math.Max(page, 1);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(c => c.LastFollowUpAt ?? c.AssignedAt ?? c.CreatedAt).ThenBy(c => c.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(c => new CustomerListItem(c.Id, c.Name, c.Company, c.PhoneMasked, c.Region, c.Industry, c.SourceChannel, c.Tags,
                c.Stage, c.OwnerId, c.Owner == null ? null : c.Owner.Name, c.AssignedAt, c.LastFollowUpAt, c.CreatedAt)
            {
                LostReason = c.LostReason,
                NextStep = db.FollowUps.Where(f => f.CustomerId == c.Id).OrderByDescending(f => f.At).Select(f => f.NextStep).FirstOrDefault(),
                NextDate = db.FollowUps.Where(f => f.CustomerId == c.Id).OrderByDescending(f => f.At).Select(f => f.NextDate).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return new CustomerPage(items, total);
    }

    /// The audit subjects of a customer's details opened and of its phone number revealed: risk
    /// rules count both per person (views spiking before a resignation).
    public const string ViewAuditSubject = "sales.customer";
    public const string PhoneRevealAuditSubject = "sales.customer.Phone";

    /// The customer as its page shows it. Opening it is a read of a customer's personal data and
    /// is audited (<paramref name="recordView"/>); the page reloading after its own change is not.
    public async Task<CustomerView> DetailAsync(Guid id, CancellationToken ct, bool recordView = true)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Out of scope reads as "not found", like a deleted customer.
        var c = await db.Customers.AsNoTracking().Include(x => x.Owner).Where(x => x.DeletedAt == null)
                    .VisibleTo(access, SalesPermissions.CustomerRead).SingleOrDefaultAsync(x => x.Id == id, ct)
                ?? throw new NotFoundException();
        var canReveal = c.PhoneCipher is not null && await InScopeAsync(db, access, SalesPermissions.CustomerReveal, id, ct);
        var canManage = await InScopeAsync(db, access, SalesPermissions.CustomerManage, id, ct);
        var canDelete = await InScopeAsync(db, access, SalesPermissions.CustomerDelete, id, ct);
        if (recordView) await audit.RecordReadAsync(ViewAuditSubject, id.ToString(), c.Name, subjectEmployeeId: null, ct);
        return new CustomerView(c.Id, c.Name, c.Company, c.PhoneMasked, c.WeComExternalId, c.Region, c.Industry, c.SourceChannel,
            c.Tags, c.Stage, c.OwnerId, c.Owner?.Name, c.AssignedAt, c.LastFollowUpAt, c.CreatedAt, c.Version,
            canReveal, canManage, canDelete, await TimelineAsync(db, id, ct)) { LostReason = c.LostReason };
    }

    /// Custody and stage changes, newest first.
    private static async Task<IReadOnlyList<CustomerTimelineEntry>> TimelineAsync(AppDbContext db, Guid id, CancellationToken ct)
    {
        var custody = await db.CustodyEntries.AsNoTracking().Where(e => e.CustomerId == id)
            .Select(e => new CustomerTimelineEntry(e.At, "Custody", e.Reason,
                db.Employees.Where(x => x.Id == e.FromEmployeeId).Select(x => x.Name).FirstOrDefault(),
                db.Employees.Where(x => x.Id == e.ToEmployeeId).Select(x => x.Name).FirstOrDefault(),
                null, null, e.ByName, e.Note))
            .ToListAsync(ct);
        var stages = await db.StageChanges.AsNoTracking().Where(s => s.CustomerId == id)
            .Select(s => new CustomerTimelineEntry(s.At, "Stage", null, null, null, s.FromStage, s.ToStage, s.ByName, null))
            .ToListAsync(ct);
        // Two ledgers merged into one story, so sorted here; on the same instant the stage follows the custody entry.
        return custody.Concat(stages).OrderByDescending(e => e.At).ThenBy(e => e.Kind == "Stage" ? 0 : 1).ToList();
    }

    /// Shows a customer's phone in clear and records who saw it. The subject is a customer, not an employee.
    public async Task<string?> RevealPhoneAsync(Guid id, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var c = await db.Customers.AsNoTracking().Where(x => x.DeletedAt == null)
                    .VisibleTo(access, SalesPermissions.CustomerReveal).SingleOrDefaultAsync(x => x.Id == id, ct)
                ?? throw new NotFoundException();
        await audit.RecordReadAsync(PhoneRevealAuditSubject, id.ToString(), c.Name, subjectEmployeeId: null, ct);
        return cipher.Decrypt(c.PhoneCipher);
    }

    /// Whom the caller may give a new customer to: current employees within the scope of
    /// sales.customer.manage. Empty for a salesperson, who owns what they enter.
    public async Task<IReadOnlyList<DirectoryEntry>> AssignableOwnersAsync(CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        if (access.ScopeOf(SalesPermissions.CustomerManage) is null or DataScope.Self) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await EmployeeService.DirectoryEntries(db, db.Employees.AsNoTracking().VisibleTo(access, SalesPermissions.CustomerManage)
                .Where(e => e.Status != EmploymentStatus.Left && e.Status != EmploymentStatus.Candidate))
            .ToListAsync(ct);
    }

    public async Task<Guid> CreateAsync(CustomerInput input, CancellationToken ct)
    {
        validator.EnsureValid(input);
        // Assignment rules move a shared pointer: of two entries at once the second retries.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await CreateOnceAsync(input, ct);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
            }
        }
    }

    private async Task<Guid> CreateOnceAsync(CustomerInput input, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Someone who may assign (a manager or an administrator entering leads) and names nobody:
        // the assignment rules decide, and without a match the customer starts in the pool.
        var byRules = input.OwnerId is null && access.ScopeOf(SalesPermissions.CustomerManage) is not (null or DataScope.Self);
        Customers.AssignmentDecision? decision = null;
        if (byRules)
        {
            var planner = await assignment.PlannerAsync(db, ct);
            decision = planner.Assign(new Customers.LeadFacts(Clean(input.Region), Clean(input.Industry), Clean(input.SourceChannel)));
            Customers.AssignmentService.StorePointers(db, planner);
        }
        var ownerId = byRules ? decision!.EmployeeId : input.OwnerId ?? access.EmployeeId;
        if (input.OwnerId is { } assigned && assigned != access.EmployeeId
            && !await db.Employees.VisibleTo(access, SalesPermissions.CustomerManage)
                .AnyAsync(e => e.Id == assigned && e.Status != EmploymentStatus.Left && e.Status != EmploymentStatus.Candidate, ct))
            throw new DomainException("Sales.OwnerOutOfScope") { Field = "ownerId" };

        // No owner (an administrator without an employee record entering a lead): it starts in the pool.
        var (customer, custody, stage) = Customer.Enter(ownerId, decision?.EmployeeId is null ? CustodyReason.Created : CustodyReason.Assigned,
            decision?.RuleName, await ByAsync(db, access, ct), clock.GetUtcNow());
        await ApplyAsync(db, access, customer, input, "create", ct);
        db.Customers.Add(customer);
        db.CustodyEntries.Add(custody);
        db.StageChanges.Add(stage);
        await SaveOrDuplicateAsync(db, access, customer, "create", ct);
        return customer.Id;
    }

    public async Task UpdateAsync(Guid id, CustomerInput input, CancellationToken ct)
    {
        validator.EnsureValid(input);
        if (input.Version is not { } version) throw new DomainException("Validation.Required", "version") { Field = "version" };
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var customer = await ManageableAsync(db, access, id, ct);
        db.ExpectVersion(customer, version);
        await ApplyAsync(db, access, customer, input, "update", ct);
        await SaveOrDuplicateAsync(db, access, customer, "update", ct);
    }

    /// Moves the customer by hand, under the same rules as a follow-up (Customer.MoveStage).
    public async Task ChangeStageAsync(Guid id, CustomerStage stage, Guid? version, string? lostReason, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var customer = await ManageableAsync(db, access, id, ct);
        if (version is { } v) db.ExpectVersion(customer, v);
        db.StageChanges.Add(customer.MoveStage(stage, lostReason, await ByAsync(db, access, ct), clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
    }

    /// Soft delete: the row, its ledgers and its history stay; the audit interceptor records the change.
    public async Task DeleteAsync(Guid id, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var customer = await db.Customers.Where(c => c.DeletedAt == null).VisibleTo(access, SalesPermissions.CustomerDelete)
                           .SingleOrDefaultAsync(c => c.Id == id, ct)
                       ?? throw new NotFoundException();
        customer.DeletedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
    }

    // ---- the public pool ----

    public async Task<IReadOnlyList<PoolCustomer>> PoolAsync(string? search, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        if (!access.Has(SalesPermissions.PoolClaim)) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await PoolRowsAsync(db, search, ct);
    }

    /// The pool as the page lists it (same search, same order, same 500), as a workbook with the
    /// phones masked as on the page. sales.pool.export: the pool has no owners, so every holder of
    /// the permission takes all of it, and the export is audited with the search and the row count.
    public async Task<byte[]> ExportPoolAsync(string? search, TimeZoneInfo zone, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        if (!access.Has(SalesPermissions.PoolExport)) throw new DomainException("Error.Forbidden") { StatusCode = StatusCodes.Status403Forbidden };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await Inheritance.CustomerFreeze.EnsureActorNotLeavingAsync(db, access.EmployeeId, ct);
        var rows = await PoolRowsAsync(db, search, ct);
        var sheet = rows.Select(c => new Dictionary<string, object?>
        {
            [l["Sales.Field.Name"]] = c.Name,
            [l["Sales.Field.Company"]] = c.Company,
            [l["Sales.Field.Phone"]] = c.PhoneMasked,
            [l["Sales.Field.Region"]] = c.Region,
            [l["Sales.Field.Industry"]] = c.Industry,
            [l["Sales.Field.SourceChannel"]] = c.SourceChannel,
            [l["Sales.Field.Stage"]] = l["CustomerStage." + c.Stage].Value,
            [l["Sales.Field.CreatedAt"]] = TimeZoneInfo.ConvertTime(c.CreatedAt, zone).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture),
        }).ToList();
        // An empty pool still gives a workbook with its headings.
        if (sheet.Count == 0) sheet.Add(new Dictionary<string, object?> { [l["Sales.Field.Name"]] = null, [l["Sales.Field.Company"]] = null });
        using var stream = new MemoryStream();
        await MiniExcelLibs.MiniExcel.SaveAsAsync(stream, sheet, sheetName: l["Sales.Pool.Title"], cancellationToken: ct);
        await audit.RecordAsync(AuditAction.Export, "sales.pool", null,
            System.Text.Json.JsonSerializer.Serialize(new { search = Clean(search), rows = rows.Count }), ct);
        return stream.ToArray();
    }

    private static async Task<List<PoolCustomer>> PoolRowsAsync(AppDbContext db, string? search, CancellationToken ct)
    {
        var query = db.Customers.AsNoTracking().Where(c => c.OwnerId == null && c.DeletedAt == null);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var s = search.Trim();
            query = query.Where(c => c.Name.Contains(s) || (c.Company != null && c.Company.Contains(s)) || (c.Industry != null && c.Industry.Contains(s))
                                     || (c.Region != null && c.Region.Contains(s)));
        }
        // Newest in the pool first: a customer just released or returned is the one worth a call.
        return await query
            .OrderByDescending(c => db.CustodyEntries.Where(e => e.CustomerId == c.Id).Max(e => (DateTimeOffset?)e.At))
            .ThenBy(c => c.Name).Take(500)
            .Select(c => new PoolCustomer(c.Id, c.Name, c.Company, c.PhoneMasked, c.Region, c.Industry, c.SourceChannel, c.Stage, c.CreatedAt, c.Version))
            .ToListAsync(ct);
    }

    /// Takes a customer from the pool. Of two people claiming the same customer at once exactly one
    /// wins: the second save finds the version changed and is told someone was faster.
    public async Task ClaimAsync(Guid id, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        if (access.EmployeeId is not { } me) throw new DomainException("Sales.ClaimNeedsEmployee");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var customer = await db.Customers.SingleOrDefaultAsync(c => c.Id == id && c.DeletedAt == null, ct) ?? throw new NotFoundException();
        await Inheritance.CustomerFreeze.EnsureActorNotLeavingAsync(db, me, ct);
        var now = clock.GetUtcNow();
        // The customer refuses a claim of what someone holds; the limit and the cooldown are the pool's.
        var custody = customer.ChangeCustody(me, CustodyReason.Claimed, null, await ByAsync(db, access, ct), now);

        var owned = await db.Customers.CountAsync(c => c.OwnerId == me && c.DeletedAt == null, ct);
        if (owned >= MaxOwned) throw new DomainException("Sales.ClaimLimitReached", owned, MaxOwned) { StatusCode = StatusCodes.Status409Conflict };

        var since = now.AddDays(-ReclaimCooldownDays);
        // Releasing and re-claiming would reset "assigned at" and dodge the pool-return rules.
        var released = (await db.CustodyEntries.AsNoTracking()
                .Where(e => e.CustomerId == id && e.FromEmployeeId == me && (e.Reason == CustodyReason.Released || e.Reason == CustodyReason.PoolReturn))
                .Select(e => e.At).ToListAsync(ct))
            .Where(at => at > since).DefaultIfEmpty().Max();
        if (released != default)
        {
            // Said in the claimant's own branch time: "after 15:50", not the server's UTC.
            var until = TimeZoneInfo.ConvertTime(released.AddDays(ReclaimCooldownDays), await calendar.BranchZoneAsync(access.BranchId, ct));
            throw new DomainException("Sales.ReclaimCooldown", ReclaimCooldownDays, until.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture))
                { StatusCode = StatusCodes.Status409Conflict };
        }

        db.CustodyEntries.Add(custody);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainException("Sales.AlreadyClaimed") { StatusCode = StatusCodes.Status409Conflict };
        }
    }

    /// Gives a customer back to the pool (its owner, or a manager for the team).
    public async Task ReleaseAsync(Guid id, string? note, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var customer = await ManageableAsync(db, access, id, ct);
        await Inheritance.CustomerFreeze.EnsureActorNotLeavingAsync(db, access.EmployeeId, ct);
        await Inheritance.CustomerFreeze.EnsureNotFrozenAsync(db, [customer.OwnerId], ct);
        db.CustodyEntries.Add(customer.ChangeCustody(null, CustodyReason.Released, string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
            await ByAsync(db, access, ct), clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
    }

    // ---- helpers ----

    private static async Task<Customer> ManageableAsync(AppDbContext db, UserAccess access, Guid id, CancellationToken ct)
    {
        var customer = await db.Customers.Where(c => c.DeletedAt == null).VisibleTo(access, SalesPermissions.CustomerManage)
                           .SingleOrDefaultAsync(c => c.Id == id, ct);
        if (customer is not null) return customer;
        // Visible but not manageable is a refusal, not "not found".
        if (await db.Customers.Where(c => c.DeletedAt == null).VisibleTo(access, SalesPermissions.CustomerRead).AnyAsync(c => c.Id == id, ct))
            throw new DomainException("Error.Forbidden") { StatusCode = StatusCodes.Status403Forbidden };
        throw new NotFoundException();
    }

    private async Task ApplyAsync(AppDbContext db, UserAccess access, Customer customer, CustomerInput input, string via, CancellationToken ct)
    {
        var name = input.Name.Trim();
        if (name.Length == 0) throw new DomainException("Validation.Required", "name") { Field = "name" };

        string? normalised = null, index = null;
        if (input.Phone is { Length: > 0 } phone)
        {
            normalised = PersonalData.NormalisePhone(phone);
            if (!IsValidPhone(normalised)) throw new DomainException("Org.InvalidPhone") { Field = "phone" };
            index = cipher.BlindIndex(normalised);
        }
        var external = string.IsNullOrWhiteSpace(input.WeComExternalId) ? null : input.WeComExternalId.Trim();
        // Someone told too many times that numbers they tried belong to others' customers has no
        // more numbers checked for a while; keeping what is stored asks nothing.
        if ((index is not null && index != customer.PhoneIndex) || (external is not null && external != customer.WeComExternalId))
            await probes.AllowanceAsync(ct);

        if (normalised is not null)
        {
            var clash = await db.Customers.AsNoTracking().Where(c => c.PhoneIndex == index && c.Id != customer.Id)
                .Select(c => new { c.Id, c.Name, Owner = c.Owner == null ? null : c.Owner.Name }).FirstOrDefaultAsync(ct);
            if (clash is not null)
                throw await DuplicateAsync(db, access, DuplicateClash.Phone(clash.Id, clash.Name, clash.Owner, normalised), via, ct);
            customer.PhoneCipher = cipher.Encrypt(normalised);
            customer.PhoneIndex = index;
            customer.PhoneMasked = PersonalData.MaskPhone(normalised);
        }
        else if (input.Phone is "") (customer.PhoneCipher, customer.PhoneIndex, customer.PhoneMasked) = (null, null, null);

        if (external is not null)
        {
            var clash = await db.Customers.AsNoTracking().Where(c => c.WeComExternalId == external && c.Id != customer.Id)
                .Select(c => new { c.Id, c.Name, Owner = c.Owner == null ? null : c.Owner.Name }).FirstOrDefaultAsync(ct);
            if (clash is not null)
                throw await DuplicateAsync(db, access, DuplicateClash.WeComContact(clash.Id, clash.Name, clash.Owner, external), via, ct);
        }

        customer.Name = name;
        customer.Company = Clean(input.Company);
        customer.WeComExternalId = external;
        customer.Region = Clean(input.Region);
        customer.Industry = Clean(input.Industry);
        customer.SourceChannel = Clean(input.SourceChannel);
        customer.Tags = (input.Tags ?? []).Select(t => t.Trim()).Where(t => t.Length > 0).Distinct().Take(20).ToList();
    }

    /// "公海" in the duplicate message: the clash is with a customer nobody holds.
    private string PoolName => l["Sales.PoolOwner"];

    /// The 409 for a phone or WeCom contact that is already a customer: naming it and its owner when
    /// the caller may see it; otherwise saying only that the company has it, after recording the
    /// refusal (the request is refused, so nothing else is written).
    private async Task<DomainException> DuplicateAsync(AppDbContext db, UserAccess access, DuplicateClash clash, string via, CancellationToken ct)
    {
        var visible = await DuplicateProbes.VisibleAsync(db, access, clash.CustomerId, ct);
        if (!visible) await probes.RecordAsync([clash], via, ct);
        var (key, args) = DuplicateProbes.Message(clash, visible, PoolName);
        return new DomainException(key, args)
            { StatusCode = StatusCodes.Status409Conflict, Field = clash.Of == DuplicateOf.Phone ? "phone" : "weComExternalId" };
    }

    /// A mainland mobile, or a landline with its area code (0 + 9 to 11 digits).
    public static bool IsValidPhone(string? normalised) =>
        PersonalData.IsValidMobile(normalised)
        || normalised is { Length: >= 10 and <= 12 } && normalised[0] == '0' && normalised.All(char.IsAsciiDigit);

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// The service checked first; a unique index that still refuses means another request entered
    /// the same phone or external id a moment earlier. Checked again to say so, by the same rule.
    private async Task SaveOrDuplicateAsync(AppDbContext db, UserAccess access, Customer customer, string via, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex is not DbUpdateConcurrencyException)
        {
            await using var fresh = await dbFactory.CreateDbContextAsync(ct);
            var clash = await fresh.Customers.AsNoTracking()
                .Where(c => c.Id != customer.Id && ((customer.PhoneIndex != null && c.PhoneIndex == customer.PhoneIndex)
                                                    || (customer.WeComExternalId != null && c.WeComExternalId == customer.WeComExternalId)))
                .Select(c => new { c.Id, c.Name, Owner = c.Owner == null ? null : c.Owner.Name, SamePhone = c.PhoneIndex == customer.PhoneIndex })
                .FirstOrDefaultAsync(ct);
            if (clash is null) throw;
            throw await DuplicateAsync(fresh, access, clash.SamePhone
                ? new DuplicateClash(DuplicateOf.Phone, clash.Id, clash.Name, clash.Owner, customer.PhoneMasked!)
                : DuplicateClash.WeComContact(clash.Id, clash.Name, clash.Owner, customer.WeComExternalId!), via, ct);
        }
    }

    private async Task<ChangedBy> ByAsync(AppDbContext db, UserAccess access, CancellationToken ct) =>
        new(access.UserId, access.EmployeeId is { } e
            ? await db.Employees.Where(x => x.Id == e).Select(x => x.Name).FirstOrDefaultAsync(ct) ?? currentUser.UserName
            : currentUser.UserName);

    private static Task<bool> InScopeAsync(AppDbContext db, UserAccess access, string permission, Guid id, CancellationToken ct) =>
        access.Has(permission) ? db.Customers.VisibleTo(access, permission).AnyAsync(c => c.Id == id, ct) : Task.FromResult(false);
}
