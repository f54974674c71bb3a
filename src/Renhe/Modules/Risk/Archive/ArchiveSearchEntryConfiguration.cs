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
        // Bigrams compare byte by byte: under the database's locale (C.UTF-8 here, zh_CN elsewhere)
        // each comparison went through strcoll, a quarter of the server's work inserting a batch into
        // the GIN indexes (sorting each row's keys, merging the pending list). Equality, which is all
        // a search asks of a bigram, is the same in every deterministic collation (ADR 0008).
        b.Property(x => x.Tokens).UseCollation("C");
        b.HasIndex(x => x.Tokens).HasMethod("gin");
        // Newest first straight off an index: a frequent term's page is the first matches met
        // walking it (rows inserted in time order sit together on disk, so the walk reads few pages).
        b.HasIndex(x => new { x.At, x.Seq });
    }
}
