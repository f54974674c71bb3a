using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Risk.Archive;
using Renhe.Modules.Risk.Lexicon;
using Renhe.Modules.Risk.Monitoring;
using Renhe.Modules.Risk.Scanning;

namespace Renhe.Modules.Risk;

internal static class RiskModel
{
    /// PostgreSQL's search index (ADR 0008). Only the PostgreSQL model has it: SQLite's index is
    /// an FTS5 virtual table that EF does not model (created by the ArchiveSearch migration).
    public static void ConfigurePostgresSearchIndex(ModelBuilder builder) =>
        builder.Entity<ArchiveSearchEntry>(b =>
        {
            b.ToTable("risk_archive_search");
            b.HasKey(x => x.Seq);
            b.Property(x => x.Seq).ValueGeneratedNever();
            b.HasIndex(x => x.Tokens).HasMethod("gin");
            // Newest first straight off an index: a frequent term's page is the first matches met
            // walking it (rows inserted in time order sit together on disk, so the walk reads few pages).
            b.HasIndex(x => new { x.At, x.Seq });
        });

    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<ArchivedRecord>(b =>
        {
            b.ToTable("risk_archived_record");
            b.HasKey(x => x.Seq);
            b.Property(x => x.Seq).ValueGeneratedNever();
            b.Property(x => x.Class).HasConversion<string>().HasMaxLength(20);
            b.Property(x => x.Channel).HasMaxLength(32);
            b.Property(x => x.SourceId).HasMaxLength(200);
            b.Property(x => x.SenderRaw).HasMaxLength(200);
            b.Property(x => x.CounterpartExternalId).HasMaxLength(100);
            b.Property(x => x.CounterpartPhone).HasMaxLength(30);
            b.Property(x => x.CounterpartRaw).HasMaxLength(200);
            b.Property(x => x.MsgType).HasMaxLength(40);
            b.Property(x => x.Action).HasMaxLength(20);
            b.Property(x => x.ReferencedSourceId).HasMaxLength(200);
            b.Property(x => x.Hash).HasMaxLength(32);
            b.Property(x => x.PreviousHash).HasMaxLength(32);
            b.HasIndex(x => new { x.Channel, x.SourceId }).IsUnique();
            b.HasIndex(x => new { x.EmployeeId, x.At });
            b.HasIndex(x => x.At);
        });
        builder.Entity<ScanHitRecord>(b =>
        {
            b.ToTable("risk_scan_hit");
            b.Property(x => x.Category).HasMaxLength(40);
            b.Property(x => x.Word).HasMaxLength(100);
            b.Property(x => x.Severity).HasConversion<string>().HasMaxLength(20);
            b.HasIndex(x => x.Seq);
            b.HasIndex(x => x.Category);
        });
        builder.Entity<ArchiveHead>(b =>
        {
            b.ToTable("risk_archive_head");
            b.Property(x => x.Id).ValueGeneratedNever();
            b.Property(x => x.LastHash).HasMaxLength(32);
        });
        builder.Entity<ArchiveDigestRecord>(b =>
        {
            b.ToTable("risk_archive_digest");
            b.HasKey(x => x.Day);
            b.Property(x => x.HeadHash).HasMaxLength(32);
            b.Property(x => x.Signature).HasMaxLength(128);
            b.Property(x => x.KeyId).HasMaxLength(40);
        });
        builder.Entity<ArchivePurge>(b =>
        {
            b.ToTable("risk_archive_purge");
            b.Property(x => x.LastPurgedHash).HasMaxLength(32);
            b.Property(x => x.PurgedBy).HasMaxLength(256);
            b.Property(x => x.Reason).HasMaxLength(500);
            b.HasIndex(x => x.FirstSeq).IsUnique();
        });
        builder.Entity<SensitiveWord>(b =>
        {
            b.ToTable("risk_sensitive_word");
            b.Property(x => x.Word).HasMaxLength(100);
            b.Property(x => x.Category).HasMaxLength(40);
            b.Property(x => x.Severity).HasConversion<string>().HasMaxLength(20);
            b.Property(x => x.Note).HasMaxLength(500);
            b.Property(x => x.CreatedBy).HasMaxLength(256);
            b.Property(x => x.Version).IsConcurrencyToken();
            b.HasIndex(x => x.Word).IsUnique();
            b.HasIndex(x => x.Category);
        });
        builder.Entity<MonitoringNotice>(b =>
        {
            b.ToTable("risk_monitoring_notice");
            b.Property(x => x.Title).HasMaxLength(200);
            b.Property(x => x.Text).HasMaxLength(20000);
            b.Property(x => x.PublishedBy).HasMaxLength(256);
            b.HasIndex(x => x.Version).IsUnique();
        });
        builder.Entity<MonitoringAcknowledgement>(b =>
        {
            b.ToTable("risk_monitoring_ack");
            b.HasIndex(x => new { x.EmployeeId, x.NoticeVersion }).IsUnique();
            b.HasOne<Renhe.Modules.Org.Employees.Employee>().WithMany().HasForeignKey(x => x.EmployeeId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<LegalHold>(b =>
        {
            b.ToTable("risk_legal_hold");
            b.Property(x => x.Counterpart).HasMaxLength(200);
            b.Property(x => x.Reason).HasMaxLength(500);
            b.Property(x => x.OpenedBy).HasMaxLength(256);
            b.Property(x => x.ClosedBy).HasMaxLength(256);
        });
    }
}
