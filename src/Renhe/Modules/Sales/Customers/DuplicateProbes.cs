using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Org.Employees;
using Renhe.Platform.Audit;
using Renhe.Platform.Data;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;

namespace Renhe.Modules.Sales.Customers;

public enum DuplicateOf { Phone, WeComContact }

/// A phone or WeCom contact entered that is already a customer: which customer, whose, and the
/// entered value in masked form (the only form that is ever recorded).
public sealed record DuplicateClash(DuplicateOf Of, Guid CustomerId, string CustomerName, string? OwnerName, string MaskedValue)
{
    public static DuplicateClash Phone(Guid customerId, string customerName, string? ownerName, string normalisedPhone) =>
        new(DuplicateOf.Phone, customerId, customerName, ownerName, PersonalData.MaskPhone(normalisedPhone));

    public static DuplicateClash WeComContact(Guid customerId, string customerName, string? ownerName, string externalId) =>
        new(DuplicateOf.WeComContact, customerId, customerName, ownerName, MaskExternalId(externalId));

    private static string MaskExternalId(string id) => id.Length > 8 ? id[..2] + "****" + id[^4..] : new string('*', id.Length);
}

/// 查重试探: the duplicate check answers whether a phone number is a customer, so it is a way to
/// map the company's customers one guess at a time. Within the caller's scope the refusal names the
/// customer and its owner (they need it to follow up); outside it, it says only that the company has
/// the customer, is recorded in the audit log (who, when, the masked value, never the clear one or
/// the customer's name) and is counted: after <see cref="Limit"/> such refusals within
/// <see cref="Window"/> the person may not have numbers checked (429) until the oldest of them ages
/// out. Counted from the recorded refusals, so the limit holds across instances and restarts.
public sealed class DuplicateProbes(
    IDbContextFactory<AppDbContext> dbFactory, AuditService audit, CurrentUser currentUser, TimeProvider clock, IConfiguration configuration)
{
    public const string AuditSubject = "sales.duplicate-probe";

    /// Ten an hour: entering leads, a salesperson meets a colleague's customer now and then (a lead
    /// who called two people), rarely several times in an hour; mapping the customers needs hundreds
    /// of guesses. Slower probing stays under the limit but every attempt is still in the audit log.
    public const int DefaultLimit = 10;
    public const int DefaultWindowMinutes = 60;

    public int Limit => Math.Max(1, configuration.GetValue("Sales:DuplicateProbes:Limit", DefaultLimit));
    public TimeSpan Window => TimeSpan.FromMinutes(Math.Max(1, configuration.GetValue("Sales:DuplicateProbes:WindowMinutes", DefaultWindowMinutes)));

    /// Whether the caller may be told which customer holds the value: one they can read
    /// (sales.customer.read within its scope), or one in the public pool, which everyone who may
    /// claim from it already sees and may take.
    public static async Task<bool> VisibleAsync(AppDbContext db, UserAccess access, Guid customerId, CancellationToken ct) =>
        await db.Customers.VisibleTo(access, SalesPermissions.CustomerRead).AnyAsync(c => c.Id == customerId, ct)
        || (access.Has(SalesPermissions.PoolClaim)
            && await db.Customers.AnyAsync(c => c.Id == customerId && c.OwnerId == null && c.DeletedAt == null, ct));

    /// The resource key and arguments telling the caller about the clash: named when they may see
    /// the customer, otherwise without name, owner or anything else that tells customers apart.
    public static (string Key, object[] Args) Message(DuplicateClash clash, bool visible, string poolName) => (clash.Of, visible) switch
    {
        (DuplicateOf.Phone, true) => ("Sales.DuplicatePhone", [clash.CustomerName, clash.OwnerName ?? poolName]),
        (DuplicateOf.Phone, false) => ("Sales.DuplicatePhoneElsewhere", []),
        (_, true) => ("Sales.DuplicateExternalId", [clash.CustomerName, clash.OwnerName ?? poolName]),
        _ => ("Sales.DuplicateExternalIdElsewhere", []),
    };

    /// The refusals left to the caller in the current window; 429 when none is.
    public async Task<int> AllowanceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var recent = await RecentAsync(now, ct);
        if (recent.Count < Limit) return Limit - recent.Count;
        // The count falls below the limit when the oldest of the latest Limit refusals leaves the window.
        var wait = recent[Limit - 1] + Window - now;
        throw new DomainException("Sales.DuplicateProbeLimit", (int)Math.Ceiling(Math.Max(wait.TotalMinutes, 1)))
            { StatusCode = StatusCodes.Status429TooManyRequests, RetryAfter = wait };
    }

    /// Records refusals told (or about to be told) to the caller, in their own save: the request
    /// itself is refused and writes nothing else.
    public Task RecordAsync(IReadOnlyCollection<DuplicateClash> clashes, string via, CancellationToken ct) =>
        clashes.Count == 0
            ? Task.CompletedTask
            : audit.RecordAllAsync(AuditAction.Refused, AuditSubject, clashes.Select(c => ((string?)c.CustomerId.ToString(),
                (string?)JsonSerializer.Serialize(new { field = c.Of == DuplicateOf.Phone ? "phone" : "weComExternalId", value = c.MaskedValue, via }))), ct);

    /// The caller's recorded refusals within the window, newest first, at most Limit of them.
    private async Task<List<DateTimeOffset>> RecentAsync(DateTimeOffset now, CancellationToken ct)
    {
        if (currentUser.UserId is not { } userId) return [];
        var since = now - Window;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AuditEntries.AsNoTracking()
            .Where(a => a.Entity == AuditSubject && a.Action == AuditAction.Refused && a.UserId == userId && a.At > since)
            .OrderByDescending(a => a.At).Select(a => a.At).Take(Limit).ToListAsync(ct);
    }
}
