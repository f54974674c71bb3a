using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Renhe.Tests.Browser;

/// An administrator opens the WeCom directory in the demo, which is not connected to WeCom: the
/// page says so, offers no sync, and shows the stored snapshot — every salesperson linked, and two
/// members nobody matches (the shared customer-service account and a former intern).
[Trait("Category", "Browser")]
public sealed class WeComDirectoryWalkthroughTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    [Fact]
    public async Task Administrator_sees_the_two_unmatched_members_of_the_demo_directory()
    {
        app.RequireBrowser();
        var page = await app.SignInAsync("admin", 1280, 900);
        try
        {
            await page.GotoAsync("/integrations/wecom/directory");
            await Expect(page.GetByTestId("page-title")).ToHaveTextAsync("企业微信通讯录");
            await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await Expect(page.GetByTestId("wecom-not-configured")).ToContainTextAsync("企业微信未配置");
            await Expect(page.GetByTestId("directory-sync")).ToBeDisabledAsync();
            await Expect(page.GetByTestId("directory-import")).ToBeDisabledAsync();
            await Expect(page.GetByTestId("unmatched-member-name")).ToHaveTextAsync(["客服小薇", "王鹏"]);
            await Expect(page.GetByTestId("run-directory")).ToContainTextAsync("未匹配成员 2");
            await DemoAppFixture.ScreenshotAsync(page, "wecom-directory", fullPage: true);

            // Every salesperson of the demo is linked.
            await page.GetByRole(AriaRole.Tab, new() { NameRegex = new System.Text.RegularExpressions.Regex("全部成员") }).ClickAsync();
            await Expect(page.GetByTestId("all-members")).ToContainTextAsync("张三 (E0005)");
        }
        catch
        {
            await app.RecordFailureAsync(page, "wecom-directory");
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
