using System.ComponentModel.DataAnnotations;
using Renhe.Platform.Formatting;
using Renhe.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Org;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Structure;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;
using Renhe.Platform.Audit;
using Renhe.Platform.Data;
using Renhe.Platform.Localization;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Sales.Targets;

public sealed record PlanRow(
    Guid EmployeeId, string Name, bool OnProbation, bool UsesTeamAverage,
    decimal ConversionRate, long AverageOrderFen,
    long ProposedAmountFen, int ProposedOrders, int ProposedIntentCustomers, int ProposedCustomersPerMonth, int ProposedCustomersPerDay,
    int ProposedConversionCycleDays, int ProposedCallMinutesPerDay,
    /// The saved figures (null when nothing is saved for this person yet).
    SavedPlan? Saved);

public sealed record SavedPlan(long AmountFen, int OrdersNeeded, int IntentCustomersNeeded, int CustomersPerMonth, int CustomersPerDay,
    int ConversionCycleDays, int CallMinutesPerDay);

public sealed record TargetView(
    Guid DepartmentId, string DepartmentName, DateOnly Month, int WorkingDays, int HistoryMonths,
    long? AmountFen, TargetStatus? Status, int Revision, DateTimeOffset? PublishedAt, string? PublishedByName, Guid? Version,
    IReadOnlyList<PlanRow> Rows);

public sealed record PlanInput(Guid EmployeeId, [property: Yuan] decimal? AmountYuan,
    [property: Range(0, FieldLimits.Count)] int? OrdersNeeded, [property: Range(0, FieldLimits.Count)] int? IntentCustomersNeeded,
    [property: Range(0, FieldLimits.Count)] int? CustomersPerMonth, [property: Range(0, FieldLimits.Count)] int? CustomersPerDay,
    [property: Range(1, 366)] int? ConversionCycleDays, [property: Range(0, 24 * 60)] int? CallMinutesPerDay);

/// Month as "2026-11" (a date in the month is taken too). Month and amount are required, as
/// SaveAsync always refused them empty: said here, the planning page marks them from it.
public sealed record TargetInput(Guid DepartmentId, [property: Required, MaxLength(10)] string? Month, [property: Required, Yuan] decimal? AmountYuan, Guid? Version,
    [property: MaxLength(FieldLimits.BatchItems)] IReadOnlyList<PlanInput>? Plans);

/// Team targets and their per-person plans. Who may do what: sales.target.manage in team scope
/// sets and publishes the targets of the departments one manages (and those below); in all scope,
/// any department's; in branch scope, the departments of one's branch (the departments VisibleTo
/// gives). Another department reads as not found. A published target is changed only by
/// publishing again (which overwrites, bumps the revision and is audited), never saved back to a draft.
public sealed class TargetService(InputValidator validator, IDbContextFactory<AppDbContext> dbFactory, CurrentUser currentUser, TimeProvider clock,
    AuditService audit, IStringLocalizer<Strings> l)
{
    public const int DefaultHistoryMonths = 3;

    /// Departments whose targets the caller reads (a manager's own, the owner's every one), for the pickers.
    public async Task<IReadOnlyList<(Guid Id, string Name)>> DepartmentsAsync(CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Departments.AsNoTracking().VisibleTo(access, SalesPermissions.TargetRead);
        return (await query.OrderBy(d => d.Name).Select(d => new { d.Id, d.Name }).ToListAsync(ct)).Select(d => (d.Id, d.Name)).ToList();
    }

    /// The caller's own department when they manage it, else the first they manage.
    public async Task<Guid?> DefaultDepartmentAsync(CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        var all = await DepartmentsAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var own = access.EmployeeId is { } me ? await db.Employees.Where(e => e.Id == me).Select(e => (Guid?)e.DepartmentId).FirstOrDefaultAsync(ct) : null;
        if (own is { } o && all.Any(d => d.Id == o)) return o;
        // 销售部 first for an administrator: the department targets are about.
        return all.OrderBy(d => d.Name.Contains("销售") ? 0 : 1).Select(d => (Guid?)d.Id).FirstOrDefault();
    }

    public async Task<TargetView> GetAsync(Guid departmentId, DateOnly month, int historyMonths, long? amountFen, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await RequireDepartmentAsync(db, departmentId, SalesPermissions.TargetRead, ct);
        return await ViewAsync(db, departmentId, BranchCalendar.FirstOfMonth(month), historyMonths, amountFen, null, ct);
    }

    /// Saves a draft (publish false) or publishes. Plans left out are filled from the proposal.
    public async Task<TargetView> SaveAsync(TargetInput input, bool publish, CancellationToken ct)
    {
        validator.EnsureValid(input);
        if (string.IsNullOrWhiteSpace(input.Month)) throw new DomainException("Validation.Required", "month") { Field = "month" };
        var month = TargetEndpoints.ParseMonth(input.Month);
        if (input.AmountYuan is not { } yuan || yuan <= 0 || yuan > FieldLimits.AmountYuan || decimal.Round(yuan, 2) != yuan)
            throw new DomainException("Sales.Target.BadAmount") { Field = "amountYuan" };
        var amountFen = MoneyFormat.ToFen(yuan);
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await RequireDepartmentAsync(db, input.DepartmentId, SalesPermissions.TargetManage, ct);

        var members = await MembersAsync(db, input.DepartmentId, ct);
        var plans = input.Plans ?? [];
        for (var i = 0; i < plans.Count; i++)
        {
            var p = plans[i];
            if (members.All(e => e.Id != p.EmployeeId))
                throw new DomainException("Sales.Target.NotAMember") { Field = $"plans[{i}].employeeId" };
            if (p.AmountYuan is { } a && (a < 0 || decimal.Round(a, 2) != a))
                throw new DomainException("Sales.Target.BadAmount") { Field = $"plans[{i}].amountYuan" };
            foreach (var (value, name) in new[] { (p.OrdersNeeded, "ordersNeeded"), (p.IntentCustomersNeeded, "intentCustomersNeeded"),
                         (p.CustomersPerMonth, "customersPerMonth"), (p.CustomersPerDay, "customersPerDay"),
                         (p.ConversionCycleDays, "conversionCycleDays"), (p.CallMinutesPerDay, "callMinutesPerDay") })
                if (value is < 0 or > 100_000) throw new DomainException("Sales.Target.BadFigure") { Field = $"plans[{i}].{name}" };
        }
        if (plans.GroupBy(p => p.EmployeeId).Any(g => g.Count() > 1))
            throw new DomainException("Sales.Target.DuplicatePerson") { Field = "plans" };

        var target = await db.SalesTargets.Include(t => t.Plans).SingleOrDefaultAsync(t => t.DepartmentId == input.DepartmentId && t.Month == month, ct);
        if (target is not null && input.Version is { } v) db.ExpectVersion(target, v);
        if (!publish && target?.Status == TargetStatus.Published)
            throw new DomainException("Sales.Target.AlreadyPublished") { StatusCode = StatusCodes.Status409Conflict };

        // Figures the manager typed win; the proposal fills the rest (amounts split over what is left).
        var fixedAmounts = plans.Where(p => p.AmountYuan is not null).ToDictionary(p => p.EmployeeId, p => MoneyFormat.ToFen(p.AmountYuan!.Value));
        var proposals = await ProposeAsync(db, input.DepartmentId, members, month, DefaultHistoryMonths, amountFen, fixedAmounts, ct);
        var sum = proposals.Sum(p => p.AmountFen);
        if (sum < amountFen) throw new DomainException("Sales.Target.PlansShort", MoneyFormat.Format(sum), MoneyFormat.Format(amountFen)) { Field = "plans" };
        var unfixed = await ProposeAsync(db, input.DepartmentId, members, month, DefaultHistoryMonths, amountFen, null, ct);

        var now = clock.GetUtcNow();
        if (target is null)
        {
            target = new SalesTarget { DepartmentId = input.DepartmentId, Month = month };
            db.SalesTargets.Add(target);
        }
        target.AmountFen = amountFen;
        target.UpdatedAt = now;
        foreach (var proposal in proposals)
        {
            var typed = plans.FirstOrDefault(p => p.EmployeeId == proposal.EmployeeId);
            var plan = target.Plans.FirstOrDefault(p => p.EmployeeId == proposal.EmployeeId);
            if (plan is null)
            {
                plan = new SalesPlan { TargetId = target.Id, EmployeeId = proposal.EmployeeId };
                target.Plans.Add(plan);
            }
            plan.ProposedAmountFen = unfixed.Single(u => u.EmployeeId == proposal.EmployeeId).AmountFen;
            plan.AmountFen = proposal.AmountFen;
            plan.OrdersNeeded = typed?.OrdersNeeded ?? proposal.OrdersNeeded;
            plan.IntentCustomersNeeded = typed?.IntentCustomersNeeded ?? proposal.IntentCustomersNeeded;
            plan.CustomersPerMonth = typed?.CustomersPerMonth ?? proposal.CustomersPerMonth;
            plan.CustomersPerDay = typed?.CustomersPerDay ?? proposal.CustomersPerDay;
            plan.ConversionCycleDays = typed?.ConversionCycleDays ?? proposal.ConversionCycleDays;
            plan.CallMinutesPerDay = typed?.CallMinutesPerDay ?? proposal.CallMinutesPerDay;
        }
        // Someone who left the department since the last save drops out of the plan.
        foreach (var gone in target.Plans.Where(p => proposals.All(x => x.EmployeeId != p.EmployeeId)).ToList())
        {
            target.Plans.Remove(gone);
            db.SalesPlans.Remove(gone);
        }
        if (publish)
        {
            target.Status = TargetStatus.Published;
            target.Revision++;
            target.PublishedAt = now;
            target.PublishedByName = access.EmployeeId is { } me
                ? await db.Employees.Where(e => e.Id == me).Select(e => e.Name).FirstOrDefaultAsync(ct) ?? currentUser.UserName
                : currentUser.UserName;
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainException("Error.Concurrency") { StatusCode = StatusCodes.Status409Conflict };
        }
        catch (DbUpdateException)
        {
            // Two first saves of the same month at once: the unique index keeps one.
            throw new DomainException("Error.Concurrency") { StatusCode = StatusCodes.Status409Conflict };
        }
        return await ViewAsync(db, input.DepartmentId, month, DefaultHistoryMonths, null, null, ct);
    }

    /// Publishes a department's target from the proposal alone (demo data; the same rules as the page).
    internal async Task PublishProposalAsync(AppDbContext db, Guid departmentId, DateOnly month, long amountFen, string byName, CancellationToken ct)
    {
        var members = await MembersAsync(db, departmentId, ct);
        var proposals = await ProposeAsync(db, departmentId, members, month, DefaultHistoryMonths, amountFen, null, ct);
        var now = clock.GetUtcNow();
        var target = new SalesTarget
        {
            DepartmentId = departmentId, Month = month, AmountFen = amountFen, Status = TargetStatus.Published, Revision = 1,
            PublishedAt = now, PublishedByName = byName, UpdatedAt = now,
        };
        target.Plans.AddRange(proposals.Select(p => new SalesPlan
        {
            TargetId = target.Id, EmployeeId = p.EmployeeId, ProposedAmountFen = p.AmountFen, AmountFen = p.AmountFen, OrdersNeeded = p.OrdersNeeded,
            IntentCustomersNeeded = p.IntentCustomersNeeded, CustomersPerMonth = p.CustomersPerMonth, CustomersPerDay = p.CustomersPerDay,
            ConversionCycleDays = p.ConversionCycleDays, CallMinutesPerDay = p.CallMinutesPerDay,
        }));
        db.SalesTargets.Add(target);
        await db.SaveChangesAsync(ct);
    }

    private async Task<TargetView> ViewAsync(AppDbContext db, Guid departmentId, DateOnly month, int historyMonths, long? amountFen,
        IReadOnlyDictionary<Guid, long>? fixedAmounts, CancellationToken ct)
    {
        historyMonths = historyMonths is 6 ? 6 : 3;
        var department = await db.Departments.AsNoTracking().Where(d => d.Id == departmentId).Select(d => d.Name).SingleAsync(ct);
        var target = await db.SalesTargets.AsNoTracking().Include(t => t.Plans)
            .SingleOrDefaultAsync(t => t.DepartmentId == departmentId && t.Month == month, ct);
        var members = await MembersAsync(db, departmentId, ct);
        var amount = amountFen ?? target?.AmountFen ?? 0;
        var proposals = await ProposeAsync(db, departmentId, members, month, historyMonths, amount, fixedAmounts, ct);
        var rows = members.Select(e =>
        {
            var p = proposals.Single(x => x.EmployeeId == e.Id);
            var s = target?.Plans.FirstOrDefault(x => x.EmployeeId == e.Id);
            return new PlanRow(e.Id, e.Name, p.OnProbation, p.UsesTeamAverage, p.ConversionRate, p.AverageOrderFen,
                p.AmountFen, p.OrdersNeeded, p.IntentCustomersNeeded, p.CustomersPerMonth, p.CustomersPerDay, p.ConversionCycleDays, p.CallMinutesPerDay,
                s is null ? null : new SavedPlan(s.AmountFen, s.OrdersNeeded, s.IntentCustomersNeeded, s.CustomersPerMonth, s.CustomersPerDay,
                    s.ConversionCycleDays, s.CallMinutesPerDay));
        }).ToList();
        return new TargetView(departmentId, department, month, PlanProposer.WorkingDays(month), historyMonths,
            target?.AmountFen, target?.Status, target?.Revision ?? 0, target?.PublishedAt, target?.PublishedByName, target?.Version, rows);
    }

    private static async Task<IReadOnlyList<PersonProposal>> ProposeAsync(AppDbContext db, Guid departmentId, List<Employee> members, DateOnly month,
        int historyMonths, long amountFen, IReadOnlyDictionary<Guid, long>? fixedAmounts, CancellationToken ct)
    {
        if (members.Count == 0) return [];
        var zone = BranchCalendar.Zone(await db.Departments.Where(d => d.Id == departmentId)
            .Select(d => db.Branches.Where(b => b.Id == d.BranchId).Select(b => b.TimeZone).FirstOrDefault()).FirstOrDefaultAsync(ct));
        var history = await SalesFigures.HistoryAsync(db,
            members.Select(e => (e.Id, e.Status == EmploymentStatus.Probation, e.HireDate)).ToList(), month.AddMonths(-historyMonths), month, zone, ct);
        return PlanProposer.Propose(amountFen, history, PlanProposer.WorkingDays(month), fixedAmounts);
    }

    /// The department's salespeople: its staff, less the manager who sets the target.
    internal static async Task<List<Employee>> MembersAsync(AppDbContext db, Guid departmentId, CancellationToken ct)
    {
        var manager = await db.Departments.Where(d => d.Id == departmentId).Select(d => d.ManagerEmployeeId).FirstOrDefaultAsync(ct);
        return (await SalesFigures.MembersAsync(db, departmentId, ct)).Where(e => e.Id != manager).ToList();
    }

    /// The month's plan of a department as a workbook: each person's saved target (draft or
    /// published; empty where none is saved), what they have achieved (net sales of the month in the
    /// department's time) and the progress, with the daily quota the plan sets. Same department
    /// scope as the page; audited with the department, month and row count.
    public async Task<byte[]> ExportAsync(Guid departmentId, DateOnly month, CancellationToken ct)
    {
        month = BranchCalendar.FirstOfMonth(month);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await RequireDepartmentAsync(db, departmentId, SalesPermissions.TargetRead, ct);
        var zone = BranchCalendar.Zone(await db.Departments.Where(d => d.Id == departmentId)
            .Select(d => db.Branches.Where(b => b.Id == d.BranchId).Select(b => b.TimeZone).FirstOrDefault()).FirstOrDefaultAsync(ct));
        var target = await db.SalesTargets.AsNoTracking().Include(t => t.Plans)
            .SingleOrDefaultAsync(t => t.DepartmentId == departmentId && t.Month == month, ct);
        var members = await MembersAsync(db, departmentId, ct);
        var net = await SalesFigures.NetAsync(db, members.Select(e => e.Id).ToList(), BranchCalendar.StartUtc(month, zone),
            BranchCalendar.StartUtc(month.AddMonths(1), zone), ct);
        var sheet = members.Select(e =>
        {
            var plan = target?.Plans.FirstOrDefault(p => p.EmployeeId == e.Id);
            var achieved = net[e.Id].NetFen;
            return new Dictionary<string, object?>
            {
                [l["Sales.Team.Person"]] = e.Name,
                [l["Sales.Team.Probation"]] = e.Status == EmploymentStatus.Probation ? l["Common.Yes"].Value : "",
                [l["Sales.Targets.ExportTarget"]] = MoneyFormat.ToYuan(plan?.AmountFen),
                [l["Sales.Targets.ExportAchieved"]] = MoneyFormat.ToYuan(achieved),
                [l["Sales.Targets.ExportProgress"]] = plan is { AmountFen: > 0 } p ? Math.Round(100m * achieved / p.AmountFen, 1) : null,
                [l["Sales.Targets.PerDay"]] = plan?.CustomersPerDay,
                [l["Sales.Targets.CallMinutes"]] = plan?.CallMinutesPerDay,
            };
        }).ToList();
        if (sheet.Count == 0) sheet.Add(new Dictionary<string, object?> { [l["Sales.Team.Person"]] = null, [l["Sales.Targets.ExportTarget"]] = null });
        using var stream = new MemoryStream();
        await MiniExcel.SaveAsAsync(stream, sheet,
            sheetName: month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), cancellationToken: ct);
        await audit.RecordAsync(AuditAction.Export, "sales.target", departmentId.ToString(),
            System.Text.Json.JsonSerializer.Serialize(new { month, status = target?.Status, rows = members.Count }), ct);
        return stream.ToArray();
    }

    /// Whether the caller may change this department's target (the page shows it read-only otherwise).
    public async Task<bool> CanManageAsync(Guid departmentId, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Departments.VisibleTo(access, SalesPermissions.TargetManage).AnyAsync(d => d.Id == departmentId, ct);
    }

    private async Task RequireDepartmentAsync(AppDbContext db, Guid departmentId, string permission, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        if (!await db.Departments.VisibleTo(access, permission).AnyAsync(d => d.Id == departmentId, ct))
            throw new NotFoundException();
    }

}
