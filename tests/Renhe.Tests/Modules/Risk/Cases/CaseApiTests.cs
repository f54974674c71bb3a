using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Modules.Risk.Archive;
using Renhe.Modules.Risk.Cases;
using Renhe.Modules.Risk.Evidence;
using Renhe.Platform.Audit;
using Renhe.Platform.Security;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Risk.Cases;

/// Investigation cases over HTTP with the demo's grants: the auditor runs them, the owner and HR
/// read them, a salesperson is refused; a stale edit is 409; open cases hold their subjects'
/// archived records against retention; every view and export names the subjects in the audit log.
public abstract class CaseApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(Guid Id, string Number)> EmployeeAsync(string name)
    {
        await using var db = Factory.OpenDb();
        return await db.Employees.Where(e => e.Name == name).Select(e => new ValueTuple<Guid, string>(e.Id, e.EmployeeNumber)).SingleAsync(Ct);
    }

    private async Task<Guid> OpenAsync(HttpClient client, string title, params Guid[] subjects)
    {
        var response = await client.PostAsJsonAsync("/api/risk/cases", new { title, subjectEmployeeIds = subjects }, Ct);
        return (await response.ReadAsync<JsonElement>(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    private static async Task<CaseView> GetAsync(HttpClient client, Guid id) =>
        await (await client.GetAsync($"/api/risk/cases/{id}", Ct)).ReadAsync<CaseView>();

    private async Task<HttpClient> AuditorWithSecondFactorAsync()
    {
        var name = "aud2fa" + Guid.NewGuid().ToString("N")[..6];
        await Factory.CreateUserAsync(name, Roles.Auditor);
        var plain = await Factory.ClientForAsync(name);
        var setup = await (await plain.PostAsync("/api/auth/totp/setup", null, Ct)).ReadAsync<Renhe.Platform.Auth.AuthenticatorSetup>();
        (await plain.PostAsJsonAsync("/api/auth/totp/enable", new { code = TotpCodes.For(setup.SharedKey) }, Ct)).EnsureSuccessStatusCode();
        return await Factory.ClientForAsync(name, TotpCodes.For(setup.SharedKey));
    }

    [Fact]
    public async Task The_auditor_runs_a_case_from_opening_to_closing_and_the_closed_case_is_read_only()
    {
        var auditor = await Factory.ClientForAsync("auditor");
        var (xiaoli, number) = await EmployeeAsync("李晓");
        var seq = await ArchiveOneAsync(number, DateTimeOffset.UtcNow.AddDays(-1));
        var alert = Guid.NewGuid();
        var created = await auditor.PostAsJsonAsync("/api/risk/cases",
            new { title = "疑似私单", subjectEmployeeIds = new[] { xiaoli }, alertIds = new[] { alert }, note = "由预警升级" }, Ct);
        var id = (await created.ReadAsync<JsonElement>(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        var view = await GetAsync(auditor, id);
        Assert.Matches(@"^AJ-\d{4}-\d{4}$", view.Number);
        Assert.Equal(CaseStatus.Open, view.Status);
        Assert.Equal("李晓", Assert.Single(view.Subjects).Name);
        Assert.True(view.UnderLegalHold);
        Assert.Equal("auditor", Assert.Single(view.Investigators).UserName);
        Assert.Equal(("alert", alert.ToString()), (Assert.Single(view.Evidence).Kind, view.Evidence[0].Key));
        Assert.Equal("由预警升级", Assert.Single(view.Notes).Text);

        var added = await auditor.PostAsJsonAsync($"/api/risk/cases/{id}/evidence", new { version = view.Version, kind = "archive", key = seq.ToString() }, Ct);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        view = await GetAsync(auditor, id);
        var archived = view.Evidence.Single(e => e.Kind == "archive");
        Assert.Equal(("auditor", false), (archived.AddedBy, archived.Missing));
        Assert.Contains("李晓", archived.Title);

        var missing = await auditor.PostAsJsonAsync($"/api/risk/cases/{id}/evidence", new { version = view.Version, kind = "order", key = Guid.NewGuid().ToString() }, Ct);
        Assert.Equal("key", (await missing.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys.Single());

        var removed = await auditor.DeleteAsync($"/api/risk/cases/{id}/evidence/{archived.Id}?version={view.Version}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        view = await GetAsync(auditor, id);
        Assert.DoesNotContain(view.Evidence, e => e.Kind == "archive");

        Assert.Equal(HttpStatusCode.NoContent, (await auditor.PostAsJsonAsync($"/api/risk/cases/{id}/status",
            new { version = view.Version, status = "UnderReview" }, Ct)).StatusCode);
        view = await GetAsync(auditor, id);
        var noOutcome = await auditor.PostAsJsonAsync($"/api/risk/cases/{id}/status", new { version = view.Version, status = "Closed", closingNote = "x" }, Ct);
        Assert.Equal("outcome", (await noOutcome.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys.Single());
        Assert.Equal(HttpStatusCode.NoContent, (await auditor.PostAsJsonAsync($"/api/risk/cases/{id}/status",
            new { version = view.Version, status = "Closed", outcome = "Warning", closingNote = "书面警告" }, Ct)).StatusCode);

        view = await GetAsync(auditor, id);
        Assert.Equal((CaseStatus.Closed, CaseOutcome.Warning, "书面警告", false), (view.Status, view.Outcome!.Value, view.ClosingNote!, view.UnderLegalHold));
        // The three events of opening share one instant; their order among themselves carries no meaning.
        var kinds = view.Timeline.Select(t => t.Kind).ToList();
        Assert.Equal([CaseEventKind.Opened, CaseEventKind.EvidenceAdded, CaseEventKind.Note], kinds.Take(3).Order());
        Assert.Equal([CaseEventKind.EvidenceAdded, CaseEventKind.EvidenceRemoved, CaseEventKind.StatusChanged, CaseEventKind.StatusChanged], kinds.Skip(3));
        var note = await auditor.PostAsJsonAsync($"/api/risk/cases/{id}/notes", new { version = view.Version, text = "补充" }, Ct);
        await note.ProblemAsync(HttpStatusCode.Conflict);

        using (var scope = Factory.Services.CreateScope())
        {
            var outcomes = await scope.ServiceProvider.GetRequiredService<CaseService>().ClosedOutcomesAsync(Ct);
            var mine = Assert.Single(outcomes, o => o.CaseId == id);
            Assert.Equal([xiaoli], mine.SubjectEmployeeIds);
            Assert.Equal(CaseOutcome.Warning, mine.Outcome);
            Assert.Equal([alert], mine.AlertIds);
        }
    }

    [Fact]
    public async Task Two_edits_of_the_same_version_one_wins_and_the_other_gets_409()
    {
        var auditor = await Factory.ClientForAsync("auditor");
        var id = await OpenAsync(auditor, "并发", (await EmployeeAsync("张三")).Id);
        var version = (await GetAsync(auditor, id)).Version;
        var first = await auditor.PostAsJsonAsync($"/api/risk/cases/{id}/notes", new { version, text = "甲" }, Ct);
        var second = await auditor.PostAsJsonAsync($"/api/risk/cases/{id}/notes", new { version, text = "乙" }, Ct);
        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        await second.ProblemAsync(HttpStatusCode.Conflict);
        var renamed = await auditor.PutJsonAsync($"/api/risk/cases/{id}", new { version, title = "改名" });
        await renamed.ProblemAsync(HttpStatusCode.Conflict);
        var view = await GetAsync(auditor, id);
        Assert.Equal(("并发", "甲"), (view.Title, Assert.Single(view.Notes).Text));
    }

    [Fact]
    public async Task The_owner_and_hr_read_cases_a_salesperson_is_refused_and_nobody_but_the_auditor_changes_them()
    {
        var auditor = await Factory.ClientForAsync("auditor");
        var id = await OpenAsync(auditor, "角色", (await EmployeeAsync("刘洋")).Id);
        foreach (var reader in new[] { "owner", "hr" })
        {
            var client = await Factory.ClientForAsync(reader);
            var page = await (await client.GetAsync("/api/risk/cases", Ct)).ReadAsync<CasePage>();
            Assert.Contains(page.Items, c => c.Id == id);
            var view = await GetAsync(client, id);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync($"/api/risk/cases/{id}/notes", new { version = view.Version, text = "x" }, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/risk/cases", new { title = "x", subjectEmployeeIds = new[] { view.Subjects[0].EmployeeId } }, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync($"/api/risk/cases/{id}/evidence-package", null, Ct)).StatusCode);
        }
        var lisi = await Factory.ClientForAsync("lisi");
        Assert.Equal(HttpStatusCode.Forbidden, (await lisi.GetAsync("/api/risk/cases", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await lisi.GetAsync($"/api/risk/cases/{id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task Viewing_and_exporting_are_audited_about_each_subject_and_export_needs_a_second_factor()
    {
        var auditor = await Factory.ClientForAsync("auditor");
        var subject = (await EmployeeAsync("杨帆")).Id;
        var id = await OpenAsync(auditor, "导出", subject);
        await GetAsync(auditor, id);
        await using (var db = Factory.OpenDb())
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == CaseService.ViewAudit && a.Action == AuditAction.Read && a.SubjectEmployeeId == subject, Ct));

        var refused = await auditor.PostAsync($"/api/risk/cases/{id}/evidence-package", null, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        await using (var db = Factory.OpenDb())
            Assert.False(await db.AuditEntries.AnyAsync(a => a.Entity == CaseService.ExportAudit && a.SubjectEmployeeId == subject, Ct));

        var strong = await AuditorWithSecondFactorAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await strong.PostAsync($"/api/risk/cases/{Guid.NewGuid()}/evidence-package", null, Ct)).StatusCode);
        var response = await strong.PostAsync($"/api/risk/cases/{id}/evidence-package", null, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync(Ct)));
        string Read(string entry) => new StreamReader(zip.GetEntry(entry)!.Open()).ReadToEnd();
        Assert.Contains("杨帆", Read("report.html"));
        var custody = Read("custody.log").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(custody, line => line.Contains("auditor") && line.Contains("view"));
        Assert.Contains("export", custody[^1]);

        await using (var db = Factory.OpenDb())
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == CaseService.ExportAudit && a.Action == AuditAction.Export && a.SubjectEmployeeId == subject, Ct));
        Assert.Contains((await GetAsync(auditor, id)).Timeline, t => t.Kind == CaseEventKind.PackageExported);
    }

    [Fact]
    public async Task An_open_case_keeps_its_subjects_expired_records_from_retention_until_it_closes()
    {
        var auditor = await Factory.ClientForAsync("auditor");
        var (subject, number) = await EmployeeAsync("何平");
        var old = DateTimeOffset.UtcNow.AddDays(-RetentionService.DefaultDays - 5);
        var seq = await ArchiveOneAsync(number, old);
        var id = await OpenAsync(auditor, "保全", subject);
        var view = await GetAsync(auditor, id);

        var holds = await (await auditor.GetAsync("/api/risk/legal-holds", Ct)).ReadAsync<List<LegalHoldDto>>();
        var hold = Assert.Single(holds, h => h.Id == view.Subjects[0].LegalHoldId);
        Assert.Contains(view.Number, hold.Reason);
        Assert.Equal((subject, (DateTimeOffset?)null), (hold.EmployeeId, hold.ClosedAt));

        await PurgeAsync();
        await using (var db = Factory.OpenDb()) Assert.True(await db.ArchivedRecords.AnyAsync(r => r.Seq == seq, Ct));

        await auditor.PostAsJsonAsync($"/api/risk/cases/{id}/status", new { version = view.Version, status = "UnderReview" }, Ct);
        view = await GetAsync(auditor, id);
        (await auditor.PostAsJsonAsync($"/api/risk/cases/{id}/status",
            new { version = view.Version, status = "Closed", outcome = "NoIssue", closingNote = "查无实据" }, Ct)).EnsureSuccessStatusCode();
        await PurgeAsync();
        await using (var db = Factory.OpenDb()) Assert.False(await db.ArchivedRecords.AnyAsync(r => r.Seq == seq, Ct));
        holds = await (await auditor.GetAsync("/api/risk/legal-holds", Ct)).ReadAsync<List<LegalHoldDto>>();
        Assert.NotNull(holds.Single(h => h.Id == view.Subjects[0].LegalHoldId).ClosedAt);
    }

    private async Task PurgeAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RetentionService>().PurgeExpiredAsync(DateTimeOffset.UtcNow, Ct);
    }

    private async Task<long> ArchiveOneAsync(string employeeNumber, DateTimeOffset at)
    {
        var source = "case-" + Guid.NewGuid().ToString("N")[..12];
        await using var scope = Factory.Services.CreateAsyncScope();
        var results = await scope.ServiceProvider.GetRequiredService<ArchiveService>().AppendAsync(
            [new ArchiveDraft(RecordClass.ChatMessage, "wecom-chat", source, at, employeeNumber, ["wm-case"], "定金转我个人账户", null, MsgType: "text")], Ct);
        await using var db = Factory.OpenDb();
        return await db.ArchivedRecords.Where(r => r.SourceId == source).Select(r => r.Seq).SingleAsync(Ct);
    }
}

[Trait("Category", "Integration")]
public sealed class SqliteCaseApiTests(SqliteRenheFactory factory) : CaseApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresCaseApiTests(PostgresRenheFactory factory) : CaseApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
