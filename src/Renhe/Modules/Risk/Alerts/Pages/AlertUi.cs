using MudBlazor;
using Renhe.Modules.Risk.Rules;

namespace Renhe.Modules.Risk.Alerts.Pages;

public static class AlertUi
{
    public static Color SeverityColor(RiskSeverity severity) => severity switch
    {
        RiskSeverity.High => Color.Error,
        RiskSeverity.Medium => Color.Warning,
        _ => Color.Default,
    };

    public static Color StatusColor(AlertStatus status) => status switch
    {
        AlertStatus.Open => Color.Info,
        AlertStatus.Escalated => Color.Error,
        _ => Color.Default,
    };
}
