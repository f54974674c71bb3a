using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Renhe.Tests.Browser;

/// The sales manager opens 企业微信转接失败的客户 on a desk and on a phone: in the demo one of 赵磊's
/// customers refused the takeover on WeCom when he left last month.
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
            await Expect(page.GetByTestId("failed-handovers")).ToContainTextAsync("赵磊");
            await Expect(page.GetByTestId("failed-handovers")).ToContainTextAsync("客户拒绝转接");
            await DemoAppFixture.ScreenshotAsync(page, "failed-handovers-manager");

            await page.SetViewportSizeAsync(390, 844);
            await page.ReloadAsync();
            await Expect(page.GetByTestId("failed-handovers")).ToContainTextAsync("客户拒绝转接");
            await DemoAppFixture.ScreenshotAsync(page, "failed-handovers-manager-phone", fullPage: true);
        }
        catch
        {
            await app.RecordFailureAsync(page, "failed-handovers");
            throw;
        }
    }
}
