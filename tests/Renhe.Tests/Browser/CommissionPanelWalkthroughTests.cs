using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Renhe.Tests.Browser;

/// 李四 and 张三 open 业绩与提成 on their phones: what they have earned this month (预计), why (each
/// rate with its numerator and denominator, the tier), what the next tier takes and whom to call;
/// 张经理 opens 团队提成 on his desk and goes from 李四's row into his panel. Once in English.
[Trait("Category", "Browser")]
public sealed class CommissionPanelWalkthroughTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    [Fact]
    public async Task Salespeople_read_their_panel_on_a_phone_and_the_manager_reads_the_team_on_a_desk()
    {
        var browser = app.RequireBrowser();
        var contexts = new List<IBrowserContext>();
        IPage? page = null;
        try
        {
            // 李四: his month, the navigator two orders from a tier (the demo's story), and the customers behind his conversion.
            page = await PhoneAsync(browser, contexts, "lisi", "zh-CN");
            await page.GotoAsync("/commission/panel");
            await Expect(page.GetByTestId("page-title")).ToHaveTextAsync("业绩与提成");
            await Expect(page.GetByTestId("panel-estimated")).ToHaveTextAsync("预计");
            await Expect(page.GetByTestId("panel-conversion")).ToContainTextAsync(new Regex(@"转化率 \d+\.\d % \(\d+/\d+\)"));
            await Expect(page.GetByTestId("panel-repurchase")).ToContainTextAsync("复购率");
            await Expect(page.GetByTestId("panel-navigator")).ToContainTextAsync("再完成 2 单（来自意向客户）");
            await Expect(page.GetByTestId("panel-average")).ToContainTextAsync("平均客单价");
            await Expect(page.GetByTestId("panel-candidate").First).ToBeVisibleAsync();
            await Expect(page.GetByTestId("panel-chart")).ToBeVisibleAsync();
            await DemoAppFixture.ScreenshotAsync(page, "commission-panel-lisi-phone", fullPage: true);
            // Nothing wider than the phone.
            var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            Assert.True(width <= 390, $"the panel is {width}px wide on a 390px phone");
            await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await page.GetByTestId("panel-conversion-open").ClickAsync();
            await Expect(page.GetByTestId("rate-customer").First).ToBeVisibleAsync();

            // 今日 says the same in one line, and the customers to call for it are tasks (冲档).
            await page.GotoAsync("/sales/today");
            await Expect(page.GetByTestId("today-tier")).ToContainTextAsync("再完成 2 单（来自意向客户）");
            await Expect(page.GetByTestId("today-task").Filter(new() { HasText = "冲档：跟进意向客户" }).First).ToBeVisibleAsync();
            await DemoAppFixture.ScreenshotAsync(page, "commission-today-lisi-phone", fullPage: true);

            // 张三: the top tier and the add-on, each with its numbers.
            page = await PhoneAsync(browser, contexts, "zhangsan", "zh-CN");
            await page.GotoAsync("/commission/panel");
            await Expect(page.GetByTestId("panel-reason")).ToContainTextAsync(new Regex(@"转化率 \d+\.\d % \(\d+/\d+\).*→ 4 %.*复购率 \d+\.\d % \(\d+/\d+\).*\+1 %"));
            await Expect(page.GetByTestId("panel-rate")).ToContainTextAsync("5 %");
            await Expect(page.GetByTestId("panel-line").First).ToBeVisibleAsync();
            await Expect(page.GetByTestId("line-order").First).ToHaveAttributeAsync("href", new Regex("/sales/orders/"));
            await DemoAppFixture.ScreenshotAsync(page, "commission-panel-zhangsan-phone", fullPage: true);

            // The same in English.
            page = await PhoneAsync(browser, contexts, "zhangsan", "en-US");
            await page.GotoAsync("/commission/panel");
            await Expect(page.GetByTestId("page-title")).ToHaveTextAsync("Performance & commission");
            await Expect(page.GetByTestId("panel-estimated")).ToHaveTextAsync("Estimated");
            await Expect(page.GetByTestId("panel-reason")).ToContainTextAsync("+1 %");
            await DemoAppFixture.ScreenshotAsync(page, "commission-panel-zhangsan-phone-en", fullPage: true);

            // 张经理 at his desk: the team, then 李四's panel from his row.
            page = await app.SignInAsync("salesmgr", 1280, 900);
            await page.GotoAsync("/commission/team");
            await Expect(page.GetByTestId("page-title")).ToHaveTextAsync("团队提成");
            await Expect(page.GetByTestId("commission-team-table")).ToContainTextAsync("李四");
            await Expect(page.GetByTestId("commission-team-chart")).ToBeVisibleAsync();
            await DemoAppFixture.ScreenshotAsync(page, "commission-team-desk", fullPage: true);
            await page.GetByTestId("commission-team-person").Filter(new() { HasText = "李四" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex(@"/commission/panel\?employeeId="));
            await Expect(page.GetByTestId("page-title")).ToContainTextAsync("李四");
            await Expect(page.GetByTestId("panel-navigator")).ToContainTextAsync("再完成");
            await DemoAppFixture.ScreenshotAsync(page, "commission-panel-lisi-by-manager", fullPage: true);
        }
        catch
        {
            if (page is not null) await app.RecordFailureAsync(page, "commission-panel");
            throw;
        }
        finally
        {
            foreach (var c in contexts) await c.CloseAsync();
        }
    }

    private async Task<IPage> PhoneAsync(IBrowser browser, List<IBrowserContext> contexts, string user, string locale)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseUrl.ToString(), Locale = locale, TimezoneId = "Asia/Shanghai",
            ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true,
        });
        contexts.Add(context);
        return await SignInAsync(context, user);
    }

    private static async Task<IPage> SignInAsync(IBrowserContext context, string user)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.Locator("#userName").FillAsync(user);
        await page.Locator("#password").FillAsync(DemoAppFixture.DemoPassword);
        await page.GetByTestId("login-submit").ClickAsync();
        await Expect(page).Not.ToHaveURLAsync(new Regex("/account/login"));
        var notice = page.GetByTestId("notice-acknowledge");
        if (await notice.IsVisibleAsync() || page.Url.Contains("notice", StringComparison.Ordinal))
        {
            await notice.ClickAsync();
            await Expect(notice).ToHaveCountAsync(0);
        }
        return page;
    }
}
