using Microsoft.Extensions.Localization;
using Renhe.Modules.Commission.Plans;
using Renhe.Platform.Formatting;
using Renhe.Platform.Localization;
using Renhe.Platform.Measures;

namespace Renhe.Modules.Commission.Statements;

/// The words of a statement in the reader's language: why the rate is what it is
/// ("转化率 25.0 % (5/20) ≥ 25 % → 4 %；复购率 31.0 % (9/29) ≥ 30 % → +1 %"), what each line is,
/// and the navigator's sentences. Pages and the API say the same thing.
public sealed class StatementText(IStringLocalizer<Strings> l)
{
    public string MeasureName(CommissionMeasure m) => l[$"Commission.Measure.{m}"];

    /// A measure's value as the plan compares it: a rate with its numerator and denominator, or an amount.
    public static string Value(PersonMeasures m, CommissionMeasure measure) => measure switch
    {
        CommissionMeasure.Conversion => m.Conversion.ToString(),
        CommissionMeasure.Repurchase => m.Repurchase.ToString(),
        CommissionMeasure.Attainment => m.Attainment.ToString(),
        _ => MoneyFormat.Format(m.NetSalesFen),
    };

    public static string Threshold(CommissionMeasure measure, long threshold) =>
        PlanRules.IsRate(measure) ? $"{Rate.PercentOf(threshold)} %" : MoneyFormat.Format(threshold);

    public static string Percent(int bp) => $"{Rate.PercentOf(bp)} %";

    /// Why the order rate is what it is: the tier reached (or the first tier missed) and each add-on met.
    public string RateReason(PlanRules rules, PersonMeasures m, TierDecision d)
    {
        var parts = new List<string>();
        var name = MeasureName(rules.TierMeasure);
        var value = Value(m, rules.TierMeasure);
        if (d.TierIndex >= 0)
            parts.Add(l["Commission.Explain.Tier", name, value, Threshold(rules.TierMeasure, rules.Tiers[d.TierIndex].Threshold), Percent(d.TierRateBp)]);
        else if (rules.Tiers.Count > 0)
            parts.Add(l["Commission.Explain.Base", name, value, Threshold(rules.TierMeasure, rules.Tiers[0].Threshold), Percent(d.TierRateBp)]);
        else
            parts.Add(l["Commission.Explain.Flat", Percent(d.TierRateBp)]);
        foreach (var i in d.AddOnsMet)
        {
            var a = rules.AddOns[i];
            parts.Add(l["Commission.Explain.AddOn", MeasureName(a.Measure), Value(m, a.Measure), Threshold(a.Measure, a.Threshold), Percent(a.RateBp)]);
        }
        return string.Join(l["Commission.Explain.Separator"], parts);
    }

    /// One line's explanation: an order at its rate and why, a clawback naming the month it reverses, …
    public string Line(CommissionLine line, string rateReason) => line.Kind switch
    {
        LineKind.Order when line.Band is { } band => l["Commission.Line.OrderBand", MoneyFormat.Format(line.BaseFen), Percent(line.RateBp), band < 0 ? l["Commission.Line.BaseBand"] : l["Commission.Line.TierBand", band + 1]],
        LineKind.Order => l["Commission.Line.Order", MoneyFormat.Format(line.BaseFen), Percent(line.RateBp), rateReason],
        LineKind.Clawback => l["Commission.Line.Clawback", MoneyFormat.Format(-line.BaseFen), Percent(line.RateBp), line.Note ?? ""],
        LineKind.Override => l["Commission.Line.Override", MoneyFormat.Format(line.BaseFen), Percent(line.RateBp)],
        LineKind.Cap => l["Commission.Line.Cap", MoneyFormat.Format(line.BaseFen + line.AmountFen)],
        LineKind.Guarantee => l["Commission.Line.Guarantee", MoneyFormat.Format(line.BaseFen + line.AmountFen), MoneyFormat.Format(line.BaseFen)],
        LineKind.Adjustment => l["Commission.Line.Adjustment", line.Note ?? ""],
        _ => "",
    };

    /// "再完成 2 单（来自意向客户）转化率即达 25 %，提成多拿 ¥1,000.00" and its kin.
    public string Step(NavigatorStep s)
    {
        var goal = l["Commission.Nav.Goal", MeasureName(s.Measure), Threshold(s.Measure, s.Threshold)];
        if (!s.Reachable) return l["Commission.Nav.Unreachable", goal];
        var how = s.NewOrders > 0 ? l["Commission.Nav.NewOrders", s.NewOrders]
            : s.Repurchases > 0 ? l["Commission.Nav.Repurchases", s.Repurchases]
            : l["Commission.Nav.Orders", s.OtherOrders];
        return l["Commission.Nav.Step", how, goal, MoneyFormat.Format(s.GainFen)];
    }

    public string Risk(NavigatorRisk r) =>
        l["Commission.Nav.Risk", l["Commission.Nav.Goal", MeasureName(r.Measure), Threshold(r.Measure, r.Threshold)], MoneyFormat.Format(r.LossFen)];

    /// What the navigator's hypothetical orders are priced at, and where that figure comes from.
    public string AverageNote(long averageFen, bool fromTeam, int days) =>
        averageFen <= 0 ? l["Commission.Nav.NoAverage", days]
        : fromTeam ? l["Commission.Nav.TeamAverage", days, MoneyFormat.Format(averageFen)]
        : l["Commission.Nav.OwnAverage", days, MoneyFormat.Format(averageFen)];

    /// Why an intent customer is a likely one: last follow-up, the next step and its date, days at 意向 against the usual cycle.
    public string IntentWhy(DateTimeOffset? lastFollowUp, DateTimeOffset now, DateOnly? nextDate, string? nextStep, int? daysAtIntent, int? cycleDays)
    {
        var parts = new List<string>();
        parts.Add(lastFollowUp is { } last ? l["Commission.Why.LastFollowUp", Math.Max(0, (int)(now - last).TotalDays)] : l["Commission.Why.NeverFollowed"]);
        if (nextDate is { } d) parts.Add(l["Commission.Why.NextStep", d.ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture), nextStep ?? ""]);
        if (daysAtIntent is { } a)
            parts.Add(cycleDays is { } c ? l["Commission.Why.AtIntentCycle", a, c] : l["Commission.Why.AtIntent", a]);
        return string.Join(l["Commission.Explain.Separator"], parts);
    }

    /// Why a customer is likely to buy again: days since their last order against their usual interval.
    public string RepurchaseWhy(int daysSinceOrder, int usualDays) => l["Commission.Why.SinceOrder", daysSinceOrder, usualDays];
}
