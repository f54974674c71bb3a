namespace Renhe.Platform.Approvals;

/// The organisation as approver resolution needs it: small (hundreds of rows), loaded once per submission.
public sealed record OrgPerson(Guid Id, Guid? ManagerId, Guid DepartmentId, Guid BranchId, bool Active);

public sealed record OrgSnapshot(
    IReadOnlyDictionary<Guid, OrgPerson> People,
    IReadOnlyDictionary<Guid, Guid?> DepartmentParents,
    /// Role name → employees whose accounts hold it.
    IReadOnlyDictionary<string, IReadOnlyList<Guid>> RoleHolders);

/// Who is asking, and about how much.
public sealed record ApprovalSubject(Guid RequesterEmployeeId, Guid DepartmentId, Guid BranchId, decimal? Amount);

/// Turns a flow's steps into the steps of one request: conditions decide which steps apply,
/// then each applicable step's approvers are found. Pure: no database, so it is tested with tables.
///
/// Rules: a step whose approver cannot be found (no manager that far up, nobody holds the role,
/// the named person has left) or whose only approver is the requester is kept as skipped with the
/// reason — nobody approves their own request, and a missing manager must not block the flow.
/// The requester is removed from a step's approvers when others remain.
public static class ApproverResolver
{
    public const string SkipNoApprover = "Approval.Skip.NoApprover";
    public const string SkipSelf = "Approval.Skip.Self";

    public static bool Applies(ApprovalStep step, ApprovalSubject subject, OrgSnapshot org)
    {
        if (step.AmountAbove is { } threshold && !(subject.Amount is { } amount && amount > threshold)) return false;
        if (step.DepartmentIds.Count > 0 && !InDepartments(subject.DepartmentId, step.DepartmentIds, org)) return false;
        return true;
    }

    public static List<ResolvedStep> Resolve(IEnumerable<ApprovalStep> steps, ApprovalSubject subject, OrgSnapshot org) =>
        steps.Where(s => Applies(s, subject, org)).Select(s => ResolveStep(s, subject, org)).ToList();

    public static ResolvedStep ResolveStep(ApprovalStep step, ApprovalSubject subject, OrgSnapshot org)
    {
        var candidates = Candidates(step, subject, org).Distinct().ToList();
        var others = candidates.Where(id => id != subject.RequesterEmployeeId).ToList();
        return new ResolvedStep
        {
            Name = step.Name,
            Kind = step.Kind,
            ApproverEmployeeIds = others,
            SkipReason = others.Count > 0 ? null : candidates.Count > 0 ? SkipSelf : SkipNoApprover,
        };
    }

    private static IEnumerable<Guid> Candidates(ApprovalStep step, ApprovalSubject subject, OrgSnapshot org)
    {
        switch (step.Kind)
        {
            case ApproverKind.DirectManager:
                return ManagerAbove(subject.RequesterEmployeeId, 1, org) is { } manager ? [manager] : [];
            case ApproverKind.ManagerLevelsUp:
                return ManagerAbove(subject.RequesterEmployeeId, Math.Max(1, step.Levels), org) is { } boss ? [boss] : [];
            case ApproverKind.NamedPerson:
                return step.EmployeeId is { } named && org.People.TryGetValue(named, out var person) && person.Active ? [named] : [];
            case ApproverKind.RoleInScope:
                if (step.Role is null || !org.RoleHolders.TryGetValue(step.Role, out var holders)) return [];
                var active = holders.Where(id => org.People.TryGetValue(id, out var p) && p.Active).ToList();
                // The requester's own branch first (a Hangzhou salesperson's order goes to Hangzhou's
                // finance); any branch when the branch has nobody in that role.
                var sameBranch = active.Where(id => org.People[id].BranchId == subject.BranchId && id != subject.RequesterEmployeeId).ToList();
                return sameBranch.Count > 0 ? sameBranch : active;
            default:
                return [];
        }
    }

    /// The manager <paramref name="levels"/> levels up; people who have left are passed over
    /// (their own manager stands in). Null when the chain ends first.
    public static Guid? ManagerAbove(Guid employeeId, int levels, OrgSnapshot org)
    {
        var current = employeeId;
        var seen = new HashSet<Guid> { employeeId };
        var climbed = 0;
        while (climbed < levels)
        {
            if (!org.People.TryGetValue(current, out var person) || person.ManagerId is not { } next || !seen.Add(next)) return null;
            current = next;
            if (org.People.TryGetValue(current, out var manager) && manager.Active) climbed++;
        }
        return current;
    }

    private static bool InDepartments(Guid departmentId, IReadOnlyCollection<Guid> listed, OrgSnapshot org)
    {
        Guid? current = departmentId;
        var seen = new HashSet<Guid>();
        while (current is { } id && seen.Add(id))
        {
            if (listed.Contains(id)) return true;
            current = org.DepartmentParents.GetValueOrDefault(id);
        }
        return false;
    }
}
