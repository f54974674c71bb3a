using System.Globalization;
using Microsoft.Extensions.Localization;
using Renhe.Modules.Risk.Rules;
using Renhe.Platform.Formatting;
using Renhe.Platform.Localization;
using Renhe.Platform.Time;
using Renhe.Platform.Ui;

namespace Renhe.Modules.Risk.Alerts;

/// An alert in words, in the reader's language, from its stored numbers: what was seen, against
/// what baseline and threshold, over which window, and whether leaving changed the threshold.
public static class AlertText
{
    public static IReadOnlyList<string> Explain(AlertFacts f, DateTimeOffset windowStart, DateTimeOffset windowEnd, TimeZoneInfo zone,
        IStringLocalizer<Strings> l)
    {
        static string N(decimal value) => value.ToString("0.##", CultureInfo.CurrentCulture);
        var lines = new List<string>();
        switch (f.Template)
        {
            case RuleTemplate.NonOwnedFollowUps:
                lines.Add(l["Risk.Explain.NonOwnedFollowUps", f.WindowDays, N(f.Observed), N(f.Threshold)]);
                break;
            case RuleTemplate.NoFollowUpDays:
                lines.Add(l["Risk.Explain.NoFollowUpDays", N(f.Observed), N(f.Threshold)]);
                break;
            case RuleTemplate.LargeOrder:
                var times = f.Baseline is > 0 ? f.Observed / f.Baseline.Value : 0;
                lines.Add(l["Risk.Explain.LargeOrder", MoneyFormat.Format((long)f.Observed), f.BaselineDays, f.BaselineOf ?? 0,
                    MoneyFormat.Format((long)(f.Baseline ?? 0)), times.ToString("0.0", CultureInfo.CurrentCulture), N(f.RuleThreshold)]);
                break;
            case RuleTemplate.KeywordHits:
                lines.Add(l["Risk.Explain.KeywordHits", f.WindowDays, N(f.Observed), N(f.Threshold)]);
                break;
            case RuleTemplate.RecallsAndDeletions:
                lines.Add(l["Risk.Explain.RecallsAndDeletions", f.WindowDays, N(f.Observed), N(f.Baseline ?? 0), f.BaselineDays, N(f.Threshold)]);
                break;
            case RuleTemplate.AccessSpike:
                lines.Add(l["Risk.Explain.AccessSpike", f.WindowDays, N(f.Observed), N(f.Baseline ?? 0), f.BaselineDays, N(f.Threshold)]);
                break;
            case RuleTemplate.ConversionDrop:
                lines.Add(l["Risk.Explain.ConversionDrop", N(f.Observed), f.Of ?? 0, N(f.Baseline ?? 0), f.BaselineOf ?? 0,
                    N(f.RuleThreshold), N(f.Threshold)]);
                break;
            case RuleTemplate.HighConversionLowRepurchase:
                lines.Add(l["Risk.Explain.HighConversionLowRepurchase", N(f.Observed), f.Of ?? 0, N(f.Threshold),
                    N(f.Second ?? 0), f.SecondOf ?? 0, N(f.SecondThreshold ?? 0)]);
                break;
            case RuleTemplate.Custom:
                lines.Add(l["Risk.Explain.Custom", f.Expression ?? ""]);
                if (f.Variables is { Count: > 0 } variables)
                    lines.Add(string.Join("，", variables.Select(v => v.Key + " = " +
                        (double.IsNaN(v.Value) ? "—" : v.Value.ToString("0.##", CultureInfo.CurrentCulture)))));
                break;
        }
        lines.Add(l["Risk.Explain.Window", BranchCalendar.DayOf(windowStart, zone).Show(),
            BranchCalendar.DayOf(windowEnd.AddTicks(-1), zone).Show()]);
        if (f.Leaving && f.LeavingFactor != 1) lines.Add(l["Risk.Explain.LeavingThreshold", N(f.LeavingFactor)]);
        if (f.SeverityRaised) lines.Add(l["Risk.Explain.LeavingSeverity"]);
        if (f.Leaving && f.LeavingFactor == 1 && !f.SeverityRaised) lines.Add(l["Risk.Explain.Leaving"]);
        return lines;
    }
}
