using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Renhe.Platform.Data;

public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // The archive's search index is an FTS5 virtual table here, created by raw SQL in the
        // ArchiveSearch migration and written with SQL (ArchiveSearchIndex); EF does not model it.
        builder.Ignore<Renhe.Modules.Risk.Archive.ArchiveSearchEntry>();
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no timestamp type: EF would store DateTimeOffset as text that cannot be
        // compared or ordered in SQL. All instants are UTC (ADR 0001), so the binary form sorts correctly.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}
