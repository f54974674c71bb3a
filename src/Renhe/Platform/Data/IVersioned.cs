using Microsoft.EntityFrameworkCore;

namespace Renhe.Platform.Data;

/// A record people edit concurrently. Its <see cref="Version"/> is EF's concurrency token: a
/// service sets the version the editor saw as the original value, and <see cref="VersionInterceptor"/>
/// gives the row a new version on every save, so the second of two edits of the same version fails
/// with a concurrency conflict instead of overwriting the first. No service sets it by hand.
public interface IVersioned
{
    Guid Version { get; }
}

public static class VersionedExtensions
{
    /// The version the editor saw: the save fails with a concurrency conflict if the row has moved on,
    /// even when the edit itself changes nothing (a stale form is refused, not silently accepted).
    public static void ExpectVersion<T>(this DbContext db, T entity, Guid version) where T : class, IVersioned
    {
        var property = db.Entry(entity).Property(nameof(IVersioned.Version));
        property.OriginalValue = version;
        property.IsModified = true;
    }

    /// A change to a record's parts (lines, items) is a change to the record: its version moves on
    /// even when none of its own columns did.
    public static void MarkChanged<T>(this DbContext db, T entity) where T : class, IVersioned =>
        db.Entry(entity).Property(nameof(IVersioned.Version)).IsModified = true;
}
