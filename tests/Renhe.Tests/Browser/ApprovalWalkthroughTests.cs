using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Renhe.Tests.Browser;

/// The approvals centre in the demo (`--demo` leaves orders of 张三 and 李晓 waiting for their
/// manager, and one already approved by him waiting for finance): the sales manager sees the count
/// on the navigation, opens the inbox on a phone and approves one, which goes on to finance; the
/// administrator opens the flows page with the default order flow.
[Trait("Category", "Browser")]
public sealed class ApprovalWalkthroughTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    [Fact]
    public async Task Sales_manager_sees_the_badge_and_approves_from_the_inbox_on_a_phone()
    {
        var page = await app.SignInAsync("salesmgr");
        try
        {
            // Two orders and 李晓's commission dispute wait for him.
            await Expect(page.GetByTestId("nav-badge-platform-approvals")).ToHaveTextAsync("3");
            await DemoAppFixture.ScreenshotAsync(page, "approvals-1-badge");

            await page.SetViewportSizeAsync(390, 844);
            await page.GotoAsync("/platform/approvals");
            await page.Locator("[data-interactive='true']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
            var cards = page.GetByTestId("inbox-list").GetByTestId("approval-card");
            await Expect(cards).ToHaveCountAsync(3);
            await DemoAppFixture.ScreenshotAsync(page, "approvals-2-inbox-phone", fullPage: true);

            await cards.Filter(new() { HasText = "刘丽华" }).ClickAsync();
            var detail = page.GetByTestId("approval-detail");
            await Expect(detail).ToContainTextAsync("张三");
            await Expect(detail.GetByTestId("detail-amount")).ToHaveTextAsync("¥14,000.00");
            await Expect(detail.GetByTestId("history-entry")).ToHaveCountAsync(1);
            await page.GetByTestId("approval-comment").FillAsync("同意，尽快跟进");
            await DemoAppFixture.ScreenshotAsync(page, "approvals-3-detail-phone");

            await page.GetByTestId("approve").ClickAsync();
            await Expect(page.GetByText("已同意。")).ToBeVisibleAsync();
            await Expect(cards).ToHaveCountAsync(2);
            await page.GetByRole(AriaRole.Tab, new() { Name = "我已处理" }).ClickAsync();
            // Handled by him: the one approved yesterday and this one, both still with finance.
            var handled = page.GetByTestId("handled-list").GetByTestId("approval-card");
            await Expect(handled).ToHaveCountAsync(2);
            await Expect(handled.Filter(new() { HasText = "刘丽华" }).GetByTestId("approval-status")).ToHaveTextAsync("审批中");
            await DemoAppFixture.ScreenshotAsync(page, "approvals-4-handled-phone", fullPage: true);

            await page.SetViewportSizeAsync(1280, 800);
            await Expect(page.GetByTestId("nav-badge-platform-approvals")).ToHaveTextAsync("2");
        }
        catch
        {
            await app.RecordFailureAsync(page, "approvals-salesmgr");
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Administrator_opens_the_order_flow()
    {
        var page = await app.SignInAsync("admin");
        try
        {
            await page.GotoAsync("/platform/approval-flows");
            await page.Locator("[data-interactive='true']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
            await page.GetByTestId("flow-sales.order").ClickAsync();
            await Expect(page.GetByTestId("flow-step")).ToHaveCountAsync(3);
            await Expect(page.GetByTestId("flow-name")).ToHaveValueAsync("销售订单审批");
            await DemoAppFixture.ScreenshotAsync(page, "approvals-5-flows", fullPage: true);
        }
        catch
        {
            await app.RecordFailureAsync(page, "approvals-admin");
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
