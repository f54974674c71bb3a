using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Renhe.Platform.Data;

/// Gives every changed <see cref="IVersioned"/> row a new version as it is saved. Runs before the
/// audit interceptor, so the audit entry shows the version the row now has.
public sealed class VersionInterceptor : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } context) Bump(context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context) Bump(context);
        return ValueTask.FromResult(result);
    }

    private static void Bump(DbContext context)
    {
        context.ChangeTracker.DetectChanges();
        foreach (var entry in context.ChangeTracker.Entries<IVersioned>())
        {
            if (entry.State == EntityState.Modified)
                entry.Property(nameof(IVersioned.Version)).CurrentValue = Guid.NewGuid();
        }
    }
}
