using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Renhe.Tests.Browser;

/// The sales manager opens 企业微信转接失败的客户 on a desk and on a phone. The demo has no WeCom
/// configured, so nothing was handed over and the list says so.
[Trait("Category", "Browser")]
public sealed class FailedHandoverWalkthroughTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    [Fact]
    public async Task Sales_manager_reads_the_failed_wecom_handovers()
    {
        var page = await app.SignInAsync("salesmgr");
        try
        {
            await page.GotoAsync("/sales/handovers");
            await Expect(page.GetByTestId("page-title")).ToHaveTextAsync("企业微信转接失败的客户");
            await Expect(page.GetByTestId("failed-handovers")).ToContainTextAsync("没有转接失败的客户");
            await DemoAppFixture.ScreenshotAsync(page, "failed-handovers-manager");

            await page.SetViewportSizeAsync(390, 844);
            await page.ReloadAsync();
            await Expect(page.GetByTestId("failed-handovers")).ToContainTextAsync("没有转接失败的客户");
            await DemoAppFixture.ScreenshotAsync(page, "failed-handovers-manager-phone", fullPage: true);
        }
        catch
        {
            await app.RecordFailureAsync(page, "failed-handovers");
            throw;
        }
    }
}
