using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Renhe.Modules.Org.Employees;
using Renhe.Platform;
using Renhe.Platform.Approvals;
using Renhe.Platform.Audit;
using Renhe.Platform.Data;
using Renhe.Platform.Localization;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Org.Profile;

/// Self-service: an employee asks to change their own personal data, and the request goes through
/// the approval engine (<see cref="ProfileChangeHandler"/>), so HR decides in 审批中心 with every
/// other request. HR's page (org.profile.approve) is the record of all requests.
public sealed class ProfileService(
    InputValidator validator, IDbContextFactory<AppDbContext> dbFactory, CurrentUser currentUser, FieldCipher cipher, TimeProvider clock,
    ApprovalService approvals, AuditService audit, IStringLocalizer<Strings> l, ILogger<ProfileService> log)
{
    public async Task<Guid> MyEmployeeIdAsync(CancellationToken ct) =>
        (await currentUser.AccessAsync(ct)).EmployeeId ?? throw new DomainException("Org.NoEmployeeRecord") { StatusCode = StatusCodes.Status404NotFound };

    public async Task<ProfileChangeCreated> RequestAsync(ProfileChangeInput input, CancellationToken ct)
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
        if (await db.ProfileChangeRequests.AnyAsync(r => r.EmployeeId == employeeId && r.Field == input.Field
                                                         && (r.Status == RequestStatus.Pending || r.Status == RequestStatus.Returned), ct))
            throw new DomainException("Org.RequestPending") { StatusCode = StatusCodes.Status409Conflict, Field = "field" };
        var employee = await db.Employees.AsNoTracking().SingleAsync(e => e.Id == employeeId, ct);
        await EnsureSomeoneElseDecidesAsync(db, employee, ct);

        var request = new ProfileChangeRequest
        {
            EmployeeId = employeeId, Field = input.Field!.Value, NewValueCipher = cipher.Encrypt(normalised)!,
            Comment = string.IsNullOrWhiteSpace(input.Comment) ? null : input.Comment.Trim(), Status = RequestStatus.Pending,
            RequestedAt = clock.GetUtcNow(),
        };
        db.ProfileChangeRequests.Add(request);
        await db.SaveChangesAsync(ct);
        // No approval, no request: it would otherwise block the field and wait in no one's inbox.
        var approvalId = await approvals.SubmitSavedAsync(db, request, ProfileChangeHandler.Type, request.Id, Title(employee.Name, request.Field), null, ct);
        return new ProfileChangeCreated(request.Id, approvalId);
    }

    /// Four eyes, said before anything is stored: when the flow as it stands would leave the
    /// decision to nobody but the requester (the only HR person changing their own bank account),
    /// the request is refused instead of being approved by itself.
    private static async Task EnsureSomeoneElseDecidesAsync(AppDbContext db, Employee employee, CancellationToken ct)
    {
        var flow = await db.ApprovalFlows.AsNoTracking().SingleOrDefaultAsync(f => f.RequestType == ProfileChangeHandler.Type, ct);
        // Without an enabled flow the engine refuses in its own words.
        if (flow is not { Enabled: true }) return;
        var org = await ApprovalService.LoadOrgAsync(db, ct);
        var steps = ApproverResolver.Resolve(flow.Steps, new ApprovalSubject(employee.Id, employee.DepartmentId, employee.BranchId, null), org);
        if (steps.All(s => s.SkipReason is not null))
            throw new DomainException("Org.Profile.NoApprover") { StatusCode = StatusCodes.Status409Conflict, Field = "field" };
    }

    /// The approval's title is stored once and read by everyone, so it is written in the company's
    /// language whoever submits it.
    private string Title(string employeeName, ProfileField field)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = PlatformModule.SupportedCultures[0];
        try
        {
            return l["Org.Profile.ApprovalTitle", employeeName, l["ProfileField." + field].Value].Value;
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    /// The caller's own requests, or (with org.profile.approve) everyone's within that scope.
    public async Task<IReadOnlyList<ProfileChangeDto>> ListAsync(bool mine, RequestStatus? status, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var employees = mine
            ? db.Employees.Where(e => e.Id == access.EmployeeId)
            : db.Employees.VisibleTo(access, OrgPermissions.ProfileApprove);
        var query = db.ProfileChangeRequests.AsNoTracking().Where(r => employees.Any(e => e.Id == r.EmployeeId));
        // Open requests are pending or returned; the approval says which of the two (a returned one may have been resubmitted).
        if (status is RequestStatus.Pending or RequestStatus.Returned) query = query.Where(r => r.Status == RequestStatus.Pending || r.Status == RequestStatus.Returned);
        else if (status is { } s) query = query.Where(r => r.Status == s);
        var rows = await query.OrderByDescending(r => r.RequestedAt)
            .Select(r => new { r, Name = db.Employees.Where(e => e.Id == r.EmployeeId).Select(e => e.Name).First() })
            .ToListAsync(ct);
        var approvalsBySubject = await ApprovalsOfAsync(db, rows.Select(x => x.r.Id).ToList(), ct);
        return rows.Select(x =>
            {
                var approval = approvalsBySubject.GetValueOrDefault(x.r.Id);
                return new ProfileChangeDto(x.r.Id, x.r.EmployeeId, x.Name, x.r.Field, ProfileChangeRequest.Mask(x.r.Field, cipher.Decrypt(x.r.NewValueCipher)!),
                    x.r.Comment, StatusOf(x.r, approval), x.r.RequestedAt, x.r.DecidedAt, x.r.DecisionReason, approval?.Id);
            })
            .Where(d => status is null || d.Status == status)
            .ToList();
    }

    /// The request as the approval dialog shows it, to whoever may see its approval, the employee
    /// themself, and HR within the scope of org.profile.approve; others learn nothing (404).
    public async Task<ProfileChangeView> ViewAsync(Guid id, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (request, employee, approval) = await VisibleAsync(db, access, id, ct);
        var canReveal = ProfileChangeRequest.IsMasked(request.Field)
                        && await db.Employees.VisibleTo(access, OrgPermissions.EmployeeReveal).AnyAsync(e => e.Id == employee.Id, ct);
        var canOpen = await db.Employees.VisibleTo(access, OrgPermissions.EmployeeRead).AnyAsync(e => e.Id == employee.Id, ct);
        var status = StatusOf(request, approval);
        var current = request.IsOpen && ProfileChangeRequest.CurrentValue(employee, request.Field, cipher) is { } value
            ? ProfileChangeRequest.Mask(request.Field, value)
            : null;
        return new ProfileChangeView(request.Id, approval?.Id, employee.Id, employee.EmployeeNumber, employee.Name, request.Field,
            current, ProfileChangeRequest.Mask(request.Field, cipher.Decrypt(request.NewValueCipher)!), ProfileChangeRequest.IsMasked(request.Field),
            request.Comment, status, request.RequestedAt, request.DecidedAt, request.DecisionReason, canReveal, canOpen);
    }

    /// Shows the record's current value or the requested one in clear, to a viewer of the request
    /// who holds org.employee.reveal for the employee, and records who saw whose what: the current
    /// value as every other reveal of the record's field, the requested one as its own subject, both
    /// named after the employee so they see it under 我的数据访问记录.
    public async Task<string?> RevealAsync(Guid id, ProfileValue which, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (request, employee, _) = await VisibleAsync(db, access, id, ct);
        if (!ProfileChangeRequest.IsMasked(request.Field)) throw new DomainException("Org.Profile.NotMasked") { Field = "value" };
        if (!await db.Employees.VisibleTo(access, OrgPermissions.EmployeeReveal).AnyAsync(e => e.Id == employee.Id, ct))
            throw new DomainException("Error.Forbidden") { StatusCode = StatusCodes.Status403Forbidden };
        var who = $"{employee.EmployeeNumber} {employee.Name}";
        if (which == ProfileValue.Current)
        {
            await audit.RecordReadAsync("org.employee." + request.Field, employee.Id.ToString(), who, subjectEmployeeId: employee.Id, ct);
            return ProfileChangeRequest.CurrentValue(employee, request.Field, cipher);
        }
        await audit.RecordReadAsync("org.profile-change." + request.Field, request.Id.ToString(), who, subjectEmployeeId: employee.Id, ct);
        return cipher.Decrypt(request.NewValueCipher);
    }

    /// At start: requests made before profile changes went through the approval engine, still
    /// open and in no one's inbox, are submitted on behalf of their employee's account.
    public async Task<int> SubmitUnroutedAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var routed = db.ApprovalRequests.Where(a => a.RequestType == ProfileChangeHandler.Type).Select(a => a.SubjectId);
        var open = await db.ProfileChangeRequests.AsNoTracking()
            .Where(r => (r.Status == RequestStatus.Pending || r.Status == RequestStatus.Returned) && !routed.Contains(r.Id))
            .OrderBy(r => r.RequestedAt)
            .Select(r => new
            {
                r.Id, r.Field,
                Name = db.Employees.Where(e => e.Id == r.EmployeeId).Select(e => e.Name).First(),
                UserId = db.Users.Where(u => u.EmployeeId == r.EmployeeId).OrderByDescending(u => u.IsActive).Select(u => (Guid?)u.Id).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var submitted = 0;
        foreach (var r in open)
        {
            if (r.UserId is not { } userId)
            {
                log.LogWarning("Profile change request {Id} stays outside 审批中心: its employee has no account to submit it for.", r.Id);
                continue;
            }
            try
            {
                await approvals.SubmitForAsync(userId, ProfileChangeHandler.Type, r.Id, Title(r.Name, r.Field), null, ct);
                submitted++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One request that cannot be submitted (no flow, nobody but the requester to decide) must not keep the others, or the application, from starting.
                log.LogWarning("Profile change request {Id} stays outside 审批中心: {Reason}", r.Id,
                    ex is DomainException refusal ? l[refusal.MessageKey, refusal.Args].Value : ex.Message);
            }
        }
        return submitted;
    }

    private async Task<(ProfileChangeRequest Request, Employee Employee, ApprovalRef? Approval)> VisibleAsync(
        AppDbContext db, UserAccess access, Guid id, CancellationToken ct)
    {
        var request = await db.ProfileChangeRequests.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException();
        var employee = await db.Employees.AsNoTracking().SingleAsync(e => e.Id == request.EmployeeId, ct);
        var approval = (await ApprovalsOfAsync(db, [id], ct)).GetValueOrDefault(id);
        var visible = access.EmployeeId == employee.Id
                      || await db.Employees.VisibleTo(access, OrgPermissions.ProfileApprove).AnyAsync(e => e.Id == employee.Id, ct)
                      || (approval is not null && await SeesApprovalAsync(approval.Id, ct));
        return visible ? (request, employee, approval) : throw new NotFoundException();
    }

    /// Whoever the engine lets see the approval (its approvers, earlier or delegated, and flow administrators).
    private async Task<bool> SeesApprovalAsync(Guid approvalId, CancellationToken ct)
    {
        try
        {
            await approvals.GetAsync(approvalId, ct);
            return true;
        }
        catch (NotFoundException)
        {
            return false;
        }
    }

    private sealed record ApprovalRef(Guid Id, ApprovalStatus Status);

    /// The latest approval of each request (a request is submitted once; the latest wins should it ever be twice).
    private static async Task<Dictionary<Guid, ApprovalRef>> ApprovalsOfAsync(AppDbContext db, List<Guid> ids, CancellationToken ct)
    {
        var rows = await db.ApprovalRequests.AsNoTracking()
            .Where(a => a.RequestType == ProfileChangeHandler.Type && ids.Contains(a.SubjectId))
            .Select(a => new { a.SubjectId, a.Id, a.Status, a.CreatedAt })
            .ToListAsync(ct);
        return rows.GroupBy(a => a.SubjectId).ToDictionary(g => g.Key, g =>
        {
            var latest = g.OrderBy(a => a.CreatedAt).Last();
            return new ApprovalRef(latest.Id, latest.Status);
        });
    }

    private static RequestStatus StatusOf(ProfileChangeRequest request, ApprovalRef? approval) => approval?.Status switch
    {
        ApprovalStatus.Pending => RequestStatus.Pending,
        ApprovalStatus.Returned => RequestStatus.Returned,
        ApprovalStatus.Approved => RequestStatus.Approved,
        ApprovalStatus.Rejected => RequestStatus.Rejected,
        ApprovalStatus.Withdrawn => RequestStatus.Withdrawn,
        _ => request.Status,
    };
}
