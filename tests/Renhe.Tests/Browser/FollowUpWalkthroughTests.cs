using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Renhe.Tests.Browser;

/// 李四 logs a call on one of his customers from his phone through the quick entry page; 张经理
/// reads it in 跟进动态 and comments; 李四 sees the bell and the notification, which leads back to it.
[Trait("Category", "Browser")]
public sealed class FollowUpWalkthroughTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    private const string Notes = "客户对茶叶礼盒感兴趣，下周寄样品";

    [Fact]
    public async Task Salesperson_logs_a_call_manager_comments_and_the_salesperson_is_notified()
    {
        var lisi = await app.SignInAsync("lisi", 390, 844, expectHome: false);
        try
        {
            // 李四 is new: the monitoring notice comes first.
            await lisi.GetByTestId("notice-acknowledge").ClickAsync();
            await DemoAppFixture.ExpectHomeAsync(lisi, "lisi");
            await lisi.GotoAsync("/sales/customers");
            await lisi.GetByTestId("customer-link").Filter(new() { HasText = "黄秀英" }).ClickAsync();
            await Expect(lisi.GetByTestId("customer-name")).ToHaveTextAsync("黄秀英");
            await lisi.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await lisi.GetByTestId("customer-log-follow-up").ClickAsync();

            await Expect(lisi.GetByTestId("follow-up-customer")).ToContainTextAsync("黄秀英");
            await lisi.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            // 电话 is preselected: notes and one tap on save.
            await Expect(lisi.GetByTestId("kind-Call")).ToHaveAttributeAsync("aria-pressed", "true");
            await lisi.Locator("[data-testid='follow-up-notes'] textarea, textarea[data-testid='follow-up-notes']").First.FillAsync(Notes);
            await lisi.GetByTestId("duration-15").ClickAsync();
            await Expect(lisi.Locator("[data-testid='follow-up-duration'] input, input[data-testid='follow-up-duration']").First).ToHaveValueAsync("15");
            await lisi.WaitForTimeoutAsync(800); // the button's ripple fades before the picture
            await DemoAppFixture.ScreenshotAsync(lisi, "follow-up-1-quick-entry-phone", fullPage: true);
            await lisi.GetByTestId("follow-up-save").ClickAsync();

            // Back where he came from, the call on top of the customer's timeline.
            await Expect(lisi).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sales/customers/[0-9a-f-]+$"));
            var first = lisi.GetByTestId("timeline-entry").First;
            await Expect(first).ToHaveAttributeAsync("data-kind", "FollowUp");
            await Expect(first).ToContainTextAsync("电话跟进（15 分钟）");
            await Expect(first).ToContainTextAsync(Notes);
            await DemoAppFixture.ScreenshotAsync(lisi, "follow-up-2-customer-timeline-phone", fullPage: true);
        }
        catch
        {
            await app.RecordFailureAsync(lisi, "follow-up-lisi");
            throw;
        }

        var manager = await app.SignInAsync("salesmgr");
        try
        {
            await manager.GotoAsync("/sales/follow-ups");
            await manager.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            var card = manager.GetByTestId("follow-up-card").Filter(new() { HasText = Notes });
            await Expect(card).ToContainTextAsync("李四");
            await Expect(card).ToContainTextAsync("黄秀英");
            // The comment box opens on demand: no text area until asked for.
            await Expect(card.GetByTestId("comment-text")).ToHaveCountAsync(0);
            await card.GetByTestId("comment-open").ClickAsync();
            await card.Locator("[data-testid='comment-text'] textarea, textarea[data-testid='comment-text']").First.FillAsync("寄样前先确认收货地址");
            await card.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
            {
                Name = "寄样清单.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.4\n%%EOF\n"u8.ToArray(),
            });
            await Expect(card.GetByTestId("comment-file-chosen")).ToContainTextAsync("寄样清单.pdf");
            await card.GetByTestId("comment-send").ClickAsync();
            await Expect(card.GetByTestId("follow-up-comment")).ToContainTextAsync("寄样前先确认收货地址");
            await Expect(card.GetByTestId("comment-attachment")).ToContainTextAsync("寄样清单.pdf");
            // The attachment downloads for the manager with its name and type kept.
            var href = await card.GetByTestId("comment-attachment").GetAttributeAsync("href");
            var download = await manager.Context.APIRequest.GetAsync(href!);
            Assert.Equal(200, download.Status);
            Assert.StartsWith("application/pdf", download.Headers["content-type"]);
            await DemoAppFixture.ScreenshotAsync(manager, "follow-up-3-feed-manager", fullPage: true);
            await manager.SetViewportSizeAsync(390, 844);
            await manager.ReloadAsync();
            await Expect(manager.GetByTestId("follow-up-comment").First).ToBeVisibleAsync();
            await DemoAppFixture.ScreenshotAsync(manager, "follow-up-4-feed-manager-phone", fullPage: true);
        }
        catch
        {
            await app.RecordFailureAsync(manager, "follow-up-manager");
            throw;
        }

        try
        {
            await lisi.GotoAsync("/");
            await DemoAppFixture.ExpectHomeAsync(lisi, "lisi");
            await Expect(lisi.GetByTestId("notification-bell")).ToHaveAttributeAsync("data-unread", "1");
            await DemoAppFixture.ScreenshotAsync(lisi, "follow-up-5-bell-phone");
            await lisi.GetByTestId("notification-bell").ClickAsync();
            var notice = lisi.GetByTestId("notification").First;
            await Expect(notice).ToContainTextAsync("张志强 点评了你对「黄秀英」的跟进");
            await Expect(notice).ToHaveAttributeAsync("data-unread", "true");
            await DemoAppFixture.ScreenshotAsync(lisi, "follow-up-6-notifications-phone", fullPage: true);
            await lisi.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await notice.ClickAsync();
            await Expect(lisi).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sales/follow-ups\\?id="));
            await Expect(lisi.GetByTestId("follow-up-comment")).ToContainTextAsync("寄样前先确认收货地址");
            await Expect(lisi.GetByTestId("notification-bell")).ToHaveAttributeAsync("data-unread", "0");
            await DemoAppFixture.ScreenshotAsync(lisi, "follow-up-7-commented-phone", fullPage: true);
        }
        catch
        {
            await app.RecordFailureAsync(lisi, "follow-up-notified");
            throw;
        }
    }
}
