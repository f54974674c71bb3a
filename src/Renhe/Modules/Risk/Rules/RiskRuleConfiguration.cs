using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Risk.Rules;

internal sealed class RiskRuleConfiguration : IEntityTypeConfiguration<RiskRule>
{
    public void Configure(EntityTypeBuilder<RiskRule> b)
    {
        b.ToTable("risk_rule");
        b.Property(x => x.Code).HasMaxLength(FieldLimits.Code);
        b.Property(x => x.Name).HasMaxLength(FieldLimits.Name);
        b.Property(x => x.Template).HasConversion<string>().HasMaxLength(40);
        b.Property(x => x.Severity).HasConversion<string>().HasMaxLength(10);
        b.Property(x => x.SettingsJson).HasMaxLength(FieldLimits.Note);
        b.Property(x => x.ScopeJson).HasMaxLength(FieldLimits.Note);
        b.Property(x => x.UpdatedBy).HasMaxLength(FieldLimits.PersonName);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.Code).IsUnique();
        b.Ignore(x => x.Settings);
        b.Ignore(x => x.Scope);
        b.Ignore(x => x.Definition);
    }
}

internal sealed class RiskRuleRevisionConfiguration : IEntityTypeConfiguration<RiskRuleRevision>
{
    public void Configure(EntityTypeBuilder<RiskRuleRevision> b)
    {
        b.ToTable("risk_rule_revision");
        b.Property(x => x.By).HasMaxLength(FieldLimits.PersonName);
        b.Property(x => x.Changes).HasMaxLength(FieldLimits.Reason);
        b.Property(x => x.Snapshot).HasMaxLength(FieldLimits.Note);
        b.HasIndex(x => new { x.RuleId, x.Revision }).IsUnique();
        b.HasOne<RiskRule>().WithMany().HasForeignKey(x => x.RuleId).OnDelete(DeleteBehavior.Cascade);
    }
}
