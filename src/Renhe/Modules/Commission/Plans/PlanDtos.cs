using System.ComponentModel.DataAnnotations;
using Renhe.Platform.Measures;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Commission.Plans;

// Rates, thresholds and amounts are bounded only against the absurd here: PlanRules.Validate says
// what a plan may hold in the editor's words ("提成比例须在 0% 到 100% 之间") and names the field.

public sealed record PlanTierInput(
    [property: Range(-FieldLimits.AmountFen, FieldLimits.AmountFen), Display(Name = "Commission.Plan.Field.Threshold")] long Threshold,
    [property: Range(-10 * Rate.Whole, 10 * Rate.Whole), Display(Name = "Commission.Plan.Field.RateBp")] int RateBp);

public sealed record PlanAddOnInput(
    [property: Display(Name = "Commission.Plan.Field.Measure")] CommissionMeasure Measure,
    [property: Range(-FieldLimits.AmountFen, FieldLimits.AmountFen), Display(Name = "Commission.Plan.Field.Threshold")] long Threshold,
    [property: Range(-10 * Rate.Whole, 10 * Rate.Whole), Display(Name = "Commission.Plan.Field.RateBp")] int RateBp);

/// A version's rules as the editor and the API send them; <see cref="ToRules"/> gives the
/// <see cref="PlanRules"/> the kernel reads. Rates in basis points (300 = 3 %), amounts in fen.
public sealed record PlanRulesInput
{
    [Range(-10 * Rate.Whole, 10 * Rate.Whole), Display(Name = "Commission.Plan.Field.BaseRateBp")] public int BaseRateBp { get; init; }
    [Display(Name = "Commission.Plan.Field.TierMeasure")] public CommissionMeasure TierMeasure { get; init; } = CommissionMeasure.Conversion;
    [MaxLength(PlanRules.MaxTiers), Display(Name = "Commission.Plan.Field.Tiers")] public List<PlanTierInput>? Tiers { get; init; }
    [Display(Name = "Commission.Plan.Field.Application")] public TierApplication Application { get; init; } = TierApplication.Retroactive;
    [MaxLength(PlanRules.MaxAddOns), Display(Name = "Commission.Plan.Field.AddOns")] public List<PlanAddOnInput>? AddOns { get; init; }
    [Range(-10 * Rate.Whole, 10 * Rate.Whole), Display(Name = "Commission.Plan.Field.ManagerOverrideBp")] public int ManagerOverrideBp { get; init; }
    [Range(-FieldLimits.AmountFen, FieldLimits.AmountFen), Display(Name = "Commission.Plan.Field.GuaranteeFen")] public long GuaranteeFen { get; init; }
    [Range(0, PlanRules.MaxGuaranteeMonths), Display(Name = "Commission.Plan.Field.GuaranteeMonths")] public int GuaranteeMonths { get; init; }
    [Range(-FieldLimits.AmountFen, FieldLimits.AmountFen), Display(Name = "Commission.Plan.Field.CapFen")] public long? CapFen { get; init; }
    [Range(1, PlanRules.MaxWindowDays), Display(Name = "Commission.Plan.Field.ConversionWindowDays")] public int? ConversionWindowDays { get; init; }
    [Range(1, PlanRules.MaxWindowDays), Display(Name = "Commission.Plan.Field.RepurchaseWindowDays")] public int? RepurchaseWindowDays { get; init; }

    public PlanRules ToRules() => new()
    {
        BaseRateBp = BaseRateBp, TierMeasure = TierMeasure, Application = Application,
        Tiers = (Tiers ?? []).Select(t => new PlanTier(t.Threshold, t.RateBp)).ToList(),
        AddOns = (AddOns ?? []).Select(a => new PlanAddOn(a.Measure, a.Threshold, a.RateBp)).ToList(),
        ManagerOverrideBp = ManagerOverrideBp, GuaranteeFen = GuaranteeFen, GuaranteeMonths = GuaranteeMonths, CapFen = CapFen,
        ConversionWindowDays = ConversionWindowDays, RepurchaseWindowDays = RepurchaseWindowDays ?? 180,
    };

    public static PlanRulesInput From(PlanRules r) => new()
    {
        BaseRateBp = r.BaseRateBp, TierMeasure = r.TierMeasure, Application = r.Application,
        Tiers = r.Tiers.Select(t => new PlanTierInput(t.Threshold, t.RateBp)).ToList(),
        AddOns = r.AddOns.Select(a => new PlanAddOnInput(a.Measure, a.Threshold, a.RateBp)).ToList(),
        ManagerOverrideBp = r.ManagerOverrideBp, GuaranteeFen = r.GuaranteeFen, GuaranteeMonths = r.GuaranteeMonths, CapFen = r.CapFen,
        ConversionWindowDays = r.ConversionWindowDays, RepurchaseWindowDays = r.RepurchaseWindowDays,
    };
}

/// A new plan: its name (unique) and whom it applies to.
public sealed record PlanInput(
    [property: Required, MaxLength(FieldLimits.Name), Display(Name = "Commission.Plan.Field.Name")] string? Name,
    [property: MaxLength(FieldLimits.Note), MultilineText, Display(Name = "Commission.Plan.Field.Description")] string? Description,
    [property: MaxLength(FieldLimits.BatchItems), Display(Name = "Commission.Plan.Field.EmployeeIds")] List<Guid>? EmployeeIds,
    [property: MaxLength(FieldLimits.BatchItems), Display(Name = "Commission.Plan.Field.PositionIds")] List<Guid>? PositionIds,
    [property: MaxLength(FieldLimits.BatchItems), Display(Name = "Commission.Plan.Field.DepartmentIds")] List<Guid>? DepartmentIds);

/// Whom a plan applies to, with the plan's version the editor saw.
public sealed record PlanScopeInput(
    [property: MaxLength(FieldLimits.BatchItems), Display(Name = "Commission.Plan.Field.EmployeeIds")] List<Guid>? EmployeeIds,
    [property: MaxLength(FieldLimits.BatchItems), Display(Name = "Commission.Plan.Field.PositionIds")] List<Guid>? PositionIds,
    [property: MaxLength(FieldLimits.BatchItems), Display(Name = "Commission.Plan.Field.DepartmentIds")] List<Guid>? DepartmentIds,
    [property: Required, Display(Name = "Commission.Plan.Field.Version")] Guid? Version);

/// A draft version: the month it takes effect (yyyy-MM), its rules and a note.
public sealed record PlanVersionInput(
    [property: Required, MaxLength(10), Display(Name = "Commission.Plan.Field.EffectiveMonth")] string? EffectiveMonth,
    [property: Required, Display(Name = "Commission.Plan.Field.Rules")] PlanRulesInput? Rules,
    [property: MaxLength(FieldLimits.Note), MultilineText, Display(Name = "Commission.Plan.Field.Note")] string? Note,
    /// The version's row version the editor saw (for an edit; ignored when adding).
    [property: Display(Name = "Commission.Plan.Field.Version")] Guid? Version = null);

/// Sending a draft for publication: the row version the sender saw.
public sealed record PlanSendInput([property: Required, Display(Name = "Commission.Plan.Field.Version")] Guid? Version);

/// "I have read the plan that applies to me": the version the person read.
public sealed record PlanAcknowledgeInput([property: Required, Display(Name = "Commission.Plan.Field.VersionId")] Guid? VersionId);

public sealed record NamedRef(Guid Id, string Name);

public sealed record PlanVersionView(
    Guid Id, int Number, DateOnly EffectiveMonth, PlanVersionStatus Status, PlanRules Rules, IReadOnlyList<string> RulesText,
    string? Note, DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt, Guid? ApprovalRequestId, bool InForce, Guid Version);

public sealed record PlanView(
    Guid Id, string Name, string? Description,
    IReadOnlyList<NamedRef> Departments, IReadOnlyList<NamedRef> Positions, IReadOnlyList<NamedRef> Employees,
    IReadOnlyList<PlanVersionView> Versions, DateTimeOffset CreatedAt, Guid Version);

/// The published version that applies to the caller this month, and whether they acknowledged it.
public sealed record MyPlanView(
    Guid PlanId, string PlanName, Guid VersionId, int VersionNumber, DateOnly EffectiveMonth, IReadOnlyList<string> RulesText,
    string RulesSummary, bool Acknowledged, DateTimeOffset? AcknowledgedAt);

/// What the performance panel shows as a banner until the person acknowledges the version.
public sealed record PendingPlanAcknowledgement(string PlanName, int VersionNumber, Guid VersionId, DateOnly EffectiveMonth, string RulesSummary);

public sealed record PlanAcknowledgementRow(Guid EmployeeId, string EmployeeNumber, string Name, string Department, bool Acknowledged, DateTimeOffset? AcknowledgedAt);

public sealed record PlanAcknowledgementStatus(Guid VersionId, int VersionNumber, DateOnly Month, int Total, int AcknowledgedCount, IReadOnlyList<PlanAcknowledgementRow> Items);
