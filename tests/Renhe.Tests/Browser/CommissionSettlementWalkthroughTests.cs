using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Renhe.Tests.Browser;

/// After the close: finance reads the closed months and the payable ledger payroll takes; 李晓 follows
/// her dispute on her phone; 张经理 opens it in 审批中心 and sees her words and the disputed statement;
/// the ¥500 he asked for 李四 shows as approved.
[Trait("Category", "Browser")]
public sealed class CommissionSettlementWalkthroughTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    [Fact]
    public async Task Finance_reads_the_closed_months_the_salesperson_follows_her_dispute_and_the_manager_handles_it()
    {
        IPage? page = null;
        try
        {
            page = await app.SignInAsync("finance", 1280, 900);
            await page.GotoAsync("/commission/months");
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await Expect(page.GetByTestId("months-table")).ToContainTextAsync("刘芳");
            await Expect(page.GetByTestId("cost-chart")).ToBeVisibleAsync();
            // The button answers once the circuit is up: click again if the first click came before it.
            for (var attempt = 1; ; attempt++)
            {
                await page.Locator("[data-testid='show-ledger']").First.ClickAsync();
                try
                {
                    await page.GetByTestId("ledger-table").WaitForAsync(new LocatorWaitForOptions { Timeout = 5_000 });
                    break;
                }
                catch (TimeoutException) when (attempt < 4)
                {
                }
            }
            await Expect(page.GetByTestId("ledger-table")).ToContainTextAsync("张三");
            await Expect(page.GetByTestId("export-payables")).ToBeVisibleAsync();
            await DemoAppFixture.ScreenshotAsync(page, "commission-months-finance", fullPage: true);
            await page.Context.CloseAsync();

            page = await app.SignInAsync("xiaoli", 390, 844);
            await page.GotoAsync("/commission/disputes");
            var mine = page.GetByTestId("dispute-table");
            await Expect(mine).ToContainTextAsync("华夏商贸");
            await Expect(mine.GetByTestId("dispute-status").First).ToHaveTextAsync("处理中");
            await Expect(page.GetByTestId("dispute-window")).ToContainTextAsync("15 天");
            var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            Assert.True(width <= 390, $"the disputes page is {width}px wide on a 390px phone");
            await DemoAppFixture.ScreenshotAsync(page, "commission-disputes-xiaoli-phone", fullPage: true);
            await page.Context.CloseAsync();

            page = await app.SignInAsync("salesmgr", 1280, 900);
            await page.GotoAsync("/platform/approvals");
            // A card opens its dialog only once the page is interactive.
            await page.Locator("[data-interactive='true']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
            var inbox = page.GetByTestId("inbox-list").GetByTestId("approval-card");
            await inbox.Filter(new() { HasText = "提成申诉：李晓" }).GetByTestId("approval-title").ClickAsync();
            var subject = page.GetByTestId("dispute-subject");
            await Expect(subject).ToContainTextAsync("华夏商贸续费单");
            await Expect(subject).ToContainTextAsync("¥300.00");
            await Expect(page.GetByTestId("dispute-amount")).ToBeVisibleAsync();
            await DemoAppFixture.ScreenshotAsync(page, "commission-dispute-approval-manager");
            await page.Keyboard.PressAsync("Escape");

            await page.GotoAsync("/commission/adjustments");
            var adjustments = page.GetByTestId("adjustment-table");
            await Expect(adjustments).ToContainTextAsync("李四");
            await Expect(adjustments).ToContainTextAsync("¥500.00");
            await Expect(adjustments.GetByTestId("adjustment-status").First).ToHaveTextAsync(new Regex("已批准"));
            await DemoAppFixture.ScreenshotAsync(page, "commission-adjustments-manager", fullPage: true);
        }
        catch
        {
            if (page is not null) await app.RecordFailureAsync(page, "commission-settlement");
            throw;
        }
        finally
        {
            if (page is not null) await page.Context.CloseAsync();
        }
    }
}
