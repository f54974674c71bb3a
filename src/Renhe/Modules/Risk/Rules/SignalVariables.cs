using Renhe.Modules.Risk.Scanning;
using Renhe.Platform.Formatting;
using Renhe.Platform.Signals;

namespace Renhe.Modules.Risk.Rules;

/// The window a variable is read over: the rule's window ending at the evaluation time, and the
/// baseline period before that window.
public readonly record struct EvaluationWindow(DateTimeOffset At, int WindowDays, int BaselineDays)
{
    public DateTimeOffset Start => At.AddDays(-WindowDays);
    public DateTimeOffset BaselineStart => Start.AddDays(-BaselineDays);
}

/// A name a custom expression may use. Counts are over the rule's window; "…Baseline" is the
/// person's own count over the baseline period scaled to one window; rates are percentages (NaN
/// when the base is empty, so every comparison with them is false); flags are true or false.
public sealed record SignalVariable(string Name, IReadOnlyList<string> Triggers, bool IsFlag,
    Func<PersonSignals, EvaluationWindow, double> Read);

public static class SignalVariables
{
    public static readonly IReadOnlyList<SignalVariable> All = Build();

    public static readonly IReadOnlyDictionary<string, SignalVariable> ByName = All.ToDictionary(v => v.Name, StringComparer.Ordinal);

    private static List<SignalVariable> Build()
    {
        var list = new List<SignalVariable>();
        void Count(string name, string kind, string? category = null)
        {
            SignalSeries Of(PersonSignals p) => category is null ? p.Series(kind) : p.Series(kind, category);
            list.Add(new SignalVariable(name, [kind], false, (p, w) => Of(p).Count(w.Start, w.At)));
            list.Add(new SignalVariable(name + "Baseline", [kind], false,
                (p, w) => w.BaselineDays <= 0 ? 0 : Of(p).Count(w.BaselineStart, w.Start) * (double)w.WindowDays / w.BaselineDays));
        }

        Count("followUpsOwn", SignalKinds.FollowUpOwn);
        Count("followUpsOther", SignalKinds.FollowUpOther);
        Count("orders", SignalKinds.OrderEffective);
        Count("ordersIncomplete", SignalKinds.OrderEffective, SignalKinds.IncompleteCustomer);
        list.Add(new SignalVariable("orderAmountYuan", [SignalKinds.OrderEffective], false,
            (p, w) => MoneyFormat.ToChartYuan(p.Series(SignalKinds.OrderEffective).Sum(w.Start, w.At))));
        Count("keywordHits", SignalKinds.KeywordHit);
        foreach (var category in new[]
                 {
                     LexiconCategories.PrivateDeal, LexiconCategories.PersonalPayment, LexiconCategories.RivalPlatform,
                     LexiconCategories.ContactPoaching, LexiconCategories.Abuse,
                 })
            Count("hits_" + category, SignalKinds.KeywordHit, category);
        Count("recalls", SignalKinds.MessageRecall);
        Count("deletionsByEmployee", SignalKinds.CustomerDeleted, SignalKinds.ByEmployee);
        Count("deletionsByCustomer", SignalKinds.CustomerDeleted, SignalKinds.ByCustomer);
        Count("customerViews", SignalKinds.CustomerView);
        Count("phoneReveals", SignalKinds.PhoneReveal);
        Count("exports", SignalKinds.ExportRequest);

        void Measure(string name, string kind, bool percent)
        {
            list.Add(new SignalVariable(name, [SignalKinds.Repurchase], false, (p, w) =>
                p.Series(kind).Latest(w.At) is { } s
                    ? percent ? (s.Of > 0 ? s.Value * 100.0 / s.Of : double.NaN) : s.Of
                    : double.NaN));
        }
        Measure("conversion", SignalKinds.Conversion, true);
        Measure("conversionBase", SignalKinds.Conversion, false);
        Measure("conversionBaseline", SignalKinds.ConversionBaseline, true);
        Measure("repurchase", SignalKinds.Repurchase, true);
        Measure("repurchaseBase", SignalKinds.Repurchase, false);

        list.Add(new SignalVariable("leaving", [], true, (p, w) => p.IsLeaving(w.At) ? 1 : 0));
        list.Add(new SignalVariable("onProbation", [], true, (p, w) => p.OnProbation(w.At) ? 1 : 0));
        list.Add(new SignalVariable("daysToLastWorkingDay", [], false, (p, w) =>
            p.LastWorkingDay is { } last ? last.DayNumber - p.DayOf(w.At).DayNumber : double.NaN));
        return list;
    }
}
