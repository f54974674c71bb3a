using Microsoft.EntityFrameworkCore;
using Renhe.Platform.Data;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;
using Renhe.Modules.Org.Employees;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Org.Profile;

/// Self-service: an employee asks to change their own personal data; HR (org.profile.approve)
/// approves — the change is applied — or rejects with a reason.
public sealed class ProfileService(InputValidator validator, IDbContextFactory<AppDbContext> dbFactory, CurrentUser currentUser, FieldCipher cipher, TimeProvider clock)
{
    public async Task<Guid> MyEmployeeIdAsync(CancellationToken ct) =>
        (await currentUser.AccessAsync(ct)).EmployeeId ?? throw new DomainException("Org.NoEmployeeRecord") { StatusCode = StatusCodes.Status404NotFound };

    public async Task<Guid> RequestAsync(ProfileChangeInput input, CancellationToken ct)
    {
        validator.EnsureValid(input);
        var employeeId = await MyEmployeeIdAsync(ct);
        var value = input.NewValue.Trim();
        var (valid, normalised) = input.Field switch
        {
            ProfileField.PersonalPhone => (PersonalData.IsValidMobile(value), PersonalData.NormalisePhone(value)),
            ProfileField.BankAccount => (PersonalData.IsValidBankAccount(value), value.Replace(" ", "", StringComparison.Ordinal)),
            ProfileField.EmergencyContactPhone => (PersonalData.NormalisePhone(value) is { Length: >= 7 }, PersonalData.NormalisePhone(value)),
            _ => (value.Length is > 0 and <= 50, value),
        };
        if (!valid) throw new DomainException("Org.InvalidValue") { Field = "newValue" };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.ProfileChangeRequests.AnyAsync(r => r.EmployeeId == employeeId && r.Field == input.Field && r.Status == RequestStatus.Pending, ct))
            throw new DomainException("Org.RequestPending") { StatusCode = StatusCodes.Status409Conflict, Field = "field" };
        var request = new ProfileChangeRequest
        {
            EmployeeId = employeeId, Field = input.Field!.Value, NewValueCipher = cipher.Encrypt(normalised)!,
            Comment = input.Comment, Status = RequestStatus.Pending, RequestedAt = clock.GetUtcNow(),
        };
        db.ProfileChangeRequests.Add(request);
        await db.SaveChangesAsync(ct);
        return request.Id;
    }

    /// The caller's own requests, or (for approvers) everyone's within their scope.
    public async Task<IReadOnlyList<ProfileChangeDto>> ListAsync(bool mine, RequestStatus? status, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var employees = mine
            ? db.Employees.Where(e => e.Id == access.EmployeeId)
            : db.Employees.VisibleTo(access, OrgPermissions.ProfileApprove);
        var query = db.ProfileChangeRequests.AsNoTracking().Where(r => employees.Any(e => e.Id == r.EmployeeId));
        if (status is { } s) query = query.Where(r => r.Status == s);
        var rows = await query.OrderByDescending(r => r.RequestedAt)
            .Select(r => new { r, Name = db.Employees.Where(e => e.Id == r.EmployeeId).Select(e => e.Name).First() })
            .ToListAsync(ct);
        return rows.Select(x => new ProfileChangeDto(x.r.Id, x.r.EmployeeId, x.Name, x.r.Field, Mask(x.r.Field, cipher.Decrypt(x.r.NewValueCipher)!),
            x.r.Comment, x.r.Status, x.r.RequestedAt, x.r.DecidedAt, x.r.DecisionReason)).ToList();
    }

    public async Task DecideAsync(Guid id, bool approve, string? reason, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        if (!approve && string.IsNullOrWhiteSpace(reason)) throw new DomainException("Org.ReasonRequired") { Field = "reason" };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var request = await db.ProfileChangeRequests.SingleOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException();
        var employee = await db.Employees.VisibleTo(access, OrgPermissions.ProfileApprove).SingleOrDefaultAsync(e => e.Id == request.EmployeeId, ct)
                       ?? throw new NotFoundException();
        if (request.Status != RequestStatus.Pending) throw new DomainException("Org.RequestDecided") { StatusCode = StatusCodes.Status409Conflict };
        // Four eyes: nobody decides on their own data (a bank account change is a payroll-fraud route).
        if (request.EmployeeId == access.EmployeeId) throw new DomainException("Org.OwnRequest") { StatusCode = StatusCodes.Status403Forbidden };
        request.Status = approve ? RequestStatus.Approved : RequestStatus.Rejected;
        request.DecidedAt = clock.GetUtcNow();
        request.DecidedBy = access.UserId;
        request.DecisionReason = reason;
        if (approve)
        {
            var value = cipher.Decrypt(request.NewValueCipher)!;
            switch (request.Field)
            {
                case ProfileField.PersonalPhone: employee.PersonalPhoneCipher = request.NewValueCipher; break;
                case ProfileField.BankAccount: employee.BankAccountCipher = request.NewValueCipher; break;
                case ProfileField.EmergencyContactName: employee.EmergencyContactName = value; break;
                case ProfileField.EmergencyContactPhone: employee.EmergencyContactPhoneCipher = request.NewValueCipher; break;
            }
        }
        await db.SaveChangesAsync(ct);
    }

    private static string Mask(ProfileField field, string value) => field switch
    {
        ProfileField.PersonalPhone or ProfileField.EmergencyContactPhone => PersonalData.MaskPhone(value),
        ProfileField.BankAccount => PersonalData.MaskBankAccount(value),
        _ => value,
    };
}
