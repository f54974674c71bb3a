using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Risk.Rules;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Risk.Alerts;

internal sealed class RiskAlertConfiguration : IEntityTypeConfiguration<RiskAlert>
{
    public void Configure(EntityTypeBuilder<RiskAlert> b)
    {
        b.ToTable("risk_alert");
        b.Property(x => x.Severity).HasConversion<string>().HasMaxLength(10);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.DismissReason).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.FactsJson).HasMaxLength(FieldLimits.Note);
        b.Property(x => x.RecordsJson).HasMaxLength(FieldLimits.LongText);
        b.Property(x => x.TriageNote).HasMaxLength(FieldLimits.Reason);
        b.Property(x => x.TriagedBy).HasMaxLength(FieldLimits.PersonName);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.RuleId, x.EmployeeId, x.WindowStart }).IsUnique();
        b.HasIndex(x => new { x.Status, x.RaisedAt });
        b.HasIndex(x => new { x.EmployeeId, x.RaisedAt });
        b.HasOne<RiskRule>().WithMany().HasForeignKey(x => x.RuleId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Employee).WithMany().HasForeignKey(x => x.EmployeeId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(x => x.Facts);
        b.Ignore(x => x.Records);
    }
}

/// The state of the online pass: up to when signals have been evaluated. One row.
public sealed class RiskEvaluationMark
{
    public int Id { get; set; } = 1;
    public DateTimeOffset EvaluatedTo { get; set; }
}

internal sealed class RiskEvaluationMarkConfiguration : IEntityTypeConfiguration<RiskEvaluationMark>
{
    public void Configure(EntityTypeBuilder<RiskEvaluationMark> b)
    {
        b.ToTable("risk_evaluation_mark");
        b.Property(x => x.Id).ValueGeneratedNever();
    }
}
