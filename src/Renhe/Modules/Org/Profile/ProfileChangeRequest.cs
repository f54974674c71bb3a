using Renhe.Platform.Data;

namespace Renhe.Modules.Org.Profile;

public enum ProfileField { PersonalPhone, BankAccount, EmergencyContactName, EmergencyContactPhone }

public enum RequestStatus { Pending, Approved, Rejected }

/// An employee asks HR to change their own personal data (self-service). The new value is
/// encrypted like the field it replaces until HR approves or rejects it.
public sealed class ProfileChangeRequest : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EmployeeId { get; set; }
    public ProfileField Field { get; set; }
    [Renhe.Platform.Audit.AuditRedacted] public string NewValueCipher { get; set; } = "";
    public string? Comment { get; set; }
    public RequestStatus Status { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public Guid? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecisionReason { get; set; }

    /// Two HR colleagues deciding at once: the second is told, instead of one undoing the other.
    public Guid Version { get; private set; } = Guid.NewGuid();
}
