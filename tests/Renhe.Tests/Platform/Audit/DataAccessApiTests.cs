using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Modules.Risk.Archive;
using Renhe.Platform.Audit;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Platform.Audit;

/// 我的数据访问记录: every disclosure of a person's records (archive search and context, a reveal of
/// their ID number, an export that contains them) is an audit entry naming them as its subject, and
/// GET /api/me/data-access shows each employee their own entries — with who did it — and nobody else's.
public abstract class DataAccessApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<DataAccessPage> MineAsync(HttpClient client, int pageSize = 100) =>
        await (await client.GetAsync($"/api/me/data-access?pageSize={pageSize}", Ct)).ReadAsync<DataAccessPage>();

    private async Task<Guid> EmployeeOfAsync(string userName)
    {
        await using var db = Factory.OpenDb();
        return (await db.Users.Where(u => u.UserName == userName).Select(u => u.EmployeeId).SingleAsync(Ct))!.Value;
    }

    [Fact]
    public async Task An_auditors_archive_search_and_context_view_appear_for_the_people_whose_messages_were_shown()
    {
        var counterpart = "wmDa" + Guid.NewGuid().ToString("N")[..10];
        var at = DateTimeOffset.UtcNow.AddMinutes(-3);
        long xiaoliSeq;
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var results = await scope.ServiceProvider.GetRequiredService<ArchiveService>().AppendAsync([
                new ArchiveDraft(RecordClass.ChatMessage, "wecom-chat", counterpart + "-1", at, "xiaoli", [counterpart], "加我私人微信", null, MsgType: "text"),
                new ArchiveDraft(RecordClass.ChatMessage, "wecom-chat", counterpart + "-2", at.AddSeconds(1), "xiaoli", [counterpart], "私下转账", null, MsgType: "text"),
                new ArchiveDraft(RecordClass.ChatMessage, "wecom-chat", counterpart + "-3", at.AddSeconds(2), "zhangsan", [counterpart], "您好", null, MsgType: "text"),
            ], Ct);
            xiaoliSeq = results[0].Seq!.Value;
        }
        var auditor = await Factory.ClientForAsync("auditor");
        var search = await (await auditor.GetAsync($"/api/risk/archive/search?counterpart={counterpart}", Ct)).ReadAsync<ArchiveSearchPage>();
        Assert.Equal(3, search.Total);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync($"/api/risk/archive/records/{xiaoliSeq}/context", Ct)).StatusCode);

        var xiaoli = await EmployeeOfAsync("xiaoli");
        var zhangsan = await EmployeeOfAsync("zhangsan");
        await using (var db = Factory.OpenDb())
        {
            // One entry per person on the page (not per message), pointing at the search's own entry.
            var overall = await db.AuditEntries.Where(a => a.Entity == "risk.archive.search" && a.SubjectEmployeeId == null
                                                           && a.Changes!.Contains(counterpart)).SingleAsync(Ct);
            var perPerson = await db.AuditEntries.Where(a => a.Entity == "risk.archive.search" && a.Changes!.Contains(overall.Id.ToString()))
                .ToListAsync(Ct);
            Assert.Equal(new[] { xiaoli, zhangsan }.Order(), perPerson.Select(a => a.SubjectEmployeeId!.Value).Order());
            Assert.All(perPerson, a => Assert.Equal("auditor", a.UserName));
            Assert.Contains("\"records\":2", perPerson.Single(a => a.SubjectEmployeeId == xiaoli).Changes);
        }

        var mine = await MineAsync(await Factory.ClientForAsync("xiaoli"));
        var searched = mine.Items.First(i => i.Subject == "risk.archive.search");
        Assert.Equal("周明", searched.Who); // the investigator's name: the person's right to know who processed their data
        Assert.Equal("检索了你的沟通记录", searched.Description);
        Assert.Contains(mine.Items, i => i.Subject == "risk.archive.context" && i.Description == "查看了你的会话上下文");
        Assert.Equal(mine.Items.Select(i => i.At).OrderDescending(), mine.Items.Select(i => i.At)); // newest first

        var english = await Factory.ClientForAsync("xiaoli", culture: "en");
        Assert.Contains((await MineAsync(english)).Items, i => i.Description == "Searched your work messages");

        Assert.Contains((await MineAsync(await Factory.ClientForAsync("zhangsan"))).Items, i => i.Subject == "risk.archive.search");
    }

    [Fact]
    public async Task Hr_revealing_an_id_number_shows_on_that_employees_list_only()
    {
        var hr = await Factory.ClientForAsync("hr");
        var zhangsan = await EmployeeOfAsync("zhangsan");
        (await hr.PostAsJsonAsync($"/api/org/employees/{zhangsan}/reveal", new { field = "IdCardNumber" }, Ct)).EnsureSuccessStatusCode();

        var own = await MineAsync(await Factory.ClientForAsync("zhangsan"));
        var reveal = own.Items.First(i => i.Subject == "org.employee.IdCardNumber");
        Assert.Equal("陈静", reveal.Who);
        Assert.Equal("查看了你的身份证号", reveal.Description);
        Assert.Equal(AuditAction.Read, reveal.Action);

        // Nobody else sees it, and nobody can ask for someone else's list.
        var others = await MineAsync(await Factory.ClientForAsync("lisi"));
        Assert.DoesNotContain(others.Items, i => i.Id == reveal.Id);
        await using var db = Factory.OpenDb();
        var lisi = await EmployeeOfAsync("lisi");
        var ids = others.Items.Select(i => i.Id).ToList();
        Assert.All(await db.AuditEntries.Where(a => ids.Contains(a.Id)).ToListAsync(Ct), a => Assert.Equal(lisi, a.SubjectEmployeeId));
    }

    [Fact]
    public async Task An_export_of_employees_appears_for_each_person_in_the_file()
    {
        await Factory.CreateUserAsync("hrexport", "hr");
        var plain = await Factory.ClientForAsync("hrexport");
        var setup = await (await plain.PostAsync("/api/auth/totp/setup", null, Ct)).ReadAsync<Renhe.Platform.Auth.AuthenticatorSetup>();
        await plain.PostAsJsonAsync("/api/auth/totp/enable", new { code = TotpCodes.For(setup.SharedKey) }, Ct);
        var strong = await Factory.ClientForAsync("hrexport", TotpCodes.For(setup.SharedKey));
        (await strong.GetAsync("/api/org/employees/export?search=张三", Ct)).EnsureSuccessStatusCode();

        var zhangsan = await (await Factory.ClientForAsync("zhangsan")).GetAsync("/api/me/data-access", Ct);
        var exported = (await zhangsan.ReadAsync<DataAccessPage>()).Items.First(i => i.Action == AuditAction.Export);
        Assert.Equal("导出了员工名单（含你的档案）", exported.Description);
        Assert.Equal("hrexport", exported.Who);
        Assert.DoesNotContain((await MineAsync(await Factory.ClientForAsync("xiaoli"))).Items, i => i.Who == "hrexport");
    }

    [Fact]
    public async Task Paging_works_and_an_account_without_an_employee_record_gets_404()
    {
        var hr = await Factory.ClientForAsync("hr");
        var xiaoli = await EmployeeOfAsync("xiaoli");
        foreach (var field in new[] { "PersonalPhone", "BankAccount", "IdCardNumber" })
            (await hr.PostAsJsonAsync($"/api/org/employees/{xiaoli}/reveal", new { field }, Ct)).EnsureSuccessStatusCode();
        var client = await Factory.ClientForAsync("xiaoli");
        var first = await (await client.GetAsync("/api/me/data-access?page=1&pageSize=2", Ct)).ReadAsync<DataAccessPage>();
        var second = await (await client.GetAsync("/api/me/data-access?page=2&pageSize=2", Ct)).ReadAsync<DataAccessPage>();
        Assert.True(first.Total >= 3);
        Assert.Equal(2, first.Items.Count);
        Assert.Equal(["查看了你的身份证号", "查看了你的银行账号"], first.Items.Select(i => i.Description));
        Assert.Equal("查看了你的个人手机号", second.Items[0].Description);

        await (await (await Factory.ClientForAsync("admin")).GetAsync("/api/me/data-access", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await Factory.CreateAnonymousClient().GetAsync("/api/me/data-access", Ct)).ProblemAsync(HttpStatusCode.Unauthorized);
    }
}

[Trait("Category", "Integration")]
public sealed class SqliteDataAccessApiTests(SqliteRenheFactory factory) : DataAccessApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresDataAccessApiTests(PostgresRenheFactory factory) : DataAccessApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
