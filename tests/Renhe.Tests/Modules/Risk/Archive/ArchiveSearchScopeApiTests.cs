using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Modules.Risk;
using Renhe.Modules.Risk.Archive;
using Renhe.Platform.Security;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Risk.Archive;

/// Archive search honours the data scope of risk.archive.search (VisibleTo on the records'
/// employees): a department (team) grant sees its department's records and nothing else — no
/// other department's, none whose sender matched no employee — and its counts, category hint and
/// context never reveal the hidden ones. Each suite has its own database because it edits a grant.
public abstract class ArchiveSearchScopeApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 3, 2, 0, 0, TimeSpan.Zero);

    private async Task<long> StoreAsync(string sender, string counterpart, string content, int minute)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var results = await scope.ServiceProvider.GetRequiredService<ArchiveService>().AppendAsync(
            [new ArchiveDraft(RecordClass.ChatMessage, "wecom-chat", $"{counterpart}-{sender}-{minute}", T0.AddMinutes(minute), sender, [counterpart],
                content, null, MsgType: "text")], TestContext.Current.CancellationToken);
        return results.Single().Seq!.Value;
    }

    [Fact]
    public async Task A_department_grant_sees_only_its_departments_records_and_no_count_of_the_others()
    {
        var ct = TestContext.Current.CancellationToken;
        var c = "wm" + Guid.NewGuid().ToString("N")[..12];
        // 李四 is in 销售部, which 张志强 (salesmgr) manages; 孙丽 is in 客服部; the third sender is no employee.
        var sales = await StoreAsync("lisi", c, "瀚翊珩的货我们私单做吧", 0);
        var service = await StoreAsync("csagent", c, "瀚翊珩的货我们私单做吧", 1);
        var unknown = await StoreAsync("not-an-employee-" + c, c, "瀚翊珩的货我们私单做吧", 2);
        Guid csagent;
        await using (var db = Factory.OpenDb())
        {
            csagent = await db.Employees.Where(e => e.WeComUserId == "csagent").Select(e => e.Id).SingleAsync(ct);
            var role = await db.Roles.SingleAsync(r => r.Name == Roles.SalesManager, ct);
            db.RolePermissions.Add(new RolePermission { RoleId = role.Id, Permission = RiskPermissions.ArchiveSearch, Scope = DataScope.Team });
            await db.SaveChangesAsync(ct);
        }
        AccessService.Invalidate();

        var auditor = await Factory.ClientForAsync("auditor");
        var manager = await Factory.ClientForAsync("salesmgr");
        async Task<ArchiveSearchPage> SearchAsync(HttpClient client, string query) =>
            await (await client.GetAsync("/api/risk/archive/search?" + query, ct)).ReadAsync<ArchiveSearchPage>();
        var term = Uri.EscapeDataString("瀚翊珩");

        // The auditor's "all" grant: every record, the unknown sender's included.
        var all = await SearchAsync(auditor, $"q={term}");
        Assert.Equal(3, all.Total);
        Assert.Equal([unknown, service, sales], all.Items.Select(i => i.Seq));

        // The term alone (the index's own count on either database), with filters, and with none at all.
        foreach (var query in new[] { $"q={term}", $"q={term}&counterpart={c}", $"counterpart={c}", $"flagged=true&counterpart={c}" })
        {
            var page = await SearchAsync(manager, query);
            Assert.Equal(1, page.Total);
            Assert.Equal([sales], page.Items.Select(i => i.Seq));
            Assert.False(page.TotalIsLowerBound);
        }

        // 私单 is a lexicon word: the category hint counts the flagged records the manager may see.
        var window = $"q={Uri.EscapeDataString("私单")}&from={Uri.EscapeDataString(T0.ToString("O"))}&to={Uri.EscapeDataString(T0.AddMinutes(3).ToString("O"))}";
        var hinted = await SearchAsync(manager, window);
        Assert.Equal((1, 1), (hinted.Total, hinted.CategoryHint!.Messages));
        var unhidden = await SearchAsync(auditor, window);
        Assert.Equal((3, 3), (unhidden.Total, unhidden.CategoryHint!.Messages));

        // Asking for another department's employee by id: an empty page, not a refusal with a count.
        var other = await SearchAsync(manager, $"q={term}&employeeId={csagent}");
        Assert.Equal((0, false), (other.Total, other.TotalIsLowerBound));
        Assert.Empty(other.Items);
        Assert.Null(other.CategoryHint);

        // Context: found within the scope; outside it, not found, exactly like a record that does not exist.
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync($"/api/risk/archive/records/{sales}/context", ct)).StatusCode);
        foreach (var seq in new[] { service, unknown, long.MaxValue })
            Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/api/risk/archive/records/{seq}/context", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync($"/api/risk/archive/records/{unknown}/context", ct)).StatusCode);
    }
}

[Trait("Category", "Integration")]
public sealed class SqliteArchiveSearchScopeApiTests(SqliteRenheFactory factory)
    : ArchiveSearchScopeApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresArchiveSearchScopeApiTests(PostgresRenheFactory factory)
    : ArchiveSearchScopeApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
