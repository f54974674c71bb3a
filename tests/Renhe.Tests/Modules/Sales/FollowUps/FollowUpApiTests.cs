using Renhe.Modules.Sales.Customers;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Sales;
using Renhe.Modules.Sales.FollowUps;
using Renhe.Platform.Notifications;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Sales.FollowUps;

/// Follow-ups through HTTP, per role and scope, on SQLite and PostgreSQL.
public abstract class FollowUpApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"u8.ToArray();

    [Fact]
    public async Task A_salesperson_logs_a_call_that_moves_the_stage_and_updates_the_last_follow_up()
    {
        var lisi = await Factory.ClientForAsync("lisi");
        var customer = await CustomerAsync(lisi, "跟进客户甲");
        var at = DateTimeOffset.UtcNow.AddMinutes(-30);
        var nextDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(3));
        var id = await LogAsync(lisi, new
        {
            customerId = customer, kind = "Call", at, durationMinutes = 12, notes = "客户想要样品", objections = "价格偏高", nextStep = "寄样品",
            nextDate = nextDate.ToString("yyyy-MM-dd"), stage = "Intent",
        });

        var item = await (await lisi.GetAsync($"/api/sales/follow-ups/{id}")).ReadAsync<FollowUpItem>();
        Assert.Equal(("李四", "跟进客户甲", FollowUpKind.Call, 12, "价格偏高", nextDate), (item.EmployeeName, item.CustomerName, item.Kind, item.DurationMinutes, item.Objections!, item.NextDate!.Value));
        Assert.True(item.OwnCustomer);
        Assert.Equal((CustomerStage.Lead, CustomerStage.Intent), (item.StageFrom!.Value, item.StageTo!.Value));

        var detail = await (await lisi.GetAsync($"/api/sales/customers/{customer}")).ReadAsync<CustomerView>();
        Assert.Equal(CustomerStage.Intent, detail.Stage);
        Assert.Equal(at.ToUnixTimeSeconds(), detail.LastFollowUpAt!.Value.ToUnixTimeSeconds());
        var stage = detail.Timeline.First(t => t.Kind == "Stage");
        Assert.Equal((CustomerStage.Lead, CustomerStage.Intent, "李四"), (stage.FromStage!.Value, stage.ToStage!.Value, stage.ByName!));

        // A contact logged late (an older time) does not move the last follow-up back.
        await LogAsync(lisi, new { customerId = customer, kind = "Chat", at = at.AddDays(-2), notes = "补记上周的微信沟通" });
        detail = await (await lisi.GetAsync($"/api/sales/customers/{customer}")).ReadAsync<CustomerView>();
        Assert.Equal(at.ToUnixTimeSeconds(), detail.LastFollowUpAt!.Value.ToUnixTimeSeconds());

        var timeline = await (await lisi.GetAsync($"/api/sales/customers/{customer}/timeline")).ReadAsync<List<CustomerActivity>>();
        Assert.Equal(timeline.OrderByDescending(t => t.At).Select(t => t.At), timeline.Select(t => t.At));
        Assert.Equal(2, timeline.Count(t => t.Kind == "FollowUp"));
        Assert.Contains(timeline, t => t.Kind == "Stage" && t.Ledger!.ToStage == CustomerStage.Intent);
        Assert.Contains(timeline, t => t.Kind == "Custody");
    }

    [Fact]
    public async Task Follow_ups_logged_on_one_customer_at_the_same_moment_are_all_kept()
    {
        var lisi = await Factory.ClientForAsync("lisi");
        var manager = await Factory.ClientForAsync("salesmgr");
        var customer = await CustomerAsync(lisi, "同时跟进的客户");
        var newest = DateTimeOffset.UtcNow.AddMinutes(-1);

        // A salesperson and the manager at their desks, several calls logged at once: none is
        // refused as if someone had edited the customer under them.
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => (i % 3 == 0 ? manager : lisi).PostAsJsonAsync("/api/sales/follow-ups",
            new { customerId = customer, kind = "Call", at = newest.AddMinutes(-i), notes = $"同时跟进 {i}" }, Http.Json)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        await using var db = Factory.OpenDb();
        Assert.Equal(12, await db.FollowUps.CountAsync(f => f.CustomerId == customer));
        var detail = await (await lisi.GetAsync($"/api/sales/customers/{customer}")).ReadAsync<CustomerView>();
        Assert.Equal(newest.ToUnixTimeSeconds(), detail.LastFollowUpAt!.Value.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task A_follow_up_on_someone_elses_customer_is_kept_as_not_own_and_an_unseen_customer_is_not_found()
    {
        var lisi = await Factory.ClientForAsync("lisi");
        var customer = await CustomerAsync(lisi, "李四的客户乙");
        var manager = await Factory.ClientForAsync("salesmgr");
        var id = await LogAsync(manager, new { customerId = customer, kind = "Visit", notes = "陪同拜访" });
        Assert.False((await (await manager.GetAsync($"/api/sales/follow-ups/{id}")).ReadAsync<FollowUpItem>()).OwnCustomer);

        // 张三 cannot see 李四's customer: not found, and nothing stored.
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var refused = await zhangsan.PostAsJsonAsync("/api/sales/follow-ups", new { customerId = customer, kind = "Call", notes = "抢单" }, Http.Json);
        await refused.ProblemAsync(HttpStatusCode.NotFound);

        // A pool customer may be worked before it is claimed; it is not one's own.
        var pooled = await CustomerAsync(zhangsan, "公海里的客户");
        Assert.Equal(HttpStatusCode.NoContent, (await zhangsan.PostAsJsonAsync($"/api/sales/customers/{pooled}/release", new { note = "先放公海" })).StatusCode);
        var poolFollowUp = await LogAsync(lisi, new { customerId = pooled, kind = "Call", notes = "公海客户回访" });
        Assert.False((await (await lisi.GetAsync($"/api/sales/follow-ups/{poolFollowUp}")).ReadAsync<FollowUpItem>()).OwnCustomer);
        // …but its stage is not a passer-by's to change.
        var stage = await lisi.PostAsJsonAsync("/api/sales/follow-ups", new { customerId = pooled, kind = "Call", notes = "想改阶段", stage = "Intent" }, Http.Json);
        await stage.ProblemAsync(HttpStatusCode.Forbidden);

        await using var db = Factory.OpenDb();
        Assert.Equal(0, await db.FollowUps.CountAsync(f => f.Notes == "抢单" || f.Notes == "想改阶段"));
        var list = await (await manager.GetAsync("/api/sales/follow-ups?notOwnOnly=true&pageSize=200")).ReadAsync<FollowUpPage>();
        Assert.All(list.Items, f => Assert.False(f.OwnCustomer));
        Assert.Contains(list.Items, f => f.Id == id);
    }

    [Fact]
    public async Task A_salesperson_sees_only_their_own_follow_ups_and_a_manager_the_teams_but_not_another_teams()
    {
        var lisi = await Factory.ClientForAsync("lisi");
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var his = await LogAsync(lisi, new { customerId = await CustomerAsync(lisi, "范围客户李"), kind = "Call", notes = "李四的跟进" });
        var mine = await LogAsync(zhangsan, new { customerId = await CustomerAsync(zhangsan, "范围客户张"), kind = "Call", notes = "张三的跟进" });

        var lisiList = await (await lisi.GetAsync("/api/sales/follow-ups?pageSize=200")).ReadAsync<FollowUpPage>();
        Assert.All(lisiList.Items, f => Assert.Equal("李四", f.EmployeeName));
        Assert.Contains(lisiList.Items, f => f.Id == his);
        Assert.False(lisiList.CanComment);
        await (await lisi.GetAsync($"/api/sales/follow-ups/{mine}")).ProblemAsync(HttpStatusCode.NotFound);

        var manager = await Factory.ClientForAsync("salesmgr");
        var team = await (await manager.GetAsync("/api/sales/follow-ups?pageSize=200")).ReadAsync<FollowUpPage>();
        Assert.Contains(team.Items, f => f.Id == his);
        Assert.Contains(team.Items, f => f.Id == mine);
        Assert.True(team.CanComment);
        var onlyLisi = await (await manager.GetAsync($"/api/sales/follow-ups?employeeId={lisiList.Items[0].EmployeeId}&kind=Call&pageSize=200")).ReadAsync<FollowUpPage>();
        Assert.All(onlyLisi.Items, f => Assert.Equal(("李四", FollowUpKind.Call), (f.EmployeeName, f.Kind)));

        // A customer-service agent's follow-up belongs to another team: the sales manager does not see it, the administrator does.
        var other = await OtherTeamFollowUpAsync();
        await (await manager.GetAsync($"/api/sales/follow-ups/{other}")).ProblemAsync(HttpStatusCode.NotFound);
        var comment = await manager.PostAsync($"/api/sales/follow-ups/{other}/comments", Form("看看"));
        await comment.ProblemAsync(HttpStatusCode.NotFound);
        var admin = await Factory.ClientForAsync("admin");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/sales/follow-ups/{other}")).StatusCode);

        var hr = await Factory.ClientForAsync("hr");
        Assert.Equal(HttpStatusCode.Forbidden, (await hr.GetAsync("/api/sales/follow-ups")).StatusCode);

        var export = await manager.GetAsync("/api/sales/follow-ups/export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("PK"u8.ToArray(), (await export.Content.ReadAsByteArrayAsync())[..2]);
    }

    [Theory]
    [InlineData("durationMinutes", """{"kind":"Call","notes":"打了很久","durationMinutes":1500}""")]
    [InlineData("notes", """{"kind":"Call","notes":"   "}""")]
    [InlineData("nextDate", """{"kind":"Call","notes":"约了昨天","nextDate":"2020-01-01"}""")]
    [InlineData("at", """{"kind":"Call","notes":"未来的电话","at":"2099-01-01T00:00:00Z"}""")]
    [InlineData("stage", """{"kind":"Call","notes":"客户说要下单","stage":"Ordered"}""")]
    [InlineData("kind", """{"kind":"Fax","notes":"传真"}""")]
    public async Task Bad_input_is_refused_naming_the_field_and_nothing_is_stored(string field, string json)
    {
        var lisi = await Factory.ClientForAsync("lisi");
        var customer = await CustomerAsync(lisi, "校验客户" + field);
        var body = json.Insert(1, $"\"customerId\":\"{customer}\",");
        var response = await lisi.PostJsonAsync("/api/sales/follow-ups", body);
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(field, problem.Errors!.Keys);

        await using var db = Factory.OpenDb();
        Assert.False(await db.FollowUps.AnyAsync(f => f.CustomerId == customer));
        var stored = await db.Customers.AsNoTracking().SingleAsync(c => c.Id == customer);
        Assert.Equal((CustomerStage.Lead, (DateTimeOffset?)null), (stored.Stage, stored.LastFollowUpAt));
    }

    [Fact]
    public async Task A_manager_comments_with_an_attachment_the_author_is_notified_and_downloads_it()
    {
        var lisi = await Factory.ClientForAsync("lisi");
        var id = await LogAsync(lisi, new { customerId = await CustomerAsync(lisi, "点评客户"), kind = "ProposalSent", notes = "发了方案" });
        var before = (await (await lisi.GetAsync("/api/platform/notifications/count")).ReadAsync<CountResponse>()).Unread;

        // A salesperson does not comment.
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        Assert.Equal(HttpStatusCode.Forbidden, (await zhangsan.PostAsync($"/api/sales/follow-ups/{id}/comments", Form("我也说两句"))).StatusCode);

        var manager = await Factory.ClientForAsync("salesmgr");
        var created = await manager.PostAsync($"/api/sales/follow-ups/{id}/comments", Form("方案里补上售后条款", ("报价单.pdf", Pdf)));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var item = await (await lisi.GetAsync($"/api/sales/follow-ups/{id}")).ReadAsync<FollowUpItem>();
        var comment = Assert.Single(item.Comments);
        Assert.Equal(("方案里补上售后条款", "张志强"), (comment.Text, comment.ByName!));
        var file = Assert.Single(comment.Attachments);
        Assert.Equal(("报价单.pdf", "application/pdf", (long)Pdf.Length), (file.FileName, file.ContentType, file.Size));

        var download = await lisi.GetAsync($"/api/sales/follow-ups/{id}/attachments/{file.Id}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("报价单.pdf", download.Content.Headers.ContentDisposition!.FileNameStar);
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await zhangsan.GetAsync($"/api/sales/follow-ups/{id}/attachments/{file.Id}")).StatusCode);

        var notifications = await (await lisi.GetAsync("/api/platform/notifications?unreadOnly=true")).ReadAsync<List<NotificationItem>>();
        var notice = Assert.Single(notifications, n => n.Link == $"/sales/follow-ups?id={id}");
        Assert.Equal("张志强 点评了你对「点评客户」的跟进", notice.Text);
        Assert.Equal(before + 1, (await (await lisi.GetAsync("/api/platform/notifications/count")).ReadAsync<CountResponse>()).Unread);
        Assert.Equal(HttpStatusCode.NotFound, (await zhangsan.PostAsync($"/api/platform/notifications/{notice.Id}/read", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await lisi.PostAsync($"/api/platform/notifications/{notice.Id}/read", null)).StatusCode);
        Assert.Equal(before, (await (await lisi.GetAsync("/api/platform/notifications/count")).ReadAsync<CountResponse>()).Unread);
        Assert.NotNull((await (await lisi.GetAsync("/api/platform/notifications")).ReadAsync<List<NotificationItem>>()).Single(n => n.Id == notice.Id).ReadAt);

        // The customer's timeline tells the comment too.
        var timeline = await (await lisi.GetAsync($"/api/sales/customers/{item.CustomerId}/timeline")).ReadAsync<List<CustomerActivity>>();
        Assert.Equal("Comment", timeline[0].Kind);
    }

    [Fact]
    public async Task An_attachment_too_large_or_of_the_wrong_kind_is_refused_and_nothing_is_stored()
    {
        var lisi = await Factory.ClientForAsync("lisi");
        var id = await LogAsync(lisi, new { customerId = await CustomerAsync(lisi, "附件客户"), kind = "Call", notes = "电话" });
        var manager = await Factory.ClientForAsync("salesmgr");

        var big = new byte[10 * 1024 * 1024 + 1];
        Pdf.CopyTo(big, 0);
        var tooLarge = await manager.PostAsync($"/api/sales/follow-ups/{id}/comments", Form("大文件", ("大合同.pdf", big)));
        Assert.Contains("files", (await tooLarge.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        var program = await manager.PostAsync($"/api/sales/follow-ups/{id}/comments", Form("程序", ("工具.pdf", [0x4D, 0x5A, 0x90, 0x00])));
        Assert.StartsWith("不支持附件「工具.pdf」的格式", (await program.ProblemAsync(HttpStatusCode.BadRequest)).Title);
        var empty = await manager.PostAsync($"/api/sales/follow-ups/{id}/comments", Form(""));
        Assert.Contains("text", (await empty.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);

        await using var db = Factory.OpenDb();
        Assert.False(await db.FollowUpComments.AnyAsync(c => c.FollowUpId == id));
        Assert.False(await db.StoredFiles.AnyAsync(f => f.FileName == "大合同.pdf" || f.FileName == "工具.pdf"));
    }

    [Fact]
    public async Task A_comment_sent_as_json_is_told_to_send_a_multipart_form_and_a_follow_up_sent_as_a_form_to_send_json()
    {
        var lisi = await Factory.ClientForAsync("lisi");
        var id = await LogAsync(lisi, new { customerId = await CustomerAsync(lisi, "格式点评客户"), kind = "Call", notes = "电话" });
        var url = $"/api/sales/follow-ups/{id}/comments";

        var manager = await Factory.ClientForAsync("salesmgr");
        var chinese = await (await manager.PostAsJsonAsync(url, new { text = "用 JSON 发的点评" })).ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("multipart/form-data", chinese.Title);
        Assert.DoesNotContain("JSON", chinese.Title);
        var englishManager = await Factory.ClientForAsync("salesmgr", culture: "en");
        var english = await (await englishManager.PostAsync(url, new StringContent("text=hi", System.Text.Encoding.UTF8, "text/plain")))
            .ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("multipart/form-data", english.Title);
        Assert.StartsWith("Send", english.Title);
        // Logging a follow-up takes JSON, and a form sent there is told so.
        var form = await (await lisi.PostAsync("/api/sales/follow-ups", Form("电话"))).ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/json", form.Title);

        await using var db = Factory.OpenDb();
        Assert.False(await db.FollowUpComments.AnyAsync(c => c.FollowUpId == id));
    }

    [Fact]
    public async Task Comments_refuse_updates_going_around_the_application()
    {
        var lisi = await Factory.ClientForAsync("lisi");
        var id = await LogAsync(lisi, new { customerId = await CustomerAsync(lisi, "账本点评客户"), kind = "Call", notes = "电话" });
        var manager = await Factory.ClientForAsync("salesmgr");
        Assert.Equal(HttpStatusCode.Created, (await manager.PostAsync($"/api/sales/follow-ups/{id}/comments", Form("原话"))).StatusCode);
        await using var db = Factory.OpenDb();
        await Assert.ThrowsAnyAsync<Exception>(() =>
            db.Database.ExecuteSqlAsync($"UPDATE sales_follow_up_comment SET \"Text\" = 'changed' WHERE \"FollowUpId\" = {id}"));
        Assert.Equal("原话", (await db.FollowUpComments.AsNoTracking().SingleAsync(c => c.FollowUpId == id)).Text);
    }

    private async Task<Guid> OtherTeamFollowUpAsync()
    {
        await using var db = Factory.OpenDb();
        var agent = await db.Employees.Where(e => db.Departments.Any(d => d.Id == e.DepartmentId && d.Name == "客服部")).Select(e => e.Id).FirstAsync();
        var customer = await db.Customers.Where(c => c.OwnerId != null).Select(c => c.Id).FirstAsync();
        var followUp = new FollowUp
        {
            CustomerId = customer, EmployeeId = agent, Kind = FollowUpKind.AfterSaleTip, At = DateTimeOffset.UtcNow, Notes = "客服的售后提醒",
            CreatedAt = DateTimeOffset.UtcNow,
        };
        db.FollowUps.Add(followUp);
        await db.SaveChangesAsync();
        return followUp.Id;
    }

    private static MultipartFormDataContent Form(string text, params (string Name, byte[] Bytes)[] files)
    {
        var form = new MultipartFormDataContent { { new StringContent(text), "text" } };
        foreach (var (name, bytes) in files)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(content, "files", name);
        }
        return form;
    }

    private static async Task<Guid> CustomerAsync(HttpClient client, string name)
    {
        var phone = "137" + Random.Shared.NextInt64(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var response = await client.PostAsJsonAsync("/api/sales/customers", new { name, phone }, Http.Json);
        return (await response.ReadAsync<IdResponse>(HttpStatusCode.Created)).Id;
    }

    private static async Task<Guid> LogAsync(HttpClient client, object body) =>
        (await (await client.PostAsJsonAsync("/api/sales/follow-ups", body, Http.Json)).ReadAsync<IdResponse>(HttpStatusCode.Created)).Id;

    public sealed record IdResponse(Guid Id);
    public sealed record CountResponse(int Unread);
}

[Trait("Category", "Integration")]
public sealed class SqliteFollowUpApiTests(SqliteRenheFactory factory) : FollowUpApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresFollowUpApiTests(PostgresRenheFactory factory) : FollowUpApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
