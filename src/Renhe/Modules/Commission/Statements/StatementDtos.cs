using Renhe.Modules.Commission.Plans;
using Renhe.Platform.Measures;

namespace Renhe.Modules.Commission.Statements;

public sealed record RateView(long Numerator, long Denominator, decimal? Percent, string Text)
{
    public static RateView Of(Rate r) => new(r.Numerator, r.Denominator, r.Percent, r.ToString());
}

public sealed record MeasuresView(long NetSalesFen, int Orders, RateView Conversion, RateView Repurchase, RateView Attainment, long? TargetFen)
{
    public static MeasuresView Of(PersonMeasures m) =>
        new(m.NetSalesFen, m.Orders, RateView.Of(m.Conversion), RateView.Of(m.Repurchase), RateView.Of(m.Attainment), m.TargetFen);
}

/// One line with its explanation in the reader's language. <see cref="Id"/> is set on closed statements.
public sealed record StatementLineView(
    Guid? Id, LineKind Kind, Guid? OrderId, string? OrderNumber, string? CustomerName,
    long BaseFen, int RateBp, long AmountFen, string Explanation, Guid? SourceId);

/// A customer the navigator suggests working on, and why it is a likely one.
public sealed record NavigatorCandidate(Guid CustomerId, string Name, bool ForRepurchase, DateTimeOffset? LastFollowUpAt, DateTimeOffset? LastOrderAt);

public sealed record NavigatorStepView(
    GoalKind Kind, CommissionMeasure Measure, long Threshold, int RateBp, bool Reachable,
    int NewOrders, int Repurchases, int OtherOrders, long GainFen, string Text);

public sealed record NavigatorRiskView(GoalKind Kind, CommissionMeasure Measure, long Threshold, long LossFen, string Text);

/// 冲档导航 for an open month. <see cref="AverageOrderFen"/>: the person's average order over the
/// trailing 90 days, the value the hypothetical orders are priced at (the page says so).
public sealed record NavigatorView(
    long AverageOrderFen, IReadOnlyList<NavigatorStepView> Steps, IReadOnlyList<NavigatorRiskView> Risks,
    IReadOnlyList<NavigatorCandidate> Candidates);

/// A person's statement for a month: live and estimated ("预计") while the month is open, the
/// stored one once it is closed.
public sealed record StatementView(
    Guid? Id, Guid EmployeeId, string Name, DateOnly Month, bool Closed, DateTimeOffset? ClosedAt,
    string? PlanName, int? PlanVersion, MeasuresView Measures, int TierIndex, int OrderRateBp, string RateReason,
    IReadOnlyList<StatementLineView> Lines, long TotalFen, NavigatorView? Navigator);

/// One person's row in a team's month.
public sealed record TeamStatementRow(
    Guid EmployeeId, string Name, string EmployeeNumber, MeasuresView Measures, int TierIndex, int OrderRateBp, long TotalFen,
    string? NextStep);

public sealed record TeamStatementView(DateOnly Month, bool Closed, IReadOnlyList<TeamStatementRow> Rows, long TotalFen);

/// What a closed statement keeps besides its lines, so its explanation reads the same later.
public sealed record StatementSnapshot(
    string PlanName, int PlanVersion, PlanRules Rules,
    long NetSalesFen, int Orders, long ConversionN, long ConversionD, long RepurchaseR, long RepurchaseB, long? TargetFen,
    int TierIndex, int TierRateBp, IReadOnlyList<int> AddOnsMet, int AddOnBp)
{
    public static StatementSnapshot Of(PersonMonth pm) => new(
        pm.Plan.PlanName, pm.Plan.VersionNumber, pm.Plan.Rules,
        pm.Measures.NetSalesFen, pm.Measures.Orders, pm.Measures.Conversion.Numerator, pm.Measures.Conversion.Denominator,
        pm.Measures.Repurchase.Numerator, pm.Measures.Repurchase.Denominator, pm.Measures.TargetFen,
        pm.Result.Decision.TierIndex, pm.Result.Decision.TierRateBp, pm.Result.Decision.AddOnsMet, pm.Result.Decision.AddOnBp);

    public PersonMeasures Measures => new(NetSalesFen, Orders, new Rate(ConversionN, ConversionD), new Rate(RepurchaseR, RepurchaseB),
        TargetFen is > 0 ? new Rate(NetSalesFen, TargetFen.Value) : default, TargetFen,
        PersonMeasures.None, PersonMeasures.None, PersonMeasures.None, PersonMeasures.None);

    public TierDecision Decision => new(TierIndex, TierRateBp, AddOnsMet, AddOnBp);
}
