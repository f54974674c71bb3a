using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Risk;
using Renhe.Modules.Risk.Cases;
using Renhe.Platform.Security;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Risk.Cases;

/// A case is visible to a user whose scope covers every one of its subjects. HR narrowed to its
/// own department sees the case about one of its people, not the case about a salesperson, nor the
/// case naming both; what it cannot see is "not found" and is not counted. Its own suite (and
/// database) because it edits HR's grant.
public abstract class CaseScopeApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Hr_with_department_scope_sees_only_cases_whose_every_subject_is_in_its_department()
    {
        Guid heli, xiaoli;
        await using (var db = Factory.OpenDb())
        {
            heli = await db.Employees.Where(e => e.Name == "何丽").Select(e => e.Id).SingleAsync(Ct);
            xiaoli = await db.Employees.Where(e => e.Name == "李晓").Select(e => e.Id).SingleAsync(Ct);
        }
        var auditor = await Factory.ClientForAsync("auditor");
        async Task<Guid> OpenAsync(string title, params Guid[] subjects) =>
            (await (await auditor.PostAsJsonAsync("/api/risk/cases", new { title, subjectEmployeeIds = subjects }, Ct))
                .ReadAsync<JsonElement>(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var inside = await OpenAsync("部门内", heli);
        var outside = await OpenAsync("部门外", xiaoli);
        var both = await OpenAsync("跨部门", heli, xiaoli);

        await using (var db = Factory.OpenDb())
        {
            var role = await db.Roles.SingleAsync(r => r.Name == Roles.Hr, Ct);
            var grant = await db.RolePermissions.SingleAsync(g => g.RoleId == role.Id && g.Permission == RiskPermissions.CaseView, Ct);
            grant.Scope = DataScope.Team;
            db.RolePermissions.Add(new RolePermission { RoleId = role.Id, Permission = RiskPermissions.EvidenceExport, Scope = DataScope.Team });
            await db.SaveChangesAsync(Ct);
        }
        AccessService.Invalidate();

        var hr = await Factory.ClientForAsync("hr");
        var page = await (await hr.GetAsync("/api/risk/cases", Ct)).ReadAsync<CasePage>();
        Assert.Equal([inside], page.Items.Select(c => c.Id));
        Assert.Equal(1, page.Total);
        Assert.Equal(HttpStatusCode.OK, (await hr.GetAsync($"/api/risk/cases/{inside}", Ct)).StatusCode);
        var hidden = await (await hr.GetAsync($"/api/risk/cases/{outside}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        var unknown = await (await hr.GetAsync($"/api/risk/cases/{Guid.NewGuid()}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal((unknown.Title, unknown.Detail), (hidden.Title, hidden.Detail));
        await (await hr.GetAsync($"/api/risk/cases/{both}", Ct)).ProblemAsync(HttpStatusCode.NotFound);

        // Exporting follows the same rule: the out-of-scope case is not found, even with a second factor.
        var plain = await Factory.ClientForAsync("hr");
        var setup = await (await plain.PostAsync("/api/auth/totp/setup", null, Ct)).ReadAsync<Renhe.Platform.Auth.AuthenticatorSetup>();
        (await plain.PostAsJsonAsync("/api/auth/totp/enable", new { code = TotpCodes.For(setup.SharedKey) }, Ct)).EnsureSuccessStatusCode();
        var strong = await Factory.ClientForAsync("hr", TotpCodes.For(setup.SharedKey));
        Assert.Equal(HttpStatusCode.OK, (await strong.PostAsync($"/api/risk/cases/{inside}/evidence-package", null, Ct)).StatusCode);
        await (await strong.PostAsync($"/api/risk/cases/{outside}/evidence-package", null, Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await strong.PostAsync($"/api/risk/cases/{both}/evidence-package", null, Ct)).ProblemAsync(HttpStatusCode.NotFound);

        // The auditor keeps seeing all three.
        var all = await (await auditor.GetAsync("/api/risk/cases?pageSize=500", Ct)).ReadAsync<CasePage>();
        Assert.Superset(new HashSet<Guid> { inside, outside, both }, all.Items.Select(c => c.Id).ToHashSet());
    }
}

[Trait("Category", "Integration")]
public sealed class SqliteCaseScopeApiTests(SqliteRenheFactory factory) : CaseScopeApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresCaseScopeApiTests(PostgresRenheFactory factory) : CaseScopeApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
