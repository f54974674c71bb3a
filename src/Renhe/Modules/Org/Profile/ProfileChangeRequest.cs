using Renhe.Modules.Org.Employees;
using Renhe.Platform.Data;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;

namespace Renhe.Modules.Org.Profile;

public enum ProfileField { PersonalPhone, BankAccount, EmergencyContactName, EmergencyContactPhone }

/// Where a request stands. It follows its approval (<see cref="ProfileChangeHandler"/>): returned
/// requests are still open — the employee resubmits or withdraws them in 审批中心.
public enum RequestStatus { Pending, Approved, Rejected, Returned, Withdrawn }

/// An employee asks to change their own personal data (self-service); the request goes through the
/// approval engine as "org.profile-change", whose approval request names it as its subject. The new
/// value is encrypted like the field it replaces until the approval ends.
public sealed class ProfileChangeRequest : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EmployeeId { get; set; }
    public ProfileField Field { get; set; }
    [Renhe.Platform.Audit.AuditRedacted] public string NewValueCipher { get; set; } = "";
    public string? Comment { get; set; }
    public RequestStatus Status { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    /// The user who last decided (approved, rejected, returned), and when, and why.
    public Guid? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecisionReason { get; set; }

    /// Two decisions at once: the second is told, instead of one undoing the other.
    public Guid Version { get; private set; } = Guid.NewGuid();

    public bool IsOpen => Status is RequestStatus.Pending or RequestStatus.Returned;

    /// Fields shown masked, with a reveal for those allowed; the emergency contact's name is shown as it is.
    public static bool IsMasked(ProfileField field) => field is not ProfileField.EmergencyContactName;

    /// The field's value on the employee record now, in clear.
    public static string? CurrentValue(Employee employee, ProfileField field, FieldCipher cipher) => field switch
    {
        ProfileField.PersonalPhone => cipher.Decrypt(employee.PersonalPhoneCipher),
        ProfileField.BankAccount => cipher.Decrypt(employee.BankAccountCipher),
        ProfileField.EmergencyContactPhone => cipher.Decrypt(employee.EmergencyContactPhoneCipher),
        _ => employee.EmergencyContactName,
    };

    /// A value as pages show it before anyone reveals it.
    public static string Mask(ProfileField field, string value) => field switch
    {
        ProfileField.PersonalPhone or ProfileField.EmergencyContactPhone => PersonalData.MaskPhone(value),
        ProfileField.BankAccount => PersonalData.MaskBankAccount(value),
        _ => value,
    };

    /// The approval's end: the employee's record takes the new value.
    public void Approve(Employee employee, FieldCipher cipher, Guid? by, DateTimeOffset now)
    {
        EnsureOpen();
        if (employee.Id != EmployeeId) throw new InvalidOperationException("A profile change applies to its own employee only.");
        switch (Field)
        {
            case ProfileField.PersonalPhone: employee.PersonalPhoneCipher = NewValueCipher; break;
            case ProfileField.BankAccount: employee.BankAccountCipher = NewValueCipher; break;
            case ProfileField.EmergencyContactName: employee.EmergencyContactName = cipher.Decrypt(NewValueCipher); break;
            case ProfileField.EmergencyContactPhone: employee.EmergencyContactPhoneCipher = NewValueCipher; break;
        }
        Decide(RequestStatus.Approved, null, by, now);
    }

    public void Reject(string? reason, Guid? by, DateTimeOffset now)
    {
        EnsureOpen();
        Decide(RequestStatus.Rejected, reason, by, now);
    }

    /// Sent back for changes: still open, the approver's reason shown to the employee.
    public void Return(string? reason, Guid? by, DateTimeOffset now)
    {
        EnsureOpen();
        Decide(RequestStatus.Returned, reason, by, now);
    }

    public void Withdraw(DateTimeOffset now)
    {
        EnsureOpen();
        Decide(RequestStatus.Withdrawn, null, null, now);
    }

    private void Decide(RequestStatus status, string? reason, Guid? by, DateTimeOffset now)
    {
        Status = status;
        DecisionReason = reason;
        DecidedBy = by;
        DecidedAt = now;
    }

    private void EnsureOpen()
    {
        if (!IsOpen) throw new DomainException("Org.RequestDecided") { StatusCode = StatusCodes.Status409Conflict };
    }
}
