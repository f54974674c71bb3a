using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Renhe.Tests.Browser;

/// The monitoring notice in the demo application: 李四, who has not acknowledged it, meets it right
/// after signing in, reads it, clicks 我已阅读并知悉 and lands on his home page; HR sees who has and
/// has not acknowledged on 监控告知书. Screenshots go to artifacts/TestResults/screenshots.
[Trait("Category", "Browser")]
public sealed class MonitoringNoticeWalkthroughTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    [Fact]
    public async Task An_employee_who_has_not_acknowledged_sees_the_notice_first_and_continues_after_acknowledging()
    {
        var page = await app.SignInAsync("lisi", expectHome: false);
        try
        {
            var gate = page.GetByTestId("notice-gate");
            await Expect(gate).ToBeVisibleAsync();
            await Expect(page.GetByTestId("notice-title")).ToHaveTextAsync("员工工作通讯监控告知书");
            await Expect(page.GetByTestId("notice-text")).ToContainTextAsync("180 天");
            await Expect(page.GetByTestId("page-title")).ToHaveCountAsync(0); // the page itself is not shown yet
            await DemoAppFixture.ScreenshotAsync(page, "monitoring-notice-gate-zh", fullPage: true);

            await page.GetByTestId("notice-acknowledge").ClickAsync();
            await DemoAppFixture.ExpectHomeAsync(page, "lisi");
            await Expect(gate).ToHaveCountAsync(0);

            // A fresh page load does not ask again; the notice stays readable with the date of acknowledgement.
            await page.GotoAsync("/risk/notice");
            await Expect(page.GetByTestId("my-ack")).ToContainTextAsync("你已于");
            // An investigator searches 李四's messages; he sees who did it on his profile.
            await SearchAsAuditorAsync("李四");
            await page.GotoAsync("/org/me");
            await Expect(page.GetByTestId("data-access")).ToContainTextAsync("我的数据访问记录");
            await Expect(page.GetByTestId("data-access-row").First).ToContainTextAsync("周明");
            await Expect(page.GetByTestId("data-access-row").First).ToContainTextAsync("检索了你的沟通记录");
            await DemoAppFixture.ScreenshotAsync(page, "my-profile-data-access-zh", fullPage: true);
        }
        catch
        {
            await app.RecordFailureAsync(page, "notice-lisi");
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Hr_sees_who_has_and_has_not_acknowledged()
    {
        var page = await app.SignInAsync("hr", expectHome: false);
        try
        {
            await DemoAppFixture.ExpectHomeAsync(page, "hr"); // HR acknowledged in the demo
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "监控告知书" })).ToBeVisibleAsync();
            await page.GotoAsync("/risk/monitoring-notice");
            await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await Expect(page.GetByTestId("page-title")).ToHaveTextAsync("监控告知书");
            await Expect(page.GetByTestId("pending-count")).ToContainTextAsync("未确认");
            // Those still to acknowledge are listed first: 冯雪 and 苏晴 at least (李四 may have acknowledged in the other test).
            await Expect(page.GetByTestId("ack-pending").First).ToBeVisibleAsync();
            await DemoAppFixture.ScreenshotAsync(page, "monitoring-notice-status-zh", fullPage: true);

            await page.GetByText("只看未确认", new() { Exact = true }).ClickAsync();
            await Expect(page.GetByTestId("ack-name").Filter(new() { HasText = "冯雪" })).ToBeVisibleAsync();
            await Expect(page.GetByTestId("ack-name").Filter(new() { HasText = "苏晴" })).ToBeVisibleAsync();
            await Expect(page.GetByTestId("ack-name").Filter(new() { HasText = "陈静" })).ToHaveCountAsync(0);

            await page.GetByRole(AriaRole.Tab, new() { Name = "编辑并发布" }).ClickAsync();
            await Expect(page.GetByTestId("notice-preview")).ToContainTextAsync("员工工作通讯监控告知书");
            await DemoAppFixture.ScreenshotAsync(page, "monitoring-notice-edit-zh", fullPage: true);
        }
        catch
        {
            await app.RecordFailureAsync(page, "notice-hr");
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    private async Task SearchAsAuditorAsync(string name)
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = new HttpClient { BaseAddress = app.BaseUrl };
        var token = await (await http.PostAsJsonAsync("/api/auth/token", new { userName = "auditor", password = DemoAppFixture.DemoPassword }, ct))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(ct);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        var employees = await http.GetFromJsonAsync<JsonElement>($"/api/org/employees?search={Uri.EscapeDataString(name)}", ct);
        var id = employees.EnumerateArray().Single(e => e.GetProperty("name").GetString() == name).GetProperty("id").GetString();
        (await http.GetAsync($"/api/risk/archive/search?employeeId={id}", ct)).EnsureSuccessStatusCode();
    }
}
