using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Renhe.Platform.Data;

namespace Renhe.Platform.Audit;

/// Records every insert, update and delete in the same transaction as the change itself, so a
/// change without its audit row cannot exist. Keys are generated client-side (UUIDv7), which is
/// what lets an insert's key be known before the database sees it. One for the application (contexts
/// are pooled): who acts is the context's <see cref="AppDbContext.Actor"/>.
public sealed class AuditInterceptor(TimeProvider clock) : SaveChangesInterceptor
{
    private const string Redacted = "***";

    // The log is read by people (and exported to Excel), so Chinese stays readable instead of \uXXXX.
    internal static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // Secrets Identity keeps, and the WeCom app secret and tokens (encrypted, yet no business of
    // the audit log's readers): their change is recorded, never their value.
    private static readonly HashSet<string> SecretProperties = new(StringComparer.Ordinal)
    {
        nameof(IdentityUser.PasswordHash), nameof(IdentityUser.SecurityStamp), nameof(IdentityUser.ConcurrencyStamp),
        nameof(IdentityUserToken<Guid>.Value), "SecretCipher", "TokenCipher",
    };

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is not null) AddAuditEntries(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not null) AddAuditEntries(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void AddAuditEntries(DbContext context)
    {
        context.ChangeTracker.DetectChanges();
        var actor = (context as AppDbContext)?.Actor;
        var now = clock.GetUtcNow();
        var entries = new List<AuditEntry>();
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.Entity is AuditEntry)
            {
                if (entry.State is EntityState.Modified or EntityState.Deleted)
                    throw new InvalidOperationException("Audit entries cannot be changed or deleted.");
                continue;
            }
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            if (entry.Entity is IAuditedByOwner) continue;
            var changes = Describe(entry);
            if (entry.State == EntityState.Modified && changes.Count == 0) continue;
            entries.Add(new AuditEntry
            {
                At = now,
                UserId = actor?.UserId,
                UserName = actor?.UserName,
                Action = entry.State switch
                {
                    EntityState.Added => AuditAction.Insert,
                    EntityState.Modified => AuditAction.Update,
                    _ => AuditAction.Delete,
                },
                Entity = entry.Metadata.GetTableName() ?? entry.Metadata.ShortName(),
                EntityKey = KeyOf(entry),
                Changes = JsonSerializer.Serialize(changes, Json),
                RequestId = actor?.RequestId,
            });
        }
        context.Set<AuditEntry>().AddRange(entries);
    }

    private static Dictionary<string, object?> Describe(EntityEntry entry)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var p in entry.Properties)
        {
            if (p.Metadata.IsPrimaryKey() && entry.State != EntityState.Added) continue;
            var secret = SecretProperties.Contains(p.Metadata.Name)
                         // A new key of the ring is recorded (key rotation is a security event), its material never.
                         || entry.Entity is Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey
                         && p.Metadata.Name == nameof(Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey.Xml)
                         || p.Metadata.PropertyInfo?.IsDefined(typeof(AuditRedactedAttribute), inherit: true) == true;
            switch (entry.State)
            {
                case EntityState.Added when p.CurrentValue is not null:
                    result[p.Metadata.Name] = new { @new = secret ? Redacted : p.CurrentValue };
                    break;
                case EntityState.Deleted:
                    result[p.Metadata.Name] = new { old = secret ? Redacted : p.OriginalValue };
                    break;
                case EntityState.Modified when p.IsModified && !Equals(p.OriginalValue, p.CurrentValue):
                    result[p.Metadata.Name] = secret
                        ? new { old = (object?)Redacted, @new = (object?)Redacted }
                        : new { old = p.OriginalValue, @new = p.CurrentValue };
                    break;
            }
        }
        return result;
    }

    private static string KeyOf(EntityEntry entry)
    {
        var key = entry.Metadata.FindPrimaryKey();
        if (key is null) return "";
        return string.Join("|", key.Properties.Select(p => entry.Property(p.Name).CurrentValue?.ToString()));
    }
}

/// Marks a property whose value the audit log must not show (salary grades, ciphertext): the change
/// is recorded, its values are not, because the log's readers are not necessarily allowed to see them.
[AttributeUsage(AttributeTargets.Property)]
public sealed class AuditRedactedAttribute : Attribute;

/// High-volume rows whose owning service writes one summary audit entry per operation itself
/// (the communication archive: a row per message here would copy every chat into the audit log).
public interface IAuditedByOwner;
