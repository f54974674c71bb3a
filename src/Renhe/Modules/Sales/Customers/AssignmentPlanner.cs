namespace Renhe.Modules.Sales.Customers;

/// A rule as the planner sees it. Empty criteria match anything; the target is a team or a person.
public sealed record PlannerRule(Guid Id, string Name, string? Region, string? Industry, string? SourceChannel,
    Guid? TargetDepartmentId, Guid? TargetEmployeeId, int? Capacity, Guid? LastAssignedEmployeeId);

/// Someone who could be given customers: active (not a candidate, not leaving or left), with the
/// number of customers they hold now. <see cref="Salesperson"/>: takes turns within a team rule
/// (their account holds the salesperson role); a rule naming a person needs only an active person.
public sealed record PlannerPerson(Guid EmployeeId, string Name, Guid DepartmentId, bool Salesperson, int Owned);

/// What a new customer is known by when it is assigned.
public sealed record LeadFacts(string? Region, string? Industry, string? SourceChannel);

/// The outcome: a person by a rule, or the pool (no rule matched, or everyone the matching rules
/// name is at capacity — <see cref="AllFull"/> tells the two apart for the preview).
public sealed record AssignmentDecision(Guid? RuleId, string? RuleName, Guid? EmployeeId, string? EmployeeName, bool AllFull)
{
    public bool ToPool => EmployeeId is null;
}

/// 分配规则 evaluated without a database, so the rules are tested with tables of worked examples.
///
/// - Rules are tried in order; the first matching rule that yields someone wins. A matching rule
///   whose people are all at capacity passes the customer on to the next matching rule, so a
///   catch-all rule at the end catches the overflow; when nothing yields someone, the pool.
/// - Criteria compare trimmed and case-insensitively ("华东" = " 华东 ").
/// - A team takes turns: members of the department who are salespeople, in a stable order (by
///   name, then id), starting after the rule's last-assigned person and skipping anyone at capacity.
/// - The planner is stateful across calls (an import of many rows): counts and pointers move
///   with each assignment; <see cref="Pointers"/> holds the pointers to store afterwards.
public sealed class AssignmentPlanner
{
    private readonly IReadOnlyList<PlannerRule> rules;
    private readonly Dictionary<Guid, PlannerPerson> people;
    private readonly Dictionary<Guid, int> owned;
    private readonly Dictionary<Guid, Guid?> pointers;
    private readonly int defaultCapacity;
    private readonly HashSet<Guid> used = [];

    public AssignmentPlanner(IEnumerable<PlannerRule> rules, IEnumerable<PlannerPerson> people, int defaultCapacity)
    {
        this.rules = rules.ToList();
        this.people = people.ToDictionary(p => p.EmployeeId);
        owned = this.people.Values.ToDictionary(p => p.EmployeeId, p => p.Owned);
        pointers = this.rules.ToDictionary(r => r.Id, r => r.LastAssignedEmployeeId);
        this.defaultCapacity = defaultCapacity;
    }

    /// The rules whose pointer moved, with the person each gave a customer last.
    public IReadOnlyDictionary<Guid, Guid?> Pointers => pointers;

    public IEnumerable<Guid> ChangedRules => rules.Where(r => pointers[r.Id] != r.LastAssignedEmployeeId).Select(r => r.Id);

    /// The rules that gave a customer, whether or not their pointer moved (a team with one person
    /// left under the capacity, a rule naming a person): their saves must still exclude each other.
    public IReadOnlyCollection<Guid> UsedRules => used;

    public static bool Matches(PlannerRule rule, LeadFacts lead) =>
        Same(rule.Region, lead.Region) && Same(rule.Industry, lead.Industry) && Same(rule.SourceChannel, lead.SourceChannel);

    private static bool Same(string? criterion, string? value) =>
        string.IsNullOrWhiteSpace(criterion) || string.Equals(criterion.Trim(), value?.Trim(), StringComparison.OrdinalIgnoreCase);

    /// Decides and records the assignment (counts and pointers move).
    public AssignmentDecision Assign(LeadFacts lead) => Decide(lead, commit: true);

    /// What <see cref="Assign"/> would decide, without moving anything: the "try it" preview.
    public AssignmentDecision Preview(LeadFacts lead) => Decide(lead, commit: false);

    private AssignmentDecision Decide(LeadFacts lead, bool commit)
    {
        var matched = false;
        foreach (var rule in rules.Where(r => Matches(r, lead)))
        {
            matched = true;
            var capacity = rule.Capacity ?? defaultCapacity;
            var person = Pick(rule, capacity);
            if (person is null) continue;
            if (commit)
            {
                owned[person.EmployeeId]++;
                pointers[rule.Id] = person.EmployeeId;
                used.Add(rule.Id);
            }
            return new AssignmentDecision(rule.Id, rule.Name, person.EmployeeId, person.Name, false);
        }
        return new AssignmentDecision(null, null, null, null, matched);
    }

    private PlannerPerson? Pick(PlannerRule rule, int capacity)
    {
        if (rule.TargetEmployeeId is { } named)
            return people.TryGetValue(named, out var p) && owned[named] < capacity ? p : null;
        if (rule.TargetDepartmentId is not { } department) return null;
        var team = people.Values.Where(p => p.DepartmentId == department && p.Salesperson)
            .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.EmployeeId).ToList();
        if (team.Count == 0) return null;
        var last = pointers[rule.Id] is { } l ? team.FindIndex(p => p.EmployeeId == l) : -1;
        for (var step = 1; step <= team.Count; step++)
        {
            var candidate = team[(last + step + team.Count) % team.Count];
            if (owned[candidate.EmployeeId] < capacity) return candidate;
        }
        return null;
    }
}
