using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Renhe.Tests.Browser;

/// 离职继承 in the demo: 黄婷 leaves next week and 张经理 reviews the plan for her customers. He
/// opens the plans from the menu, gives one customer to 张三, ticks two others and gives them to 李四
/// at once, sees each receiver's load after the plan change with every step, and finds the plan as
/// he left it when he comes back (each change is saved as it is made). Then the same plan on a
/// phone, in Chinese and in English: nothing runs off the screen and the controls stay usable.
[Trait("Category", "Browser")]
public sealed class InheritanceWalkthroughTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    private static readonly Regex LoadPattern = new(@"（\+(\d+)）");

    [Fact]
    public async Task Manager_reviews_a_leavers_plan_changes_one_receiver_assigns_several_at_once_and_the_page_fits_a_phone()
    {
        app.RequireBrowser();
        var page = await app.SignInAsync("salesmgr", 1280, 900);
        string planUrl;
        try
        {
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "离职继承" })).ToBeVisibleAsync();
            await page.GotoAsync("/sales/inheritance");
            await Expect(page.GetByTestId("page-title")).ToHaveTextAsync("离职继承");
            await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            var link = page.GetByTestId("inheritance-plan-link").Filter(new() { HasText = "黄婷" });
            await Expect(link.First).ToBeVisibleAsync();
            await DemoAppFixture.ScreenshotAsync(page, "inheritance-plans", fullPage: true);

            await link.First.ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/sales/inheritance/[0-9a-f-]{36}$"));
            planUrl = new Uri(page.Url).AbsolutePath;
            await Expect(page.GetByTestId("page-title")).ToHaveTextAsync("黄婷 的客户离职继承");
            await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await Expect(page.GetByTestId("inheritance-state")).ToHaveTextAsync("待执行");
            var lines = page.GetByTestId("inheritance-line");
            Assert.True(await lines.CountAsync() >= 3, "黄婷 holds at least three customers in the demo");
            await DemoAppFixture.ScreenshotAsync(page, "inheritance-plan", fullPage: true);

            // One customer to 张三: his load after the plan grows by one.
            var zhangsanBefore = await PlannedForAsync(page, "张三");
            var first = lines.Nth(0);
            var firstWasZhangsan = (await first.GetByTestId("inheritance-receiver").InnerTextAsync()).Contains("张三");
            await first.GetByTestId("inheritance-receiver").ClickAsync();
            await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "张三" }).ClickAsync();
            if (!firstWasZhangsan) await Expect(page.GetByText("已调整 1 位客户的接收人")).ToBeVisibleAsync();
            await Expect(first.GetByTestId("inheritance-receiver")).ToContainTextAsync("张三");
            await Expect(Load(page, "张三")).ToContainTextAsync($"（+{zhangsanBefore + (firstWasZhangsan ? 0 : 1)}）");

            // Two more, ticked and given to 李四 at once.
            var lisiBefore = await PlannedForAsync(page, "李四");
            var already = 0;
            foreach (var i in new[] { 1, 2 })
            {
                if ((await lines.Nth(i).GetByTestId("inheritance-receiver").InnerTextAsync()).Contains("李四")) already++;
                await lines.Nth(i).GetByTestId("inheritance-line-select").ClickAsync();
            }
            await Expect(page.GetByTestId("inheritance-bulk-assign")).ToContainTextAsync("将所选 2 位客户交给");
            await page.GetByTestId("inheritance-bulk-receiver").ClickAsync();
            await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "李四" }).ClickAsync();
            await page.GetByTestId("inheritance-bulk-assign").ClickAsync();
            await Expect(page.GetByText("已调整 2 位客户的接收人")).ToBeVisibleAsync();
            await Expect(lines.Nth(1).GetByTestId("inheritance-receiver")).ToContainTextAsync("李四");
            await Expect(lines.Nth(2).GetByTestId("inheritance-receiver")).ToContainTextAsync("李四");
            await Expect(Load(page, "李四")).ToContainTextAsync($"（+{lisiBefore + 2 - already}）");
            await Expect(page.GetByTestId("inheritance-bulk-assign")).ToBeDisabledAsync();
            await DemoAppFixture.ScreenshotAsync(page, "inheritance-plan-assigned", fullPage: true);

            // Saved as made: the plan reads the same when he comes back.
            await page.GotoAsync(planUrl);
            await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await Expect(lines.Nth(0).GetByTestId("inheritance-receiver")).ToContainTextAsync("张三");
            await Expect(lines.Nth(1).GetByTestId("inheritance-receiver")).ToContainTextAsync("李四");
            await Expect(lines.Nth(2).GetByTestId("inheritance-receiver")).ToContainTextAsync("李四");
        }
        catch
        {
            await app.RecordFailureAsync(page, "inheritance-plan");
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }

        // On a phone: everything within the screen, the bulk bar and each receiver select usable.
        page = await app.SignInAsync("salesmgr", 390, 844);
        try
        {
            await page.GotoAsync(planUrl);
            await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await Expect(page.GetByTestId("page-title")).ToHaveTextAsync("黄婷 的客户离职继承");
            await ExpectFitsAsync(page);
            await DemoAppFixture.ScreenshotAsync(page, "inheritance-plan-phone", fullPage: true);
            var third = page.GetByTestId("inheritance-line").Nth(2);
            await third.GetByTestId("inheritance-receiver").ClickAsync();
            await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "张三" }).ClickAsync();
            await Expect(page.GetByText("已调整 1 位客户的接收人")).ToBeVisibleAsync();
            await Expect(third.GetByTestId("inheritance-receiver")).ToContainTextAsync("张三");

            await page.GotoAsync("/sales/inheritance");
            await Expect(page.GetByTestId("inheritance-plan-link").Filter(new() { HasText = "黄婷" }).First).ToBeVisibleAsync();
            await ExpectFitsAsync(page);
            await DemoAppFixture.ScreenshotAsync(page, "inheritance-plans-phone", fullPage: true);

            await page.GotoAsync("/culture?culture=en&returnUrl=" + Uri.EscapeDataString(planUrl));
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
            await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await Expect(page.GetByTestId("page-title")).ToHaveTextAsync("Inheritance of 黄婷's customers");
            await Expect(page.GetByTestId("inheritance-state")).ToHaveTextAsync("Proposed");
            await ExpectFitsAsync(page);
            await DemoAppFixture.ScreenshotAsync(page, "inheritance-plan-phone-en", fullPage: true);
        }
        catch
        {
            await app.RecordFailureAsync(page, "inheritance-plan-phone");
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    private static ILocator Load(IPage page, string name) =>
        page.GetByTestId("inheritance-load").Filter(new() { HasText = name + "：" });

    /// How many customers the plan gives <paramref name="name"/> now (0 when they have no chip).
    private static async Task<int> PlannedForAsync(IPage page, string name)
    {
        var chip = Load(page, name);
        if (await chip.CountAsync() == 0) return 0;
        var match = LoadPattern.Match(await chip.First.InnerTextAsync());
        Assert.True(match.Success, "a load chip reads “name：now → after（+n）”");
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// Nothing wider than the phone: no sideways scrolling, and every line, select and button inside the screen.
    private static async Task ExpectFitsAsync(IPage page)
    {
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the page scrolls sideways: {width} px wide");
        foreach (var testId in new[] { "inheritance-line", "inheritance-receiver", "inheritance-bulk", "inheritance-bulk-assign", "inheritance-plan-link" })
        {
            var all = page.GetByTestId(testId);
            for (var i = 0; i < await all.CountAsync(); i++)
            {
                if (!await all.Nth(i).IsVisibleAsync()) continue;
                var box = await DemoAppFixture.BoxAsync(all.Nth(i));
                Assert.True(box.X >= 0 && box.X + box.Width <= 390.5, $"{testId} #{i} runs off the screen: {box.X} + {box.Width}");
            }
        }
    }
}
