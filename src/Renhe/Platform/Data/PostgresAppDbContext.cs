using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Risk.Archive;

namespace Renhe.Platform.Data;

public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // The archive's search index: text[] of bigrams under GIN here; SQLite uses FTS5 (ADR 0008).
        builder.ApplyConfiguration(new ArchiveSearchEntryConfiguration());
    }
}
