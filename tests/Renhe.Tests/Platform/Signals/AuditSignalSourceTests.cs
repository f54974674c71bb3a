using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Sales.Customers;
using Renhe.Platform.Audit;
using Renhe.Platform.Signals;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Platform.Signals;

/// The audit log as signals: a salesperson opens a customer, reveals its phone and exports their
/// follow-ups through the API; each becomes one signal for their employee, at the audited time.
public abstract class AuditSignalSourceSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Opening_a_customer_revealing_its_phone_and_exporting_are_signals_of_the_users_employee()
    {
        var lisi = await Factory.ClientForAsync("lisi");
        var customer = (await (await lisi.PostAsJsonAsync("/api/sales/customers",
            new { name = "审计信号客户", phone = "135" + Random.Shared.Next(10_000_000, 99_999_999) }, Http.Json, Ct)).ReadAsync<IdResponse>(HttpStatusCode.Created)).Id;
        var before = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        (await lisi.GetAsync($"/api/sales/customers/{customer}", Ct)).EnsureSuccessStatusCode();
        // The timeline reads the same record for its own page: not another view.
        (await lisi.GetAsync($"/api/sales/customers/{customer}/timeline", Ct)).EnsureSuccessStatusCode();
        (await lisi.PostAsync($"/api/sales/customers/{customer}/reveal", null, Ct)).EnsureSuccessStatusCode();
        (await lisi.GetAsync("/api/sales/follow-ups/export", Ct)).EnsureSuccessStatusCode();
        // An administrator's export: the account has no employee, so it is nobody's signal.
        (await (await Factory.ClientForAsync("admin")).GetAsync("/api/platform/users/export", Ct)).EnsureSuccessStatusCode();

        await using var db = Factory.OpenDb();
        var lisiId = await db.Users.Where(u => u.UserName == "lisi").Select(u => u.EmployeeId!.Value).SingleAsync(Ct);
        var entries = await db.AuditEntries.Where(a => a.At >= before && a.UserName == "lisi"
                && (a.Action == AuditAction.Read || a.Action == AuditAction.Export)).OrderBy(a => a.At).ThenBy(a => a.Id).ToListAsync(Ct);
        Assert.Equal([(AuditAction.Read, CustomerService.ViewAuditSubject), (AuditAction.Read, CustomerService.PhoneRevealAuditSubject), (AuditAction.Export, "sales.follow-up")],
            entries.Select(e => (e.Action, e.Entity)));
        string[] kinds = [SignalKinds.CustomerView, SignalKinds.PhoneReveal, SignalKinds.ExportRequest];
        var expected = entries.Select((e, i) => new Signal(kinds[i], lisiId, e.At, new SignalRef(SignalRecordTypes.Audit, e.Id.ToString("D")))).ToList();
        expected.Sort(SignalLoader.Compare);

        var all = await LoadAsync(before, DateTimeOffset.UtcNow.AddSeconds(1), null);
        Assert.Equal(expected, all);
        Assert.Equal(expected, await LoadAsync(before, DateTimeOffset.UtcNow.AddSeconds(1), new HashSet<Guid> { lisiId }));
        // [from, to): the export exactly at `to` is left out, the view exactly at `from` is in.
        Assert.Equal(expected[..2], await LoadAsync(entries[0].At, entries[2].At, null));
        Assert.Equal(expected[1..], await LoadAsync(entries[0].At.AddMilliseconds(1), DateTimeOffset.UtcNow.AddSeconds(1), null));
    }

    private async Task<List<Signal>> LoadAsync(DateTimeOffset from, DateTimeOffset to, IReadOnlySet<Guid>? people)
    {
        await using var db = Factory.OpenDb();
        var list = (await new AuditSignalSource().LoadAsync(db, from, to, people, Ct)).ToList();
        list.Sort(SignalLoader.Compare);
        return list;
    }

    public sealed record IdResponse(Guid Id);
}

[Trait("Category", "Integration")]
public sealed class SqliteAuditSignalSourceTests(SqliteRenheFactory factory) : AuditSignalSourceSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresAuditSignalSourceTests(PostgresRenheFactory factory) : AuditSignalSourceSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
