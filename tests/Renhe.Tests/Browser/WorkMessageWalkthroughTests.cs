using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Renhe.Tests.Browser;

/// 消息推送 in the demo as it ships, without WeCom: a salesperson turns a kind off on her settings
/// (and it stays off), both pages say that nothing goes to WeCom until it is configured, and the
/// administrator's send log is there with its filters and export.
[Trait("Category", "Browser")]
public sealed class WorkMessageWalkthroughTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    private static ILocator Switch(IPage page, string kind) =>
        page.Locator($"[data-testid='work-message-switch-{kind}'] input, input[data-testid='work-message-switch-{kind}']");

    [Fact]
    public async Task A_salesperson_turns_a_kind_off_and_the_administrator_reads_the_send_log()
    {
        var page = await app.SignInAsync("zhangsan", 1280, 900);
        try
        {
            await page.GotoAsync("/platform/notifications");
            await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await page.GetByTestId("notifications-push-settings").ClickAsync();
            await page.WaitForURLAsync(url => url.EndsWith("/account/work-messages", StringComparison.Ordinal));
            await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await Expect(page.GetByTestId("work-messages-not-configured")).ToContainTextAsync("尚未配置企业微信");
            var alerts = Switch(page, "Alerts");
            await Expect(alerts).ToBeCheckedAsync();
            await alerts.ClickAsync();
            await Expect(alerts).Not.ToBeCheckedAsync();
            await page.ReloadAsync();
            await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await Expect(Switch(page, "Alerts")).Not.ToBeCheckedAsync();
            await Expect(Switch(page, "Approvals")).ToBeCheckedAsync();
            await DemoAppFixture.ScreenshotAsync(page, "work-message-settings", fullPage: true);
        }
        catch
        {
            await app.RecordFailureAsync(page, "work-message-settings");
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }

        var admin = await app.SignInAsync("admin", 1366, 900, expectHome: false);
        try
        {
            await admin.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
            await admin.GotoAsync("/integrations/wecom/messages");
            await admin.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await Expect(admin.GetByTestId("work-messages-not-configured")).ToContainTextAsync("尚未配置企业微信");
            await Expect(admin.GetByTestId("work-messages-counts")).ToContainTextAsync("待发送 0 条，失败 0 条");
            await Expect(admin.GetByTestId("work-messages-table")).ToContainTextAsync("没有符合条件的发送记录");
            await Expect(admin.GetByTestId("work-messages-export")).ToBeVisibleAsync();
            await DemoAppFixture.ScreenshotAsync(admin, "work-message-log", fullPage: true);
        }
        catch
        {
            await app.RecordFailureAsync(admin, "work-message-log");
            throw;
        }
        finally
        {
            await admin.Context.CloseAsync();
        }
    }
}
