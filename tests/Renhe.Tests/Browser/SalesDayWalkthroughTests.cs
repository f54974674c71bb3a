using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Renhe.Tests.Browser;

/// One sales day in the demo, end to end, as the people live it: 李四 opens 今日 on his phone,
/// logs a five-minute call from one of his tasks (which ticks it), 张经理 comments on the call in 跟进动态,
/// 李四 is notified, writes an order for the same customer, 张经理 and then 刘芳 (finance) approve
/// it in 审批中心, and 李四 sees it effective, the customer at 下单, and his month's sales grow
/// on 今日 and on 张经理's 团队看板.
[Trait("Category", "Browser")]
public sealed class SalesDayWalkthroughTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    private const string Notes = "客户确认采购基础版，今天下单";
    private const string Comment = "抓紧下单，记得约上线培训";

    [Fact]
    public async Task Lisi_works_a_task_the_manager_comments_and_his_order_goes_through_manager_and_finance()
    {
        var lisi = await app.SignInAsync("lisi", 390, 844, expectHome: false);
        string customer, customerUrl, orderNumber;
        long monthBefore;
        try
        {
            // 李四 is new: the monitoring notice comes first (ADR 0009).
            await lisi.GetByTestId("notice-acknowledge").ClickAsync();
            await DemoAppFixture.ExpectHomeAsync(lisi, "lisi");

            await lisi.GotoAsync("/sales/today");
            await Expect(lisi.GetByTestId("page-title")).ToHaveTextAsync("今日");
            await lisi.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            var followUpsBefore = FirstNumber(await lisi.GetByTestId("today-followups").InnerTextAsync());
            monthBefore = Yuan(await lisi.GetByTestId("today-month").InnerTextAsync());
            await DemoAppFixture.ScreenshotAsync(lisi, "day-1-today-phone", fullPage: true);

            // Tap 1: an open task; the quick entry has 电话 chosen; tap 2 after the notes: 保存.
            var task = lisi.GetByTestId("today-task").Filter(new() { Has = lisi.GetByTestId("task-follow-up") }).First;
            customer = (await task.GetByTestId("task-customer").InnerTextAsync()).Trim();
            await task.GetByTestId("task-follow-up").ClickAsync();
            await Expect(lisi.GetByTestId("follow-up-customer")).ToContainTextAsync(customer);
            await lisi.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await Expect(lisi.GetByTestId("kind-Call")).ToHaveAttributeAsync("aria-pressed", "true");
            await lisi.Locator("[data-testid='follow-up-notes'] textarea, textarea[data-testid='follow-up-notes']").First.FillAsync(Notes);
            // A call's minutes are given, never a silent 0.
            await lisi.GetByTestId("duration-5").ClickAsync();
            await lisi.GetByTestId("follow-up-save").ClickAsync();

            // Back on 今日: the task is ticked and the count went up by one.
            await Expect(lisi).ToHaveURLAsync(new Regex("/sales/today$"));
            await lisi.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            var done = lisi.GetByTestId("today-task").Filter(new() { HasText = customer }).First;
            await Expect(done).ToHaveAttributeAsync("data-done", "true");
            await Expect(lisi.GetByTestId("today-followups")).ToContainTextAsync(new Regex($"^\\s*{followUpsBefore + 1} "));
            await DemoAppFixture.ScreenshotAsync(lisi, "day-2-today-ticked-phone", fullPage: true);
        }
        catch
        {
            await app.RecordFailureAsync(lisi, "day-lisi-today");
            throw;
        }

        var manager = await app.SignInAsync("salesmgr");
        try
        {
            await manager.GotoAsync("/sales/follow-ups");
            await manager.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            // Newest first, twenty to a page, with the team's months of follow-ups behind the pager.
            await Expect(manager.GetByTestId("follow-up-card")).ToHaveCountAsync(20);
            await Expect(manager.GetByTestId("follow-ups-total")).ToContainTextAsync(new Regex(@"共 \d{3,} 条"));
            var card = manager.GetByTestId("follow-up-card").First;
            await Expect(card).ToContainTextAsync(Notes);
            await Expect(card).ToContainTextAsync("李四");
            await Expect(card).ToContainTextAsync(customer);
            // The comment box opens on demand: no text area until asked for.
            await Expect(card.GetByTestId("comment-text")).ToHaveCountAsync(0);
            await card.GetByTestId("comment-open").ClickAsync();
            await card.Locator("[data-testid='comment-text'] textarea, textarea[data-testid='comment-text']").First.FillAsync(Comment);
            await card.GetByTestId("comment-send").ClickAsync();
            await Expect(card.GetByTestId("follow-up-comment")).ToContainTextAsync(Comment);
            await DemoAppFixture.ScreenshotAsync(manager, "day-3-manager-comments", fullPage: true);
        }
        catch
        {
            await app.RecordFailureAsync(manager, "day-manager-comment");
            throw;
        }
        finally
        {
            await manager.Context.CloseAsync();
        }

        try
        {
            // The bell tells 李四; the customer page has the call, the comment and a way to order.
            await lisi.GotoAsync("/platform/notifications");
            await Expect(lisi.GetByTestId("notification").First).ToContainTextAsync($"张志强 点评了你对「{customer}」的跟进");
            // A click before the page turns interactive would be lost.
            await lisi.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await lisi.GetByTestId("notification").First.ClickAsync();
            await Expect(lisi.GetByTestId("follow-up-comment")).ToContainTextAsync(Comment);
            await lisi.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await lisi.GetByTestId("follow-up-customer-link").First.ClickAsync();
            await Expect(lisi.GetByTestId("customer-name")).ToHaveTextAsync(customer);
            customerUrl = lisi.Url;
            await lisi.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await lisi.GetByTestId("customer-new-order").ClickAsync();

            await Expect(lisi.GetByTestId("page-title")).ToHaveTextAsync("新建订单");
            await lisi.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await Expect(lisi.GetByTestId("order-customer")).ToHaveValueAsync(new Regex("^" + Regex.Escape(customer)));
            await lisi.GetByTestId("line-product").ClickAsync();
            await lisi.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "店铺管家 SaaS 基础版" }).ClickAsync();
            await Expect(lisi.GetByTestId("order-total")).ToHaveTextAsync("¥3,980.00");
            await DemoAppFixture.ScreenshotAsync(lisi, "day-4-new-order-phone", fullPage: true);
            await lisi.GetByTestId("submit-order").ClickAsync();
            await Expect(lisi.GetByTestId("order-status")).ToHaveTextAsync("审批中");
            orderNumber = (await lisi.GetByTestId("order-number").InnerTextAsync()).Trim();
            await DemoAppFixture.ScreenshotAsync(lisi, "day-5-submitted-phone", fullPage: true);
        }
        catch
        {
            await app.RecordFailureAsync(lisi, "day-lisi-order");
            throw;
        }

        await app.ApproveFromInboxAsync("salesmgr", orderNumber, "李四", "¥3,980.00", "day-6-manager-approves");
        await app.ApproveFromInboxAsync("finance", orderNumber, "李四", "¥3,980.00", "day-7-finance-approves");

        try
        {
            await lisi.ReloadAsync();
            await Expect(lisi.GetByTestId("order-status")).ToHaveTextAsync("已生效");
            await Expect(lisi.GetByTestId("order-approval")).ToContainTextAsync("张志强");
            await Expect(lisi.GetByTestId("order-approval")).ToContainTextAsync("刘芳");
            await DemoAppFixture.ScreenshotAsync(lisi, "day-8-effective-phone", fullPage: true);

            await lisi.GotoAsync("/sales/orders");
            await lisi.GetByTestId("orders-table").GetByText(orderNumber).WaitForAsync();
            await lisi.GotoAsync("/sales/today");
            await Expect(lisi.GetByTestId("today-month")).ToContainTextAsync("¥" + Grouped(monthBefore + 3_980));
            await DemoAppFixture.ScreenshotAsync(lisi, "day-9-today-after-phone", fullPage: true);
        }
        catch
        {
            await app.RecordFailureAsync(lisi, "day-lisi-effective");
            throw;
        }
        finally
        {
            await lisi.Context.CloseAsync();
        }

        // The customer has moved to 下单 (an order, approved by finance, did it) and the team sees the sale.
        manager = await app.SignInAsync("salesmgr");
        try
        {
            await manager.GotoAsync(customerUrl);
            await Expect(manager.GetByTestId("customer-stage")).ToHaveTextAsync(new Regex("下单|复购"));
            await Expect(manager.GetByTestId("customer-timeline")).ToContainTextAsync(orderNumber);
            await Expect(manager.GetByTestId("timeline-entry").Filter(new() { HasText = Notes })).ToContainTextAsync("电话跟进（5 分钟）");
            await DemoAppFixture.ScreenshotAsync(manager, "day-10-customer-timeline", fullPage: true);
            await manager.GotoAsync("/sales/team");
            var row = manager.GetByTestId("team-table").Locator("tr").Filter(new() { HasText = "李四" });
            await Expect(row).ToContainTextAsync("¥" + Grouped(monthBefore + 3_980));
            await DemoAppFixture.ScreenshotAsync(manager, "day-11-team", fullPage: true);
        }
        catch
        {
            await app.RecordFailureAsync(manager, "day-manager-end");
            throw;
        }
        finally
        {
            await manager.Context.CloseAsync();
        }
    }

    private static string Grouped(long yuan) => yuan.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    private static int FirstNumber(string text) => int.Parse(Regex.Match(text, @"\d+").Value);

    /// The first yuan amount in a text ("本月业绩 ¥12,345 / ¥60,000 …" → 12345).
    private static long Yuan(string text) => long.Parse(Regex.Match(text, @"¥([\d,]+)").Groups[1].Value.Replace(",", ""));
}
