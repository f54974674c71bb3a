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

/// A customer the navigator suggests working on, and why it is a likely one. An intent customer:
/// when they were last followed, their next step and its date, how long they have stood at 意向
/// against the person's usual intent → order cycle. A customer for a repurchase: days since their
/// last order against their usual interval between orders (their own, or the person's usual one).
/// <see cref="Why"/> says it in the reader's language; <see cref="Likelihood"/> orders the list.
public sealed record NavigatorCandidate(
    Guid CustomerId, string Name, bool ForRepurchase, DateTimeOffset? LastFollowUpAt, DateTimeOffset? LastOrderAt,
    DateOnly? NextStepDate, string? NextStep, int? DaysAtIntent, int? UsualCycleDays, int? DaysSinceOrder, int? UsualIntervalDays,
    bool HasPhone, double Likelihood, string Why);

public sealed record NavigatorStepView(
    GoalKind Kind, CommissionMeasure Measure, long Threshold, int RateBp, bool Reachable,
    int NewOrders, int Repurchases, int OtherOrders, long GainFen, string Text);

public sealed record NavigatorRiskView(GoalKind Kind, CommissionMeasure Measure, long Threshold, long LossFen, string Text);

/// 冲档导航 for an open month. <see cref="AverageOrderFen"/>: the person's average order over the
/// trailing 90 days, the value the hypothetical orders are priced at; when the person has no order
/// in those days, the team's (department's) average, and <see cref="AverageFromTeam"/> says so.
/// <see cref="AverageNote"/> is that sentence for the page.
public sealed record NavigatorView(
    long AverageOrderFen, IReadOnlyList<NavigatorStepView> Steps, IReadOnlyList<NavigatorRiskView> Risks,
    IReadOnlyList<NavigatorCandidate> Candidates)
{
    public bool AverageFromTeam { get; init; }
    public string AverageNote { get; init; } = "";
    /// The best next step's sentence (fewest orders among the reachable ones), null when none is reachable.
    public string? BestStep => Steps.Where(s => s.Reachable).OrderBy(s => s.NewOrders + s.Repurchases + s.OtherOrders).ThenByDescending(s => s.GainFen)
        .Select(s => s.Text).FirstOrDefault();
}

/// A customer behind a rate, for drilling into it.
public sealed record MeasureCustomer(Guid CustomerId, string Name);

/// The customers behind a person-month's rates: conversion's base D and those converted N,
/// repurchase's base B and those who bought again R.
public sealed record MeasureCustomersView(
    Guid EmployeeId, DateOnly Month,
    IReadOnlyList<MeasureCustomer> ConversionBase, IReadOnlyList<MeasureCustomer> Converted,
    IReadOnlyList<MeasureCustomer> RepurchaseBase, IReadOnlyList<MeasureCustomer> Repurchased);

/// One month of a person's commission over time: stored once closed, estimated while open.
public sealed record StatementMonth(DateOnly Month, bool Closed, long TotalFen, int OrderRateBp, long NetSalesFen);

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
