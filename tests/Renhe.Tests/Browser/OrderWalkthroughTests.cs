using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Renhe.Tests.Browser;

/// 张三 writes an order for his customer 刘丽华 on his phone and submits it; 张经理 approves it in
/// 审批中心, then 刘芳 (finance); 张三 finds it 已生效 and the customer 下单.
[Trait("Category", "Browser")]
public sealed class OrderWalkthroughTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    [Fact]
    public async Task Salesperson_submits_an_order_the_manager_and_finance_approve_it_and_it_is_effective()
    {
        var page = await app.SignInAsync("zhangsan", 390, 844);
        string orderUrl, orderNumber;
        try
        {
            await page.GotoAsync("/sales/orders/new");
            await Expect(page.GetByTestId("page-title")).ToHaveTextAsync("新建订单");
            await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            // What the order needs is marked before he fails it; submitting without a customer says so under the field.
            await DemoAppFixture.ExpectRequiredMarkAsync(page, "order-customer");
            await DemoAppFixture.ExpectRequiredMarkAsync(page, "line-product");
            await page.GetByTestId("submit-order").ClickAsync();
            await Expect(DemoAppFixture.FieldOf(page, "order-customer")).ToContainTextAsync("客户不能为空。");
            await Expect(page.GetByTestId("order-error")).ToHaveCountAsync(0);
            Assert.EndsWith("/sales/orders/new", page.Url);
            await DemoAppFixture.ScreenshotAsync(page, "orders-0-required-phone", fullPage: true);
            await page.GetByTestId("order-customer").ClickAsync();
            await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "刘丽华" }).ClickAsync();
            await page.GetByTestId("line-product").ClickAsync();
            await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "店铺管家 SaaS 专业版" }).ClickAsync();
            await page.Locator("[data-testid='line-quantity'] input, input[data-testid='line-quantity']").First.FillAsync("2");
            await page.Locator("[data-testid='order-discount'] input, input[data-testid='order-discount']").First.FillAsync("1000");
            await page.Locator("[data-testid='order-note'] textarea, textarea[data-testid='order-note']").First.FillAsync("两年年付，含培训");
            await page.Locator("[data-testid='order-note'] textarea, textarea[data-testid='order-note']").First.BlurAsync();
            await Expect(page.GetByTestId("order-total")).ToHaveTextAsync("¥18,600.00");
            await DemoAppFixture.ScreenshotAsync(page, "orders-1-new-phone", fullPage: true);

            await page.GetByTestId("submit-order").ClickAsync();
            await Expect(page.GetByTestId("order-status")).ToHaveTextAsync("审批中");
            await Expect(page.GetByTestId("approval-step")).ToHaveCountAsync(2);
            orderUrl = page.Url;
            orderNumber = (await page.GetByTestId("order-number").InnerTextAsync()).Trim();
            await DemoAppFixture.ScreenshotAsync(page, "orders-2-submitted-phone", fullPage: true);
        }
        catch
        {
            await app.RecordFailureAsync(page, "orders-zhangsan");
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }

        await app.ApproveFromInboxAsync("salesmgr", orderNumber, "张三", "¥18,600.00", "orders-3-manager");
        await app.ApproveFromInboxAsync("finance", orderNumber, "张三", "¥18,600.00", "orders-4-finance");

        page = await app.SignInAsync("zhangsan", 390, 844);
        try
        {
            await page.GotoAsync(orderUrl);
            await Expect(page.GetByTestId("order-status")).ToHaveTextAsync("已生效");
            await Expect(page.GetByTestId("order-approval")).ToContainTextAsync("刘芳");
            await DemoAppFixture.ScreenshotAsync(page, "orders-5-effective-phone", fullPage: true);
            await page.GotoAsync("/sales/orders");
            await Expect(page.GetByTestId("page-title")).ToHaveTextAsync("我的订单");
            await Expect(page.GetByTestId("orders-table")).ToContainTextAsync(orderNumber);
            await DemoAppFixture.ScreenshotAsync(page, "orders-6-list-phone", fullPage: true);
            await page.GotoAsync("/sales/products");
            await Expect(page.GetByTestId("products-table")).ToContainTextAsync("HW-LIVEKIT");
            await DemoAppFixture.ScreenshotAsync(page, "orders-7-products-phone", fullPage: true);
        }
        catch
        {
            await app.RecordFailureAsync(page, "orders-effective");
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }

        // Finance records a partial refund on the order page.
        page = await app.SignInAsync("finance");
        try
        {
            await page.GotoAsync(orderUrl);
            await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await page.GetByTestId("refund-order").ClickAsync();
            await page.Locator("[data-testid='refund-amount'] input, input[data-testid='refund-amount']").First.FillAsync("600");
            await page.Locator("[data-testid='adjust-reason'] input, input[data-testid='adjust-reason']").First.FillAsync("培训改为线上，退差价");
            await DemoAppFixture.ScreenshotAsync(page, "orders-9-refund-form");
            await page.GetByTestId("adjust-confirm").ClickAsync();
            await Expect(page.GetByTestId("order-adjustments")).ToContainTextAsync("¥600.00");
            await Expect(page.GetByText("¥18,000.00")).ToBeVisibleAsync();
            await DemoAppFixture.ScreenshotAsync(page, "orders-10-refunded", fullPage: true);
        }
        catch
        {
            await app.RecordFailureAsync(page, "orders-refund");
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Administrator_keeps_the_price_list_and_the_discount_limits()
    {
        var page = await app.SignInAsync("admin");
        try
        {
            await page.GotoAsync("/sales/products");
            await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await Expect(page.GetByTestId("discount-row")).ToHaveCountAsync(2);
            await Expect(page.GetByTestId("discount-limits")).ToContainTextAsync("销售主管");
            await page.Locator("tr").Filter(new() { HasText = "HW-LIVEKIT" }).GetByTestId("edit-product").ClickAsync();
            await Expect(page.GetByTestId("product-form")).ToBeVisibleAsync();
            await DemoAppFixture.ScreenshotAsync(page, "orders-8-products-admin", fullPage: true);
        }
        catch
        {
            await app.RecordFailureAsync(page, "orders-admin");
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
