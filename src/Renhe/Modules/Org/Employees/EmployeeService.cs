using Renhe.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Renhe.Platform.Audit;
using Renhe.Platform.Data;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;
using Renhe.Modules.Org.Lifecycle;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Org.Employees;

/// Employee records: reading within the data scope, creating and editing with their rules,
/// revealing identifiers (audited) and the effective-dated job history.
public sealed class EmployeeService(
    InputValidator validator,
    IDbContextFactory<AppDbContext> dbFactory, CurrentUser currentUser, FieldCipher cipher, AuditService audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<EmployeeDto>> ListAsync(EmployeeFilter filter, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = await FilteredAsync(db, db.Employees.AsNoTracking().VisibleTo(access, OrgPermissions.EmployeeRead), filter, ct);
        return await query.OrderBy(e => e.EmployeeNumber)
            .Select(e => new EmployeeDto(e.Id, e.EmployeeNumber, e.Name, e.BranchId,
                db.Branches.Where(b => b.Id == e.BranchId).Select(b => b.Name).First(),
                e.DepartmentId, db.Departments.Where(d => d.Id == e.DepartmentId).Select(d => d.Name).First(),
                db.Positions.Where(p => p.Id == e.PositionId).Select(p => p.Name).FirstOrDefault(),
                e.HireDate, e.Status, e.WorkPhone,
                db.Employees.Where(m => m.Id == e.ManagerId).Select(m => m.Name).FirstOrDefault()))
            .ToListAsync(ct);
    }

    /// The list's filter on a query the caller has already scoped; the export applies the same one.
    /// A department stands for itself and every department below it, as on the org chart.
    internal static async Task<IQueryable<Employee>> FilteredAsync(AppDbContext db, IQueryable<Employee> query, EmployeeFilter filter, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var search = filter.Search.Trim();
            query = query.Where(e => e.Name.Contains(search) || e.EmployeeNumber.Contains(search));
        }
        if (filter.BranchId is { } branch) query = query.Where(e => e.BranchId == branch);
        if (filter.DepartmentId is { } department)
        {
            var all = await db.Departments.AsNoTracking().ToListAsync(ct);
            var subtree = Structure.StructureService.Subtree(all, department).Select(d => d.Id).ToList();
            query = query.Where(e => subtree.Contains(e.DepartmentId));
        }
        if (filter.Status is { } status) query = query.Where(e => e.Status == status);
        if (filter.HiredFrom is { } from) query = query.Where(e => e.HireDate >= from);
        if (filter.HiredTo is { } to) query = query.Where(e => e.HireDate <= to);
        return query;
    }

    /// Names and work contacts of everyone currently employed: what a colleague may know.
    public async Task<IReadOnlyList<DirectoryEntry>> DirectoryAsync(string? search, Guid? departmentId, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Employees.AsNoTracking().VisibleTo(access, OrgPermissions.DirectoryRead)
            .Where(e => e.Status != EmploymentStatus.Left && e.Status != EmploymentStatus.Candidate);
        if (!string.IsNullOrWhiteSpace(search)) query = query.Where(e => e.Name.Contains(search) || e.EmployeeNumber.Contains(search));
        if (departmentId is { } d) query = query.Where(e => e.DepartmentId == d);
        return await DirectoryEntries(db, query).ToListAsync(ct);
    }

    /// Employees as directory cards (name, department, branch, position, work contacts), by number;
    /// other modules list people the same way (a manager choosing a customer's owner).
    public static IQueryable<DirectoryEntry> DirectoryEntries(AppDbContext db, IQueryable<Employee> employees) =>
        employees.OrderBy(e => e.EmployeeNumber)
            .Select(e => new DirectoryEntry(e.Id, e.EmployeeNumber, e.Name,
                db.Departments.Where(x => x.Id == e.DepartmentId).Select(x => x.Name).First(),
                db.Branches.Where(b => b.Id == e.BranchId).Select(b => b.Name).First(),
                db.Positions.Where(p => p.Id == e.PositionId).Select(p => p.Name).FirstOrDefault(),
                e.WorkPhone, e.WeComUserId));

    public async Task<EmployeeView> DetailAsync(Guid id, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Out of scope reads as "not found": the existence of a record outside one's scope is itself information.
        var e = await db.Employees.AsNoTracking().VisibleTo(access, OrgPermissions.EmployeeRead).SingleOrDefaultAsync(x => x.Id == id, ct)
                ?? throw new NotFoundException();
        var seesSalary = await InScopeAsync(db, access, OrgPermissions.EmployeeSalary, id, ct);
        var canReveal = await InScopeAsync(db, access, OrgPermissions.EmployeeReveal, id, ct);
        var canManage = await InScopeAsync(db, access, OrgPermissions.EmployeeManage, id, ct);
        var names = await db.Branches.Where(b => b.Id == e.BranchId).Select(b => b.Name).FirstAsync(ct);
        var department = await db.Departments.Where(d => d.Id == e.DepartmentId).Select(d => d.Name).FirstAsync(ct);
        var position = await db.Positions.Where(p => p.Id == e.PositionId).Select(p => p.Name).FirstOrDefaultAsync(ct);
        var manager = await db.Employees.Where(m => m.Id == e.ManagerId).Select(m => m.Name).FirstOrDefaultAsync(ct);
        return new EmployeeView(e.Id, e.EmployeeNumber, e.Name, e.Gender, e.BirthDate, e.BranchId, names, e.DepartmentId, department,
            e.PositionId, position, e.ManagerId, manager, seesSalary ? e.SalaryGrade : null,
            e.HireDate, e.ProbationEnd, e.ContractType, e.ContractStart, e.ContractEnd, e.Status, e.WorkPhone, e.WeComUserId,
            Masked(e.PersonalPhoneCipher, PersonalData.MaskPhone), Masked(e.IdCardNumberCipher, PersonalData.MaskIdCardNumber),
            Masked(e.BankAccountCipher, PersonalData.MaskBankAccount), e.EmergencyContactName, Masked(e.EmergencyContactPhoneCipher, PersonalData.MaskPhone),
            e.LastWorkingDay, e.LeaveType, e.LeaveReason, e.Version, canReveal, canManage);
    }

    /// Shows one identifier in clear and records who saw whose what.
    public async Task<string?> RevealAsync(Guid id, RevealField field, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var e = await db.Employees.AsNoTracking().VisibleTo(access, OrgPermissions.EmployeeReveal).SingleOrDefaultAsync(x => x.Id == id, ct)
                ?? throw new NotFoundException();
        var stored = field switch
        {
            RevealField.PersonalPhone => e.PersonalPhoneCipher,
            RevealField.IdCardNumber => e.IdCardNumberCipher,
            RevealField.BankAccount => e.BankAccountCipher,
            RevealField.EmergencyContactPhone => e.EmergencyContactPhoneCipher,
            _ => throw new DomainException("Validation.Format", "field") { Field = "field" },
        };
        // Named as the subject so the employee sees, on their own profile, who looked (PIPL art. 45).
        await audit.RecordReadAsync("org.employee." + field, id.ToString(), $"{e.EmployeeNumber} {e.Name}", subjectEmployeeId: id, ct);
        return cipher.Decrypt(stored);
    }

    public async Task<Guid> CreateAsync(EmployeeInput input, CancellationToken ct)
    {
        validator.EnsureValid(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var employee = await AddNewAsync(db, input, ct);
        await db.SaveChangesAsync(ct);
        return employee.Id;
    }

    /// Adds a new employee (with its hire entry and onboarding checklist) to a context without
    /// saving, so an import can add many rows in one transaction.
    internal async Task<Employee> AddNewAsync(AppDbContext db, EmployeeInput input, CancellationToken ct)
    {
        // Leaving goes through its own step (last day, checklist, account); a record starts before that.
        if (input.Status is { } status && status is not (EmploymentStatus.Candidate or EmploymentStatus.Probation or EmploymentStatus.Active))
            throw new DomainException("Org.StatusNotAllowedOnCreate") { Field = "status" };
        var employee = new Employee { Status = input.Status ?? EmploymentStatus.Probation };
        await ApplyAsync(db, employee, input, isNew: true, ct);
        employee.BranchId = input.BranchId!.Value;
        employee.DepartmentId = input.DepartmentId!.Value;
        employee.PositionId = input.PositionId;
        employee.ManagerId = input.ManagerId;
        employee.SalaryGrade = input.SalaryGrade;
        await CheckPlacementAsync(db, employee, ct);
        db.Employees.Add(employee);
        // A candidate has no job history yet: onboarding writes the hire entry and the checklist.
        if (employee.Status != EmploymentStatus.Candidate)
        {
            db.JobChanges.Add(Snapshot(employee, employee.HireDate, JobChangeKind.Hire, null));
            LifecycleService.AddDefaultChecklist(db, employee, ChecklistKind.Onboarding, employee.HireDate);
        }
        return employee;
    }

    public async Task UpdateAsync(Guid id, EmployeeInput input, CancellationToken ct)
    {
        validator.EnsureValid(input);
        if (input.Version is not { } version) throw new DomainException("Validation.Required", "version") { Field = "version" };
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var employee = await db.Employees.VisibleTo(access, OrgPermissions.EmployeeManage).SingleOrDefaultAsync(e => e.Id == id, ct)
                       ?? throw new NotFoundException();
        db.ExpectVersion(employee, version);
        await ApplyAsync(db, employee, input, isNew: false, ct);
        await db.SaveChangesAsync(ct);
    }

    /// Records a transfer, promotion, manager or grade change effective on a date. Changes dated
    /// today or earlier apply at once; later ones wait for their day (LifecycleService applies them).
    public async Task<Guid> AddJobChangeAsync(Guid id, JobChangeInput input, CancellationToken ct)
    {
        validator.EnsureValid(input);
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var employee = await db.Employees.VisibleTo(access, OrgPermissions.EmployeeManage).SingleOrDefaultAsync(e => e.Id == id, ct)
                       ?? throw new NotFoundException();
        if (employee.Status == EmploymentStatus.Left) throw new DomainException("Org.EmployeeHasLeft");
        if (input.Kind is JobChangeKind.Hire or JobChangeKind.Leave or JobChangeKind.Regularisation)
            throw new DomainException("Org.JobChangeKindNotAllowed") { Field = "kind" };
        if (input.SalaryGrade is not null && !await InScopeAsync(db, access, OrgPermissions.EmployeeSalary, id, ct))
            throw new DomainException("Error.Forbidden") { StatusCode = StatusCodes.Status403Forbidden, Field = "salaryGrade" };

        // History is written forward only: a change starts from the latest entry (which may itself be
        // a pending future one) and cannot be dated before it, so no later snapshot is left stale.
        var latest = await db.JobChanges.AsNoTracking().Where(j => j.EmployeeId == id)
            .OrderByDescending(j => j.EffectiveDate).ThenByDescending(j => j.RecordedAt).FirstOrDefaultAsync(ct);
        if (latest is not null && input.EffectiveDate < latest.EffectiveDate)
            throw new DomainException("Org.JobChangeBeforeLatest", latest.EffectiveDate.ToString("yyyy-MM-dd")) { Field = "effectiveDate" };
        if (input.EffectiveDate < employee.HireDate) throw new DomainException("Org.DateBeforeHire") { Field = "effectiveDate" };
        var from = latest is null
            ? employee
            : new Employee
            {
                BranchId = latest.BranchId, DepartmentId = latest.DepartmentId, PositionId = latest.PositionId,
                ManagerId = latest.ManagerId, SalaryGrade = latest.SalaryGrade,
            };

        var target = new Employee
        {
            Id = employee.Id, Status = employee.Status,
            BranchId = input.BranchId ?? from.BranchId,
            DepartmentId = input.DepartmentId ?? from.DepartmentId,
            // Positions belong to a department: moving without naming a new position leaves it empty.
            PositionId = input.PositionId ?? (input.DepartmentId is { } moved && moved != from.DepartmentId ? null : from.PositionId),
            ManagerId = input.ManagerId ?? from.ManagerId,
            SalaryGrade = input.SalaryGrade ?? from.SalaryGrade,
        };
        await CheckPlacementAsync(db, target, ct);
        var change = Snapshot(target, input.EffectiveDate!.Value, input.Kind!.Value, input.Note);
        db.JobChanges.Add(change);
        var today = await TodayForAsync(db, employee.BranchId, ct);
        if (change.EffectiveDate <= today) Apply(employee, change);
        await db.SaveChangesAsync(ct);
        return change.Id;
    }

    /// The job history, newest first; entries still in the future are marked pending.
    public async Task<IReadOnlyList<JobSnapshot>> HistoryAsync(Guid id, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var employee = await db.Employees.AsNoTracking().VisibleTo(access, OrgPermissions.EmployeeRead).SingleOrDefaultAsync(e => e.Id == id, ct)
                       ?? throw new NotFoundException();
        var seesSalary = await InScopeAsync(db, access, OrgPermissions.EmployeeSalary, id, ct);
        var today = await TodayForAsync(db, employee.BranchId, ct);
        var rows = await db.JobChanges.AsNoTracking().Where(j => j.EmployeeId == id)
            .OrderByDescending(j => j.EffectiveDate).ThenByDescending(j => j.RecordedAt)
            .Select(j => new
            {
                j.Id, j.EffectiveDate, j.Kind, j.SalaryGrade, j.Status, j.Note,
                Branch = db.Branches.Where(b => b.Id == j.BranchId).Select(b => b.Name).First(),
                Department = db.Departments.Where(d => d.Id == j.DepartmentId).Select(d => d.Name).First(),
                Position = db.Positions.Where(p => p.Id == j.PositionId).Select(p => p.Name).FirstOrDefault(),
                Manager = db.Employees.Where(m => m.Id == j.ManagerId).Select(m => m.Name).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return rows.Select(j => new JobSnapshot(j.Id, j.EffectiveDate, j.Kind, j.Branch, j.Department, j.Position, j.Manager,
            seesSalary ? j.SalaryGrade : null, j.Status, j.Note, j.EffectiveDate > today)).ToList();
    }

    /// Where the employee worked on a given day: the latest snapshot effective on or before it.
    public async Task<JobSnapshot?> AtAsync(Guid id, DateOnly date, CancellationToken ct) =>
        (await HistoryAsync(id, ct)).FirstOrDefault(j => j.EffectiveDate <= date);

    internal static JobChange Snapshot(Employee e, DateOnly effective, JobChangeKind kind, string? note) => new()
    {
        EmployeeId = e.Id, EffectiveDate = effective, Kind = kind, BranchId = e.BranchId, DepartmentId = e.DepartmentId,
        PositionId = e.PositionId, ManagerId = e.ManagerId, SalaryGrade = e.SalaryGrade, Status = e.Status, Note = note,
        RecordedAt = DateTimeOffset.UtcNow,
    };

    internal static void Apply(Employee employee, JobChange change)
    {
        employee.BranchId = change.BranchId;
        employee.DepartmentId = change.DepartmentId;
        employee.PositionId = change.PositionId;
        employee.ManagerId = change.ManagerId;
        employee.SalaryGrade = change.SalaryGrade;
    }

    internal async Task<DateOnly> TodayForAsync(AppDbContext db, Guid branchId, CancellationToken ct)
    {
        var zone = await db.Branches.Where(b => b.Id == branchId).Select(b => b.TimeZone).FirstAsync(ct);
        return BranchCalendar.DayOf(clock.GetUtcNow(), BranchCalendar.Zone(zone));
    }

    private async Task ApplyAsync(AppDbContext db, Employee employee, EmployeeInput input, bool isNew, CancellationToken ct)
    {
        var number = input.EmployeeNumber.Trim();
        var clash = await db.Employees.Where(e => e.EmployeeNumber == number && e.Id != employee.Id).Select(e => e.Name).FirstOrDefaultAsync(ct)
                    ?? db.Employees.Local.FirstOrDefault(e => e.EmployeeNumber == number && e.Id != employee.Id)?.Name;
        if (clash is not null)
            throw new DomainException("Org.DuplicateEmployeeNumber", number, clash) { StatusCode = StatusCodes.Status409Conflict, Field = "employeeNumber" };

        if (input.IdCardNumber is { Length: > 0 } idNumber)
        {
            var normalised = PersonalData.NormaliseIdCardNumber(idNumber)!;
            if (!PersonalData.IsValidIdCardNumber(normalised)) throw new DomainException("Org.InvalidIdCardNumber") { Field = "idCardNumber" };
            var index = cipher.BlindIndex(normalised);
            var holder = await db.Employees.Where(e => e.IdCardNumberIndex == index && e.Id != employee.Id)
                .Select(e => e.EmployeeNumber + " " + e.Name).FirstOrDefaultAsync(ct)
                ?? db.Employees.Local.Where(e => e.IdCardNumberIndex == index && e.Id != employee.Id).Select(e => e.EmployeeNumber + " " + e.Name).FirstOrDefault();
            if (holder is not null)
                throw new DomainException("Org.DuplicateIdCardNumber", holder) { StatusCode = StatusCodes.Status409Conflict, Field = "idCardNumber" };
            employee.IdCardNumberCipher = cipher.Encrypt(normalised);
            employee.IdCardNumberIndex = index;
            input.BirthDate ??= PersonalData.BirthDateFromIdCardNumber(normalised);
        }
        else if (input.IdCardNumber is "") (employee.IdCardNumberCipher, employee.IdCardNumberIndex) = (null, null);

        if (input.PersonalPhone is { Length: > 0 } phone)
        {
            if (!PersonalData.IsValidMobile(phone)) throw new DomainException("Org.InvalidPhone") { Field = "personalPhone" };
            employee.PersonalPhoneCipher = cipher.Encrypt(PersonalData.NormalisePhone(phone));
        }
        else if (input.PersonalPhone is "") employee.PersonalPhoneCipher = null;

        if (input.BankAccount is { Length: > 0 } account)
        {
            if (!PersonalData.IsValidBankAccount(account)) throw new DomainException("Org.InvalidBankAccount") { Field = "bankAccount" };
            employee.BankAccountCipher = cipher.Encrypt(account.Replace(" ", "", StringComparison.Ordinal));
        }
        else if (input.BankAccount is "") employee.BankAccountCipher = null;

        if (input.WorkPhone is { Length: > 0 } workPhone && PersonalData.NormalisePhone(workPhone) is not { Length: >= 7 })
            throw new DomainException("Org.InvalidPhone") { Field = "workPhone" };
        if (input.EmergencyContactPhone is { Length: > 0 } emergency)
        {
            if (PersonalData.NormalisePhone(emergency) is not { Length: >= 7 } normalisedEmergency)
                throw new DomainException("Org.InvalidPhone") { Field = "emergencyContactPhone" };
            employee.EmergencyContactPhoneCipher = cipher.Encrypt(normalisedEmergency);
        }
        else if (input.EmergencyContactPhone is "") employee.EmergencyContactPhoneCipher = null;
        if (input.WeComUserId is { Length: > 0 } wecom
            && (await db.Employees.AnyAsync(e => e.WeComUserId == wecom && e.Id != employee.Id, ct)
                || db.Employees.Local.Any(e => e.WeComUserId == wecom && e.Id != employee.Id)))
            throw new DomainException("Org.DuplicateWeComUserId", wecom) { StatusCode = StatusCodes.Status409Conflict, Field = "weComUserId" };
        if (input.ContractStart is { } start && input.ContractEnd is { } end && end < start)
            throw new DomainException("Org.ContractEndsBeforeStart") { Field = "contractEnd" };
        if (input.ProbationEnd is { } probationEnd && probationEnd < input.HireDate)
            throw new DomainException("Org.ProbationEndsBeforeHire") { Field = "probationEnd" };

        employee.EmployeeNumber = number;
        employee.Name = input.Name.Trim();
        employee.Gender = input.Gender;
        employee.BirthDate = input.BirthDate;
        employee.HireDate = input.HireDate!.Value;
        employee.ProbationEnd = input.ProbationEnd;
        employee.ContractType = input.ContractType;
        employee.ContractStart = input.ContractStart;
        employee.ContractEnd = input.ContractEnd;
        employee.WorkPhone = input.WorkPhone;
        employee.WeComUserId = string.IsNullOrWhiteSpace(input.WeComUserId) ? null : input.WeComUserId;
        employee.EmergencyContactName = input.EmergencyContactName;
        if (isNew) employee.Status = input.Status ?? EmploymentStatus.Probation;
    }

    /// Department in the branch, position in the department, and no management loops.
    private static async Task CheckPlacementAsync(AppDbContext db, Employee e, CancellationToken ct)
    {
        var department = await db.Departments.AsNoTracking().SingleOrDefaultAsync(d => d.Id == e.DepartmentId, ct)
                         ?? throw new DomainException("Org.UnknownDepartment") { Field = "departmentId" };
        if (!await db.Branches.AnyAsync(b => b.Id == e.BranchId, ct)) throw new DomainException("Org.UnknownBranch") { Field = "branchId" };
        if (department.BranchId != e.BranchId) throw new DomainException("Org.DepartmentInOtherBranch") { Field = "departmentId" };
        if (e.PositionId is { } positionId
            && !await db.Positions.AnyAsync(p => p.Id == positionId && p.DepartmentId == e.DepartmentId, ct))
            throw new DomainException("Org.PositionNotInDepartment") { Field = "positionId" };
        if (e.ManagerId is { } managerId)
        {
            if (managerId == e.Id) throw new DomainException("Org.ManagerLoop") { Field = "managerId" };
            var managers = await db.Employees.AsNoTracking().Select(x => new { x.Id, x.ManagerId }).ToDictionaryAsync(x => x.Id, x => x.ManagerId, ct);
            // Rows added earlier in the same import are not in the database yet.
            foreach (var added in db.Employees.Local) managers.TryAdd(added.Id, added.ManagerId);
            if (!managers.ContainsKey(managerId)) throw new DomainException("Org.UnknownEmployee") { Field = "managerId" };
            // Walk up from the new manager: meeting the employee again means A manages B manages … A.
            var seen = new HashSet<Guid>();
            for (Guid? at = managerId; at is { } current && seen.Add(current); at = managers.GetValueOrDefault(current))
            {
                if (current == e.Id) throw new DomainException("Org.ManagerLoop") { Field = "managerId" };
            }
        }
    }

    private static Task<bool> InScopeAsync(AppDbContext db, UserAccess access, string permission, Guid id, CancellationToken ct) =>
        access.Has(permission) ? db.Employees.VisibleTo(access, permission).AnyAsync(e => e.Id == id, ct) : Task.FromResult(false);

    private string? Masked(string? stored, Func<string, string> mask) => stored is null ? null : mask(cipher.Decrypt(stored)!);
}
