using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Renhe.Tests.Browser;

/// 李四 opens 今日 on his phone and sees his tasks and progress; 张经理 opens 团队看板 and 目标与计划
/// with the demo target for this month.
[Trait("Category", "Browser")]
public sealed class TodayWalkthroughTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    private const string Password = "Renhe@2026";

    [Fact]
    public async Task Salesperson_sees_today_and_the_manager_sees_the_team_and_the_targets()
    {
        var browser = app.RequireBrowser();
        var phone = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseUrl.ToString(), Locale = "zh-CN", TimezoneId = "Asia/Shanghai",
            ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true,
        });
        var desk = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseUrl.ToString(), Locale = "zh-CN", TimezoneId = "Asia/Shanghai",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        var page = await phone.NewPageAsync();
        try
        {
            await SignInAsync(page, "lisi");
            await page.GotoAsync("/sales/today");
            await Expect(page.GetByTestId("page-title")).ToHaveTextAsync("今日");
            await Expect(page.GetByTestId("today-month")).ToContainTextAsync("本月业绩");
            var weekend = DateTime.UtcNow.AddHours(8).DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            if (weekend)
                await Expect(page.GetByTestId("today-progress")).ToContainTextAsync("休息日");
            else
            {
                await Expect(page.GetByTestId("today-followups")).ToContainTextAsync("跟进已完成");
                // Each open task is one tap from the quick follow-up page, which brings him back here.
                var links = page.GetByTestId("task-follow-up");
                if (await links.CountAsync() > 0)
                    StringAssert(await links.First.GetAttributeAsync("href"), "/follow-up?returnUrl=/sales/today");
            }
            await DemoAppFixture.ScreenshotAsync(page, "today-phone", fullPage: true);

            page = await desk.NewPageAsync();
            await SignInAsync(page, "salesmgr");
            await page.GotoAsync("/sales/team");
            await Expect(page.GetByTestId("page-title")).ToHaveTextAsync("团队看板");
            // The demo target follows the generated history (15 % above the last quarter's average month).
            await Expect(page.GetByTestId("team-summary")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"团队目标 ¥\d{3},000"));
            var target = System.Text.RegularExpressions.Regex.Match(await page.GetByTestId("team-summary").InnerTextAsync(), @"团队目标 ¥([\d,]+)").Groups[1].Value;
            await Expect(page.GetByTestId("team-table")).ToContainTextAsync("李四");
            await Expect(page.GetByTestId("team-funnel")).ToContainTextAsync("意向");
            // A head count per stage, and said to be one (流失 is the longest bar; that is no conversion).
            await Expect(page.GetByText("各阶段客户数")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("team-funnel-explained")).ToContainTextAsync("不是转化率");
            await DemoAppFixture.ScreenshotAsync(page, "team-dashboard", fullPage: true);

            await page.GotoAsync("/sales/targets");
            await Expect(page.GetByTestId("page-title")).ToHaveTextAsync("目标与计划");
            await Expect(page.GetByTestId("targets-status")).ToContainTextAsync("已发布");
            await Expect(page.GetByTestId("targets-table")).ToContainTextAsync("试用期");
            await Expect(page.GetByTestId("targets-sum")).ToContainTextAsync(target);
            await DemoAppFixture.ScreenshotAsync(page, "targets", fullPage: true);
        }
        catch
        {
            try { await DemoAppFixture.ScreenshotAsync(page, "today-failure", fullPage: true); }
            catch (PlaywrightException) { }
            var log = app.AppOutput;
            TestContext.Current.TestOutputHelper?.WriteLine($"page: {page.Url}\n{log[Math.Max(0, log.Length - 12000)..]}");
            throw;
        }
        finally
        {
            await phone.CloseAsync();
            await desk.CloseAsync();
        }
    }

    private static void StringAssert(string? href, string end)
    {
        Assert.NotNull(href);
        Assert.StartsWith("/sales/customers/", href);
        Assert.EndsWith(end, href);
    }

    private static async Task SignInAsync(IPage page, string user)
    {
        await page.GotoAsync("/account/login");
        await page.Locator("#userName").FillAsync(user);
        await page.Locator("#password").FillAsync(Password);
        await page.GetByTestId("login-submit").ClickAsync();
        // 李四 has not acknowledged the monitoring notice in the demo: it comes first (ADR 0009).
        if (user == "lisi") await page.GetByTestId("notice-acknowledge").ClickAsync();
        await DemoAppFixture.ExpectHomeAsync(page, user);
    }
}
