namespace Renhe.Modules.Integrations.WeCom.Directory;

public enum DirectorySyncKind { Directory, Customers }

public enum DirectorySyncStatus { Running, Succeeded, Failed }

/// One run of the directory sync or of the customer import, with its progress while it runs
/// (the page polls it) and its summary once done. A failed run names WeCom's errcode and changed nothing.
/// Its progress ticks are not audited row by row: <see cref="DirectorySyncService"/> records who started
/// which run, and what a run changes (members, employees, customers) is audited on those rows.
public sealed class WeComDirectorySync : Renhe.Platform.Audit.IAuditedByOwner
{
    /// A run whose heartbeat is older than this was interrupted (the instance stopped): another may start.
    public static readonly TimeSpan Stale = TimeSpan.FromMinutes(5);

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public DirectorySyncKind Kind { get; set; }
    public DirectorySyncStatus Status { get; set; } = DirectorySyncStatus.Running;
    public string? StartedBy { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset HeartbeatAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    /// Progress: steps done out of steps known so far (departments read, member batches paged…).
    public int Done { get; set; }
    public int Total { get; set; }

    // Directory sync
    public int Members { get; set; }
    public int Linked { get; set; }
    public int NewlyLinked { get; set; }
    public int UnmatchedMembers { get; set; }
    public int UnmatchedEmployees { get; set; }
    public int Ambiguous { get; set; }

    // Customer import
    public int ContactsCreated { get; set; }
    public int ContactsKnown { get; set; }
    public int MultiFollowed { get; set; }

    public int? ErrCode { get; set; }
    public string? Error { get; set; }

    public bool IsActive(DateTimeOffset now) => Status == DirectorySyncStatus.Running && now - HeartbeatAt < Stale;
}
