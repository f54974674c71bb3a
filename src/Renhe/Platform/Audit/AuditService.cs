using Microsoft.EntityFrameworkCore;
using Renhe.Platform.Data;
using Renhe.Platform.Security;

namespace Renhe.Platform.Audit;

/// Records what the interceptor cannot see: sensitive reads (revealing a phone number, searching
/// the archive, exporting a table). Modules call it explicitly at the point of disclosure, naming
/// whose data it was (<see cref="AuditEntry.SubjectEmployeeId"/>) so the person can see it under
/// 我的数据访问记录 (PIPL art. 44–45).
public sealed class AuditService(IDbContextFactory<AppDbContext> dbFactory, CurrentUser currentUser, TimeProvider clock)
{
    /// Returns the entry's id, so entries about each person disclosed can point at the overall one.
    public Task<Guid> RecordAsync(AuditAction action, string subject, string? key, string? detail, CancellationToken ct) =>
        RecordAsync(action, subject, key, detail, subjectEmployeeId: null, ct);

    public async Task<Guid> RecordAsync(AuditAction action, string subject, string? key, string? detail, Guid? subjectEmployeeId,
        CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var entry = New(action, subject, key, detail, subjectEmployeeId);
        db.AuditEntries.Add(entry);
        await db.SaveChangesAsync(ct);
        return entry.Id;
    }

    /// An entry added to <paramref name="db"/> and saved with the caller's own changes, in their
    /// transaction: the entry exists exactly when what it records does (an archive batch and its
    /// entry, even if the process dies right after the commit).
    public void Add(AppDbContext db, AuditAction action, string subject, string? key, string? detail) =>
        db.AuditEntries.Add(New(action, subject, key, detail, subjectEmployeeId: null));

    /// A disclosure and the people it disclosed, in one save: the overall entry, and one entry per
    /// person whose data it showed (a search page with five people's messages, an export of forty
    /// employees), from <paramref name="peopleFor"/>, given the overall entry's id to point at.
    /// Returns the overall entry's id.
    public async Task<Guid> RecordDisclosureAsync(AuditAction action, string subject, string? key, string? detail,
        Func<Guid, IEnumerable<(Guid EmployeeId, string? Detail)>> peopleFor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var entry = New(action, subject, key, detail, subjectEmployeeId: null);
        db.AuditEntries.Add(entry);
        foreach (var (employeeId, personDetail) in peopleFor(entry.Id))
            db.AuditEntries.Add(New(action, subject, employeeId.ToString(), personDetail, employeeId));
        await db.SaveChangesAsync(ct);
        return entry.Id;
    }

    /// Several entries of one kind in one save (the refusals found in the rows of one import).
    public async Task RecordAllAsync(AuditAction action, string subject, IEnumerable<(string? Key, string? Detail)> entries, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        foreach (var (key, detail) in entries) db.AuditEntries.Add(New(action, subject, key, detail, subjectEmployeeId: null));
        await db.SaveChangesAsync(ct);
    }

    /// Sign-in attempts, successful or not, by form or token: who, how, and what came of it.
    /// Recorded explicitly because at that moment nobody is signed in yet.
    public async Task RecordSignInAsync(Guid? userId, string userName, string method, string outcome, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            UserId = userId,
            UserName = userName,
            Action = AuditAction.SignIn,
            Entity = "platform.session",
            EntityKey = userId?.ToString(),
            Changes = System.Text.Json.JsonSerializer.Serialize(new { method, outcome }),
            RequestId = currentUser.RequestId,
        });
        await db.SaveChangesAsync(ct);
    }

    public Task<Guid> RecordReadAsync(string subject, string? key, string? detail, CancellationToken ct) =>
        RecordAsync(AuditAction.Read, subject, key, detail, subjectEmployeeId: null, ct);

    public Task<Guid> RecordReadAsync(string subject, string? key, string? detail, Guid? subjectEmployeeId, CancellationToken ct) =>
        RecordAsync(AuditAction.Read, subject, key, detail, subjectEmployeeId, ct);

    private AuditEntry New(AuditAction action, string subject, string? key, string? detail, Guid? subjectEmployeeId) => new()
    {
        At = clock.GetUtcNow(),
        UserId = currentUser.UserId,
        UserName = currentUser.UserName,
        Action = action,
        Entity = subject,
        EntityKey = key,
        Changes = detail,
        RequestId = currentUser.RequestId,
        SubjectEmployeeId = subjectEmployeeId,
    };
}
