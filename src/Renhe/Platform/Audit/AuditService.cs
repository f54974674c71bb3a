using Microsoft.EntityFrameworkCore;
using Renhe.Platform.Data;
using Renhe.Platform.Security;

namespace Renhe.Platform.Audit;

/// Records what the interceptor cannot see: sensitive reads (revealing a phone number, searching
/// the archive, exporting a table). Modules call it explicitly at the point of disclosure.
public sealed class AuditService(IDbContextFactory<AppDbContext> dbFactory, CurrentUser currentUser, TimeProvider clock)
{
    public async Task RecordAsync(AuditAction action, string subject, string? key, string? detail, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            UserId = currentUser.UserId,
            UserName = currentUser.UserName,
            Action = action,
            Entity = subject,
            EntityKey = key,
            Changes = detail,
            RequestId = currentUser.RequestId,
        });
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

    public Task RecordReadAsync(string subject, string? key, string? detail, CancellationToken ct) =>
        RecordAsync(AuditAction.Read, subject, key, detail, ct);
}
