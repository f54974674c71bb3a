using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Renhe.Tests.Browser;

/// The auditor's day with the communication archive in the demo: from the overview's flagged count
/// of 李晓 to exactly those messages, with her customers named; a search for 私单 (a lexicon
/// category, not a word she wrote) that says so and offers the category; the audit log in words.
/// Then the same pages at phone width, where lists become cards.
[Trait("Category", "Browser")]
public sealed partial class AuditorDayWalkthroughTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    /// Signs in and leaves the sign-in page; where a role lands is the home page's business, so the
    /// pages are opened by address.
    private async Task<IPage> SignInAsync(int width, int height)
    {
        var page = await app.SignInAsync("auditor", width, height, expectHome: false);
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
        return page;
    }

    private static async Task OpenAsync(IPage page, string address)
    {
        await page.GotoAsync(address);
        await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
    }

    private async Task RunAsync(string shot, int width, int height, Func<IPage, Task> steps)
    {
        var page = await SignInAsync(width, height);
        try
        {
            await steps(page);
        }
        catch
        {
            await app.RecordFailureAsync(page, shot);
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public Task Auditor_drills_into_flagged_messages_searches_a_category_and_reads_the_audit_log_in_words() =>
        RunAsync("auditor-day", 1366, 900, async page =>
        {
            // The overview: every figure says what it counts; 李晓's flagged messages are a number that links.
            await OpenAsync(page, "/risk/archive");
            await Expect(page.GetByTestId("archive-stat-hint")).ToHaveCountAsync(7);
            var row = page.GetByTestId("flagged-row").Filter(new() { HasText = "李晓" });
            await Expect(row).ToHaveCountAsync(1);
            await Expect(page.GetByTestId("flagged-legend")).ToContainTextAsync("每条只算一次");
            var flagged = int.Parse(await row.GetByTestId("flagged-count").InnerTextAsync(), CultureInfo.InvariantCulture);
            Assert.InRange(flagged, 1, 20);
            await DemoAppFixture.ScreenshotAsync(page, "auditor-day-overview", fullPage: true);

            // Her flagged count opens exactly her flagged messages, and says so in the address.
            await row.GetByTestId("flagged-count").ClickAsync();
            await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await Expect(page.GetByTestId("search-total")).ToHaveTextAsync($"共 {flagged} 条结果");
            await Expect(page.GetByTestId("search-hit")).ToHaveCountAsync(flagged);
            Assert.Contains("flagged=true", page.Url, StringComparison.Ordinal);
            await Expect(page.Locator("input[data-testid='search-flagged'], [data-testid='search-flagged'] input").First).ToBeCheckedAsync();
            // The other party is her customer by name, linked to the customer's page; channels in words.
            var customer = page.GetByTestId("hit-customer").First;
            await Expect(customer).ToBeVisibleAsync();
            Assert.DoesNotMatch(RawExternalId(), await customer.InnerTextAsync());
            StringAssert(await customer.GetAttributeAsync("href"), "/sales/customers/");
            await Expect(page.GetByTestId("hit-channel").First).ToHaveTextAsync("企业微信会话");
            await DemoAppFixture.ScreenshotAsync(page, "auditor-day-flagged-messages", fullPage: true);

            // 私单 is a category of the lexicon: the page says so, searches its words, and offers the category.
            await OpenAsync(page, "/risk/archive/search?q=私单");
            var hint = page.GetByTestId("category-hint");
            await Expect(hint).ToContainTextAsync("“私单”是敏感词库中的一个类别");
            await Expect(page.GetByTestId("category-words-note")).ToContainTextAsync("已同时检索“私单”类别的");
            await Expect(page.GetByTestId("category-hint-count")).ToContainTextAsync("私单 类别命中");
            var inCategory = int.Parse(CountIn().Match(await page.GetByTestId("category-hint-count").InnerTextAsync()).Groups[1].Value, CultureInfo.InvariantCulture);
            Assert.True(inCategory > 0);
            await Expect(page.GetByTestId("search-hit").First).ToBeVisibleAsync();
            await Expect(page.GetByTestId("search-hit").First.GetByTestId("mark-keyword").First).ToBeVisibleAsync();
            await DemoAppFixture.ScreenshotAsync(page, "auditor-day-category-hint", fullPage: true);

            await page.GetByTestId("category-hint-filter").ClickAsync();
            await Expect(page.GetByTestId("search-total")).ToHaveTextAsync($"共 {inCategory} 条结果");
            // The address follows the filters, so the page can be shared or reloaded as it is.
            await page.WaitForURLAsync(url => url.Contains("category=private_deal", StringComparison.Ordinal) && !url.Contains("q=", StringComparison.Ordinal));

            // The audit log: who, what and which record in words; the codes only in tooltips.
            await OpenAsync(page, "/platform/audit");
            var table = page.GetByTestId("audit-table");
            await Expect(table.GetByTestId("audit-what").First).ToBeVisibleAsync();
            await Expect(table.GetByTestId("audit-what").Filter(new() { HasText = "沟通存档检索" }).First).ToBeVisibleAsync();
            await Expect(table.GetByTestId("audit-who").Filter(new() { HasText = "周明" }).First).ToBeVisibleAsync();
            var shown = await table.Locator("tbody").InnerTextAsync();
            Assert.DoesNotContain("risk.archive.search", shown, StringComparison.Ordinal);
            Assert.DoesNotContain("platform.session", shown, StringComparison.Ordinal);
            Assert.DoesNotMatch(GuidText(), shown);
            await Expect(table.GetByTestId("audit-what").Filter(new() { HasText = "沟通存档检索" }).First)
                .ToHaveAttributeAsync("title", "risk.archive.search");
            await DemoAppFixture.ScreenshotAsync(page, "auditor-day-audit-log", fullPage: true);

            // The kind of record is picked by its name, not typed as a code.
            await page.Locator("input[data-testid='filter-entity'], [data-testid='filter-entity'] input").First.FillAsync("存档检索");
            await page.GetByRole(AriaRole.Option, new() { Name = "沟通存档检索" }).ClickAsync();
            await Expect(table.GetByTestId("audit-what").First).ToHaveTextAsync("沟通存档检索");
            var kinds = await table.GetByTestId("audit-what").AllInnerTextsAsync();
            Assert.All(kinds, k => Assert.Equal("沟通存档检索", k));
        });

    [Fact]
    public Task On_a_phone_the_auditors_lists_are_cards() => RunAsync("auditor-day-phone", 390, 844, async page =>
    {
        await OpenAsync(page, "/risk/archive");
        await Expect(page.GetByTestId("flagged-card").Filter(new() { HasText = "李晓" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("flagged-row").First).ToBeHiddenAsync();
        await DemoAppFixture.ScreenshotAsync(page, "auditor-day-phone-overview", fullPage: true);

        await page.GetByTestId("flagged-card").Filter(new() { HasText = "李晓" }).GetByTestId("flagged-count").ClickAsync();
        await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Expect(page.GetByTestId("search-hit").First).ToBeVisibleAsync();
        await DemoAppFixture.ScreenshotAsync(page, "auditor-day-phone-search", fullPage: true);

        await OpenAsync(page, "/platform/audit");
        await Expect(page.GetByTestId("audit-card").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("audit-table")).ToBeHiddenAsync();
        await page.GetByTestId("audit-card").First.ClickAsync();
        await Expect(page.GetByTestId("audit-card").First.GetByTestId("audit-details")).ToBeVisibleAsync();
        await DemoAppFixture.ScreenshotAsync(page, "auditor-day-phone-audit-log", fullPage: true);
    });

    private static void StringAssert(string? actual, string expectedStart) =>
        Assert.True(actual is not null && actual.StartsWith(expectedStart, StringComparison.Ordinal), $"{actual} should start with {expectedStart}");

    [GeneratedRegex("^wm[0-9A-Za-z]{10,}$")]
    private static partial Regex RawExternalId();

    [GeneratedRegex(@"命中 (\d+)")]
    private static partial Regex CountIn();

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.IgnoreCase)]
    private static partial Regex GuidText();
}
