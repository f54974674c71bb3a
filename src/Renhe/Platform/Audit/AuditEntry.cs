namespace Renhe.Platform.Audit;

/// Refused: a request turned down because it touched data outside the caller's reach, recorded
/// because a run of them is a signal (someone trying phone numbers to map the company's customers).
public enum AuditAction { Insert, Update, Delete, Read, Export, SignIn, Refused }

/// One row of the audit log. Written by <see cref="AuditInterceptor"/> for every change and by
/// <see cref="AuditService"/> for sensitive reads. Never updated or deleted: the interceptor refuses
/// it and database triggers refuse it for anyone going around the application.
public sealed class AuditEntry
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public DateTimeOffset At { get; set; }
    public Guid? UserId { get; set; }
    public string? UserName { get; set; }
    public AuditAction Action { get; set; }
    /// Table name for changes; a subject such as "org.employee.id-number" for reads.
    public string Entity { get; set; } = "";
    public string? EntityKey { get; set; }
    /// JSON object: field → { "old": …, "new": … } for changes; free detail for reads.
    public string? Changes { get; set; }
    public string? RequestId { get; set; }
    /// For reads and exports of a person's data: whose it was, so each employee can see who
    /// viewed or exported their records (PIPL art. 45). One entry per person disclosed.
    public Guid? SubjectEmployeeId { get; set; }
}
