using Renhe.Platform.Data;
using Renhe.Platform.Problems;

namespace Renhe.Modules.Commission.Plans;

/// A commission plan (提成方案) and whom it applies to: named people first, then positions, then
/// departments (the most specific assignment wins; ties go to the plan created first). Finance
/// and administrators edit plans; a version counts only once its approval (finance, then the owner,
/// with a second factor) has published it.
public sealed class CommissionPlan : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public List<Guid> EmployeeIds { get; set; } = [];
    public List<Guid> PositionIds { get; set; } = [];
    public List<Guid> DepartmentIds { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public List<CommissionPlanVersion> Versions { get; set; } = [];
    public Guid Version { get; private set; } = Guid.NewGuid();

    /// How closely the plan names a person: 3 by name, 2 by position, 1 by department, 0 not at all.
    public int Specificity(Guid employeeId, Guid? positionId, Guid departmentId) =>
        EmployeeIds.Contains(employeeId) ? 3
        : positionId is { } p && PositionIds.Contains(p) ? 2
        : DepartmentIds.Contains(departmentId) ? 1
        : 0;

    /// The published version in force on the first day of <paramref name="month"/>: it applies to the whole month.
    public CommissionPlanVersion? InForce(DateOnly month) =>
        Versions.Where(v => v.Status == PlanVersionStatus.Published && v.EffectiveMonth <= month)
            .MaxBy(v => v.EffectiveMonth);

    /// A new draft. Two versions of one plan may not share an effective month, unless the other one
    /// ended without being published.
    public CommissionPlanVersion AddDraft(DateOnly effectiveMonth, PlanRules rules, string? note, DateTimeOffset now)
    {
        rules.Validate();
        var month = new DateOnly(effectiveMonth.Year, effectiveMonth.Month, 1);
        if (Versions.Any(v => v.EffectiveMonth == month && v.Status is not (PlanVersionStatus.Rejected or PlanVersionStatus.Withdrawn)))
            throw new DomainException("Commission.Plan.VersionOverlaps") { Field = "effectiveMonth", StatusCode = StatusCodes.Status409Conflict };
        var version = new CommissionPlanVersion
        {
            PlanId = Id, Number = Versions.Count == 0 ? 1 : Versions.Max(v => v.Number) + 1,
            EffectiveMonth = month, Note = note, CreatedAt = now,
        };
        version.ChangeRules(rules, month);
        Versions.Add(version);
        return version;
    }
}

public enum PlanVersionStatus { Draft, InApproval, Published, Rejected, Withdrawn }

/// One version of a plan's rules, effective from a month. Rules change only while it is a draft;
/// publishing goes through the approval engine, and a published version is never edited again:
/// a change is a new version.
public sealed class CommissionPlanVersion : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PlanId { get; set; }
    public CommissionPlan? Plan { get; set; }
    /// 1, 2, 3 … within the plan.
    public int Number { get; set; }
    /// The first day of the month it takes effect.
    public DateOnly EffectiveMonth { get; set; }
    public PlanVersionStatus Status { get; private set; } = PlanVersionStatus.Draft;
    public string RulesJson { get; private set; } = "{}";
    public string? Note { get; set; }
    public Guid? ApprovalRequestId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; private set; }
    public Guid Version { get; private set; } = Guid.NewGuid();

    public PlanRules Rules => PlanRules.FromJson(RulesJson);

    public void ChangeRules(PlanRules rules, DateOnly effectiveMonth)
    {
        if (Status is not (PlanVersionStatus.Draft or PlanVersionStatus.Rejected or PlanVersionStatus.Withdrawn))
            throw new DomainException("Commission.Plan.NotDraft") { StatusCode = StatusCodes.Status409Conflict };
        rules.Validate();
        RulesJson = rules.ToJson();
        EffectiveMonth = new DateOnly(effectiveMonth.Year, effectiveMonth.Month, 1);
        Status = PlanVersionStatus.Draft;
    }

    public void Submit(Guid approvalRequestId)
    {
        if (Status is not (PlanVersionStatus.Draft or PlanVersionStatus.Rejected or PlanVersionStatus.Withdrawn))
            throw new DomainException("Commission.Plan.NotDraft") { StatusCode = StatusCodes.Status409Conflict };
        Status = PlanVersionStatus.InApproval;
        ApprovalRequestId = approvalRequestId;
    }

    /// The approval ended: published, or back to where it can be edited.
    public void Conclude(PlanVersionStatus outcome, DateTimeOffset now)
    {
        if (Status != PlanVersionStatus.InApproval)
            throw new DomainException("Commission.Plan.NotInApproval") { StatusCode = StatusCodes.Status409Conflict };
        Status = outcome;
        if (outcome == PlanVersionStatus.Published) PublishedAt = now;
    }
}

/// A salesperson's "I have read the plan that applies to me" for one version, kept like the
/// monitoring notice's acknowledgements.
public sealed class PlanAcknowledgement
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PlanVersionId { get; set; }
    public Guid EmployeeId { get; set; }
    public Guid? UserId { get; set; }
    public DateTimeOffset AcknowledgedAt { get; set; }
}
