using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Profile;
using Renhe.Platform.Approvals;
using Renhe.Platform.Audit;
using Renhe.Tests.Infrastructure;
using static Renhe.Tests.Modules.Org.OrgApi;

namespace Renhe.Tests.Modules.Org.Profile;

/// Self-service through HTTP, on SQLite and on PostgreSQL: an employee asks to change their own
/// personal data, the request waits in HR's inbox of 审批中心 with every other request, and the
/// approval decides — never the requester.
public abstract class ProfileApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private const string Approvals = "/api/platform/approvals";

    [Fact]
    public async Task The_demos_pending_profile_change_waits_in_hrs_approval_inbox()
    {
        var hr = await Factory.ClientForAsync("hr");
        var inbox = await (await hr.GetAsync($"{Approvals}/inbox")).ReadAsync<List<ApprovalListItem>>();
        var item = Assert.Single(inbox, r => r.RequestType == ProfileChangeHandler.Type && r.RequesterName == "张三");
        Assert.Equal(("资料变更", "资料变更：张三 · 银行账号", "人事审批"), (item.TypeName, item.Title, item.CurrentStepName));

        // HR's record of requests names the same approval.
        var record = await (await hr.GetAsync("/api/org/change-requests?status=Pending")).ReadAsync<List<ProfileChangeDto>>();
        var demo = Assert.Single(record, r => r.EmployeeName == "张三");
        Assert.Equal(item.Id, demo.ApprovalRequestId);
        var detail = await (await hr.GetAsync($"{Approvals}/{item.Id}")).ReadAsync<ApprovalDetail>();
        Assert.Equal(demo.Id, detail.SubjectId);
        Assert.True(detail.CanAct);
    }

    [Fact]
    public async Task An_employee_requests_a_change_and_hr_approves_it_in_the_approval_center()
    {
        var csagent = await Factory.ClientForAsync("csagent");
        var bad = await csagent.PostAsJsonAsync("/api/org/me/change-requests", new { field = "PersonalPhone", newValue = "12345" }, Http.Json);
        Assert.Equal("新值格式不正确。", (await bad.ProblemAsync(HttpStatusCode.BadRequest)).Title);
        var created = await RequestChangeAsync(csagent, "PersonalPhone", "13700001111", "换号了");
        var twice = await csagent.PostAsJsonAsync("/api/org/me/change-requests", new { field = "PersonalPhone", newValue = "13700002222" }, Http.Json);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        // The requester cannot decide, and the page of its own where HR used to decide is gone.
        Assert.Equal(HttpStatusCode.Forbidden, (await ActAsync(csagent, created.ApprovalRequestId, "approve")).StatusCode);
        var hr = await Factory.ClientForAsync("hr");
        Assert.False((await hr.PostAsync($"/api/org/change-requests/{created.Id}/approve", null)).IsSuccessStatusCode);

        Assert.Contains(await (await hr.GetAsync($"{Approvals}/inbox")).ReadAsync<List<ApprovalListItem>>(), r => r.Id == created.ApprovalRequestId);
        var view = await (await hr.GetAsync($"/api/org/change-requests/{created.Id}")).ReadAsync<ProfileChangeView>();
        Assert.Equal((ProfileField.PersonalPhone, "137****1111", RequestStatus.Pending, true), (view.Field, view.NewMasked, view.Status, view.CanReveal));
        Assert.Matches(@"^1\d{2}\*{4}\d{4}$", view.CurrentMasked);
        var approved = await (await ActAsync(hr, created.ApprovalRequestId, "approve")).ReadAsync<ApprovalDetail>();
        Assert.Equal(ApprovalStatus.Approved, approved.Status);

        var me = await (await csagent.GetAsync("/api/org/me")).ReadAsync<EmployeeView>();
        Assert.Equal("137****1111", me.PersonalPhoneMasked);
        var mine = await (await csagent.GetAsync("/api/org/me/change-requests")).ReadAsync<List<ProfileChangeDto>>();
        Assert.Equal(RequestStatus.Approved, mine.Single(r => r.Id == created.Id).Status);
        await using var db = Factory.OpenDb();
        var stored = await db.ProfileChangeRequests.AsNoTracking().SingleAsync(r => r.Id == created.Id);
        var hrUser = await db.Users.AsNoTracking().SingleAsync(u => u.UserName == "hr");
        Assert.Equal((RequestStatus.Approved, hrUser.Id), (stored.Status, stored.DecidedBy!.Value));
    }

    [Fact]
    public async Task Rejecting_needs_a_reason_changes_nothing_and_the_employee_sees_why()
    {
        var cssup = await Factory.ClientForAsync("cssup");
        var before = await (await cssup.GetAsync("/api/org/me")).ReadAsync<EmployeeView>();
        var created = await RequestChangeAsync(cssup, "BankAccount", "6222029999888877776");
        var hr = await Factory.ClientForAsync("hr");
        Assert.Equal("驳回时必须填写理由。", (await (await ActAsync(hr, created.ApprovalRequestId, "reject")).ProblemAsync(HttpStatusCode.BadRequest)).Title);
        var rejected = await ActAsync(hr, created.ApprovalRequestId, "reject", "请提供银行卡照片");
        Assert.Equal(ApprovalStatus.Rejected, (await rejected.ReadAsync<ApprovalDetail>()).Status);

        var after = await (await cssup.GetAsync("/api/org/me")).ReadAsync<EmployeeView>();
        Assert.Equal(before.BankAccountMasked, after.BankAccountMasked);
        var mine = (await (await cssup.GetAsync("/api/org/me/change-requests")).ReadAsync<List<ProfileChangeDto>>()).Single(r => r.Id == created.Id);
        Assert.Equal((RequestStatus.Rejected, "请提供银行卡照片"), (mine.Status, mine.DecisionReason));
    }

    [Fact]
    public async Task A_returned_request_stays_open_until_withdrawn_and_then_the_field_can_be_asked_again()
    {
        var finance = await Factory.ClientForAsync("finance");
        var created = await RequestChangeAsync(finance, "EmergencyContactName", "刘先生");
        var hr = await Factory.ClientForAsync("hr");
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(hr, created.ApprovalRequestId, "return", "请写全名")).StatusCode);
        var mine = (await (await finance.GetAsync("/api/org/me/change-requests")).ReadAsync<List<ProfileChangeDto>>()).Single(r => r.Id == created.Id);
        Assert.Equal((RequestStatus.Returned, "请写全名"), (mine.Status, mine.DecisionReason));
        var again = await finance.PostAsJsonAsync("/api/org/me/change-requests", new { field = "EmergencyContactName", newValue = "刘建华" }, Http.Json);
        Assert.Contains("撤回或重新提交", (await again.ProblemAsync(HttpStatusCode.Conflict)).Title);

        Assert.Equal(HttpStatusCode.OK, (await ActAsync(finance, created.ApprovalRequestId, "withdraw")).StatusCode);
        mine = (await (await finance.GetAsync("/api/org/me/change-requests")).ReadAsync<List<ProfileChangeDto>>()).Single(r => r.Id == created.Id);
        Assert.Equal(RequestStatus.Withdrawn, mine.Status);
        var second = await RequestChangeAsync(finance, "EmergencyContactName", "刘建华");
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(hr, second.ApprovalRequestId, "approve")).StatusCode);
        Assert.Equal("刘建华", (await (await finance.GetAsync("/api/org/me")).ReadAsync<EmployeeView>()).EmergencyContactName);
    }

    [Fact]
    public async Task Hr_reveals_the_old_and_the_new_value_and_each_reveal_is_audited_for_the_employee()
    {
        var hr = await Factory.ClientForAsync("hr");
        var demo = (await (await hr.GetAsync("/api/org/change-requests")).ReadAsync<List<ProfileChangeDto>>()).Single(r => r.EmployeeName == "张三");
        var view = await (await hr.GetAsync($"/api/org/change-requests/{demo.Id}")).ReadAsync<ProfileChangeView>();
        Assert.Equal("***************8901", view.NewMasked);
        Assert.Matches(@"^\*+\d{4}$", view.CurrentMasked);

        var newValue = await (await hr.PostAsJsonAsync($"/api/org/change-requests/{demo.Id}/reveal", new { value = "New" }, Http.Json)).ReadAsync<RevealResponse>();
        Assert.Equal("6217000012345678901", newValue.Value);
        var oldValue = await (await hr.PostAsJsonAsync($"/api/org/change-requests/{demo.Id}/reveal", new { value = "Current" }, Http.Json)).ReadAsync<RevealResponse>();
        Assert.StartsWith("622202", oldValue.Value);
        Assert.EndsWith(view.CurrentMasked![^4..], oldValue.Value);

        await using (var db = Factory.OpenDb())
        {
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == AuditAction.Read && a.Entity == "org.profile-change.BankAccount"
                                                           && a.EntityKey == demo.Id.ToString() && a.UserName == "hr" && a.SubjectEmployeeId == demo.EmployeeId));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == AuditAction.Read && a.Entity == "org.employee.BankAccount"
                                                           && a.UserName == "hr" && a.SubjectEmployeeId == demo.EmployeeId));
        }
        // 张三 sees, under 我的数据访问记录, that HR looked at the account he asked for.
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        Assert.Contains("查看了你申请改成的银行账号", await zhangsan.GetStringAsync("/api/me/data-access"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_those_who_may_see_the_approval_see_the_request_and_only_those_with_reveal_see_it_in_clear()
    {
        var hr = await Factory.ClientForAsync("hr");
        var demo = (await (await hr.GetAsync("/api/org/change-requests")).ReadAsync<List<ProfileChangeDto>>()).Single(r => r.EmployeeName == "张三");
        // 张三 sees his own request and may reveal his own data; a colleague and his manager learn nothing of it.
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        Assert.Equal("***************8901", (await (await zhangsan.GetAsync($"/api/org/change-requests/{demo.Id}")).ReadAsync<ProfileChangeView>()).NewMasked);
        foreach (var other in new[] { "lisi", "salesmgr" })
        {
            var client = await Factory.ClientForAsync(other);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/org/change-requests/{demo.Id}")).StatusCode);
            var reveal = await client.PostAsJsonAsync($"/api/org/change-requests/{demo.Id}/reveal", new { value = "New" }, Http.Json);
            Assert.Equal(HttpStatusCode.NotFound, reveal.StatusCode);
        }
        var admin = await Factory.ClientForAsync("admin");
        // The administrator manages flows and so sees every approval, masked; revealing is not theirs.
        var seen = await (await admin.GetAsync($"/api/org/change-requests/{demo.Id}")).ReadAsync<ProfileChangeView>();
        Assert.False(seen.CanReveal);
    }

    [Fact]
    public async Task Hr_cannot_have_their_own_change_approved_when_nobody_else_holds_the_hr_role()
    {
        var hr = await Factory.ClientForAsync("hr");
        var response = await hr.PostAsJsonAsync("/api/org/me/change-requests", new { field = "BankAccount", newValue = "6222020000123456" }, Http.Json);
        var problem = await response.ProblemAsync(HttpStatusCode.Conflict);
        Assert.StartsWith("除你本人外没有人能审批这项资料变更", problem.Title);
        var mine = await (await hr.GetAsync("/api/org/me/change-requests")).ReadAsync<List<ProfileChangeDto>>();
        Assert.DoesNotContain(mine, r => r.Field == ProfileField.BankAccount);
    }

    public sealed record RevealResponse(string Value);
}

[Trait("Category", "Integration")]
public sealed class SqliteProfileApiTests(SqliteRenheFactory factory) : ProfileApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresProfileApiTests(PostgresRenheFactory factory) : ProfileApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
