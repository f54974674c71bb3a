using Microsoft.Extensions.Localization;
using MudBlazor;
using Renhe.Platform.Formatting;
using Renhe.Platform.Localization;

namespace Renhe.Modules.Commission.Plans.Pages;

/// What only the plan pages share: whom a plan applies to in one line, a version's status as a
/// chip, and the simulator's result in one sentence.
public static class PlanUi
{
    public static string AppliesTo(IStringLocalizer<Strings> l, PlanView p)
    {
        var parts = new List<string>();
        if (p.Departments.Count > 0) parts.Add(l["Commission.PlanPage.Departments", string.Join("、", p.Departments.Select(d => d.Name))]);
        if (p.Positions.Count > 0) parts.Add(l["Commission.PlanPage.Positions", string.Join("、", p.Positions.Select(d => d.Name))]);
        if (p.Employees.Count > 0) parts.Add(l["Commission.PlanPage.People", string.Join("、", p.Employees.Select(d => d.Name))]);
        return parts.Count == 0 ? l["Commission.PlanPage.NoOne"] : string.Join(l["Commission.Explain.Separator"], parts);
    }

    public static string Status(IStringLocalizer<Strings> l, PlanVersionStatus s) => l[$"Commission.PlanStatus.{s}"];

    public static Color StatusColor(PlanVersionStatus s) => s switch
    {
        PlanVersionStatus.Published => Color.Success,
        PlanVersionStatus.InApproval => Color.Info,
        PlanVersionStatus.Rejected => Color.Error,
        _ => Color.Default,
    };

    public static string SimulationSummary(IStringLocalizer<Strings> l, PlanSimulation s) =>
        l["Commission.Simulation.Summary", s.From.ToString("yyyy-MM"), s.To.ToString("yyyy-MM"), s.People.Count,
            MoneyFormat.Format(s.DraftFen), MoneyFormat.Format(s.CurrentFen),
            (s.DiffFen > 0 ? "+" : "") + MoneyFormat.Format(s.DiffFen), s.Gainers.Count, s.Losers.Count];
}
