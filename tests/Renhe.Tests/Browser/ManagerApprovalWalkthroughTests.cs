using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Renhe.Tests.Browser;

/// 张经理's morning in 审批中心: he opens 张三's order for 刘丽华 and sees its lines and discount in the
/// approval dialog without opening the order, then ticks the two other orders waiting for him and
/// approves both at once with one comment; each gets its own entry in its history and goes on to
/// finance. Then the same page on a phone in English: the three tabs fit and the lists are cards.
[Trait("Category", "Browser")]
public sealed class ManagerApprovalWalkthroughTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    private const string Comment = "本周订单，同意";

    [Fact]
    public async Task Sales_manager_reads_an_order_in_the_dialog_approves_two_at_once_and_the_page_fits_a_phone_in_English()
    {
        // The demo leaves two orders waiting for 张经理 (刘丽华 by 张三, 马美玲 by 李晓); 张三 submits a third,
        // as he would from his phone, so that one can be read and two others approved together.
        var third = await SubmitOrderAsync("zhangsan", "SAAS-BASIC", quantity: 1, discount: 100m);

        var page = await app.SignInAsync("salesmgr", expectHome: false);
        try
        {
            await page.WaitForURLAsync(url => new Uri(url).AbsolutePath != "/account/login");
            await page.GotoAsync("/platform/approvals");
            await page.Locator("[data-interactive='true']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
            var inbox = page.GetByTestId("inbox-list").GetByTestId("approval-card");
            // Three orders, and 李晓's commission dispute.
            await Expect(inbox).ToHaveCountAsync(4);

            // 1. The order is in the dialog: customer, both lines, the discount and the limit it stays within.
            await inbox.Filter(new() { HasText = "刘丽华" }).GetByTestId("approval-title").ClickAsync();
            var subject = page.GetByTestId("order-subject");
            await Expect(subject.GetByTestId("order-subject-customer")).ToContainTextAsync("刘丽华");
            await Expect(subject.GetByTestId("order-subject-customer").GetByRole(AriaRole.Link, new() { Name = "刘丽华" })).ToBeVisibleAsync();
            var lines = subject.GetByTestId("order-subject-line");
            await Expect(lines).ToHaveCountAsync(2);
            await Expect(lines.First).ToContainTextAsync("¥");
            await Expect(subject.GetByTestId("order-subject-list-total")).ToHaveTextAsync("¥14,800.00");
            await Expect(subject.GetByTestId("order-subject-discount")).ToContainTextAsync("−¥800.00");
            await Expect(subject.GetByTestId("order-subject-discount")).ToContainTextAsync("5.41%");
            await Expect(subject.GetByTestId("order-subject-amount")).ToHaveTextAsync("¥14,000.00");
            await Expect(subject.GetByTestId("order-subject-limit")).ToContainTextAsync("张三");
            await Expect(subject.GetByTestId("order-subject-limit")).ToContainTextAsync("在权限内");
            await page.WaitForTimeoutAsync(400); // the dialog's opening animation ends before the picture
            await DemoAppFixture.ScreenshotAsync(page, "manager-approvals-1-order-in-dialog");
            // The dialog's close button: Escape is lost when the dialog has not taken focus yet.
            await page.Locator(".mud-dialog .mud-button-close").ClickAsync();
            await Expect(page.GetByTestId("approval-detail")).ToHaveCountAsync(0);

            // 2. The two others, ticked and approved together with one comment.
            var others = new[] { "马美玲", third.Number };
            foreach (var text in others)
                await inbox.Filter(new() { HasText = text }).GetByTestId("approval-select").ClickAsync();
            await Expect(page.GetByTestId("batch-count")).ToHaveTextAsync("已选 2 项");
            await page.Locator("[data-testid='batch-comment'] input, input[data-testid='batch-comment']").First.FillAsync(Comment);
            await page.Locator("[data-testid='batch-comment'] input, input[data-testid='batch-comment']").First.BlurAsync();
            await page.WaitForTimeoutAsync(400); // the label has moved above the typed comment
            await DemoAppFixture.ScreenshotAsync(page, "manager-approvals-2-two-selected", fullPage: true);
            await page.GetByTestId("batch-approve").ClickAsync();
            await Expect(page.GetByTestId("batch-approved")).ToHaveTextAsync("已同意 2 项。");
            await Expect(page.GetByTestId("batch-failed")).ToHaveCountAsync(0);
            await Expect(inbox).ToHaveCountAsync(2);
            await Expect(inbox.Filter(new() { HasText = "刘丽华" })).ToHaveCountAsync(1);
            await DemoAppFixture.ScreenshotAsync(page, "manager-approvals-3-approved-together", fullPage: true);

            // Each is its own decision: approved by 张志强 with the comment, in its own history, now with finance.
            await page.GetByRole(AriaRole.Tab, new() { Name = "我已处理" }).ClickAsync();
            var handled = page.GetByTestId("handled-list").GetByTestId("approval-card");
            foreach (var text in others)
            {
                var card = handled.Filter(new() { HasText = text });
                await Expect(card.GetByTestId("approval-when")).ToContainTextAsync("财务审批");
                await card.GetByTestId("approval-title").ClickAsync();
                var approvals = page.GetByTestId("detail-history").GetByTestId("history-entry").Filter(new() { HasText = "同意" });
                await Expect(approvals).ToHaveCountAsync(1);
                await Expect(approvals).ToContainTextAsync("张志强");
                await Expect(page.GetByTestId("detail-history")).ToContainTextAsync(Comment);
                if (text == third.Number) await DemoAppFixture.ScreenshotAsync(page, "manager-approvals-4-own-history");
                await page.Locator(".mud-dialog .mud-button-close").ClickAsync();
                await Expect(page.GetByTestId("approval-detail")).ToHaveCountAsync(0);
            }

            // 3. A phone, in English: the three tabs fit the screen and every list is cards.
            await page.SetViewportSizeAsync(390, 844);
            await page.GotoAsync("/culture?culture=en&returnUrl=/platform/approvals");
            await page.Locator("[data-interactive='true']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
            var tabs = page.GetByRole(AriaRole.Tab);
            await Expect(tabs).ToHaveCountAsync(3);
            foreach (var name in new[] { "Awaiting me", "My requests", "Handled by me" })
            {
                var tab = page.GetByRole(AriaRole.Tab, new() { Name = name });
                await Expect(tab).ToBeInViewportAsync(new() { Ratio = 1 });
                var box = await DemoAppFixture.BoxAsync(tab);
                Assert.True(box.X >= 0 && box.X + box.Width <= 390, $"the tab “{name}” runs off the screen: {box.X} + {box.Width}");
            }
            await Expect(page.GetByTestId("inbox-list").GetByTestId("approval-card")).ToHaveCountAsync(2);
            var phoneCard = page.GetByTestId("inbox-list").GetByTestId("approval-card").Filter(new() { HasText = "刘丽华" });
            await Expect(phoneCard).ToHaveCountAsync(1);
            await Expect(phoneCard.GetByTestId("approval-type")).ToHaveTextAsync("Sales order");
            await Expect(phoneCard.GetByTestId("approval-title")).ToContainTextAsync("刘丽华");
            await Expect(phoneCard.GetByTestId("approval-amount")).ToHaveTextAsync("¥14,000.00");
            await Expect(phoneCard.GetByTestId("approval-requester")).ToHaveTextAsync("张三");
            await Expect(phoneCard.GetByTestId("approval-when")).ToContainTextAsync("Waiting since");
            await Expect(page.Locator("table")).ToHaveCountAsync(0);
            // Ticking works on the phone too, and the approve button is there without scrolling.
            await phoneCard.GetByTestId("approval-select").ClickAsync();
            await Expect(page.GetByTestId("batch-count")).ToHaveTextAsync("1 selected");
            await Expect(page.GetByTestId("batch-approve")).ToBeInViewportAsync();
            await DemoAppFixture.ScreenshotAsync(page, "manager-approvals-5-inbox-phone-en", fullPage: true);
            await page.GetByTestId("batch-clear").ClickAsync();
            await Expect(page.GetByTestId("batch-bar")).ToHaveCountAsync(0);

            await page.GetByRole(AriaRole.Tab, new() { Name = "Handled by me" }).ClickAsync();
            var handledCards = page.GetByTestId("handled-list").GetByTestId("approval-card");
            await page.WaitForTimeoutAsync(800); // the tab's ripple fades before the picture
            // The two of this morning and the one the demo says he approved yesterday.
            await Expect(handledCards).ToHaveCountAsync(3);
            var cardBox = await DemoAppFixture.BoxAsync(handledCards.First);
            Assert.True(cardBox.X + cardBox.Width <= 390, "a card runs off the screen");
            await DemoAppFixture.ScreenshotAsync(page, "manager-approvals-6-handled-phone-en", fullPage: true);
        }
        catch
        {
            await app.RecordFailureAsync(page, "manager-approvals");
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    private sealed record Submitted(Guid Id, string Number);

    /// A salesperson's order through the application's own API: a draft for one of their customers
    /// who has the data an order needs, then submitted to approval.
    private async Task<Submitted> SubmitOrderAsync(string userName, string productCode, int quantity, decimal discount)
    {
        using var http = new HttpClient { BaseAddress = app.RequireApp() };
        var token = await (await http.PostAsJsonAsync("/api/auth/token", new { userName, password = DemoAppFixture.DemoPassword })).Content.ReadFromJsonAsync<JsonElement>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        var customers = await http.GetFromJsonAsync<JsonElement>("/api/sales/orders/customers");
        var customer = customers.EnumerateArray().First(c => c.GetProperty("hasContact").GetBoolean()
            && c.GetProperty("region").ValueKind == JsonValueKind.String && c.GetProperty("name").GetString() is not ("刘丽华" or "王建华"));
        var products = await http.GetFromJsonAsync<JsonElement>("/api/sales/products");
        var product = products.EnumerateArray().First(p => p.GetProperty("code").GetString() == productCode);
        var created = await http.PostAsJsonAsync("/api/sales/orders", new
        {
            customerId = customer.GetProperty("id").GetGuid(),
            lines = new[] { new { productId = product.GetProperty("id").GetGuid(), quantity } },
            discount,
        });
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var draft = await http.GetFromJsonAsync<JsonElement>($"/api/sales/orders/{id}");
        (await http.PostAsJsonAsync($"/api/sales/orders/{id}/submit", new { version = draft.GetProperty("version").GetGuid() })).EnsureSuccessStatusCode();
        return new Submitted(id, draft.GetProperty("number").GetString()!);
    }
}
