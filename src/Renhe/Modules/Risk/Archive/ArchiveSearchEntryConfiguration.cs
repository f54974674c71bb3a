using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Renhe.Modules.Risk.Archive;

/// PostgreSQL's search index (ADR 0008). Only the PostgreSQL model has it, so PostgresAppDbContext
/// applies this and RiskModule.ConfigureModel does not: SQLite's index is an FTS5 virtual table
/// that EF does not model (created by the Initial migration).
internal sealed class ArchiveSearchEntryConfiguration : IEntityTypeConfiguration<ArchiveSearchEntry>
{
    public void Configure(EntityTypeBuilder<ArchiveSearchEntry> b)
    {
        b.ToTable("risk_archive_search");
        b.HasKey(x => x.Seq);
        b.Property(x => x.Seq).ValueGeneratedNever();
        b.HasIndex(x => x.Tokens).HasMethod("gin");
        // Newest first straight off an index: a frequent term's page is the first matches met
        // walking it (rows inserted in time order sit together on disk, so the walk reads few pages).
        b.HasIndex(x => new { x.At, x.Seq });
    }
}
