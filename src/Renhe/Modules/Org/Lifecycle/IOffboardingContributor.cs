using Renhe.Modules.Org.Employees;

namespace Renhe.Modules.Org.Lifecycle;

/// A module that needs something done before a person leaves (the sales module hands their
/// customers over, payroll settles the final pay).
public interface IOffboardingContributor
{
    IEnumerable<(string Title, DateOnly DueDate)> ItemsFor(Employee leaver, DateOnly lastWorkingDay);
}
