using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Modules.Integrations.WeCom.Directory;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Sales.Customers;
using Renhe.Platform.Security;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Integrations.WeCom.Directory;

/// The directory sync and the customer import against WeCom's documented API on loopback, on both
/// databases: the exact requests (department/list, user/list of the top department with its
/// children, batch/get_by_user with userid_list, cursor and limit), cursors followed until empty,
/// employees linked by mobile or number and never created or deleted, leads owned by the member
/// and deduplicated by external id, shared contacts reported, and WeCom's refusals changing nothing.
public abstract class DirectorySyncContractSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private WeComFakeServer? _wecom;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<WeComFakeServer> ConnectedAsync()
    {
        _wecom = await WeComFakeServer.StartAsync();
        await _wecom.ConnectAsync(Factory.Services);
        _wecom.Departments.Add((2, "销售部", 1, 1));
        _wecom.Departments.Add((3, "客服部", 1, 2));
        return _wecom;
    }

    private async Task<DirectorySyncView> RunAsync(DirectorySyncKind kind)
    {
        using var scope = Factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<DirectorySyncService>().RunNowAsync(kind, "test", Ct);
    }

    /// A new employee without a WeCom id, as HR enters one (the personal phone encrypted).
    private async Task<Guid> HireAsync(string name, string number, string? phone)
    {
        var cipher = Factory.Services.GetRequiredService<FieldCipher>();
        await using var db = Factory.OpenDb();
        var template = await db.Employees.FirstAsync(e => e.EmployeeNumber == "E0005", Ct);
        var e = new Employee
        {
            Name = name, EmployeeNumber = number, BranchId = template.BranchId, DepartmentId = template.DepartmentId, HireDate = template.HireDate,
            Status = EmploymentStatus.Active, PersonalPhoneCipher = phone is null ? null : cipher.Encrypt(PersonalData.NormalisePhone(phone)),
        };
        db.Employees.Add(e);
        await db.SaveChangesAsync(Ct);
        return e.Id;
    }

    private static string Unique() => Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task The_sync_reads_departments_then_the_members_of_the_top_department_and_links_by_mobile_then_number()
    {
        var wecom = await ConnectedAsync();
        var tag = Unique();
        var byMobile = await HireAsync("赵新" + tag, "N" + tag, "135" + tag[..8].Select(c => (char)('0' + c % 10)).Aggregate("", (a, c) => a + c));
        var mobile = await Factory.OpenDb().Employees.Where(e => e.Id == byMobile).Select(e => e.PersonalPhoneCipher).SingleAsync(Ct);
        var clearMobile = Factory.Services.GetRequiredService<FieldCipher>().Decrypt(mobile)!;
        var byNumber = await HireAsync("钱新" + tag, "qian" + tag, null);
        var twinA = await HireAsync("孙甲" + tag, "A" + tag, "186" + clearMobile[3..]);
        var twinB = await HireAsync("孙乙" + tag, "B" + tag, "186" + clearMobile[3..]);
        await using var before = Factory.OpenDb();
        var employeesBefore = await before.Employees.CountAsync(Ct);

        wecom.Members.Add(new FakeMember("zhao" + tag, "赵新", [2], "+86 " + clearMobile, "销售专员"));
        wecom.Members.Add(new FakeMember("qian" + tag, "钱新", [2, 3]));
        wecom.Members.Add(new FakeMember("sun" + tag, "孙", [3], "186" + clearMobile[3..]));
        wecom.Members.Add(new FakeMember("zhangsan", "张三", [2], "13000000000"));
        wecom.Members.Add(new FakeMember("kefu" + tag, "客服号", [3], "13111111111"));

        var run = await RunAsync(DirectorySyncKind.Directory);

        Assert.Equal(DirectorySyncStatus.Succeeded, run.Status);
        // The requests: the department list, then the members of the one top department with its children.
        var calls = wecom.Requests.Where(r => r.Path != "/cgi-bin/gettoken").ToList();
        Assert.Equal(["/cgi-bin/department/list", "/cgi-bin/user/list"], calls.Select(r => r.Path));
        Assert.Equal(("1", "1"), (calls[1].Query["department_id"], calls[1].Query["fetch_child"]));

        await using var db = Factory.OpenDb();
        var employees = await db.Employees.Where(e => e.Id == byMobile || e.Id == byNumber || e.Id == twinA || e.Id == twinB)
            .ToDictionaryAsync(e => e.Id, e => e.WeComUserId, Ct);
        Assert.Equal("zhao" + tag, employees[byMobile]);
        Assert.Equal("qian" + tag, employees[byNumber]);
        Assert.Null(employees[twinA]);
        Assert.Null(employees[twinB]);
        Assert.Equal(employeesBefore, await db.Employees.CountAsync(Ct)); // never creates or deletes employees

        var rows = await db.WeComDirectoryMembers.ToDictionaryAsync(m => m.UserId, Ct);
        Assert.Equal((MemberMatch.Mobile, byMobile), (rows["zhao" + tag].Match, rows["zhao" + tag].EmployeeId!.Value));
        Assert.Equal((MemberMatch.EmployeeNumber, byNumber), (rows["qian" + tag].Match, rows["qian" + tag].EmployeeId!.Value));
        Assert.Equal("销售部、客服部", rows["qian" + tag].Departments);
        Assert.Equal(MemberMatch.Ambiguous, rows["sun" + tag].Match);
        Assert.Equal([twinA, twinB], rows["sun" + tag].Candidates.Order());
        Assert.Equal(MemberMatch.Existing, rows["zhangsan"].Match);
        Assert.Equal(MemberMatch.Unmatched, rows["kefu" + tag].Match);
        // The mobile is kept as a blind index and masked, never in clear.
        Assert.Equal(PersonalData.MaskPhone(clearMobile), rows["zhao" + tag].MobileMasked);
        Assert.DoesNotContain(clearMobile, rows["zhao" + tag].MobileIndex);
        // The demo's members WeCom no longer lists stay, marked as gone, with their links.
        Assert.False(rows["lisi"].Present);
        Assert.NotNull(rows["lisi"].EmployeeId);

        Assert.Equal((5, 2, 3), (run.Members, run.NewlyLinked, run.Linked));
        Assert.Equal((2, 1), (run.UnmatchedMembers, run.Ambiguous));
        Assert.True(run.UnmatchedEmployees >= 2, "孙甲 and 孙乙 are unmatched employees");
    }

    [Fact]
    public async Task A_hand_unlink_and_a_hand_link_survive_the_next_sync()
    {
        var wecom = await ConnectedAsync();
        var tag = Unique();
        var employee = await HireAsync("周新" + tag, "Z" + tag, null);
        wecom.Members.Add(new FakeMember("Z" + tag, "周新", [2])); // matches by number
        await RunAsync(DirectorySyncKind.Directory);
        Guid memberId;
        await using (var db = Factory.OpenDb())
            memberId = (await db.WeComDirectoryMembers.SingleAsync(m => m.UserId == "Z" + tag, Ct)).Id;

        var admin = await Factory.ClientForAsync("admin");
        var version = await VersionAsync(memberId);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync($"/api/integrations/wecom/directory/members/{memberId}/unlink", new { version }, Ct)).StatusCode);
        await RunAsync(DirectorySyncKind.Directory);
        await using (var db = Factory.OpenDb())
        {
            Assert.Equal(MemberMatch.ManualUnlinked, (await db.WeComDirectoryMembers.SingleAsync(m => m.Id == memberId, Ct)).Match);
            Assert.Null(await db.Employees.Where(e => e.Id == employee).Select(e => e.WeComUserId).SingleAsync(Ct));
        }

        version = await VersionAsync(memberId);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync($"/api/integrations/wecom/directory/members/{memberId}/link",
            new { employeeId = employee, version }, Ct)).StatusCode);
        await RunAsync(DirectorySyncKind.Directory);
        await using (var db = Factory.OpenDb())
        {
            var row = await db.WeComDirectoryMembers.SingleAsync(m => m.Id == memberId, Ct);
            Assert.Equal((MemberMatch.Manual, employee), (row.Match, row.EmployeeId!.Value));
        }
    }

    private async Task<Guid> VersionAsync(Guid memberId)
    {
        await using var db = Factory.OpenDb();
        return await db.WeComDirectoryMembers.Where(m => m.Id == memberId).Select(m => m.Version).SingleAsync(Ct);
    }

    [Fact]
    public async Task No_privilege_60011_ends_the_sync_naming_the_errcode_and_changes_nothing()
    {
        var wecom = await ConnectedAsync();
        var tag = Unique();
        var employee = await HireAsync("吴新" + tag, "W" + tag, null);
        wecom.Members.Add(new FakeMember("W" + tag, "吴新", [2]));
        wecom.FailNext("user/list", 60011);
        await using var before = Factory.OpenDb();
        var members = await before.WeComDirectoryMembers.OrderBy(m => m.UserId).Select(m => new { m.UserId, m.Present, m.EmployeeId, m.Match }).ToListAsync(Ct);

        var run = await RunAsync(DirectorySyncKind.Directory);

        Assert.Equal((DirectorySyncStatus.Failed, (int?)60011), (run.Status, run.ErrCode));
        Assert.Contains("60011", run.Error);
        await using var after = Factory.OpenDb();
        Assert.Equal(members.Select(m => m.ToString()),
            (await after.WeComDirectoryMembers.OrderBy(m => m.UserId).Select(m => new { m.UserId, m.Present, m.EmployeeId, m.Match }).ToListAsync(Ct)).Select(m => m.ToString()));
        Assert.Null(await after.Employees.Where(e => e.Id == employee).Select(e => e.WeComUserId).SingleAsync(Ct));
    }

    [Fact]
    public async Task The_import_pages_by_cursor_creates_leads_owned_by_the_member_once_and_reports_shared_contacts()
    {
        var wecom = await ConnectedAsync();
        wecom.PageSize = 2; // several pages per call
        var tag = Unique();
        var owner = await HireAsync("郑新" + tag, "zheng" + tag, null);
        var other = await HireAsync("冯新" + tag, "feng" + tag, null);
        wecom.Members.Add(new FakeMember("zheng" + tag, "郑新", [2]));
        wecom.Members.Add(new FakeMember("feng" + tag, "冯新", [2]));
        wecom.Members.Add(new FakeMember("kefu" + tag, "客服号", [3])); // linked to nobody: not asked for
        await RunAsync(DirectorySyncKind.Directory);

        // One contact is a customer already (from a contact event), one is followed by both members (冯 added it first).
        var known = "wmKnown" + tag;
        await using (var db = Factory.OpenDb())
        {
            var (customer, custody, stage) = Customer.Enter(other, CustodyReason.WeComContact, null, ChangedBy.System, DateTimeOffset.UtcNow);
            customer.Name = "老客户";
            customer.WeComExternalId = known;
            db.AddRange(customer, custody, stage);
            await db.SaveChangesAsync(Ct);
        }
        wecom.ExternalContacts["zheng" + tag] =
        [
            new FakeContact("wmA" + tag, "王女士"), new FakeContact("wmB" + tag, "李先生", State: "spring"),
            new FakeContact(known, "老客户"), new FakeContact("wmShared" + tag, "共同客户", CreateTime: 1_780_000_500),
        ];
        wecom.ExternalContacts["feng" + tag] = [new FakeContact("wmShared" + tag, "共同客户", CreateTime: 1_780_000_100)];
        wecom.ExternalContacts["kefu" + tag] = [new FakeContact("wmNobody" + tag, "不该导入")];

        var run = await RunAsync(DirectorySyncKind.Customers);

        Assert.Equal(DirectorySyncStatus.Succeeded, run.Status);
        var calls = wecom.To("externalcontact/batch/get_by_user").ToList();
        Assert.True(calls.Count >= 3, $"{calls.Count} pages");
        Assert.All(calls, c =>
        {
            var users = c.Body!["userid_list"]!.AsArray().Select(u => u!.GetValue<string>()).ToList();
            Assert.InRange(users.Count, 1, 100);
            Assert.Contains("zheng" + tag, users);
            Assert.Contains("feng" + tag, users);
            Assert.DoesNotContain("kefu" + tag, users);
            Assert.Equal(100, c.Body!["limit"]!.GetValue<int>());
        });
        // The first call starts without a cursor; each next one sends the cursor the previous answered.
        Assert.True(string.IsNullOrEmpty(calls[0].Body!["cursor"]?.GetValue<string>()));
        Assert.Equal(["2", "4"], calls.Skip(1).Take(2).Select(c => c.Body!["cursor"]!.GetValue<string>()));

        await using (var db = Factory.OpenDb())
        {
            var leads = await db.Customers.Where(c => c.WeComExternalId != null && c.WeComExternalId.EndsWith(tag))
                .ToDictionaryAsync(c => c.WeComExternalId!, Ct);
            Assert.Equal((owner, "王女士", CustomerStage.Lead, ContactEventLinker.WeComSource),
                (leads["wmA" + tag].OwnerId!.Value, leads["wmA" + tag].Name, leads["wmA" + tag].Stage, leads["wmA" + tag].SourceChannel));
            Assert.Equal(owner, leads["wmB" + tag].OwnerId);
            Assert.Equal(other, leads[known].OwnerId); // a known customer keeps its owner
            Assert.Equal(other, leads["wmShared" + tag].OwnerId); // one customer, owned by who added it first
            Assert.False(leads.ContainsKey("wmNobody" + tag));
            var shared = await db.WeComSharedContacts.SingleAsync(s => s.ExternalUserId == "wmShared" + tag, Ct);
            Assert.Equal(["feng" + tag, "zheng" + tag], shared.FollowerUserIds);
            Assert.Equal(leads["wmShared" + tag].Id, shared.CustomerId);
        }
        Assert.True((run.ContactsCreated, run.ContactsKnown, run.MultiFollowed) is (>= 3, >= 1, >= 1), $"{run.ContactsCreated}/{run.ContactsKnown}/{run.MultiFollowed}");

        // A second import finds them all known: deduplicated by external id.
        var again = await RunAsync(DirectorySyncKind.Customers);
        Assert.Equal(0, again.ContactsCreated);
        await using (var db = Factory.OpenDb())
            Assert.Equal(1, await db.Customers.CountAsync(c => c.WeComExternalId == "wmA" + tag, Ct));
    }

    [Fact]
    public async Task A_refusal_on_the_second_page_of_the_import_creates_no_lead()
    {
        var wecom = await ConnectedAsync();
        wecom.PageSize = 1;
        var tag = Unique();
        await HireAsync("蒋新" + tag, "jiang" + tag, null);
        wecom.Members.Add(new FakeMember("jiang" + tag, "蒋新", [2]));
        await RunAsync(DirectorySyncKind.Directory);
        wecom.ExternalContacts["jiang" + tag] = [new FakeContact("wmX" + tag, "甲"), new FakeContact("wmY" + tag, "乙")];
        wecom.FailAfter("externalcontact/batch/get_by_user", 1, 60011);

        var run = await RunAsync(DirectorySyncKind.Customers);

        Assert.Equal((DirectorySyncStatus.Failed, (int?)60011), (run.Status, run.ErrCode));
        Assert.Contains("60011", run.Error);
        await using var db = Factory.OpenDb();
        Assert.False(await db.Customers.AnyAsync(c => c.WeComExternalId == "wmX" + tag || c.WeComExternalId == "wmY" + tag, Ct));
    }

    [Fact]
    public async Task The_api_starts_a_sync_in_the_background_and_reports_its_progress_and_summary()
    {
        var wecom = await ConnectedAsync();
        wecom.Members.Add(new FakeMember("zhangsan", "张三", [2]));
        var admin = await Factory.ClientForAsync("admin");
        var started = await admin.PostAsync("/api/integrations/wecom/directory/sync", null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = (await started.ReadAsync<StartedRun>(HttpStatusCode.Accepted)).Id;
        DirectorySyncView run;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        do
        {
            await Task.Delay(100, Ct);
            run = await (await admin.GetAsync($"/api/integrations/wecom/directory/runs/{id}", Ct)).ReadAsync<DirectorySyncView>();
        } while (run.Status == DirectorySyncStatus.Running && DateTime.UtcNow < deadline);
        Assert.Equal((DirectorySyncStatus.Succeeded, 1, "admin"), (run.Status, run.Members, run.StartedBy));
        Assert.Equal(run.Total, run.Done);
    }

    private sealed record StartedRun(Guid Id);

    public override async ValueTask DisposeAsync()
    {
        if (_wecom is not null) await _wecom.DisposeAsync();
        await base.DisposeAsync();
    }
}

[Trait("Category", "Integration")]
public sealed class SqliteDirectorySyncContractTests(SqliteRenheFactory factory) : DirectorySyncContractSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresDirectorySyncContractTests(PostgresRenheFactory factory) : DirectorySyncContractSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
