using Renhe.Modules.Org.Employees;

namespace Renhe.Modules.Integrations.WeCom.Directory;

/// How a WeCom member came to be linked to an employee (or why it is not).
public enum MemberMatch
{
    /// No employee matched, or the sync has not linked one yet.
    Unmatched,
    /// Several employees matched; nobody was linked (an administrator decides).
    Ambiguous,
    /// The employee already carried this user id before the sync saw it (typed on the employee
    /// record, or a link from an earlier installation): never changed by a sync.
    Existing,
    /// Exactly one employee has the member's mobile as personal phone.
    Mobile,
    /// Exactly one employee's number equals the member's user id.
    EmployeeNumber,
    /// Linked by an administrator on the directory page.
    Manual,
    /// Unlinked by an administrator: later syncs leave it unlinked.
    ManualUnlinked,
}

/// A WeCom member as the matcher needs it: the mobile already normalised (<see cref="PersonalData.NormalisePhone"/>).
public sealed record MemberCandidate(string UserId, string? Mobile);

/// An employee as the matcher needs it: the decrypted, normalised personal phone and the user id it carries.
public sealed record EmployeeCandidate(Guid Id, string EmployeeNumber, EmploymentStatus Status, string? Mobile, string? WeComUserId);

/// What the member's row held after the previous sync (or a hand link).
public sealed record PreviousLink(Guid? EmployeeId, MemberMatch Match);

/// The matcher's verdict for one member. <paramref name="Candidates"/> lists the employees of an ambiguous match.
public sealed record MemberLink(string UserId, Guid? EmployeeId, MemberMatch Match, IReadOnlyList<Guid> Candidates)
{
    /// True when the sync should write the user id onto the employee (a new automatic link).
    public bool IsNewLink { get; init; }
}

/// Links WeCom members to employees. Rules, in order:
/// 1. a member an administrator unlinked stays unlinked; a member an administrator linked keeps its
///    employee (and stays unlinked if the user id was later taken off the employee record);
/// 2. an employee already carrying the member's user id keeps it (whatever set it);
/// 3. otherwise, among employees who have not left and carry no user id: exactly one with the
///    member's mobile links by mobile; else exactly one whose employee number equals the user id
///    (ignoring case) links by number; several matches are ambiguous and link nobody;
/// 4. an employee claimed by two members of the same sync links neither (both are ambiguous).
/// Nothing here creates or removes employees; the only write a sync makes on an employee is its user id.
public static class DirectoryMatcher
{
    public static IReadOnlyList<MemberLink> Match(IReadOnlyList<MemberCandidate> members, IReadOnlyList<EmployeeCandidate> employees,
        IReadOnlyDictionary<string, PreviousLink> previous)
    {
        var byUserId = employees.Where(e => !string.IsNullOrEmpty(e.WeComUserId))
            .GroupBy(e => e.WeComUserId!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);
        var free = employees.Where(e => e.Status != EmploymentStatus.Left && string.IsNullOrEmpty(e.WeComUserId)).ToList();
        var links = new List<MemberLink>(members.Count);
        foreach (var m in members)
        {
            previous.TryGetValue(m.UserId, out var before);
            if (before?.Match == MemberMatch.ManualUnlinked)
            {
                links.Add(new MemberLink(m.UserId, null, MemberMatch.ManualUnlinked, []));
                continue;
            }
            if (byUserId.TryGetValue(m.UserId, out var holder))
            {
                // Keep how it was linked when it is the same employee as before; otherwise the link came from outside the sync.
                var how = before is { EmployeeId: { } was } && was == holder && before.Match is MemberMatch.Mobile or MemberMatch.EmployeeNumber or MemberMatch.Manual
                    ? before.Match : MemberMatch.Existing;
                links.Add(new MemberLink(m.UserId, holder, how, []));
                continue;
            }
            if (before?.Match == MemberMatch.Manual)
            {
                // Linked by hand, and the user id has since been taken off the employee record by hand: that too is a decision.
                links.Add(new MemberLink(m.UserId, null, MemberMatch.ManualUnlinked, []));
                continue;
            }
            var byMobile = string.IsNullOrEmpty(m.Mobile) ? [] : free.Where(e => e.Mobile == m.Mobile).Select(e => e.Id).ToList();
            if (byMobile.Count == 1)
            {
                links.Add(new MemberLink(m.UserId, byMobile[0], MemberMatch.Mobile, []) { IsNewLink = true });
                continue;
            }
            if (byMobile.Count > 1)
            {
                links.Add(new MemberLink(m.UserId, null, MemberMatch.Ambiguous, byMobile));
                continue;
            }
            var byNumber = free.Where(e => string.Equals(e.EmployeeNumber, m.UserId, StringComparison.OrdinalIgnoreCase)).Select(e => e.Id).ToList();
            links.Add(byNumber.Count switch
            {
                1 => new MemberLink(m.UserId, byNumber[0], MemberMatch.EmployeeNumber, []) { IsNewLink = true },
                > 1 => new MemberLink(m.UserId, null, MemberMatch.Ambiguous, byNumber),
                _ => new MemberLink(m.UserId, null, MemberMatch.Unmatched, []),
            });
        }

        // One employee, one user id: two members claiming the same employee are both left to an administrator.
        var claimed = links.Where(l => l.IsNewLink).GroupBy(l => l.EmployeeId!.Value).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        return links.Select(l => l.IsNewLink && claimed.Contains(l.EmployeeId!.Value)
            ? new MemberLink(l.UserId, null, MemberMatch.Ambiguous, [l.EmployeeId!.Value])
            : l).ToList();
    }

    /// Employees the directory should know about: everyone employed (on probation, active or leaving).
    public static bool IsEmployed(EmploymentStatus status) =>
        status is EmploymentStatus.Probation or EmploymentStatus.Active or EmploymentStatus.Leaving;
}
