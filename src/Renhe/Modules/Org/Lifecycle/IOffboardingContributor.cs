using Renhe.Modules.Org.Employees;
using Renhe.Platform.Data;

namespace Renhe.Modules.Org.Lifecycle;

/// A module that needs something done before a person leaves (the sales module hands their
/// customers over, payroll settles the final pay).
public interface IOffboardingContributor
{
    IEnumerable<(string Title, DateOnly DueDate)> ItemsFor(Employee leaver, DateOnly lastWorkingDay) => [];

    /// Acts on the leaving in the same save that records it (the sales module freezes the leaver's
    /// customers and proposes who inherits them, adding its own checklist item with a link), so a
    /// leaving is never recorded without what the modules do about it. <paramref name="db"/> is the
    /// context that saves the leaving; the contributor adds to it and does not save.
    Task OnLeavingAsync(AppDbContext db, Employee leaver, DateOnly lastWorkingDay, CancellationToken ct) => Task.CompletedTask;
}
