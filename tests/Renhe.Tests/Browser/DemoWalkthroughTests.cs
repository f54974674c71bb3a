using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Renhe.Tests.Browser;

/// What a newcomer does first: start the demo, sign in with each demo account in Chinese, switch
/// to English from the app bar, sign out. Screenshots of every home page are kept under
/// artifacts/TestResults/screenshots so a reviewer can see that Chinese renders and English is English.
[Trait("Category", "Browser")]
public sealed class DemoWalkthroughTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    private const string Password = "Renhe@2026";

    [Theory]
    [InlineData("admin")]
    [InlineData("owner")]
    [InlineData("hr")]
    [InlineData("finance")]
    [InlineData("salesmgr")]
    [InlineData("zhangsan")]
    [InlineData("lisi")]
    [InlineData("xiaoli")]
    [InlineData("cssup")]
    [InlineData("csagent")]
    [InlineData("auditor")]
    public async Task Demo_account_signs_in_in_Chinese_switches_to_English_and_signs_out(string account)
    {
        var page = await NewChinesePageAsync();
        try
        {
            await page.GotoAsync("/account/login");
            await Expect(page.GetByTestId("demo-accounts")).ToBeVisibleAsync();
            await page.Locator("#userName").FillAsync(account);
            await page.Locator("#password").FillAsync(Password);
            await page.GetByTestId("login-submit").ClickAsync();
            // 李四 has not acknowledged the monitoring notice in the demo: it comes first (ADR 0009).
            if (account == "lisi") await page.GetByTestId("notice-acknowledge").ClickAsync();

            // Each role lands on its own page; roles no module serves yet on the welcome page.
            await DemoAppFixture.ExpectHomeAsync(page, account);
            var title = page.GetByTestId(DemoAppFixture.HomeOf(account) == "/" ? "home-title" : "page-title");
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
            var chineseTitle = await title.InnerTextAsync();
            // The customer list is named by what it holds: the owner's and the manager's are not "mine".
            if (account is "owner" or "salesmgr")
            {
                await Expect(page.GetByRole(AriaRole.Link, new() { Name = "客户", Exact = true })).ToBeVisibleAsync();
                await Expect(page.GetByRole(AriaRole.Link, new() { Name = "我的客户" })).ToHaveCountAsync(0);
            }
            if (account == "zhangsan") await Expect(page.GetByRole(AriaRole.Link, new() { Name = "我的客户" })).ToBeVisibleAsync();
            await DemoAppFixture.ScreenshotAsync(page, $"{account}-zh");

            await DemoAppFixture.OpenMenuAsync(page, "language-menu", "lang-en");
            await page.GetByTestId("lang-en").ClickAsync();
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
            await Expect(title).Not.ToHaveTextAsync(chineseTitle);
            if (DemoAppFixture.HomeOf(account) == "/") await Expect(title).ToContainTextAsync("Welcome");
            await DemoAppFixture.ScreenshotAsync(page, $"{account}-en");

            await page.GetByTestId("sign-out").ClickAsync();
            await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/login");
            await Expect(page.Locator("#userName")).ToBeVisibleAsync();
        }
        catch
        {
            await RecordFailureAsync(page, account);
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Wrong_password_is_refused_with_a_Chinese_message()
    {
        var page = await NewChinesePageAsync();
        try
        {
            await page.GotoAsync("/account/login");
            await page.Locator("#userName").FillAsync("auditor");
            await page.Locator("#password").FillAsync("not-the-password");
            await page.GetByTestId("login-submit").ClickAsync();

            await Expect(page.GetByTestId("login-error")).ToHaveTextAsync("用户名或密码错误。");
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
            Assert.Equal("/account/login", new Uri(page.Url).AbsolutePath);
            await DemoAppFixture.ScreenshotAsync(page, "wrong-password-zh");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    /// A fresh context per test: no cookies (culture, sign-in) leak from one account to the next.
    private async Task<IPage> NewChinesePageAsync()
    {
        var browser = app.RequireBrowser();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseUrl.ToString(),
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        return await context.NewPageAsync();
    }

    /// Best effort, so the original failure is what the report shows.
    private async Task RecordFailureAsync(IPage page, string account)
    {
        try { await DemoAppFixture.ScreenshotAsync(page, $"{account}-failure"); }
        catch (PlaywrightException) { }
        var log = app.AppOutput;
        TestContext.Current.TestOutputHelper?.WriteLine($"page: {page.Url}\napplication output (tail):\n{log[Math.Max(0, log.Length - 4000)..]}");
    }
}
