using System.ComponentModel.DataAnnotations;

namespace Renhe.Modules.Integrations.WeCom.Directory;

/// Link a WeCom member to an employee by hand; Version is the member's as the page read it.
public sealed record MemberLinkInput([property: Required] Guid? EmployeeId, [property: Required] Guid? Version);

/// Unlink a WeCom member by hand; Version is the member's as the page read it.
public sealed record MemberUnlinkInput([property: Required] Guid? Version);

/// The directory page: the stored snapshot (shown whether or not WeCom is configured), the last
/// run of each kind, and what needs an administrator.
public sealed record DirectoryView(
    bool Configured,
    DirectorySyncView? LastDirectorySync,
    DirectorySyncView? LastCustomerImport,
    IReadOnlyList<WeComMemberListItem> Members,
    IReadOnlyList<UnmatchedEmployeeListItem> UnmatchedEmployees,
    IReadOnlyList<SharedContactListItem> SharedContacts)
{
    public IEnumerable<WeComMemberListItem> UnmatchedMembers => Members.Where(m => m.Present && m.EmployeeId is null);
}

public sealed record EmployeeRef(Guid Id, string Name, string EmployeeNumber);

public sealed record WeComMemberListItem(
    Guid Id, string UserId, string Name, string? Departments, string? Position, string? MobileMasked, int Status, bool Present,
    DateTimeOffset LastSeenAt, Guid? EmployeeId, string? EmployeeName, string? EmployeeNumber, MemberMatch Match,
    IReadOnlyList<EmployeeRef> Candidates, string? LinkedBy, DateTimeOffset? LinkedAt, Guid Version);

/// An employed person no present WeCom member is linked to (WeComUserId shows a stale id when there is one).
public sealed record UnmatchedEmployeeListItem(Guid Id, string Name, string EmployeeNumber, string? Department, string? WeComUserId);

/// A customer several members follow, with the followers (names where the member is known), earliest first.
public sealed record SharedContactListItem(string ExternalUserId, string Name, IReadOnlyList<string> Followers, Guid? CustomerId, DateTimeOffset SeenAt);

public sealed record DirectorySyncView(
    Guid Id, DirectorySyncKind Kind, DirectorySyncStatus Status, string? StartedBy, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt,
    int Done, int Total, int Members, int Linked, int NewlyLinked, int UnmatchedMembers, int UnmatchedEmployees, int Ambiguous,
    int ContactsCreated, int ContactsKnown, int MultiFollowed, int? ErrCode, string? Error)
{
    public static DirectorySyncView Of(WeComDirectorySync s) => new(s.Id, s.Kind, s.Status, s.StartedBy, s.StartedAt, s.FinishedAt,
        s.Done, s.Total, s.Members, s.Linked, s.NewlyLinked, s.UnmatchedMembers, s.UnmatchedEmployees, s.Ambiguous,
        s.ContactsCreated, s.ContactsKnown, s.MultiFollowed, s.ErrCode, s.Error);
}
