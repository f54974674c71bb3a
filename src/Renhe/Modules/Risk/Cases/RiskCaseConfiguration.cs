using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Renhe.Modules.Risk.Archive;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Risk.Cases;

internal sealed class RiskCaseConfiguration : IEntityTypeConfiguration<RiskCase>
{
    public void Configure(EntityTypeBuilder<RiskCase> b)
    {
        b.ToTable("risk_case");
        b.Property(x => x.Number).HasMaxLength(20);
        b.HasIndex(x => x.Number).IsUnique();
        b.Property(x => x.Title).HasMaxLength(FieldLimits.Title);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Outcome).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.ClosingNote).HasMaxLength(FieldLimits.Note);
        b.Property(x => x.OpenedBy).HasMaxLength(256);
        b.Property(x => x.ClosedBy).HasMaxLength(256);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.Status);
        b.HasMany(x => x.Subjects).WithOne().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Investigators).WithOne().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Evidence).WithOne().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Events).WithOne().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RiskCaseSubjectConfiguration : IEntityTypeConfiguration<RiskCaseSubject>
{
    public void Configure(EntityTypeBuilder<RiskCaseSubject> b)
    {
        b.ToTable("risk_case_subject");
        b.HasIndex(x => new { x.CaseId, x.EmployeeId }).IsUnique();
        b.HasIndex(x => x.EmployeeId);
        b.HasOne(x => x.Employee).WithMany().HasForeignKey(x => x.EmployeeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<LegalHold>().WithMany().HasForeignKey(x => x.LegalHoldId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RiskCaseInvestigatorConfiguration : IEntityTypeConfiguration<RiskCaseInvestigator>
{
    public void Configure(EntityTypeBuilder<RiskCaseInvestigator> b)
    {
        b.ToTable("risk_case_investigator");
        b.HasIndex(x => new { x.CaseId, x.UserId }).IsUnique();
    }
}

internal sealed class RiskCaseEvidenceConfiguration : IEntityTypeConfiguration<RiskCaseEvidence>
{
    public void Configure(EntityTypeBuilder<RiskCaseEvidence> b)
    {
        b.ToTable("risk_case_evidence");
        b.Property(x => x.Kind).HasMaxLength(20);
        b.Property(x => x.Key).HasMaxLength(64);
        b.Property(x => x.AddedBy).HasMaxLength(256);
        b.HasIndex(x => new { x.CaseId, x.Kind, x.Key }).IsUnique();
        // The alert queue and the backtest look cases up by the alerts they hold.
        b.HasIndex(x => new { x.Kind, x.Key });
    }
}

internal sealed class RiskCaseEventConfiguration : IEntityTypeConfiguration<RiskCaseEvent>
{
    public void Configure(EntityTypeBuilder<RiskCaseEvent> b)
    {
        b.ToTable("risk_case_event");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Text).HasMaxLength(FieldLimits.Note);
        b.Property(x => x.By).HasMaxLength(256);
        b.HasIndex(x => new { x.CaseId, x.At });
    }
}
