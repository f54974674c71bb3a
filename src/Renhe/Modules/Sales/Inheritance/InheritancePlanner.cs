using Renhe.Modules.Sales.Customers;

namespace Renhe.Modules.Sales.Inheritance;

/// Who is proposed to inherit each customer of a leaver, without a database: the assignment
/// planner's turn-taking and capacity (<see cref="AssignmentPlanner"/>) over two team rules, the
/// leaver's own department first and then its parent department. The leaver and anyone leaving
/// are not among <paramref name="people"/> (the planner takes active and probation people only).
/// A customer nobody can take (both teams empty or full) gets no proposal: the manager chooses.
public static class InheritancePlanner
{
    public static IReadOnlyList<(Guid CustomerId, Guid? ReceiverId)> Propose(
        IEnumerable<Guid> customerIds, Guid leaverDepartmentId, Guid? parentDepartmentId, IEnumerable<PlannerPerson> people, int capacity)
    {
        List<PlannerRule> rules = [new(Guid.NewGuid(), "same-team", null, null, null, leaverDepartmentId, null, capacity, null)];
        if (parentDepartmentId is { } parent)
            rules.Add(new(Guid.NewGuid(), "parent-team", null, null, null, parent, null, capacity, null));
        var planner = new AssignmentPlanner(rules, people, capacity);
        var anything = new LeadFacts(null, null, null);
        return customerIds.Select(id => (id, planner.Assign(anything).EmployeeId)).ToList();
    }
}
