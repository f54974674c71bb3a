using Microsoft.Extensions.Localization;
using MudBlazor;
using Renhe.Modules.Risk.Scanning;
using Renhe.Platform.Localization;

namespace Renhe.Modules.Risk.Lexicon.Pages;

/// What the lexicon page and its dialog share: colours for severities.
internal static class LexiconUi
{
    public static Color SeverityColor(HitSeverity severity) => severity switch
    {
        HitSeverity.High => Color.Error,
        HitSeverity.Medium => Color.Warning,
        _ => Color.Default,
    };

    public static string CategoryLabel(this IStringLocalizer<Strings> l, string code) => l.Or("RiskCategory." + code, code);
}
