using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Renhe.Platform.Localization;
using Renhe.Platform.Problems;

namespace Renhe.Platform.Ui;

/// A refusal a service raised, in the user's words, for every page. Pages catch only refusals:
/// anything else is a bug and belongs to the error boundary and the log.
public static class Refusals
{
    public static bool IsRefusal(Exception ex) => ex is DomainException or DbUpdateException;

    public static string Explain(this IStringLocalizer<Strings> l, Exception ex) => ex switch
    {
        DomainException d => l.Message(d),
        DbUpdateConcurrencyException => l["Error.Concurrency"],
        // A unique index won a race the service's own check lost.
        DbUpdateException => l["Error.Conflict"],
        _ => l["Error.Unexpected"],
    };
}
