using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Signals;
using Renhe.Platform.Audit;
using Renhe.Platform.Signals;
using Renhe.Platform.Time;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Org.Signals;

/// HR records as signals: a hire on probation, a transfer and a resignation made through the
/// HR API, read back from the job history and the employee record's audit trail.
public abstract class HrSignalSourceSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private static readonly TimeZoneInfo Zone = BranchCalendar.Zone(BranchCalendar.DefaultZoneId);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Probation_a_transfer_and_a_resignation_with_its_last_day_come_from_the_records_that_keep_history()
    {
        var today = BranchCalendar.DayOf(DateTimeOffset.UtcNow, Zone);
        var hired = today.AddDays(-200);
        Guid id, hireEntry, operations;
        await using (var db = Factory.OpenDb())
        {
            var sales = await db.Departments.FirstAsync(d => d.Name == "销售部", Ct);
            operations = await db.Departments.Where(d => d.Name == "运营部").Select(d => d.Id).FirstAsync(Ct);
            var e = new Employee
            {
                EmployeeNumber = "HS" + Guid.NewGuid().ToString("N")[..8], Name = "信号员工", BranchId = sales.BranchId, DepartmentId = sales.Id,
                HireDate = hired, ProbationEnd = hired.AddMonths(3), Status = EmploymentStatus.Active,
            };
            db.Employees.Add(e);
            var hire = EmployeeService.Snapshot(e, hired, JobChangeKind.Hire, null);
            hire.Status = EmploymentStatus.Probation;
            db.JobChanges.Add(hire);
            db.JobChanges.Add(EmployeeService.Snapshot(e, hired.AddMonths(3), JobChangeKind.Regularisation, null));
            await db.SaveChangesAsync(Ct);
            (id, hireEntry) = (e.Id, hire.Id);
        }

        var hr = await Factory.ClientForAsync("hr");
        // A grade change moves nobody; the transfer to 运营部 does.
        await (await hr.PostAsJsonAsync($"/api/org/employees/{id}/job-changes",
            new { effectiveDate = today.AddDays(-40), kind = "SalaryGradeChange", salaryGrade = "S2" }, Http.Json, Ct)).ReadAsync<IdResponse>(HttpStatusCode.Created);
        var transfer = (await (await hr.PostAsJsonAsync($"/api/org/employees/{id}/job-changes",
            new { effectiveDate = today.AddDays(-30), kind = "Transfer", departmentId = operations, note = "调往运营部" }, Http.Json, Ct)).ReadAsync<IdResponse>(HttpStatusCode.Created)).Id;
        var lastDay = today.AddDays(20);
        var before = DateTimeOffset.UtcNow;
        (await hr.PostAsJsonAsync($"/api/org/employees/{id}/leave", new { type = "Resignation", lastWorkingDay = lastDay, reason = "回老家发展" }, Http.Json, Ct))
            .EnsureSuccessStatusCode();

        AuditEntry leave;
        await using (var db = Factory.OpenDb())
            leave = await db.AuditEntries.Where(a => a.Entity == "org_employee" && a.EntityKey == id.ToString() && a.Action == AuditAction.Update && a.At >= before)
                .SingleAsync(Ct);
        var hiredAt = BranchCalendar.StartUtc(hired, Zone);
        var leaveRef = new SignalRef(SignalRecordTypes.Audit, leave.Id.ToString("D"));
        Signal[] expected =
        [
            new(SignalKinds.Probation, id, hiredAt, new SignalRef(SignalRecordTypes.JobChange, hireEntry.ToString("D")), Value: hired.AddMonths(3).DayNumber),
            new(SignalKinds.Transfer, id, BranchCalendar.StartUtc(today.AddDays(-30), Zone), new SignalRef(SignalRecordTypes.JobChange, transfer.ToString("D"))),
            new(SignalKinds.LastWorkingDay, id, leave.At, leaveRef, Value: lastDay.DayNumber),
            new(SignalKinds.Resignation, id, leave.At, leaveRef),
        ];
        var people = new HashSet<Guid> { id };
        Assert.Equal(expected, await LoadAsync(hiredAt, leave.At.AddMilliseconds(1), people));
        // [from, to): the hire exactly at `from` is in, a moment later out; the leave exactly at `to` is out.
        // (A millisecond: the databases keep instants to 1 µs and 0.1 ms.)
        Assert.Equal(expected[1..], await LoadAsync(hiredAt.AddMilliseconds(1), leave.At.AddMilliseconds(1), people));
        Assert.Equal(expected[..2], await LoadAsync(hiredAt, leave.At, people));
        Assert.Empty(await LoadAsync(hiredAt, leave.At.AddMilliseconds(1), new HashSet<Guid> { Guid.NewGuid() }));
        // Without a people filter the same four are among everyone's.
        var everyone = await LoadAsync(hiredAt, leave.At.AddMilliseconds(1), null);
        Assert.Equal(expected, everyone.Where(s => s.EmployeeId == id));
    }

    [Theory]
    [InlineData("""{"Status":{"old":2,"new":3},"LastWorkingDay":{"old":null,"new":"2026-12-31"}}""", EmploymentStatus.Active, EmploymentStatus.Leaving, "2026-12-31")]
    [InlineData("""{"Status":{"old":"Leaving","new":"Left"}}""", EmploymentStatus.Leaving, EmploymentStatus.Left, null)]
    [InlineData("""{"Name":{"old":"甲","new":"乙"}}""", null, null, null)]
    public void An_audited_change_reads_as_a_status_change_and_a_last_day(string changes, EmploymentStatus? old, EmploymentStatus? @new, string? day)
    {
        var (status, lastDay) = HrSignalSource.Read(changes);
        Assert.Equal(old, status?.Old);
        Assert.Equal(@new, status?.New);
        Assert.Equal(day is null ? null : DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), lastDay);
    }

    private async Task<List<Signal>> LoadAsync(DateTimeOffset from, DateTimeOffset to, IReadOnlySet<Guid>? people)
    {
        await using var db = Factory.OpenDb();
        var list = (await new HrSignalSource().LoadAsync(db, from, to, people, Ct)).ToList();
        list.Sort(SignalLoader.Compare);
        return list;
    }

    public sealed record IdResponse(Guid Id);
}

[Trait("Category", "Integration")]
public sealed class SqliteHrSignalSourceTests(SqliteRenheFactory factory) : HrSignalSourceSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresHrSignalSourceTests(PostgresRenheFactory factory) : HrSignalSourceSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
