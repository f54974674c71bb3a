using Renhe.Platform.Audit;
using Renhe.Platform.Data;

namespace Renhe.Modules.Integrations.WeCom.Directory;

/// One member of the company's WeCom directory as the last sync saw it (企业微信通讯录成员), and the
/// employee it is linked to. The link itself lives on <see cref="Org.Employees.Employee.WeComUserId"/>,
/// which the contact callback and the customer import read; this row mirrors it with how it came
/// about, so the page can say which links a person made and which the sync found.
/// The mobile is never stored in clear: only its blind index (to match again) and its masked form.
public sealed class WeComDirectoryMember : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string UserId { get; set; } = "";
    public string Name { get; set; } = "";
    /// The member's departments by name, as WeCom lists them ("销售部、客服部").
    public string? Departments { get; set; }
    public string? Position { get; set; }
    [AuditRedacted] public string? MobileIndex { get; set; }
    public string? MobileMasked { get; set; }
    /// WeCom's status: 1 activated, 2 disabled, 4 not activated, 5 left the company.
    public int Status { get; set; }
    /// False once a sync no longer finds the member in WeCom (kept for its history and its link).
    public bool Present { get; set; } = true;
    public DateTimeOffset LastSeenAt { get; set; }

    public Guid? EmployeeId { get; private set; }
    public MemberMatch Match { get; private set; }
    /// The employees an ambiguous match found (for the administrator to choose from).
    public List<Guid> Candidates { get; private set; } = [];
    public DateTimeOffset? LinkedAt { get; private set; }
    /// Who linked or unlinked it by hand (user name); null for the sync.
    public string? LinkedBy { get; private set; }

    public Guid Version { get; private set; } = Guid.NewGuid();

    public bool IsLinked => EmployeeId is not null;

    /// The sync's verdict; a link is time-stamped when it is new.
    public void Apply(MemberLink link, DateTimeOffset now)
    {
        if (link.EmployeeId != EmployeeId) (LinkedAt, LinkedBy) = (link.EmployeeId is null ? null : now, null);
        EmployeeId = link.EmployeeId;
        Match = link.Match;
        Candidates = link.Candidates.ToList();
    }

    /// An administrator links the member to an employee: later syncs keep it.
    public void LinkByHand(Guid employeeId, string? by, DateTimeOffset now)
    {
        (EmployeeId, Match, Candidates, LinkedAt, LinkedBy) = (employeeId, MemberMatch.Manual, [], now, by);
    }

    /// An administrator unlinks the member: later syncs leave it unlinked until someone links it by hand.
    public void UnlinkByHand(string? by, DateTimeOffset now)
    {
        (EmployeeId, Match, Candidates, LinkedAt, LinkedBy) = (null, MemberMatch.ManualUnlinked, [], now, by);
    }
}
