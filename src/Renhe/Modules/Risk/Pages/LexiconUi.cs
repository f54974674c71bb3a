using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MudBlazor;
using Renhe.Modules.Risk.Scanning;
using Renhe.Platform.Localization;
using Renhe.Platform.Problems;

namespace Renhe.Modules.Risk.Pages;

/// What the lexicon page and its dialog share: refusals in words and colours for severities.
internal static class LexiconUi
{
    /// The text of a refusal the service raised. Only these are caught: anything else is a bug
    /// and belongs to the error boundary and the log.
    public static string Explain(this IStringLocalizer<Strings> l, Exception ex) => ex switch
    {
        DomainException d => l[d.MessageKey, d.Args],
        DbUpdateConcurrencyException => l["Error.Concurrency"],
        // The unique index on Word won a race the service's own check lost.
        DbUpdateException => l["Error.Conflict"],
        _ => l["Error.Unexpected"],
    };

    public static bool IsRefusal(Exception ex) => ex is DomainException or DbUpdateException;

    public static Color SeverityColor(HitSeverity severity) => severity switch
    {
        HitSeverity.High => Color.Error,
        HitSeverity.Medium => Color.Warning,
        _ => Color.Default,
    };

    public static string CategoryLabel(this IStringLocalizer<Strings> l, string code) => l.Or("RiskCategory." + code, code);
}
