using Microsoft.Extensions.Localization;
using Renhe.Modules.Commission.Statements;
using Renhe.Platform.Formatting;
using Renhe.Platform.Localization;

namespace Renhe.Modules.Commission.Plans;

/// A plan version's rules in words, one sentence a line ("转化率 ≥ 20% → 3%"), for the plan page,
/// the approval dialog and the salesperson's acknowledgement: people agree to what they can read.
public sealed class PlanText(IStringLocalizer<Strings> l)
{
    public IReadOnlyList<string> Lines(PlanRules r)
    {
        var lines = new List<string>();
        var measure = l[$"Commission.Measure.{r.TierMeasure}"].Value;
        if (r.Tiers.Count == 0)
            lines.Add(l["Commission.PlanText.Flat", StatementText.Percent(r.BaseRateBp)]);
        else
        {
            lines.Add(l["Commission.PlanText.Below", measure, StatementText.Threshold(r.TierMeasure, r.Tiers[0].Threshold), StatementText.Percent(r.BaseRateBp)]);
            for (var i = 0; i < r.Tiers.Count; i++)
            {
                var from = StatementText.Threshold(r.TierMeasure, r.Tiers[i].Threshold);
                lines.Add(r.Application == TierApplication.Marginal
                    ? l["Commission.PlanText.Band", measure, from, StatementText.Percent(r.Tiers[i].RateBp)]
                    : l["Commission.PlanText.Tier", measure, from, StatementText.Percent(r.Tiers[i].RateBp)]);
            }
            lines.Add(r.Application == TierApplication.Marginal ? l["Commission.PlanText.Marginal"] : l["Commission.PlanText.Retroactive"]);
        }
        foreach (var a in r.AddOns)
            lines.Add(l["Commission.PlanText.AddOn", l[$"Commission.Measure.{a.Measure}"].Value, StatementText.Threshold(a.Measure, a.Threshold), StatementText.Percent(a.RateBp)]);
        if (r.ManagerOverrideBp > 0) lines.Add(l["Commission.PlanText.Override", StatementText.Percent(r.ManagerOverrideBp)]);
        if (r.GuaranteeFen > 0) lines.Add(l["Commission.PlanText.Guarantee", r.GuaranteeMonths, MoneyFormat.Format(r.GuaranteeFen)]);
        if (r.CapFen is { } cap) lines.Add(l["Commission.PlanText.Cap", MoneyFormat.Format(cap)]);
        if (r.ConversionWindowDays is { } w) lines.Add(l["Commission.PlanText.ConversionWindow", w]);
        if (r.RepurchaseWindowDays != 180) lines.Add(l["Commission.PlanText.RepurchaseWindow", r.RepurchaseWindowDays]);
        return lines;
    }

    /// The lines joined into one, for a banner.
    public string Summary(PlanRules r) => string.Join(l["Commission.Explain.Separator"], Lines(r));
}
